import textwrap

import pytest

MODULE = textwrap.dedent(
    """\
    ---
    title: A small module
    summary: Small.
    order: 1
    minutes: 5
    topic: foundations
    outcomes: [Do one thing., Do another.]
    scenarios: [first-conversation]
    references: ["Someone (2020). A book. A publisher."]
    check:
      pass_mark: 2
      questions:
        - id: one
          question: Pick A.
          options:
            - {text: A, correct: true, feedback: "Yes, A."}
            - {text: B, feedback: Not B.}
        - id: two
          question: Pick C.
          options:
            - {text: C, correct: true, feedback: "Yes, C."}
            - {text: D, feedback: Not D.}
        - id: three
          question: Pick E.
          options:
            - {text: E, correct: true, feedback: "Yes, E."}
            - {text: F, feedback: Not F.}
    reflection: Think about it.
    ---

    ## First part

    Some **ideas**. <script>alert(1)</script> [a link](javascript:alert(1)) and [a good one](https://example.org).

    ## Second part

    | A | B |
    | - | - |
    | 1 | 2 |
    """
)


@pytest.fixture
def module_text():
    return MODULE


@pytest.fixture
def content_with_module(tmp_path, settings):
    """A content folder holding the small module and the real scenarios' names."""
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "small.md").write_text(MODULE)
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "first-conversation.yaml").write_text(
        (settings.CONTENT_DIR / "scenarios" / "first-conversation.yaml").read_text()
    )
    settings.CONTENT_DIR = tmp_path
    return tmp_path
