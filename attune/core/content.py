"""Loading content files (modules, scenarios, instruments) with errors that name file, line and field.

Content is data in version-controlled text files. Each kind registers where its files live and how to
validate one; `manage.py check_content` validates every registered kind, and each app validates the
same way when it loads a file, so an author sees the same message in both places.

Framework-free: no Django import, so it can be tested and reused alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentInvalid(Exception):
    """Raised by a loader when a file has errors; carries every error found, not only the first."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def field_name(location: Location) -> str:
    """("stages", 2, "lines") -> "stages[2].lines"."""
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class LineMap:
    """Where each value of a parsed YAML document starts, by its location in the data."""

    lines: dict[Location, int] = field(default_factory=dict)
    offset: int = 0

    def line_of(self, location: Location) -> int | None:
        # Fall back to the nearest enclosing value that we know the line of.
        location = tuple(location)
        while location:
            if location in self.lines:
                return self.lines[location] + self.offset
            location = location[:-1]
        return self.lines.get((), 0) + self.offset or None


def _walk(node: yaml.Node, location: Location, lines: dict[Location, int]) -> None:
    lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            _walk(value_node, (*location, key), lines)
            # A missing or misspelt value is best reported at its key's line.
            lines[(*location, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*location, index), lines)


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key written twice in one mapping (a common, silent authoring slip)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> tuple[Any, LineMap]:
    """Parse YAML text; raise ContentInvalid with the line of any syntax error."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise ContentInvalid([ContentError(path, line, "", f"not valid YAML: {message}")]) from None
    except yaml.YAMLError as error:
        raise ContentInvalid([ContentError(path, None, "", f"not valid YAML: {error}")]) from None
    lines: dict[Location, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return data, LineMap(lines=lines, offset=line_offset)


@dataclass(frozen=True)
class FrontMatterDocument:
    meta: Any
    body: str
    body_line: int  # the line of the file where the body starts
    lines: LineMap


def parse_front_matter(text: str, path: str) -> FrontMatterDocument:
    """Split a Markdown file into its YAML front matter (between --- lines) and its body."""
    all_lines = text.splitlines(keepends=True)
    if not all_lines or all_lines[0].strip() != "---":
        raise ContentInvalid([ContentError(path, 1, "", "the file must start with a line of three dashes (---)")])
    for index in range(1, len(all_lines)):
        if all_lines[index].strip() == "---":
            meta_text = "".join(all_lines[1:index])
            meta, lines = parse_yaml(meta_text, path, line_offset=1)
            if not isinstance(meta, dict):
                raise ContentInvalid(
                    [ContentError(path, 2, "", "the front matter must be a set of 'key: value' lines")]
                )
            return FrontMatterDocument(meta, "".join(all_lines[index + 1 :]), index + 2, lines)
    raise ContentInvalid(
        [ContentError(path, 1, "", "the front matter is not closed: add a line of three dashes (---) after it")]
    )


def errors_from_pydantic(exc, path: str, lines: LineMap) -> list[ContentError]:
    """Turn a pydantic ValidationError into errors naming file, line and field."""
    errors = []
    for item in exc.errors(include_url=False):
        location = tuple(part for part in item["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        message = item["msg"]
        if item["type"] == "missing":
            message = "this field is required but missing"
        elif item["type"] == "extra_forbidden":
            message = "this field is not expected here (check its spelling)"
        elif item["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        errors.append(ContentError(path, lines.line_of(location), field_name(location), message))
    return errors


def require_id_matches_file(path: Path, content_id: str, expected: str) -> None:
    """A content file's id must match its file name, so that links between files can be trusted."""
    if content_id != expected:
        raise ContentInvalid(
            [ContentError(str(path), 1, "id", f"the id {content_id!r} must match the file name {path.stem!r}")]
        )


def validator(load: Callable[[Path], Any]) -> Callable[[Path], list[ContentError]]:
    """A kind's validate function from its load function: every error the loader raises, or none."""

    def validate(path: Path) -> list[ContentError]:
        try:
            load(path)
        except ContentInvalid as invalid:
            return invalid.errors
        return []

    return validate


@dataclass(frozen=True)
class ContentKind:
    name: str
    pattern: str  # a glob relative to the content folder, e.g. "scenarios/*.yaml"
    validate: Callable[[Path], list[ContentError]]


_kinds: dict[str, ContentKind] = {}


def register_kind(name: str, pattern: str, validate: Callable[[Path], list[ContentError]]) -> None:
    _kinds[name] = ContentKind(name, pattern, validate)


def kinds() -> list[ContentKind]:
    return list(_kinds.values())


def validate_all(content_dir: Path, selected: Iterable[ContentKind] | None = None) -> tuple[int, list[ContentError]]:
    """Validate every file of every kind. Returns how many files were checked and every error found."""
    checked, errors = 0, []
    for kind in selected if selected is not None else kinds():
        for path in sorted(content_dir.glob(kind.pattern)):
            checked += 1
            try:
                errors.extend(kind.validate(path))
            except ContentInvalid as invalid:
                errors.extend(invalid.errors)
            except UnicodeDecodeError:
                errors.append(ContentError(str(path), None, "", "not readable as UTF-8 text"))
    return checked, errors
