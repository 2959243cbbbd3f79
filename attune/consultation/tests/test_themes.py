"""Survey comments grouped into themes, mostly with a stand-in embedder whose groups are known."""

import numpy as np
import pytest

from attune.consultation.themes import (
    ALL_COMMENTS,
    OTHER_COMMENTS,
    group_into_themes,
    mean_silhouette,
)
from attune.skills.embedder import ModelMissing, sentence_model_file, tokenizer_file

STAFFING = [
    "We are short of staff on most shifts and nobody can cover",
    "Too few staff on night shifts, and cover is always last minute",
    "Shifts left without cover because of staff sickness",
    "Staff are asked to cover extra shifts every week",
    "More staff needed so shifts have proper cover",
]
COLLEAGUES = [
    "My colleagues are kind and always supportive",
    "Kind colleagues who make a hard job easier",
    "The team is supportive and colleagues are kind",
    "Colleagues are supportive when things go wrong",
]
MANAGERS = [
    "Managers do not listen to our concerns",
    "Concerns raised with managers are ignored",
    "Managers never listen when we raise problems",
    "Nobody listens, least of all managers",
]
PARKING = ["The car park is full by eight", "Parking costs too much for the car"]
# Each keyword points along its topic's axis; the other axes spread comments a little within a topic.
KEYWORDS = {
    "staff": 0,
    "shift": 0,
    "cover": 0,
    "colleague": 1,
    "kind": 1,
    "support": 1,
    "manager": 2,
    "listen": 2,
    "concern": 2,
    "car": 3,
    "park": 3,
}


def keyword_embed(texts):
    vectors = np.zeros((len(texts), 9), dtype=np.float32)
    for row, text in enumerate(texts):
        lowered = text.lower()
        for keyword, axis in KEYWORDS.items():
            vectors[row, axis] += lowered.count(keyword)
        vectors[row, 4 + len(text) % 5] += 0.3
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def lookup_embed(vectors_by_text):
    """Vectors for known texts; any other text (a single word, when themes are labelled) means nothing."""
    dimensions = len(next(iter(vectors_by_text.values())))

    def embed(texts):
        return np.array([vectors_by_text.get(text, np.zeros(dimensions)) for text in texts], dtype=np.float32)

    return embed


def interleave(*groups):
    """The comments of several topics mixed together, as respondents would write them."""
    longest = max(len(group) for group in groups)
    return [group[i] for i in range(longest) for group in groups if i < len(group)]


def test_it_finds_clear_themes_and_names_them_by_their_distinctive_words():
    themes = group_into_themes(interleave(STAFFING, COLLEAGUES, MANAGERS), keyword_embed)

    assert [(theme.label, theme.size) for theme in themes] == [
        ("cover, staff, shifts", 5),
        ("colleagues, kind, supportive", 4),
        ("managers, concerns, listen", 4),
    ]
    assert [set(theme.comments) for theme in themes] == [set(STAFFING), set(COLLEAGUES), set(MANAGERS)]


def test_every_comment_lands_in_exactly_one_theme():
    texts = interleave(STAFFING, COLLEAGUES, MANAGERS, PARKING) + ["Fine", "Nothing to add"]
    themes = group_into_themes(texts, keyword_embed, min_theme_size=3)

    assert sorted(comment for theme in themes for comment in theme.comments) == sorted(texts)
    assert all(theme.size == len(theme.comments) for theme in themes)


def test_the_most_representative_comment_comes_first():
    vectors = {
        "edge one": [1.0, 0.4, 0.0],
        "edge two": [1.0, -0.4, 0.0],
        "middle": [1.0, 0.0, 0.0],
        "other edge one": [0.0, 0.4, 1.0],
        "other middle": [0.0, 0.0, 1.0],
        "other edge two": [0.0, -0.4, 1.0],
    }
    themes = group_into_themes(list(vectors), lookup_embed(vectors))

    assert sorted(theme.comments[0] for theme in themes) == ["middle", "other middle"]


def test_themes_smaller_than_the_minimum_go_to_other_comments_last():
    texts = interleave(STAFFING, COLLEAGUES, PARKING)
    themes = group_into_themes(texts, keyword_embed, min_theme_size=3)

    assert [theme.label for theme in themes] == ["cover, staff, shifts", "colleagues, kind, supportive", OTHER_COMMENTS]
    assert set(themes[-1].comments) == set(PARKING)


