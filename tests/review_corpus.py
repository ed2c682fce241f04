"""Score the draft review on a labelled corpus split (tests/corpus/review/<split>/, see its
FORMAT.md): shared by tests/test_review_corpus.py and benchmarks/review_quality.py.

Sentences are each placed in an otherwise good thank-you (which alone draws no finding):
a problem sentence is caught when the review raises any rule 2 or 3 finding, and caught
in the right category when the finding is the one for its label; an `ok` sentence is a
false alarm when it draws any finding at all. Whole notes are reviewed as their kind with
their context: a good note is a false alarm on any finding; a bad note's label is caught
when the finding for that label is among them.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bot.intent import learned
from bot.intent.learned import Backstop
from bot.models import DraftKind, Rejection
from bot.review import ReviewContext, review_with
from bot.review_intent import RULE_IDS

CORPUS = Path(__file__).parent / "corpus" / "review"
INTENT_RULES = frozenset(RULE_IDS.values())
BASE = """Subject: Thank you

Hi Jane,

Thank you for letting me know, and for the chance to interview for the Data Analyst role \
at Acme. I especially enjoyed our whiteboard session on the checkout funnel. {sentence}

Best,
Sam"""
BASE_REJECTION: dict[str, Any] = {
    "company": "Acme", "role": "Data Analyst", "interviewer": "Jane Smith",
    "memory": "our whiteboard session on the checkout funnel",
}


@dataclass
class Report:
    """What one split scored; counts keyed by label."""

    sentences: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    good_notes: int = 0
    good_note_alarms: list[str] = field(default_factory=list)
    bad_labels: Counter[str] = field(default_factory=Counter)
    bad_caught: Counter[str] = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)
    timings_ms: list[float] = field(default_factory=list)
    backstop: Backstop | None = None

    @property
    def problems(self) -> int:
        return sum(n for label, n in self.sentences.items() if label != "ok")

    @property
    def recall(self) -> float:
        caught = sum(n for label, n in self.caught.items() if label != "ok")
        return caught / self.problems if self.problems else 1.0

    @property
    def false_alarm_rate(self) -> float:
        total = self.sentences["ok"]
        return self.caught["ok"] / total if total else 0.0

    @property
    def note_recall(self) -> float:
        total = sum(self.bad_labels.values())
        return sum(self.bad_caught.values()) / total if total else 1.0


def splits() -> list[str]:
    """The corpus splits present: tune and train-* (the model was trained on them, one
    author each) and, once the lead adds it, heldout (by an author nothing was built from)."""
    return sorted(p.name for p in CORPUS.iterdir() if (p / "sentences.jsonl").exists())


def training_splits() -> list[str]:
    """The splits the learned backstop may be trained on: every one but the held-out."""
    return [split for split in splits() if split != "heldout"]


USE_SHIPPED = "shipped"


def evaluate(split: str, backstop: Backstop | str | None = USE_SHIPPED) -> Report:
    """Review every sentence (in the base thank-you) and every note of `split`, with the
    shipped backstop, another one, or none (the rules alone)."""
    model = learned.shipped() if backstop == USE_SHIPPED else backstop
    assert not isinstance(model, str)
    report = Report(backstop=model)
    base_context = ReviewContext(rejection=rejection(BASE_REJECTION))
    assert _timed(report, BASE.format(sentence=""), DraftKind.THANK_YOU, base_context) == ()
    for row in rows(split, "sentences.jsonl"):
        label = row["label"]
        text = BASE.format(sentence=row["text"])
        rules = {f.rule for f in _timed(report, text, DraftKind.THANK_YOU, base_context)}
        report.sentences[label] += 1
        flagged = bool(rules) if label == "ok" else bool(rules & INTENT_RULES)
        if flagged:
            report.caught[label] += 1
        if label != "ok" and RULE_IDS[label] in rules:
            report.right[label] += 1
        if flagged == (label == "ok"):
            report.missed.append(f"{label}: {row['text']}")
    for note in rows(split, "notes.jsonl"):
        _score_note(report, note)
    return report


def _score_note(report: Report, note: dict[str, Any]) -> None:
    kind = kind_of(note["kind"])
    context = ReviewContext(rejection=rejection(note.get("context") or {}))
    findings = _timed(report, note["text"], kind, context)
    rules = {f.rule for f in findings}
    labels = note["labels"]
    if not labels:
        report.good_notes += 1
        if findings:
            report.good_note_alarms.append(f"{note['id']}: {sorted(rules)}")
        return
    for label in labels:
        report.bad_labels[label] += 1
        wanted = {RULE_IDS[label]} | ({"feedback-not-first"} if label in ("feedback", "why")
                                      else set())
        if rules & wanted:
            report.bad_caught[label] += 1
        else:
            report.missed.append(f"note {note['id']} {label}")


def rejection(values: dict[str, Any]) -> Rejection:
    """A rejection carrying a corpus note's context (company, role, interviewer, memory)."""
    return Rejection(
        id=1, user_id=1, company=values.get("company") or "Acme",
        role=values.get("role") or "Analyst", interviewer=values.get("interviewer") or "Jane",
        rejected_on=date(2025, 1, 10), memory=values.get("memory"), interviewer_email=None,
        linkedin_url=None, compliment=None, created_at=datetime(2025, 1, 10, tzinfo=UTC))


def kind_of(value: str) -> DraftKind:
    """The kind a note names; a kind this build does not know yet is reviewed as a reply."""
    try:
        return DraftKind(value)
    except ValueError:
        return DraftKind.REPLY


def _timed(report: Report, text: str, kind: DraftKind, context: ReviewContext) -> tuple[Any, ...]:
    start = time.perf_counter()
    findings = review_with(text, kind=kind, context=context, backstop=report.backstop)
    report.timings_ms.append((time.perf_counter() - start) * 1000)
    return findings


def rows(split: str, name: str) -> list[dict[str, Any]]:
    """The JSON rows of one file of a split (none when the file is missing)."""
    path = CORPUS / split / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
