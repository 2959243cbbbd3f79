"""The label guide's own examples (docs/skills.md), read from the document itself.

They are training data as well as documentation: the coder should code the guide's examples the way
the guide says, and a test checks that it does. They never enter the test split.
"""

from __future__ import annotations

import re
from pathlib import Path

from attune.skills.taxonomy import ACTS

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "skills.md"
QUOTE = re.compile(r'"([^"]+)"')


def documented_examples(path: Path = GUIDE) -> list[tuple[str, str, str]]:
    """(act, text, prev) for every example listed under an act's heading, near-misses excluded."""
    bullets: list[str] = []
    headings: list[str | None] = []
    act: str | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"###? `?(\w+)`?", raw)
        if raw.startswith("#"):
            act = heading.group(1) if heading and raw.startswith("### ") and heading.group(1) in ACTS else None
            continue
        if raw.startswith("- "):
            bullets.append(raw[2:].strip())
            headings.append(act)
        elif raw.startswith("  ") and bullets and raw.strip():
            bullets[-1] += " " + raw.strip()
    examples = []
    for bullet, act in zip(bullets, headings, strict=True):
        if act is None or bullet.startswith("Near-miss"):
            continue
        quotes = QUOTE.findall(bullet.split("(also")[0])
        if bullet.startswith("Prev") and len(quotes) >= 2:
            examples.append((act, quotes[-1], quotes[0]))
        else:
            examples.extend((act, quote, "") for quote in quotes)
    return examples


def documented_flag_examples(path: Path = GUIDE) -> list[tuple[str, str, str]]:
    """(flag, text, prev) for every example in the flags table (the "examples" column)."""
    from attune.skills.taxonomy import FLAGS

    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.split("|")[1:-1]]
        flag = cells[0].strip("`")
        if flag not in FLAGS:
            continue
        for part in cells[3].split(" / "):
            quotes = QUOTE.findall(part)
            if part.strip().startswith("Prev") and len(quotes) >= 2:
                examples.append((flag, quotes[-1], quotes[0]))
            else:
                examples.extend((flag, quote, "") for quote in quotes)
    return examples
