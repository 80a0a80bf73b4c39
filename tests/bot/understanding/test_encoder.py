"""The numpy MiniLM gives the vectors sentence-transformers gives (minilm_reference.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from bot.understanding.encoder import DIMENSIONS, CachedEncoder, SentenceEncoder, shared_encoder

REFERENCE = json.loads(Path(__file__).with_name("minilm_reference.json").read_text("utf-8"))


def test_vectors_match_sentence_transformers() -> None:
    vectors = shared_encoder().encode(REFERENCE["texts"])
    expected = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert vectors.shape == (len(REFERENCE["texts"]), DIMENSIONS)
    cosine = (vectors * expected).sum(axis=1)
    assert cosine.min() > 0.99999
    assert np.abs(vectors - expected).max() < 1e-3


def test_a_batch_gives_each_text_what_it_gets_alone() -> None:
    texts = ["my garden", "I want to stay in my own home, not go into one of those places"]
    together = shared_encoder().encode(texts)
    alone = np.vstack([shared_encoder().encode([text]) for text in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_meaning_not_words() -> None:
    home, house, end = shared_encoder().encode(
        ["I want to stay in my own home", "I'd like to keep living in my house", "I want to end it"]
    )
    assert float(home @ house) > 0.7
    assert float(home @ end) < 0.5


def test_nothing_to_encode() -> None:
    assert shared_encoder().encode([]).shape == (0, DIMENSIONS)


def test_the_cache_gives_the_same_vectors_and_forgets_the_oldest() -> None:
    cached = CachedEncoder(size=2)
    plain = SentenceEncoder()
    texts = ["yes", "skip", "yes", "my garden"]
    assert np.abs(cached.encode(texts) - plain.encode(texts)).max() < 1e-5
    assert len(cached._cache) == 2
    assert not any(isinstance(key, str) for key in cached._cache)
