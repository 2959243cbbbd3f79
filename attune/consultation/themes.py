"""Free-text survey comments grouped into themes. Framework-free: NumPy and the standard library.

How it works, in plain words:

1. Each comment is turned into a sentence embedding: a list of 384 numbers that places comments
   with similar meaning close together. The model runs on this machine's own processor (see
   `attune.skills.embedder`), so no comment is sent anywhere.
2. The comments are split into k groups with spherical k-means: each group has a centre, every
   comment joins the centre it points most nearly towards (cosine similarity), each centre moves to
   the average direction of its comments, and this repeats until no comment changes group. The
   first centres are spread out with k-means++ from a fixed seed, several times over, and the
   tightest grouping is kept.
3. Every k from 2 up to `max_themes` (and no more than one group per `min_theme_size` comments) is
   tried, and the k whose groups are best separated wins, measured by the mean silhouette: how much
   closer each comment is to its own group than to the nearest other group. If no k separates the
   comments clearly (a silhouette of MIN_SILHOUETTE or less), or there are fewer than four comments,
   they stay together as one theme, "All comments".
4. Groups smaller than `min_theme_size` are gathered into a last theme, "Other comments".
5. Each theme is labelled with the words that set it apart: words found in a larger share of its
   comments than of all comments, weighted by how common they are within the theme.

Within a theme the most representative comment, the one nearest the centre, comes first. The same
comments in the same order always give the same themes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

ALL_COMMENTS = "All comments"
OTHER_COMMENTS = "Other comments"
# A label for a theme whose comments hold no word worth naming (only short or common words).
UNLABELLED = "Comments without distinctive words"
# Below this mean silhouette the groups overlap too much to be worth showing as themes.
MIN_SILHOUETTE = 0.05
MIN_COMMENTS = 4
LABEL_WORDS = 3
# k-means can settle in a poor grouping from an unlucky start, so the best of several starts is
# kept: about STARTS_BUDGET / comments of them, so many for a small survey, where each start is
# cheap, and fewer as the comments add up.
MIN_STARTS, MAX_STARTS = 3, 10
STARTS_BUDGET = 6_000
MAX_ROUNDS = 100

STOP_WORDS = frozenset(
    """
    about above after again against all also always among and another any are around aren't because
    been before being below between both but can can't cannot could couldn't did didn't does doesn't
    doing don't down during each even ever every few for from further get gets getting got had hadn't
    has hasn't have haven't having her here hers herself him himself his how i'd i'll i'm i've into
    isn't it's its itself just let's lot lots many more most much must my myself never nor not now off
    once one only other ought our ours ourselves out over own quite rather really same she should
    shouldn't some still such than that that's the their theirs them themselves then there there's
    these they they'd they'll they're they've thing things this those though through too under until
    upon very was wasn't way we'd we'll we're we've well were weren't what what's when where which
    while who whom why will with within without won't would wouldn't yes yet you you'd you'll you're
    you've your yours yourself
    """.split()
)
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")

Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Theme:
    """A group of comments; `comments` holds the most representative first."""

    label: str
    comments: tuple[str, ...]
    size: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "size", len(self.comments))


def group_into_themes(
    texts: Sequence[str],
    embed: Embed | None = None,
    *,
    max_themes: int = 6,
    min_theme_size: int = 2,
    seed: int = 0,
) -> list[Theme]:
    """Every text lands in exactly one theme. Themes come largest first (then by label), with
    "Other comments", if any, last. `embed` turns texts into one vector each; by default it is the
    on-device sentence embedder.

    Comments that are equally representative keep their input order, so a caller that must not
    reveal who wrote what should shuffle the texts first.
    """
    if max_themes < 1 or min_theme_size < 1:
        raise ValueError("max_themes and min_theme_size must be at least 1")
    texts = list(texts)
    if not texts:
        return []
    vectors = np.asarray((embed or _shared_embed)(texts), dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) != len(texts):
        raise ValueError(f"expected one vector per text ({len(texts)}), got an array of shape {vectors.shape}")
    vectors = vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)

    groups = _best_grouping(vectors, max_themes=max_themes, min_theme_size=min_theme_size, seed=seed)
    if groups is None:
        return [Theme(ALL_COMMENTS, _representative_first(texts, vectors, np.arange(len(texts))))]

    sizes = np.bincount(groups)
    words = [_label_words(text) for text in texts]
    everywhere = Counter(word for found in words for word in found)
    shown = np.flatnonzero(sizes >= min_theme_size)
    closeness = _closeness(sorted(everywhere), vectors, groups, shown, embed or _shared_embed)
    themes = []
    for index, group in enumerate(shown):
        members = np.flatnonzero(groups == group)
        label = _label([words[i] for i in members], everywhere, len(texts), closeness[index])
        themes.append(Theme(label, _representative_first(texts, vectors, members)))
    themes.sort(key=lambda theme: (-theme.size, theme.label))
    leftovers = np.flatnonzero(sizes[groups] < min_theme_size)
    if leftovers.size:
        themes.append(Theme(OTHER_COMMENTS, _representative_first(texts, vectors, leftovers)))
    return themes


@lru_cache(maxsize=1)
def shared_embedder():
    """One embedder per process: the model is loaded once, and repeated comments are remembered."""
    from attune.skills.embedder import Embedder

    return Embedder()


def _shared_embed(texts: list[str]) -> np.ndarray:
    return shared_embedder().embed(texts)


def _best_grouping(vectors: np.ndarray, *, max_themes: int, min_theme_size: int, seed: int) -> np.ndarray | None:
    """The group of each row for the k with the best mean silhouette, or None if none is good enough."""
    if len(vectors) < MIN_COMMENTS:
        return None
    best, best_silhouette = None, MIN_SILHOUETTE
    for k in range(2, min(max_themes, len(vectors) // min_theme_size) + 1):
        groups = spherical_kmeans(vectors, k, seed=seed)
        silhouette = mean_silhouette(vectors, groups)
        if silhouette > best_silhouette:
            best, best_silhouette = groups, silhouette
    return best


def spherical_kmeans(vectors: np.ndarray, k: int, *, seed: int = 0) -> np.ndarray:
    """The group (0 to k-1) of each unit row: of several runs, the one with the highest total
    similarity of rows to their centres."""
    rng = np.random.default_rng([seed, k])
    starts = min(MAX_STARTS, max(MIN_STARTS, STARTS_BUDGET // len(vectors)))
    centres = np.concatenate([_kmeans_plus_plus(vectors, k, rng) for _ in range(starts)])
    groups, fit = _lloyd(vectors, centres, k)
    return groups[int(fit.argmax())]


def _kmeans_plus_plus(vectors: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k starting centres by greedy k-means++ (Arthur and Vassilvitskii, 2007): a few candidates for
    each new centre are drawn with probability proportional to their squared cosine distance from
    the nearest centre so far, and the one leaving the smallest total squared distance is kept."""
    candidates_per_centre = 2 + int(math.log(k))
    chosen = [int(rng.integers(len(vectors)))]
    nearest = _squared_distances(vectors, vectors[chosen])[:, 0]
    for _ in range(1, k):
        cumulative = np.cumsum(nearest)
        if cumulative[-1] > 0:
            draws = rng.random(candidates_per_centre) * cumulative[-1]
            candidates = np.minimum(np.searchsorted(cumulative, draws, side="right"), len(vectors) - 1)
        else:
            # Every row sits on a centre already: any choice is as good as another.
            candidates = rng.integers(len(vectors), size=candidates_per_centre)
        with_candidate = np.minimum(nearest[:, None], _squared_distances(vectors, vectors[candidates]))
        best = int(with_candidate.sum(axis=0).argmin())
        chosen.append(int(candidates[best]))
        nearest = with_candidate[:, best]
    return vectors[chosen].copy()


