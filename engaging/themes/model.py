"""The theme classifier: which themes of a framework a comment touches, and how sure it is.

Pure Python and scikit-learn, with no Django, so the benchmark and the commands share it.

The rule: a comment is turned into TF-IDF features of its words (one and two at a time) and of its
characters (two to five, within words, so "apointment" still looks like "appointment"). One linear
support-vector classifier per theme, with a theme's comments weighted up by the square root of how
much rarer they are than the rest, gives each theme a score from 0 to 1 (its margin through a
logistic curve). Each theme applies from its own cut-off: the one that gave the best F1 on comments
held out by an inner 2-fold cross-validation, moved half-way back towards 0.5, the classifier's own
boundary (a cut-off fitted to the training comments' mix of themes alone travels badly to other
organisations; half-way kept most of its gain on them). A theme's definition and keywords are added
to the training text as extra examples of it. A theme nobody has coded yet is suggested when one of
its keywords appears ("parking", "Mental Health Act"), so no theme is out of reach. A comment with no
theme above its cut-off gets its single most likely theme when that is at least half-way to its
cut-off: nearly every coded comment has a theme.

What was measured and kept or dropped is in engaging/themes/MEASURES.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import KFold
from sklearn.svm import LinearSVC

SENTIMENTS = ("positive", "neutral", "negative", "mixed")

# Themes with fewer coded comments than this lean on their keywords as well as the model.
RARE = 3
# Margins of the linear models are turned into 0–1 scores by a logistic curve this steep.
SCALE = 2.0
# Themes trained at once.
JOBS = 2
# Copies of a theme's definition and keywords added to the training text, as examples of it.
DEFINITION_COPIES = 2
# Folds of the inner cross-validation that chooses each theme's cut-off (0: every cut-off at 0.5).
INNER_FOLDS = 2
# How far each theme's cut-off moves from 0.5 towards the one that did best on held-out comments.
SHRINK = 0.5


@dataclass(frozen=True)
class ThemeSpec:
    """One theme as the classifier sees it: its name, what it means, and words that signal it."""

    name: str
    definition: str = ""
    keywords: tuple[str, ...] = ()


def _features() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    """Word one- and two-grams, and character two- to five-grams within words."""
    words = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, sublinear_tf=True, strip_accents="unicode", max_features=60000, dtype=np.float32
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=3,
        sublinear_tf=True,
        strip_accents="unicode",
        lowercase=True,
        max_features=120000,
        dtype=np.float32,
    )
    return words, chars


@lru_cache(maxsize=256)
def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern | None:
    words = [k.strip().lower() for k in keywords if k.strip()]
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The cut-off on p that gives the best F1 for the 0/1 labels y (0.5 when y has no positives)."""
    positives = int(y.sum())
    if positives == 0:
        return 0.5
    order = np.argsort(-p)
    hits = np.cumsum(y[order])
    k = np.arange(1, len(p) + 1)
    f1 = 2 * hits / (k + positives)
    best = int(np.argmax(f1))
    upper = p[order[best]]
    lower = p[order[best + 1]] if best + 1 < len(p) else 0.0
    return float(max(0.05, min(0.95, (upper + lower) / 2)))


