"""How well the draft review catches what a first note must not say, on the corpus splits.

    python benchmarks/review_quality.py [--split NAME] [--verbose] [--cv]

Without --split, every split present in tests/corpus/review (tune, train-a/b/c/d/f/g/h, and heldout
once the lead adds it); with it, that split alone. For each: recall per category and overall
on problem sentences (each placed in an otherwise good thank-you), the false-alarm rate on
`ok` sentences, false alarms on good whole notes, recall on bad whole notes per label, and
the review time per draft (median and p99). Targets: recall >= 95%, no false alarm on a good
note, a draft reviewed in under 20 ms. The learned backstop was trained on every split but
heldout, so only heldout's figures are out of sample; for what a new author gets, --cv
prints the leave-one-author-out table (rules alone, model alone, both, per category), which
refits the model per fold and so needs the dev-time training requirements listed at the top
of tools/train_review_model.py. The scoring lives in tests/review_corpus.py, shared with
tests/test_review_corpus.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from benchlib import report_target

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.review_corpus import Report, evaluate, splits

RECALL_TARGET = 0.95
TIME_TARGET_MS = 20.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", help=f"one of: {', '.join(splits())} (default: all)")
    parser.add_argument("--cv", action="store_true",
                        help="print the leave-one-author-out table (needs the training tools)")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    arguments = parser.parse_args()
    if arguments.cv:
        print_cross_validation()
        return
    split = arguments.split
    if split is not None and split not in splits():
        raise SystemExit(f"No split {split!r} in tests/corpus/review (have: {splits()}).")
    evaluate(splits()[0])  # warm up: the first review loads the model and compiles patterns
    for name in [split] if split else splits():
        print_report(name, evaluate(name), verbose=arguments.verbose)


def print_cross_validation() -> None:
    """Refit per author and print the table (tools/train_review_model.py does the work)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    try:
        import train_review_model  # type: ignore[import-not-found]
    except ImportError as error:
        raise SystemExit(f"--cv refits the model, which needs {error.name}: install the "
                         "dev-time requirements listed at the top of "
                         "tools/train_review_model.py and run this with that Python.") from None
    train_review_model.print_cv(train_review_model.cross_validate())


def print_report(split: str, report: Report, *, verbose: bool = False) -> None:
    """The figures, one per line, then the target lines."""
    print(f"split {split}: {report.problems} problem sentences, {report.sentences['ok']} ok, "
          f"{report.good_notes} good notes, {sum(report.bad_labels.values())} bad note labels")
    for label in sorted(report.sentences):
        if label == "ok":
            continue
        total = report.sentences[label]
        print(f"  recall {label:<11} {report.caught[label]:>3}/{total:<3} "
              f"{report.caught[label] / total:6.1%}   right category "
              f"{report.right[label] / total:6.1%}")
    print(f"  recall overall     {report.recall:6.1%}")
    print(f"  false alarms on ok sentences: {report.caught['ok']}/{report.sentences['ok']} "
          f"({report.false_alarm_rate:.1%})")
    print(f"  false alarms on good notes: {len(report.good_note_alarms)}/{report.good_notes}")
    for alarm in report.good_note_alarms:
        print(f"    {alarm}")
    for label in sorted(report.bad_labels):
        print(f"  bad notes {label:<11} {report.bad_caught[label]}/{report.bad_labels[label]}")
    print(f"  bad notes overall {report.note_recall:6.1%}")
    times = sorted(report.timings_ms)
    median, p99 = statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"  review time per draft: median {median:.2f} ms, p99 {p99:.2f} ms "
          f"({len(times)} drafts)")
    if verbose:
        for line in report.missed:
            print(f"  missed or false alarm: {line}")
    report_target(f"recall >= {RECALL_TARGET:.0%}", report.recall >= RECALL_TARGET,
                  f"{report.recall:.1%}")
    report_target("no false alarm on a good note", not report.good_note_alarms,
                  f"{len(report.good_note_alarms)}")
    report_target(f"p99 review < {TIME_TARGET_MS:.0f} ms", p99 < TIME_TARGET_MS,
                  f"{p99:.2f} ms")


if __name__ == "__main__":
    main()