def _squared_distances(vectors: np.ndarray, centres: np.ndarray) -> np.ndarray:
    return np.clip(1 - vectors @ centres.T, 0, None) ** 2


def _lloyd(vectors: np.ndarray, centres: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Runs of k-means side by side, one per block of k centres: rows join their most similar centre,
    centres move to their rows' mean direction, and this repeats until no row moves in any run.

    Returns each run's groups (a row per run) and each run's total similarity to its centres. The
    runs share every matrix product, which is faster than running them in turn.
    """
    groups = _most_similar(vectors, centres, k).argmax(axis=2).T
    for _ in range(MAX_ROUNDS):
        centres = _centres(vectors, groups, k)
        similarity = _most_similar(vectors, centres, k)
        moved = similarity.argmax(axis=2).T
        if np.array_equal(moved, groups):
            break
        groups = moved
    return groups, similarity.max(axis=2).sum(axis=0)


def _most_similar(vectors: np.ndarray, centres: np.ndarray, k: int) -> np.ndarray:
    """Similarity of each row to each run's centres, indexed [row, run, centre]."""
    return (vectors @ centres.T).reshape(len(vectors), -1, k)


def _centres(vectors: np.ndarray, groups: np.ndarray, k: int) -> np.ndarray:
    """Each run's k centres, one block after another, from that run's groups."""
    runs, rows = groups.shape
    centre_of_row = groups + (np.arange(runs) * k)[:, None]
    members = np.zeros((runs * k, rows), dtype=vectors.dtype)
    members[centre_of_row.ravel(), np.tile(np.arange(rows), runs)] = 1
    sums = members @ vectors
    centres = sums / np.clip(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12, None)
    empty = np.flatnonzero(members.sum(axis=1) == 0)
    for run in np.unique(empty // k):
        # A centre that lost all its rows restarts on the rows that fit their own centre worst.
        lost = empty[empty // k == run]
        fit = np.einsum("ij,ij->i", vectors, centres[centre_of_row[run]])
        centres[lost] = vectors[np.argsort(fit, kind="stable")[: lost.size]]
    return centres


def mean_silhouette(vectors: np.ndarray, groups: np.ndarray) -> float:
    """The mean silhouette of unit rows under cosine distance (1 - cosine similarity); 0 for a row
    alone in its group, as Rousseeuw (1987) defines it.

    For unit vectors the distances from row i to all of group c add up to |c| - x_i . (sum of c), so
    this needs one n-by-k product instead of an n-by-n distance matrix.
    """
    k = int(groups.max()) + 1
    members = _one_hot(groups, k)
    counts = members.sum(axis=0)
    if np.count_nonzero(counts) < 2:
        return 0.0
    rows = np.arange(len(vectors))
    distance_sums = counts - vectors @ (members.T @ vectors).T
    own_count = counts[groups]
    # A row's distance to itself is 0, so its own group's sum needs no correction, only the count.
    within = np.clip(distance_sums[rows, groups], 0, None) / np.maximum(own_count - 1, 1)
    mean_distance = np.clip(distance_sums, 0, None) / np.maximum(counts, 1)
    mean_distance[:, counts == 0] = np.inf
    mean_distance[rows, groups] = np.inf
    between = mean_distance.min(axis=1)
    larger = np.maximum(within, between)
    defined = (own_count > 1) & (larger > 0)
    silhouettes = np.zeros(len(vectors))
    silhouettes[defined] = (between[defined] - within[defined]) / larger[defined]
    return float(silhouettes.mean())


def _one_hot(groups: np.ndarray, k: int) -> np.ndarray:
    return (groups[:, None] == np.arange(k)).astype(np.float32)


def _representative_first(texts: list[str], vectors: np.ndarray, members: np.ndarray) -> tuple[str, ...]:
    similarity = vectors[members] @ vectors[members].sum(axis=0)
    return tuple(texts[members[i]] for i in np.argsort(-similarity, kind="stable"))


def _label_words(text: str) -> set[str]:
    """The words in a comment that could name a theme: lower-case, three letters or more, not common."""
    words = set()
    for match in WORD.finditer(text.lower().replace("\u2019", "'")):
        word = match.group().removesuffix("'s")
        if len(word.replace("'", "")) >= 3 and word not in STOP_WORDS:
            words.add(word)
    return words


def _closeness(vocabulary: list[str], vectors: np.ndarray, groups: np.ndarray, shown: np.ndarray, embed: Embed
               ) -> list[dict[str, float]]:  # fmt: skip
    """For each shown theme, how much nearer each word's own embedding lies to the theme's centre than to
    the nearest other theme's: the meaning of the word, not only how often it is used."""
    if not vocabulary or len(shown) == 0:
        return [{} for _ in shown]
    centres = np.stack([vectors[groups == group].mean(axis=0) for group in shown])
    centres /= np.clip(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12, None)
    words = np.asarray(embed(vocabulary), dtype=np.float32)
    words /= np.clip(np.linalg.norm(words, axis=1, keepdims=True), 1e-12, None)
    similarity = words @ centres.T  # words x themes
    result = []
    for index in range(len(shown)):
        others = np.delete(similarity, index, axis=1)
        nearest_other = others.max(axis=1) if others.shape[1] else np.zeros(len(vocabulary))
        result.append(dict(zip(vocabulary, (similarity[:, index] - nearest_other).tolist(), strict=True)))
    return result


def _label(theme_words: list[set[str]], everywhere: Counter[str], total: int, closeness: dict[str, float]) -> str:
    """The LABEL_WORDS most distinctive words, ties in alphabetical order.

    A word scores p * log(p / q), where p is the share of the theme's comments that use it and q the
    share of all comments: the ratio alone would rank a word used once as highly as one used in
    every comment of the theme and nowhere else, and weighting by p prefers the word most of them use.
    Its closeness in meaning to the theme (`_closeness`) is added, which matters most in small themes,
    where most words are used once and would otherwise tie.
    """
    here = Counter(word for words in theme_words for word in words)
    size = len(theme_words)
    scores = {
        word: (count / size) * math.log((count / size) / (everywhere[word] / total)) + closeness.get(word, 0.0)
        for word, count in here.items()
    }
    distinctive = sorted((word for word in scores if scores[word] > 0), key=lambda word: (-scores[word], word))
    if not distinctive:
        distinctive = sorted(here, key=lambda word: (-here[word], word))
    chosen: list[str] = []
    for word in distinctive:
        # "shift" and "shifts" name the same thing once.
        if not any(word in (other + "s", other[:-1]) or other in (word + "s", word[:-1]) for other in chosen):
            chosen.append(word)
    return ", ".join(chosen[:LABEL_WORDS]) or UNLABELLED
