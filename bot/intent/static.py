"""Static word embeddings distilled from MiniLM: a sentence's meaning as a short vector.

Character and word n-grams only know the words the training authors used; a new author says
"elucidate" where they said "explain". A static embedding table gives every token of MiniLM's
vocabulary (all-MiniLM-L6-v2, about 30,000 WordPiece tokens) a vector, so related words land
near each other and the classifier in `bot.intent.learned` can read a paraphrase.

How the table was made (dev time, `tools/train_review_model.py distill`): the model2vec
recipe. Each vocabulary token is passed through MiniLM alone and its output mean-pooled;
the vectors are reduced by PCA and weighted by token frequency (SIF), so common words weigh
little. We then project them onto their first DIMS principal directions (no centring, so
the projection of a mean is the mean of the projections) and quantise each row to signed
bytes with its own scale.

At run time a sentence is cut into WordPiece tokens (`bot.intent.wordpiece`, identical to
MiniLM's tokenizer), its rows are summed and the sum scaled to unit length: pure Python, a
few thousand multiply-adds per sentence. The table is read once, on first use.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from array import array
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import repeat
from operator import add, mul

from bot.intent.wordpiece import tokenize

MAGIC = b"RBE1"
TABLE_FILE = "static.bin"


@dataclass(frozen=True)
class StaticTable:
    """One row of `dims` signed bytes per token, each with its own scale."""

    vocab: dict[str, int]
    dims: int
    scales: array[float]
    rows: array[int]

    def embed(self, sentence: str) -> list[float]:
        """The unit-length sum of the token vectors of `sentence` (zeros when it has none)."""
        dims, rows, scales = self.dims, self.rows, self.scales
        total = [0.0] * dims
        for token in tokenize(sentence, self.vocab):
            base = token * dims
            total = list(map(add, total, map(mul, rows[base : base + dims],
                                             repeat(scales[token], dims))))
        norm = math.sqrt(sum(map(mul, total, total)))
        return [v / norm for v in total] if norm else total


def encode(table: StaticTable) -> bytes:
    """The file form: magic, header length, JSON header, then zlib'd vocab, scales and rows."""
    tokens = sorted(table.vocab, key=table.vocab.__getitem__)
    vocab = "\n".join(tokens).encode()
    header = json.dumps({"dims": table.dims, "tokens": len(tokens),
                         "vocab_bytes": len(vocab)}).encode()
    body = zlib.compress(vocab + table.scales.tobytes() + table.rows.tobytes(), 9)
    return MAGIC + struct.pack("<I", len(header)) + header + body


def decode(data: bytes) -> StaticTable:
    """Read what `encode` wrote; a damaged or foreign file raises ValueError."""
    if data[:4] != MAGIC:
        raise ValueError("not a Rebound embedding table")
    (size,) = struct.unpack("<I", data[4:8])
    header = json.loads(data[8 : 8 + size])
    body = zlib.decompress(data[8 + size :])
    count, dims, cut = header["tokens"], header["dims"], header["vocab_bytes"]
    tokens = body[:cut].decode().split("\n")
    scales = array("f", body[cut : cut + 4 * count])
    rows = array("b", body[cut + 4 * count :])
    if len(tokens) != count or len(rows) != count * dims:
        raise ValueError("embedding table has the wrong size")
    return StaticTable({token: i for i, token in enumerate(tokens)}, dims, scales, rows)


@cache
def shipped() -> StaticTable:
    """The table that ships inside the package, loaded on first use."""
    return decode(resources.files(__package__).joinpath(TABLE_FILE).read_bytes())
