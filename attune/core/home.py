"""Panels on each person's home page: "what is next for me".

Capabilities register a panel (a template and a function that returns its context, or None when the
panel has nothing to show for this person) from their AppConfig.ready(). Panels are shown in order.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable  # (request) -> dict | None
    order: int


_panels: dict[str, Panel] = {}


def register(key: str, *, template: str, context: Callable, order: int = 100) -> None:
    _panels[key] = Panel(key=key, template=template, context=context, order=order)


def panels_for(request) -> list[dict]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, **context})
    return shown
