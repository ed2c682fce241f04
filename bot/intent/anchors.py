"""The words a frame pattern's match must start and end with: set tests before the regex.

A frame pattern (`bot.intent.lexicon.frame`) matches whole tokens of normalised text, so
every match starts and ends with a whole token of the sentence. For most patterns the first
token is one of a finite set of words ("why", or any word of <PICK>), and so is the last,
and the pattern's syntax tree says which: read it from the left (or the right), spelling
out every string each part can match, until each spelling holds a space (the token is
complete) or the pattern ends (its lookarounds end the token). Lookarounds are spelled as
nothing, which only widens the set. A sentence missing every word of a set cannot match,
so `bot.intent.detect` skips the frame without running its regular expressions (about
four in five of them, per sentence). An end whose token is no finite set (`\\S+`, `\\d+`)
gives no set, and a pattern with neither always runs. Anchors only make detection cheaper,
never change what matches: tests/test_intent_anchors.py checks that on the corpus.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

with warnings.catch_warnings():  # the standard library's own regex parser (re._parser)
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_parse

LIMIT = 5000
"""Most spellings followed before a pattern is left unanchored (a blow-up is no anchor)."""
MAX_REPEAT = 6
MAX_RANGE = 64
_Item = tuple[Any, Any]


def anchors(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """The sets of words of which a match of `pattern` (made by `lexicon.frame`, so it
    matches whole tokens) holds one each: the tokens it can start with, and those it can
    end with, where each is a finite set."""
    if pattern.flags & ~re.UNICODE:
        return ()
    items = list(sre_parse.parse(pattern.pattern).data)
    found = (_walk(items, {""}, set(), backward=False),
             _walk(items[::-1], {""}, set(), backward=True))
    return tuple(frozenset(words) for words in found if words and "" not in words)


def _walk(items: Sequence[_Item], open_: set[str], done: set[str], *,
          backward: bool) -> set[str] | None:
    """The first tokens of `items` (the last ones, `backward`, with `items` in reverse)
    after the spellings `open_` (no space yet) and `done`."""
    for index, (op, av) in enumerate(items):
        if not open_:
            return done
        spellings = _spell(op, av)
        if spellings is not None:
            extended = _extend(open_, spellings, done, backward=backward)
            if extended is None:
                return None
            open_, done = extended
            continue
        rest = items[index + 1 :]
        if op is sre_parse.SUBPATTERN and not (av[1] or av[2]):
            return _walk([*_ordered(av[3].data, backward), *rest], open_, done,
                         backward=backward)
        if op is sre_parse.BRANCH:
            found = set(done)
            for branch in av[1]:
                heads = _walk([*_ordered(branch.data, backward), *rest], set(open_), set(),
                              backward=backward)
                if heads is None:
                    return None
                found |= heads
            return found
        starts, empty = _starts(op, av, backward=backward)
        if starts != {" "}:
            return None
        # A gap like `~8`: whatever it matches starts with a space, so it ends the token.
        if "" in open_:
            return None
        done = done | open_
        if not empty:
            return done
    return done | open_


def _ordered(items: Sequence[_Item], backward: bool) -> Sequence[_Item]:
    return items[::-1] if backward else items


def _extend(open_: set[str], spellings: Iterable[str], done: set[str], *,
            backward: bool) -> tuple[set[str], set[str]] | None:
    """Each open spelling followed (`backward`: preceded) by each of `spellings`; those now
    holding a space give their first (last) token."""
    pending: set[str] = set()
    done = set(done)
    for start in open_:
        for more in spellings:
            if backward:
                whole = more + start
                _, space, head = whole.rpartition(" ")
            else:
                whole = start + more
                head, space, _ = whole.partition(" ")
            if not space:
                pending.add(whole)
            elif not head:
                return None  # a match that starts with a space: no token to anchor on
            else:
                done.add(head)
            if len(pending) + len(done) > LIMIT:
                return None
    return pending, done


def _spell(op: Any, av: Any) -> list[str] | None:
    """Every string one node can match (lookarounds as ""), or None when not a small set."""
    if op is sre_parse.LITERAL:
        return [chr(av)]
    if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT):
        return [""]
    if op is sre_parse.IN:
        return _characters(av)
    if op is sre_parse.SUBPATTERN:
        return None if av[1] or av[2] else _spell_all(av[3].data)
    if op is sre_parse.BRANCH:
        union: list[str] = []
        for branch in av[1]:
            spelled = _spell_all(branch.data)
            if spelled is None or len(union) + len(spelled) > LIMIT:
                return None
            union.extend(spelled)
        return union
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        low, high, body = av
        once = _spell_all(body.data)
        if once is None or high > MAX_REPEAT:
            return None
        result: list[str] = []
        current = [""]
        for count in range(high + 1):
            if count >= low:
                result.extend(current)
            if count < high:
                current = [a + b for a in current for b in once]
            if len(result) + len(current) > LIMIT:
                return None
        return result
    return None


def _spell_all(items: Sequence[_Item]) -> list[str] | None:
    """Every string a sequence of nodes can match, or None."""
    spellings = [""]
    for op, av in items:
        spelled = _spell(op, av)
        if spelled is None or len(spellings) * len(spelled) > LIMIT:
            return None
        spellings = [a + b for a in spellings for b in spelled]
    return spellings


def _starts(op: Any, av: Any, *, backward: bool) -> tuple[set[str] | None, bool]:
    """The characters a node's match can start (`backward`: end) with, None for any, and
    whether it can be empty: enough to see that a gap (`~N`) starts with a space."""
    if op in (sre_parse.LITERAL, sre_parse.IN):
        spelled = _spell(op, av)
        return (set(spelled) if spelled is not None else None), False
    if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT):
        return set(), True
    if op is sre_parse.SUBPATTERN and not (av[1] or av[2]):
        return _starts_all(av[3].data, backward=backward)
    if op is sre_parse.BRANCH:
        union: set[str] = set()
        empty = False
        for branch in av[1]:
            starts, branch_empty = _starts_all(branch.data, backward=backward)
            if starts is None:
                return None, True
            union |= starts
            empty = empty or branch_empty
        return union, empty
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        starts, empty = _starts_all(av[2].data, backward=backward)
        return starts, empty or av[0] == 0
    return None, True


def _starts_all(items: Sequence[_Item], *,
                backward: bool) -> tuple[set[str] | None, bool]:
    union: set[str] = set()
    for op, av in _ordered(items, backward):
        starts, empty = _starts(op, av, backward=backward)
        if starts is None:
            return None, True
        union |= starts
        if not empty:
            return union, False
    return union, True


def _characters(members: Sequence[_Item]) -> list[str] | None:
    """The characters of a class like [.!?] or [a-c]; None for a negated or wide one."""
    chars: list[str] = []
    for op, av in members:
        if op is sre_parse.LITERAL:
            chars.append(chr(av))
        elif op is sre_parse.RANGE and av[1] - av[0] < MAX_RANGE:
            chars.extend(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None
    return chars