@dataclass
class ThemeModel:
    """A trained classifier for one framework's themes, plus a sentiment model when one could be trained."""

    themes: list[ThemeSpec]
    C: float = 0.5
    inner_folds: int = INNER_FOLDS
    shrink: float = SHRINK
    # Switches for measuring what each part adds (see MEASURES.md); the product uses the defaults.
    use_definitions: bool = True
    use_chars: bool = True
    use_fallback: bool = True
    use_keywords: bool = True
    class_weights: str = "sqrt"  # or "balanced"
    words: TfidfVectorizer | None = None
    chars: TfidfVectorizer | None = None
    weights: np.ndarray | None = None  # features x themes
    bias: np.ndarray | None = None
    thresholds: np.ndarray | None = None
    learned: np.ndarray | None = None  # which themes had enough examples to learn from
    sentiment: object | None = None
    counts: list[int] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.themes]

    # Training ---------------------------------------------------------------------------------

    def _extra_text(self) -> tuple[list[str], np.ndarray]:
        texts, rows = [], []
        for i, theme in enumerate(self.themes):
            if not self.use_definitions or not self.counts[i]:
                continue
            pieces = [theme.definition, " ".join(theme.keywords), theme.name]
            text = ". ".join(p for p in pieces if p)
            for _ in range(DEFINITION_COPIES):
                texts.append(text)
                row = np.zeros(len(self.themes), dtype=np.int8)
                row[i] = 1
                rows.append(row)
        return texts, np.array(rows, dtype=np.int8).reshape(len(rows), len(self.themes))

    def _fit_linear(self, X, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = Y.shape[1]
        W = np.zeros((X.shape[1], k), dtype=np.float32)
        b = np.full(k, -10.0, dtype=np.float32)
        todo = [j for j in range(k) if self.counts[j] and Y[:, j].min() != Y[:, j].max()]

        def one(j):
            return LinearSVC(C=self.C, class_weight=self._class_weight(Y[:, j]), random_state=0).fit(X, Y[:, j])

        # liblinear lets go of the interpreter while it works, so two themes train at once on two cores.
        fitted = Parallel(n_jobs=JOBS, prefer="threads")(delayed(one)(j) for j in todo)
        for j, clf in zip(todo, fitted, strict=True):
            W[:, j] = clf.coef_[0]
            b[j] = clf.intercept_[0]
        return W, b

    def _class_weight(self, y: np.ndarray):
        """How much more a comment in the theme counts than one outside it: by default the square root of
        how much rarer it is (fully balanced over-suggests rare themes to organisations not trained on)."""
        if self.class_weights == "balanced":
            return "balanced"
        positives = max(int(y.sum()), 1)
        return {0: 1.0, 1: float(np.sqrt(max(len(y) - positives, 1) / positives))}

    def _vectorise_fit(self, texts: list[str]):
        self.words, self.chars = _features()
        if not self.use_chars:
            self.chars = None
            return self.words.fit_transform(texts).tocsr()
        return sparse.hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts)]).tocsr()

    def _vectorise(self, texts: list[str]):
        if self.chars is None:
            return self.words.transform(texts).tocsr()
        return sparse.hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()

    def fit(self, texts: list[str], Y, sentiments: list[str | None] | None = None) -> ThemeModel:
        """Learn from coded comments: Y has one row per text and one 0/1 column per theme."""
        Y = np.asarray(Y, dtype=np.int8)
        texts = [t or "" for t in texts]
        self.counts = [int(c) for c in Y.sum(axis=0)]
        self.learned = np.array([c >= RARE for c in self.counts])
        extra_texts, extra_Y = self._extra_text()
        self.thresholds = self._tune_thresholds(texts, Y, extra_texts, extra_Y)
        X = self._vectorise_fit(texts + extra_texts)
        self.weights, self.bias = self._fit_linear(X, np.vstack([Y, extra_Y]))
        self.sentiment = self._fit_sentiment(X[: len(texts)], sentiments)
        return self

    def _tune_thresholds(self, texts, Y, extra_texts, extra_Y) -> np.ndarray:
        """Each theme's cut-off, chosen on comments the inner models did not see and moved towards 0.5."""
        n, k = Y.shape
        if n < 30 or self.inner_folds < 2:
            return np.full(k, 0.5)
        scores = np.zeros((n, k), dtype=np.float32)
        folds = KFold(self.inner_folds, shuffle=True, random_state=0)
        for train, test in folds.split(np.arange(n)):
            inner = ThemeModel(
                self.themes, C=self.C, inner_folds=0, use_chars=self.use_chars, class_weights=self.class_weights
            )
            inner.counts = self.counts
            X = inner._vectorise_fit([texts[i] for i in train] + extra_texts)
            W, b = inner._fit_linear(X, np.vstack([Y[train], extra_Y]))
            scores[test] = _sigmoid(SCALE * (inner._vectorise([texts[i] for i in test]) @ W + b))
        best = np.array([best_threshold(Y[:, j], scores[:, j]) for j in range(k)])
        return 0.5 + self.shrink * (best - 0.5)

    def _fit_sentiment(self, X, sentiments):
        if not sentiments:
            return None
        keep = [i for i, s in enumerate(sentiments) if s in SENTIMENTS]
        labels = {sentiments[i] for i in keep}
        if len(keep) < 20 or len(labels) < 2:
            return None
        clf = LinearSVC(C=0.3, class_weight="balanced", random_state=0)
        clf.fit(X[keep], [sentiments[i] for i in keep])
        return clf

    # Using it ---------------------------------------------------------------------------------

    def scores(self, texts: list[str]) -> np.ndarray:
        """Each theme's probability for each text (rows: texts; columns: themes)."""
        X = self._vectorise([t or "" for t in texts])
        return self._scores(X, texts)

    def _scores(self, X, texts) -> np.ndarray:
        P = _sigmoid(SCALE * (np.asarray(X @ self.weights) + self.bias))
        # A theme too rare to learn is certain enough when its keyword appears.
        for j, theme in enumerate(self.themes):
            if self.learned[j] or not self.use_keywords:
                continue
            pattern = _keyword_pattern(theme.keywords)
            if pattern is None:
                continue
            for i, text in enumerate(texts):
                if text and pattern.search(text):
                    P[i, j] = max(P[i, j], 0.9)
        return P

    def decide(self, P: np.ndarray) -> np.ndarray:
        """0/1 per theme: above its cut-off, or the best theme of a comment that has none above."""
        T = self.thresholds
        chosen = (P >= T).astype(np.int8)
        ratio = P / T
        if not self.use_fallback:
            return chosen
        none = chosen.sum(axis=1) == 0
        best = ratio.argmax(axis=1)
        fallback = none & (ratio[np.arange(len(P)), best] >= 0.5)
        chosen[np.where(fallback)[0], best[fallback]] = 1
        return chosen

    def confidence(self, P: np.ndarray) -> np.ndarray:
        """How sure, from 0 to 1, each theme's yes-or-no is: 0 at its cut-off, 1 at certainty."""
        T = self.thresholds
        above = (P - T) / np.maximum(1 - T, 1e-6)
        below = (T - P) / np.maximum(T, 1e-6)
        return np.clip(np.where(P >= T, above, below), 0, 1)

    def classify(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Themes (0/1), their probabilities, and a sentiment for each text."""
        texts = [t or "" for t in texts]
        X = self._vectorise(texts)
        P = self._scores(X, texts)
        chosen = self.decide(P)
        # Nothing written has no theme.
        chosen[[i for i, t in enumerate(texts) if not t.strip()]] = 0
        return chosen, P, self._sentiments(X, texts)

    def _sentiments(self, X, texts) -> list[str]:
        if self.sentiment is not None:
            return [str(s) for s in self.sentiment.predict(X)]
        from engaging.themes.sentiment import sentiment_of

        return [sentiment_of(t) for t in texts]


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass
class RulesModel:
    """Suggestions for a framework with no trained classifier: a theme applies when its keywords or name appear.

    Used until a framework's comments have been coded and a model trained from them (or after its themes
    change, until it is trained again). It says so by being this class; scores are 0.9 for a match, else 0.1.
    """

    themes: list[ThemeSpec]
    trained: bool = False

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.themes]

    @property
    def thresholds(self) -> np.ndarray:
        return np.full(len(self.themes), 0.5)

    def classify(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
        from engaging.themes.sentiment import sentiment_of

        texts = [t or "" for t in texts]
        P = np.full((len(texts), len(self.themes)), 0.1, dtype=np.float32)
        for j, theme in enumerate(self.themes):
            pattern = _keyword_pattern((*theme.keywords, theme.name))
            for i, text in enumerate(texts):
                if text and pattern is not None and pattern.search(text):
                    P[i, j] = 0.9
        return (P >= 0.5).astype(np.int8), P, [sentiment_of(t) for t in texts]

    def confidence(self, P: np.ndarray) -> np.ndarray:
        return ThemeModel.confidence(self, P)
