"""Command-line interface: `python -m attune.skills code [FILE]`.

Reads JSON Lines ({"id": ..., "text": "...", "prev": "..."}, prev optional) from FILE or standard
input and writes one JSON line per input line, in the same order. A bad line gets
{"id": ..., "error": "..."} (id null when the line cannot be read) and the rest go on. The exit
status is non-zero only when the input cannot be read at all, or the model cannot be loaded.
Lines are read and coded in chunks of CHUNK, so memory stays flat for thousands of lines. Within a
chunk the network runs once per turn (about 140 turns a second on two cores), so that a turn's
scores never depend on the turns coded beside it.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable, Iterator

from attune.skills.model import ModelFileMissing

CHUNK = 1024


def _parse(line: str) -> tuple[object, str, str] | dict:
    """(id, text, prev) for a good line, or the error object to write for a bad one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"not valid JSON: {error.msg} at column {error.colno}"}
    if not isinstance(record, dict):
        return {"id": None, "error": "each line must be a JSON object"}
    identifier = record.get("id")
    text, prev = record.get("text"), record.get("prev", "")
    if not isinstance(text, str):
        return {"id": identifier, "error": 'missing "text" (a string)'}
    if prev is None:
        prev = ""
    if not isinstance(prev, str):
        return {"id": identifier, "error": '"prev" must be a string when given'}
    return identifier, text, prev


def code_lines(lines: Iterable[str], coder) -> Iterator[dict]:
    chunk: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        chunk.append(line)
        if len(chunk) >= CHUNK:
            yield from _code_chunk(chunk, coder)
            chunk = []
    if chunk:
        yield from _code_chunk(chunk, coder)


def _code_chunk(lines: list[str], coder) -> Iterator[dict]:
    parsed = [_parse(line) for line in lines]
    good = [p for p in parsed if isinstance(p, tuple)]
    coded = iter(coder.code_many([(text, prev) for _, text, prev in good]))
    for item in parsed:
        if isinstance(item, dict):
            yield item
        else:
            yield {"id": item[0], **next(coded)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attune.skills", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    code = commands.add_parser("code", help="code learner turns from JSON Lines")
    code.add_argument("file", nargs="?", help="a JSON Lines file (standard input when omitted)")
    args = parser.parse_args(argv)

    from attune.skills.coder import SkillCoder

    try:
        coder = SkillCoder().load()
    except ModelFileMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        if args.file:
            stream = open(args.file, encoding="utf-8")  # noqa: SIM115 - closed below
        else:
            stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    except OSError as error:
        print(f"error: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 1
    out = sys.stdout
    try:
        with stream:
            for result in code_lines(stream, coder):
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
    except UnicodeDecodeError:
        print("error: the input is not UTF-8 text", file=sys.stderr)
        return 1
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
