"""The learned backstop: a small linear classifier that reads a sentence the rules may not.

The intent frames (`bot.intent.frames`) are precise but only know the phrasings they were
written from; people paraphrase. This model was trained on the labelled review corpus
(tests/corpus/review/*, several authors) by `tools/train_review_model.py`, which documents
the training and rebuilds `learned.bin` deterministically. Technique:

- Features. The sentence is normalised exactly as for the frames (`normalise`: lower case,
  contractions expanded, punctuation as tokens), digits folded to 0. Three families are
  counted: word unigrams, word bigrams (with sentence start and end marks) and character
  3-5-grams inside word boundaries; each feature name is hashed (CRC-32) into 2^BITS
  buckets (BITS is stored with the weights: 18), the counts are log-scaled (1 + ln n) and
  the vector is scaled to unit length.
  Beside them, the sentence's static embedding (`bot.intent.static`, distilled from MiniLM,
  unit length): dense dimensions that carry meaning across wordings.
- Model. One multinomial logistic regression over the classes `ok` and the seven problem
  categories. The hashed weights are quantised to signed bytes with one scale per class and
  stored zlib-compressed (only the buckets a training feature reached carry weights); the
  few dense weights are stored as they are.
- Inference. A sparse dot product in pure Python: softmax over
  `bias + scale * sum(q * x) + dense . embedding`, one C-level pass per class. About a
  millisecond a sentence. `bot.review_intent` flags a sentence when the probability mass
  on the problem categories the kind allows passes the threshold stored with the weights,
  chosen by leave-one-author-out cross-validation so that `ok` sentences and the sentences
  of good notes seldom trip it (about 1% of each, on authors the model had not seen).

The file is read once, on first use, never at import.
"""

from __future__ import annotations

import itertools
import json
import math
import struct
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from operator import itemgetter, mul

from bot.intent import static
from bot.intent.normalise import normalise
from bot.intent.static import StaticTable

MAGIC = b"RBM1"
WEIGHTS_FILE = "learned.bin"
CHAR_SIZES = (3, 4, 5)
_DIGITS = str.maketrans("123456789", "000000000")


def features(sentence: str, bits: int) -> dict[int, float]:
    """The hashed, log-scaled, unit-length feature vector of `sentence` (see module doc)."""
    text = normalise(sentence).translate(_DIGITS)
    tokens = text.split()
    found = ["w" + token for token in tokens]
    found += [f"b{a} {b}" for a, b in itertools.pairwise(["<s>", *tokens, "</s>"])]
    for token in tokens:
        padded = f" {token} "
        end = len(padded) + 1
        found += ["c" + padded[i : i + size] for size in CHAR_SIZES for i in range(end - size)]
    mask = (1 << bits) - 1
    crc32, log = zlib.crc32, math.log
    vector: dict[int, float] = {}
    for name, count in Counter(found).items():
        bucket = crc32(name.encode()) & mask
        # 1 + ln 1 is 1.0 exactly: most features occur once, and skip the logarithm.
        vector[bucket] = vector.get(bucket, 0.0) + (1.0 if count == 1 else 1.0 + log(count))
    values = list(vector.values())
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    return {bucket: value / norm for bucket, value in vector.items()}


@dataclass(frozen=True)
class Model:
    """Quantised hashed weights (bucket-major: `weights[bucket * len(classes) + c]`), the
    dense weights of the embedding (`dense[d][c]`, empty when it uses none), and settings."""

    classes: tuple[str, ...]
    bits: int
    bias: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float
    weights: array[int]
    dense: tuple[tuple[float, ...], ...] = ()

    @cached_property
    def _by_class(self) -> tuple[array[int], ...]:
        """The hashed weights split per class, so each class is one C-level pass."""
        width = len(self.classes)
        return tuple(self.weights[c::width] for c in range(width))

    @cached_property
    def _dense_by_class(self) -> tuple[tuple[float, ...], ...]:
        return tuple(zip(*self.dense, strict=True)) if self.dense else ()

    def probabilities(self, sentence: str, table: StaticTable | None = None) -> dict[str, float]:
        """The softmax over the classes for one sentence (`table`: the embedding table the
        model was trained with, when it has dense weights)."""
        vector = features(sentence, self.bits)
        buckets, values = list(vector), list(vector.values())
        # One C call gathers a class's weights of the sentence's buckets (itemgetter gives a
        # tuple only for two or more).
        gather: Callable[[array[int]], Sequence[int]] = (
            itemgetter(*buckets) if len(buckets) > 1
            else lambda weights: [weights[bucket] for bucket in buckets])
        logits = [bias + scale * sum(map(mul, gather(weights), values))
                  for bias, scale, weights in zip(self.bias, self.scale, self._by_class,
                                                  strict=True)]
        if self.dense:
            if table is None:
                raise ValueError("this review model needs its embedding table")
            embedding = table.embed(sentence)
            logits = [logit + sum(map(mul, column, embedding))
                      for logit, column in zip(logits, self._dense_by_class, strict=True)]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        whole = sum(exps)
        return {name: e / whole for name, e in zip(self.classes, exps, strict=True)}


def encode(model: Model) -> bytes:
    """The file form of `model`: magic, header length, JSON header, zlib'd signed bytes."""
    header = json.dumps({
        "classes": list(model.classes), "bits": model.bits, "bias": list(model.bias),
        "scale": list(model.scale), "threshold": model.threshold,
        "dense": [list(row) for row in model.dense],
    }, sort_keys=True).encode()
    body = zlib.compress(model.weights.tobytes(), 9)
    return MAGIC + struct.pack("<I", len(header)) + header + body


def decode(data: bytes) -> Model:
    """Read what `encode` wrote; a damaged or foreign file raises ValueError."""
    if data[:4] != MAGIC:
        raise ValueError("not a Rebound review model")
    (size,) = struct.unpack("<I", data[4:8])
    header = json.loads(data[8 : 8 + size])
    weights = array("b", zlib.decompress(data[8 + size :]))
    classes = tuple(header["classes"])
    if len(weights) != len(classes) << header["bits"]:
        raise ValueError("review model weights have the wrong size")
    return Model(classes, header["bits"], tuple(header["bias"]), tuple(header["scale"]),
                 float(header["threshold"]), weights,
                 tuple(tuple(row) for row in header.get("dense", ())))


MEMO_SIZE = 4096
"""Sentences a backstop remembers its reading of (about a millisecond each to compute): a
draft's review meets the same template sentences, names masked, draft after draft."""


@dataclass(frozen=True)
class Backstop:
    """A model with the embedding table it reads: what the review asks about a sentence."""

    model: Model
    table: StaticTable | None = None
    _memo: dict[str, dict[str, float]] = field(default_factory=dict, init=False,
                                                repr=False, compare=False)

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def probabilities(self, sentence: str) -> dict[str, float]:
        """The class probabilities of `sentence` (shared with earlier callers: read-only)."""
        found = self._memo.get(sentence)
        if found is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()  # a rare fresh start beats bookkeeping on every read
            found = self._memo[sentence] = self.model.probabilities(sentence, self.table)
        return found


@cache
def shipped() -> Backstop:
    """The model and table that ship inside the package, loaded on first use."""
    model = decode(resources.files(__package__).joinpath(WEIGHTS_FILE).read_bytes())
    return Backstop(model, static.shipped() if model.dense else None)