def test_the_same_small_group_is_a_theme_when_the_minimum_allows_it():
    themes = group_into_themes(interleave(STAFFING, COLLEAGUES, PARKING), keyword_embed, min_theme_size=2)

    assert OTHER_COMMENTS not in [theme.label for theme in themes]
    assert set(themes[-1].comments) == set(PARKING)
    # Every word in these two comments is used once, so how often a word is used cannot choose between
    # them; the words whose own meaning lies nearest the theme do.
    assert themes[-1].label == "car, park, parking"


def test_fewer_than_four_comments_make_one_theme():
    # Two of them alike, which would be a theme of their own in a larger survey.
    texts = [STAFFING[0], COLLEAGUES[0], STAFFING[1]]
    (theme,) = group_into_themes(texts, keyword_embed, min_theme_size=1)

    assert theme.label == ALL_COMMENTS
    assert theme.size == 3
    assert set(theme.comments) == set(texts)


def test_comments_without_clear_groups_make_one_theme():
    texts = [f"Comment number {i}" for i in range(12)]
    (theme,) = group_into_themes(texts, lambda texts: np.ones((len(texts), 5), dtype=np.float32))

    assert theme.label == ALL_COMMENTS
    assert theme.comments == tuple(texts)


def test_max_themes_caps_the_number_of_themes():
    themes = group_into_themes(interleave(STAFFING, COLLEAGUES, MANAGERS), keyword_embed, max_themes=2)

    assert len(themes) <= 2


def test_the_same_comments_always_give_the_same_themes():
    # Eight overlapping groups squeezed into at most six themes: k-means could settle many ways.
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(8, 16))
    vectors = centres[rng.integers(8, size=120)] + rng.normal(scale=0.8, size=(120, 16))
    words = ["rota", "pay", "training", "parking", "breaks", "handover", "leave", "noise"]
    texts = [f"{i} {words[i % 8]} {words[(i * 3) % 8]} {words[(i * 5 + 1) % 8]}" for i in range(120)]
    embed = lookup_embed(dict(zip(texts, vectors, strict=True)))

    runs = [group_into_themes(texts, embed) for _ in range(3)]

    assert len(runs[0]) > 1
    assert runs[1] == runs[0] and runs[2] == runs[0]


def test_no_comments_give_no_themes():
    def embed_nothing(texts):
        raise AssertionError("nothing to embed")

    assert group_into_themes([], embed_nothing) == []


def test_the_silhouette_matches_its_definition():
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(40, 6)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    groups = rng.integers(3, size=40)
    groups[0] = 3  # alone in its group, so its silhouette is 0

    distances = 1 - vectors.astype(np.float64) @ vectors.astype(np.float64).T
    expected = []
    for i, group in enumerate(groups):
        own = (groups == group) & (np.arange(40) != i)
        if not own.any():
            expected.append(0.0)
            continue
        within = distances[i, own].mean()
        between = min(distances[i, groups == other].mean() for other in set(groups.tolist()) - {group})
        expected.append((between - within) / max(within, between))

    assert mean_silhouette(vectors, groups) == pytest.approx(np.mean(expected), abs=1e-5)


def _model_installed():
    try:
        sentence_model_file()
        tokenizer_file()
    except ModelMissing:
        return False
    return True


@pytest.mark.skipif(not _model_installed(), reason="the on-device embedding model is not installed")
def test_it_keeps_staffing_comments_together_with_the_real_embedder():
    staffing = [
        "We are always short staffed on nights.",
        "There are not enough nurses to cover the shifts.",
        "Staffing levels are too low and we keep working extra shifts.",
        "Too few staff on the ward, so breaks get missed.",
    ]
    colleagues = [
        "My colleagues are kind and look out for each other.",
        "The team is really supportive when things get hard.",
        "People here are friendly and always willing to help.",
        "I feel supported by the lovely people I work with.",
    ]
    managers = [
        "Managers don't listen when we raise concerns.",
        "Nobody in management takes our feedback seriously.",
        "When we speak up, the managers ignore us.",
        "Senior leaders never ask for our views or act on them.",
    ]
    themes = group_into_themes(interleave(managers, colleagues, staffing))

    (staffing_theme,) = [theme for theme in themes if staffing[0] in theme.comments]
    assert staffing_theme.label not in (ALL_COMMENTS, OTHER_COMMENTS)
    assert set(staffing_theme.comments) == set(staffing)
