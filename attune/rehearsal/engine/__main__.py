"""Check and play scenarios in the terminal.

    python -m attune.rehearsal.engine check FILE...
    python -m attune.rehearsal.engine play SCENARIO PLAYTHROUGH [--level LEVEL] [--seed N]

`check` validates files and prints each one's count of authored lines; `play` plays the scripted
learners of a playthrough file (see docs/scenarios.md) against the scenario with the real skill coder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from attune.core.content import ContentInvalid
from attune.rehearsal.engine import playthrough
from attune.rehearsal.engine.scenario import load_scenario


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attune.rehearsal.engine")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate scenario files")
    check.add_argument("files", nargs="+", type=Path)
    play = commands.add_parser("play", help="play a playthrough file against a scenario")
    play.add_argument("scenario", type=Path)
    play.add_argument("playthrough", type=Path)
    play.add_argument("--level", default=None)
    play.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    if args.command == "check":
        failed = False
        for path in args.files:
            try:
                scenario = load_scenario(path)
            except ContentInvalid as invalid:
                failed = True
                print("\n".join(str(e) for e in invalid.errors))
                continue
            print(f"{path}: valid, {scenario.line_count} authored lines, {len(scenario.lines)} line entries")
        return 1 if failed else 0

    try:
        scenario = load_scenario(args.scenario)
        learners = playthrough.load(args.playthrough)
    except ContentInvalid as invalid:
        print("\n".join(str(e) for e in invalid.errors))
        return 1
    from attune.skills.coder import SkillCoder

    coder = SkillCoder()
    for name, turns in learners.items():
        result = playthrough.play(scenario, turns, coder=coder, level=args.level or scenario.difficulty, seed=args.seed)
        print(f"=== {name} ===")
        print(playthrough.describe(scenario, result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
