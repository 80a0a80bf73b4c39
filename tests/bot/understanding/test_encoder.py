"""The numpy MiniLM gives the vectors sentence-transformers gives (minilm_reference.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from bot.understanding.encoder import (
    DIMENSIONS,
    FEATURES,
    CachedEncoder,
    SentenceEncoder,
    shared_encoder,
)

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
    assert shared_encoder().features([]).shape == (0, FEATURES)


def test_features_are_the_sentence_vector_then_two_inner_layers() -> None:
    texts = ["I'm safe", "I'm not safe", "my garden"]
    features = shared_encoder().features(texts)
    assert features.shape == (3, 3 * DIMENSIONS)
    assert np.abs(features[:, :DIMENSIONS] - shared_encoder().encode(texts)).max() < 1e-6
    blocks = features.reshape(3, 3, DIMENSIONS)
    assert np.abs(np.linalg.norm(blocks, axis=2) - 1.0).max() < 1e-5
    # Each inner layer is its own reading of the text, not a copy of the last.
    same_text = np.einsum("tld,td->tl", blocks[:, 1:], blocks[:, 0])
    assert float(same_text.max()) < 0.9


def test_the_cache_gives_the_same_vectors_and_forgets_the_oldest() -> None:
    cached = CachedEncoder(size=2)
    plain = SentenceEncoder()
    texts = ["yes", "skip", "yes", "my garden"]
    assert np.abs(cached.encode(texts) - plain.encode(texts)).max() < 1e-5
    assert np.abs(cached.features(texts) - plain.features(texts)).max() < 1e-5
    assert len(cached._cache) == 2
    assert not any(isinstance(key, str) for key in cached._cache)
