"""The modules under content/modules/, loaded once per file version."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404

from attune.core.content import ContentInvalid
from attune.learning.modules import Module, load_module

_cache: dict[Path, tuple[float, Module]] = {}


def modules_dir() -> Path:
    return Path(settings.CONTENT_DIR) / "modules"


def all_modules() -> list[Module]:
    """Every valid module in order. An invalid file is left out (check_content names it)."""
    modules = []
    for path in sorted(modules_dir().glob("*.md")):
        mtime = path.stat().st_mtime
        cached = _cache.get(path)
        if cached and cached[0] == mtime:
            modules.append(cached[1])
            continue
        try:
            module = load_module(path)
        except ContentInvalid:
            continue
        _cache[path] = (mtime, module)
        modules.append(module)
    return sorted(modules, key=lambda m: (m.meta.order, m.title))


def get_module_or_404(slug: str) -> Module:
    for module in all_modules():
        if module.slug == slug:
            return module
    raise Http404("No such module")
