"""Bitesize modules: Markdown with front matter under content/modules/, validated and rendered safely.

Framework-free: loading, validation, splitting into sections, rendering to sanitised HTML and marking
a knowledge check all work without Django, so `check_content` and the tests use the same code as the
pages. Run `python -m attune.learning.modules check FILE...` to check files while writing them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

import nh3
from markdown_it import MarkdownIt
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from attune.core.content import ContentError, ContentInvalid, errors_from_pydantic, parse_front_matter

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

TOPICS = {
    "foundations": "Foundations of relational practice",
    "compassion": "Compassion and threat",
    "teams": "Teams and psychological safety",
    "hard_conversations": "Hard conversations",
    "emotion": "Responding to emotion",
    "speaking_up": "Speaking up",
    "reflection": "Reflection and supervision",
    "social_work": "Relationship-based social work",
}
# Tags and attributes a module's Markdown may produce; anything else is removed.
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "a", "br", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    text: Text
    correct: bool = False
    feedback: Text


class Question(Strict):
    id: Id
    question: Text
    options: list[Option] = Field(min_length=2, max_length=6)

    @model_validator(mode="after")
    def _one_correct(self):
        if sum(option.correct for option in self.options) != 1:
            raise ValueError("exactly one option must be marked 'correct: true'")
        return self

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)


class Check(Strict):
    pass_mark: int = Field(ge=1)
    questions: list[Question] = Field(min_length=3, max_length=8)

    @model_validator(mode="after")
    def _pass_mark_reachable(self):
        if self.pass_mark > len(self.questions):
            raise ValueError(f"pass_mark is {self.pass_mark} but there are only {len(self.questions)} questions")
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("each question needs its own id")
        return self


class Meta(Strict):
    title: Text
    summary: Text
    order: int = Field(ge=1)
    minutes: int = Field(ge=3, le=15)
    topic: Literal[tuple(TOPICS)]  # type: ignore[valid-type]
    outcomes: list[Text] = Field(min_length=2, max_length=6)
    scenarios: list[Id] = Field(default_factory=list)
    references: list[Text] = Field(min_length=1)
    check: Check
    reflection: Text


@dataclass(frozen=True)
class Section:
    number: int
    heading: str
    markdown: str

    @cached_property
    def html(self) -> str:
        return render_markdown(self.markdown)


@dataclass(frozen=True)
class Module:
    slug: str
    meta: Meta
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return self.meta.title

    def mark(self, answers: dict[str, int | None]) -> Marked:
        """Mark answers (question id -> chosen option index) against the check."""
        results = []
        for question in self.meta.check.questions:
            chosen = answers.get(question.id)
            option = question.options[chosen] if chosen is not None and 0 <= chosen < len(question.options) else None
            results.append(
                QuestionResult(
                    question=question,
                    chosen=chosen if option else None,
                    correct=bool(option and option.correct),
                    feedback=option.feedback if option else "You did not answer this question.",
                )
            )
        score = sum(r.correct for r in results)
        return Marked(results=results, score=score, passed=score >= self.meta.check.pass_mark)


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: int | None
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Marked:
    results: list[QuestionResult]
    score: int
    passed: bool


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable("table")


def render_markdown(text: str) -> str:
    """Markdown to HTML with raw HTML disabled, then sanitised against a short allow-list."""
    html = _markdown.render(text)
    html = re.sub(r"<th>", '<th scope="col">', html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )


SECTION_HEADING = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)


def split_sections(body: str) -> list[tuple[str, str, int]]:
    """(heading, markdown, offset in lines) for each '## ' section of the body."""
    matches = list(SECTION_HEADING.finditer(body))
    sections = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        sections.append((match.group(1), body[match.end() : end].strip(), body[: match.start()].count("\n")))
    return sections


def parse_module(text: str, path: str, slug: str) -> Module:
    document = parse_front_matter(text, path)
    errors: list[ContentError] = []
    meta = None
    try:
        meta = Meta.model_validate(document.meta)
    except ValidationError as exc:
        errors.extend(errors_from_pydantic(exc, path, document.lines))
    sections = split_sections(document.body)
    if document.body.strip() and not document.body.lstrip().startswith("## "):
        errors.append(
            ContentError(path, document.body_line, "body", "the body must start with a section heading ('## ...')")
        )
    if len(sections) < 2:
        errors.append(ContentError(path, document.body_line, "body", "a module needs at least two '## ' sections"))
    for heading, markdown, offset in sections:
        if not markdown:
            errors.append(ContentError(path, document.body_line + offset, "body", f"the section '{heading}' is empty"))
    if errors:
        raise ContentInvalid(errors)
    return Module(
        slug=slug,
        meta=meta,
        sections=tuple(Section(number=i, heading=h, markdown=m) for i, (h, m, _) in enumerate(sections, 1)),
    )


def load_module(path: Path) -> Module:
    return parse_module(path.read_text(encoding="utf-8"), str(path), path.stem)


def validate_file(path: Path, known_scenarios: set[str] | None = None) -> list[ContentError]:
    try:
        module = load_module(path)
    except ContentInvalid as invalid:
        return invalid.errors
    errors = []
    if known_scenarios is not None:
        for scenario in module.meta.scenarios:
            if scenario not in known_scenarios:
                errors.append(
                    ContentError(str(path), None, "scenarios", f"there is no practice scenario called {scenario!r}")
                )
    return errors


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "check":
        print("usage: python -m attune.learning.modules check FILE...")
        return 2
    scenarios_dir = Path(__file__).resolve().parents[2] / "content" / "scenarios"
    known = {p.stem for p in scenarios_dir.glob("*.yaml")}
    failed = False
    for name in argv[1:]:
        path = Path(name)
        errors = validate_file(path, known)
        if errors:
            failed = True
            print("\n".join(str(e) for e in errors))
        else:
            module = load_module(path)
            words = sum(len(s.markdown.split()) for s in module.sections)
            print(
                f"{path}: valid, {len(module.sections)} sections, {words} words"
                f" (about {max(1, round(words / 180))} minutes' reading), {len(module.meta.check.questions)} questions"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
