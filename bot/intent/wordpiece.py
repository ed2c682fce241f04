"""BERT's uncased WordPiece tokenizer in pure Python, for the static embedding table.

The table in `bot.intent.static` has one row per token of the vocabulary MiniLM was trained
with, so a sentence must be split exactly as BERT splits it: drop control characters, lower
case, strip accents, split on whitespace, punctuation and CJK ideographs, then cut each word
greedily into the longest vocabulary pieces (continuations prefixed "##"). A word that cannot
be cut, or is longer than MAX_WORD characters, becomes the unknown token [UNK].
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

MAX_WORD = 100
CONTINUATION = "##"
UNKNOWN = "[UNK]"
_CJK = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
        (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_CJK_START = min(low for low, _ in _CJK)


def words(text: str) -> list[str]:
    """BERT's basic tokenizer (uncased): the words and punctuation marks of `text`."""
    if text.isascii():
        plain = "".join(c if " " <= c < "\x7f" or c in "\t\n\r" else "" for c in text).lower()
    else:
        plain = _plain(text)
    out: list[str] = []
    for chunk in plain.split():
        if chunk.isalnum():
            out.append(chunk)
            continue
        current = ""
        for char in chunk:
            if _is_punctuation(char):
                if current:
                    out.append(current)
                    current = ""
                out.append(char)
            else:
                current += char
        if current:
            out.append(current)
    return out


def _plain(text: str) -> str:
    """Beyond ASCII: drop controls, space out CJK ideographs, lower case, strip accents."""
    cleaned: list[str] = []
    for char in text:
        code = ord(char)
        if code in (0, 0xFFFD) or (_is_control(char) and char not in "\t\n\r"):
            continue
        if code >= _CJK_START and any(low <= code <= high for low, high in _CJK):
            cleaned.append(f" {char} ")
        else:
            cleaned.append(" " if char.isspace() else char)
    decomposed = unicodedata.normalize("NFD", "".join(cleaned).lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def pieces(word: str, vocab: Mapping[str, int]) -> list[int]:
    """The vocabulary ids of `word` cut greedily, longest piece first; [UNK] if it can't be."""
    unknown = [vocab[UNKNOWN]] if UNKNOWN in vocab else []
    if len(word) > MAX_WORD:
        return unknown
    ids: list[int] = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end] if start == 0 else CONTINUATION + word[start:end]
            if piece in vocab:
                found = vocab[piece]
                break
            end -= 1
        if found is None:
            return unknown
        ids.append(found)
        start = end
    return ids


def tokenize(text: str, vocab: Mapping[str, int]) -> list[int]:
    """The ids of every piece of every word of `text`."""
    return [i for word in words(text) for i in pieces(word, vocab)]


def _is_control(char: str) -> bool:
    return unicodedata.category(char).startswith("C")


def _is_punctuation(char: str) -> bool:
    if char.isascii():
        return not char.isalnum()
    return unicodedata.category(char).startswith("P")
