"""The labelled corpus: loading, validation, the fixed split by conversation, and statistics.

Run `python -m attune.skills.corpus [FILE ...]` to validate files and print counts per act and flag.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from attune.skills.taxonomy import ACTS, FLAGS, REGISTERS, SETTINGS, SPACE, VOICES

CORPUS_DIR = Path(__file__).parent / "corpus"
# A conversation belongs to the test split when its hashed id falls in the lowest TEST_SHARE of the
# range. Fixed by the id alone, so the split never changes when other conversations are added.
TEST_SHARE = 0.22


@dataclass(frozen=True)
class Example:
    id: str
    conversation: str
    setting: str
    voice: str
    register: str
    prev: str
    text: str
    act: str
    flags: tuple[str, ...]
    cue: bool
    space: str | None

    @property
    def split(self) -> str:
        return split_of(self.conversation)


def split_of(conversation: str) -> str:
    digest = hashlib.sha256(conversation.encode()).digest()
    return "test" if int.from_bytes(digest[:8], "big") / 2**64 < TEST_SHARE else "train"


def validate_record(record: dict) -> list[str]:
    """Problems with one corpus line, in plain words (empty when it is valid)."""
    problems = []
    for key in ("id", "conversation", "setting", "voice", "register", "prev", "text", "act", "flags", "cue", "space"):
        if key not in record:
            problems.append(f"missing {key}")
    if problems:
        return problems
    choices = {"setting": SETTINGS, "voice": VOICES, "register": REGISTERS, "act": ACTS}
    for key, allowed in choices.items():
        if record[key] not in allowed:
            problems.append(f"{key} {record[key]!r} is not one of {', '.join(allowed)}")
    if not isinstance(record["flags"], list) or any(f not in FLAGS for f in record["flags"]):
        problems.append(f"flags must be a list drawn from {', '.join(FLAGS)}")
    elif len(set(record["flags"])) != len(record["flags"]):
        problems.append("a flag is listed twice")
    if not isinstance(record["text"], str) or not record["text"].strip():
        problems.append("text is empty")
    if not isinstance(record["prev"], str):
        problems.append("prev must be a string (empty when there is none)")
    if not isinstance(record["cue"], bool):
        problems.append("cue must be true or false")
    if record["cue"] and record["space"] not in SPACE:
        problems.append("space must be 'provides' or 'reduces' when cue is true")
    if not record["cue"] and record["space"] is not None:
        problems.append("space must be null when cue is false")
    if not str(record["id"]).startswith(str(record["conversation"])):
        problems.append("id must start with the conversation id")
    return problems


def read_file(path: Path) -> tuple[list[Example], list[str]]:
    examples, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{path.name}:{number}: not valid JSON ({error.msg})")
            continue
        found = validate_record(record)
        if found:
            problems.extend(f"{path.name}:{number}: {p}" for p in found)
            continue
        examples.append(
            Example(
                id=record["id"],
                conversation=record["conversation"],
                setting=record["setting"],
                voice=record["voice"],
                register=record["register"],
                prev=record["prev"],
                text=record["text"],
                act=record["act"],
                flags=tuple(record["flags"]),
                cue=record["cue"],
                space=record["space"],
            )
        )
    return examples, problems


def load(paths: list[Path] | None = None) -> list[Example]:
    """Every example in the corpus; raises ValueError listing every problem if any line is invalid."""
    paths = paths or sorted(CORPUS_DIR.glob("*.jsonl"))
    examples, problems = [], []
    for path in paths:
        found, bad = read_file(path)
        examples.extend(found)
        problems.extend(bad)
    ids = Counter(e.id for e in examples)
    problems.extend(f"id {i} appears {n} times" for i, n in ids.items() if n > 1)
    if problems:
        raise ValueError("\n".join(problems))
    return examples


def corpus_hash(paths: list[Path] | None = None) -> str:
    digest = hashlib.sha256()
    for path in paths or sorted(CORPUS_DIR.glob("*.jsonl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stats(examples: list[Example]) -> str:
    lines = [f"{len(examples)} examples in {len({e.conversation for e in examples})} conversations"]
    test = [e for e in examples if e.split == "test"]
    lines.append(f"test split: {len(test)} examples ({len(test) / max(len(examples), 1):.0%})")
    acts = Counter(e.act for e in examples)
    lines.append("acts: " + ", ".join(f"{a} {acts.get(a, 0)}" for a in ACTS))
    flags = Counter(f for e in examples for f in e.flags)
    lines.append("flags: " + ", ".join(f"{f} {flags.get(f, 0)}" for f in FLAGS))
    for key in ("setting", "voice", "register"):
        counts = Counter(getattr(e, key) for e in examples)
        lines.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    cues = [e for e in examples if e.cue]
    lines.append(
        f"cues: {len(cues)} (provides {sum(e.space == 'provides' for e in cues)}, "
        f"reduces {sum(e.space == 'reduces' for e in cues)})"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or None
    try:
        examples = load(paths)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(stats(examples))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
