import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pydantic import BaseModel, ConfigDict, ValidationError

from attune.core import content


class Stage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    turns: int


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    stages: list[Stage]


def validate_sample(path):
    data, lines = content.parse_yaml(path.read_text(), str(path))
    try:
        Sample.model_validate(data)
    except ValidationError as exc:
        return content.errors_from_pydantic(exc, str(path), lines)
    return []


GOOD = "title: Breaking news\nstages:\n  - name: setting\n    turns: 2\n"
BAD = (
    "title: Breaking news\nstages:\n  - name: setting\n    turns: 2\n"
    "  - name: perception\n    turns: many\n    colour: red\n"
)


class TestYamlWithLines:
    def test_errors_name_the_file_line_and_field(self, tmp_path):
        path = tmp_path / "bad.yaml"
        path.write_text(BAD)
        errors = validate_sample(path)
        assert [str(e) for e in errors] == [
            f"{path}:6: stages[1].turns: Input should be a valid integer, unable to parse string as an integer",
            f"{path}:7: stages[1].colour: this field is not expected here (check its spelling)",
        ]

    def test_a_missing_field_points_at_its_parent(self, tmp_path):
        path = tmp_path / "missing.yaml"
        path.write_text("title: x\nstages:\n  - name: setting\n")
        (error,) = validate_sample(path)
        assert (error.line, error.field, error.message) == (3, "stages[0].turns", "this field is required but missing")

    def test_a_syntax_error_gives_its_line(self, tmp_path):
        with pytest.raises(content.ContentInvalid) as caught:
            content.parse_yaml("title: x\nstages: [unclosed\n", "broken.yaml")
        (error,) = caught.value.errors
        assert error.path == "broken.yaml"
        assert error.line == 3
        assert "not valid YAML" in error.message

    def test_a_key_written_twice_is_an_error(self):
        with pytest.raises(content.ContentInvalid) as caught:
            content.parse_yaml("title: x\ntitle: y\n", "twice.yaml")
        assert caught.value.errors[0].line == 2
        assert "appears twice" in caught.value.errors[0].message

    def test_front_matter_is_split_from_the_body_with_true_line_numbers(self):
        doc = content.parse_front_matter("---\ntitle: Trust\nminutes: 5\n---\n# Trust\n\nBody text\n", "m.md")
        assert doc.meta == {"title": "Trust", "minutes": 5}
        assert doc.body.startswith("# Trust")
        assert doc.body_line == 5
        assert doc.lines.line_of(("minutes",)) == 3

    def test_broken_front_matter_names_the_line(self):
        with pytest.raises(content.ContentInvalid) as caught:
            content.parse_front_matter("---\ntitle: [oops\n---\nbody\n", "m.md")
        assert caught.value.errors[0].line is not None
        with pytest.raises(content.ContentInvalid, match="not closed"):
            content.parse_front_matter("---\ntitle: x\n", "m.md")
        with pytest.raises(content.ContentInvalid, match="three dashes"):
            content.parse_front_matter("title: x\n", "m.md")


class TestCheckContentCommand:
    @pytest.fixture
    def sample_kind(self, tmp_path, settings):
        settings.CONTENT_DIR = tmp_path
        (tmp_path / "samples").mkdir()
        content.register_kind("samples", "samples/*.yaml", validate_sample)
        yield tmp_path / "samples"
        content._kinds.pop("samples")

    def test_it_passes_clean_files(self, sample_kind, capsys):
        (sample_kind / "good.yaml").write_text(GOOD)
        call_command("check_content")
        out = capsys.readouterr().out
        assert "1 content file(s) checked (" in out and "samples); 0 error(s)." in out

    def test_it_fails_and_lists_every_error(self, sample_kind, capsys):
        (sample_kind / "good.yaml").write_text(GOOD)
        (sample_kind / "bad.yaml").write_text(BAD)
        (sample_kind / "broken.yaml").write_text("title: [\n")
        with pytest.raises(CommandError, match="3 content file"):
            call_command("check_content")
        err = capsys.readouterr().err
        assert "bad.yaml:6: stages[1].turns" in err
        assert "bad.yaml:7: stages[1].colour" in err
        assert "broken.yaml:2: not valid YAML" in err
