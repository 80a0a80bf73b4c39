"""The classifier that reads meaning: sentence representations in, a graded guess out.

Two logistic regressions over the same features: the message's all-MiniLM-L6-v2 sentence vector
(bot/understanding/encoder.py), which carries meaning ("I've been giving my things away" is near
"I won't be here much longer"), beside TF-IDF of its words and letter groups, which keeps the few
words that matter from being averaged away and copes with Scots spellings and typos the sentence
model has never seen. One model gives the level (none, concern, harm, life, ambiguous), the other
the category of risk, to choose the check and the contacts that fit. On the dev split the two
kinds of feature together found a fifth more of the risk that the phrase list misses, at the same
rate of checks on ordinary answers, than the sentence vectors alone (README, "Telling risk").

A long message is also read sentence by sentence: "I'd like to get back to the bowls. But some
nights I think about taking all my pills" is mostly about bowls, and the whole would hide the
second sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.safety.levels import (
    NOTHING,
    WELLBEING,
    Assessment,
    Level,
    Source,
    check_for,
)
from bot.understanding.encoder import Array

_RISKY = ("harm", "life", "ambiguous")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_MIN_PART_WORDS = 3
_SEED = 7


def parts_of(text: str) -> list[str]:
    """The message's sentences, when it has more than one worth reading on its own."""
    parts = [p.strip() for p in _SENTENCE.split(text) if len(p.split()) >= _MIN_PART_WORDS]
    return parts if len(parts) > 1 else []


@dataclass(frozen=True)
class Thresholds:
    """Chosen on the dev split only (python -m bot.safety.tune); set in config.yml."""

    check: float  # P(harm) + P(life) + P(ambiguous) at or above this: ask the direct check
    concern: float  # P(concern) at or above this (and no check): a worry for the worker
    worry_check: float  # a worry whose risk (as for `check`) is at least this gets the check too


@dataclass
class RiskModel:
    words: TfidfVectorizer
    letters: TfidfVectorizer
    levels: LogisticRegression
    categories: LogisticRegression

    def features(self, texts: Sequence[str], vectors: Array) -> csr_matrix:
        return hstack(
            [csr_matrix(vectors), self.words.transform(texts), self.letters.transform(texts)]
        ).tocsr()

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        vectors: Array,
        levels: Sequence[str],
        categories: Sequence[str | None],
        *,
        c: float = 2.0,
    ) -> RiskModel:
        words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
        letters = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
        )
        words.fit(texts)
        letters.fit(texts)
        model = cls(words, letters, LogisticRegression(), LogisticRegression())
        x = model.features(texts, vectors)
        model.levels = LogisticRegression(C=c, max_iter=3000, random_state=_SEED)
        model.levels.fit(x, list(levels))
        risky = [i for i, level in enumerate(levels) if level in _RISKY and categories[i]]
        model.categories = LogisticRegression(C=c, max_iter=3000, random_state=_SEED)
        model.categories.fit(x[risky], [str(categories[i]) for i in risky])
        return model

    def probabilities(self, texts: Sequence[str], vectors: Array) -> dict[str, Array]:
        """Each level's probability for each of the texts (the whole message, its sentences)."""
        return self._levels(self.features(texts, vectors))

    def _levels(self, x: csr_matrix) -> dict[str, Array]:
        p = np.asarray(self.levels.predict_proba(x), np.float32)
        return {str(name): p[:, i] for i, name in enumerate(self.levels.classes_)}

    def _category(self, x: csr_matrix) -> str:
        p = self.categories.predict_proba(x).max(axis=0)
        return str(self.categories.classes_[int(p.argmax())])

    def assess(self, texts: Sequence[str], vectors: Array, thresholds: Thresholds) -> Assessment:
        x = self.features(texts, vectors)
        p = self._levels(x)
        risk = float(np.sum([p[name] for name in _RISKY if name in p], axis=0).max())
        worry = float(p["concern"].max()) >= thresholds.concern
        # A worry that might be more gets the same one gentle check, at a lower bar.
        if risk >= thresholds.check or (worry and risk >= thresholds.worry_check):
            category = self._category(x)
            return Assessment(Level.CHECK, (category,), Source.CLASSIFIER, check_for(category))
        if worry:
            return Assessment(Level.CONCERN, (WELLBEING,), Source.CLASSIFIER)
        return NOTHING

    def save(self, path: Path) -> None:
        joblib.dump(self, path)

    @classmethod
    def load(cls, path: Path) -> RiskModel:
        model = joblib.load(path)
        if not isinstance(model, cls):
            raise TypeError(f"{path} does not hold a RiskModel")
        return model
