"""Frame anchors (bot.intent.anchors): the words a pattern's match must start and end with,
read off the pattern, let detection skip frames without changing what they match."""

from __future__ import annotations

import pytest
from review_corpus import rows, splits

from bot.intent import CATEGORIES
from bot.intent.anchors import anchors
from bot.intent.lexicon import frame
from bot.intent.normalise import normalise


@pytest.mark.parametrize(("spec", "expected"), [
    ("why ~8 <NOT>", ({"why"}, {"not", "never", "no"})),
    (r"(?:really )?glad(?! to)", ({"really", "glad"}, {"glad"})),
    (r"decisions? (?:is|was) final", ({"decision", "decisions"}, {"final"})),
    (r"\S+ minutes", ({"minutes"},)),
    (r"\d+ (?:days|weeks)|by (?:monday|friday)", ({"days", "weeks", "monday", "friday"},)),
    (r"waste of \S+", ({"waste"},)),
    (r"unfair\S*", ()),
    (r"(?:[^ ]+ )*time", ({"time"},)),
])
def test_a_pattern_is_anchored_on_the_words_it_must_start_and_end_with(
        spec: str, expected: tuple[set[str], ...]) -> None:
    assert anchors(frame(spec)) == tuple(frozenset(words) for words in expected)


def test_most_frames_have_anchors() -> None:
    frames = [f for group in CATEGORIES.values() for f in group]
    assert sum(1 for f in frames if f.anchors) >= 0.9 * len(frames)


def test_no_corpus_sentence_matches_a_pattern_without_its_anchors() -> None:
    """Every pattern that matches a corpus sentence has a word of each anchor set in it: the
    anchors never skip a frame that would have matched."""
    patterns = {p: anchors(p) for group in CATEGORIES.values() for f in group
                for p in (*f.patterns, *f.unless)}
    checked = 0
    for split in splits():
        for row in rows(split, "sentences.jsonl"):
            text = normalise(row["text"])
            words = frozenset(text.split(" "))
            for pattern, sets in patterns.items():
                if pattern.search(text):
                    checked += 1
                    for needed in sets:
                        assert not words.isdisjoint(needed), (pattern.pattern, text)
    assert checked > 1000
