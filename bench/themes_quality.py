"""How well the theme classifier does, and how fast, on the shared coded patient comments.

    .venv/bin/python bench/themes_quality.py [--data ../shared/data/patient-feedback] [--quick]
        [--variants] [--build-training-file coded.csv]

Reports macro- and micro-F1 (macro over the themes that occur in the pooled predictions of all
scored parts, and also each part's own macro averaged) for:
(a) 5-fold cross-validation of the North East Ambulance Service comments (v7 themes, the v6 → v7
mapping in the data's README); (b) leave-one-organisation-out on the phase-1 comments (three
trusts, 9 themes, one each): trained on two trusts, scored on the third; (c) across services within
NEAS: trained on two of patient transport, see-and-convey and 111, scored on the third. Then
comments classified a second on one core, and the time to train on 20,000 comments. Sentiment is
scored too (accuracy on positive / negative / neutral-or-mixed, where the comment was rated).

--variants also measures what each part of the classifier adds, on (b) and (c).
--build-training-file writes NEAS as a file for `manage.py themes train` (text and v7 columns).
Needs no database. The data stays where it is; nothing is copied.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import KFold  # noqa: E402

from engaging.themes import nhs_framework  # noqa: E402
from engaging.themes.model import ThemeModel, ThemeSpec  # noqa: E402
from engaging.themes.sentiment import sentiment_of  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "patient-feedback"

V7 = [name for _, name, _, _ in nhs_framework.THEMES if name != "Labelling not possible"]
V6_TO_V7 = {
    "Number & deployment of staff": "Staffing levels & responsiveness",
    "Staff responsiveness": "Staffing levels & responsiveness",
    "Staff continuity": "Continuity of care",
    "Referals & continuity of care": "Continuity of care",
    "Diagnosis & triage": "Continuity of care",
    "Care plans": "Continuity of care",
    "Environment & Facilities": "Environment, facilities & equipment",
    "Provision of medical equipment": "Environment, facilities & equipment",
}
SKIP_TEXTS = {"", "did not answer", "not answered", "n/a"}


def framework_specs(names: list[str]) -> list[ThemeSpec]:
    """The built-in framework's themes, in the order of names."""
    by_name = {name: ThemeSpec(name, definition, keywords) for _, name, definition, keywords in nhs_framework.THEMES}
    return [by_name.get(name, ThemeSpec(name)) for name in names]


def load_neas(folder: Path):
    """NEAS comments with v7 themes: texts, Y, sentiments, services. Leaves out unlabellable and empty ones."""
    texts, rows, sentiments, services = [], [], [], []
    with open(folder / "fft-comments-neas.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        v6 = reader.fieldnames[reader.fieldnames.index("Not assigned") :]
        for row in reader:
            text = (row["FFT answer"] or "").strip()
            marked = {c for c in v6 if (row[c] or "").strip() == "1"}
            if text.lower() in SKIP_TEXTS or not marked or "Labelling not possible" in marked:
                continue
            themes = {V6_TO_V7.get(c, c) for c in marked}
            texts.append(text)
            rows.append([1 if name in themes else 0 for name in V7])
            rating = (row["Comment sentiment"] or "").strip()
            sentiments.append(
                {"1": "positive", "2": "positive", "3": "mixed", "4": "negative", "5": "negative"}.get(rating)
            )
            services.append(row["Service type 1"].replace("\xa0", " ").split(" - ")[0].strip())
    return texts, np.array(rows, dtype=np.int8), sentiments, services


def load_phase1(folder: Path):
    """Phase-1 comments: texts, Y over its 9 themes, theme names, organisations, sentiments."""
    with open(folder / "phase1-comments.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if (r["feedback"] or "").strip().lower() not in SKIP_TEXTS]
    labels = sorted({r["label"] for r in rows})
    Y = np.array([[1 if r["label"] == name else 0 for name in labels] for r in rows], dtype=np.int8)

    def mood(value):
        c = int(value) if value.lstrip("-").isdigit() else None
        return None if c is None else ("positive" if c > 0 else "negative" if c < 0 else "neutral")

    return (
        [r["feedback"] for r in rows],
        Y,
        labels,
        [r["organization"] for r in rows],
        [mood(r["criticality"]) for r in rows],
    )


def scores(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """Macro-F1 over the themes that occur in truth, and micro-F1 over all."""
    present = np.where(truth.sum(axis=0) > 0)[0]
    macro = f1_score(truth[:, present], predicted[:, present], average="macro", zero_division=0)
    micro = f1_score(truth, predicted, average="micro", zero_division=0)
    return float(macro), float(micro)


def sentiment_accuracy(truth: list, predicted: list) -> float | None:
    """Share right on three classes: positive, negative, and neutral-or-mixed together."""
    fold = {"mixed": "other", "neutral": "other"}
    pairs = [(fold.get(t, t), fold.get(p, p)) for t, p in zip(truth, predicted, strict=True) if t]
    return sum(t == p for t, p in pairs) / len(pairs) if pairs else None


def evaluate(splits, texts, Y, specs, sentiments=None, **options):
    """Train and score on each (train, test) split; pooled predictions give one macro and micro."""
    truth, predicted, moods, said = [], [], [], []
    for train, test in splits:
        model = ThemeModel(specs, **options)
        model.fit([texts[i] for i in train], Y[train], [sentiments[i] for i in train] if sentiments else None)
        chosen, _, mood = model.classify([texts[i] for i in test])
        truth.append(Y[test])
        predicted.append(chosen)
        said += mood
        moods += [sentiments[i] for i in test] if sentiments else [None] * len(test)
    per_split = [scores(t, p) for t, p in zip(truth, predicted, strict=True)]
    pooled = scores(np.vstack(truth), np.vstack(predicted))
    return pooled, per_split, sentiment_accuracy(moods, said)


def fold_mean_macro(per_split) -> float:
    """The other common reading of macro-F1: each scored part's own macro (over the themes that occur in it),
    averaged. Higher than the pooled figure when rare themes are missing from some parts."""
    return float(np.mean([macro for macro, _ in per_split]))


def groups_out(groups: list[str]):
    """One split per group: trained on all the others, scored on it."""
    names = sorted(set(groups))
    index = np.arange(len(groups))
    g = np.array(groups)
    return names, [(index[g != name], index[g == name]) for name in names]


def line(label, pooled, per_split=None, names=None, mood=None):
    text = f"{label:<46} macro-F1 {pooled[0]:.3f}  micro-F1 {pooled[1]:.3f}"
    if per_split and names:
        text += "  (" + "; ".join(f"{n}: {m:.2f}/{u:.2f}" for n, (m, u) in zip(names, per_split, strict=True)) + ")"
    if mood is not None:
        text += f"  sentiment {mood:.2f}"
    print(text, flush=True)


def speed(texts, Y, specs):
    """Comments classified a second on one core, and seconds to train on 20,000 comments."""
    model = ThemeModel(specs).fit(texts, Y)
    sample = (texts * (20000 // len(texts) + 1))[:20000]
    # Processor time of this process alone: other work on the machine does not count against it.
    start = time.process_time()
    model.classify(sample)
    per_second = len(sample) / (time.process_time() - start)
    big = (texts * (20000 // len(texts) + 1))[:20000]
    # Repeats would be easy to learn; vary them a little so the vocabulary is not just the same.
    big = [t if i < len(texts) else f"{t} ({i % 97})" for i, t in enumerate(big)]
    bigY = np.vstack([Y] * (20000 // len(texts) + 1))[:20000]
    start, cpu = time.perf_counter(), time.process_time()
    ThemeModel(specs).fit(big, bigY)
    return per_second, time.perf_counter() - start, time.process_time() - cpu


def build_training_file(folder: Path, out: Path) -> None:
    texts, Y, sentiments, _ = load_neas(folder)
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", *V7, "sentiment"])
        for text, row, mood in zip(texts, Y, sentiments, strict=True):
            writer.writerow([text, *row, mood or ""])
    print(f"Wrote {len(texts)} coded comments to {out}")


VARIANTS = {
    "as shipped": {},
    "every cut-off at the boundary (0.5)": {"inner_folds": 0},
    "cut-offs tuned by inner cross-validation, not moved towards 0.5": {"shrink": 1.0},
    "no character n-grams": {"use_chars": False},
    "no definitions as training text": {"use_definitions": False},
    "no keyword rules for rare themes": {"use_keywords": False},
    "no best-theme fallback": {"use_fallback": False},
    "fully balanced class weights": {"class_weights": "balanced"},
    "C=1": {"C": 1.0},
    "C=16": {"C": 16.0},
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="the folder of the coded comments")
    parser.add_argument("--quick", action="store_true", help="skip the speed figures")
    parser.add_argument("--parts", default="abc", help="which of (a), (b) and (c) to measure, e.g. bc")
    parser.add_argument("--variants", action="store_true", help="measure what each part of the classifier adds")
    parser.add_argument("--build-training-file", metavar="CSV", help="write NEAS as a training file and stop")
    args = parser.parse_args(argv)
    folder = Path(args.data)
    if not (folder / "fft-comments-neas.csv").exists():
        print(f"No coded comments in {folder}: pass --data with the folder of the shared data.", file=sys.stderr)
        return 2
    if args.build_training_file:
        build_training_file(folder, Path(args.build_training_file))
        return 0

    texts, Y, sentiments, services = load_neas(folder)
    specs = framework_specs(V7)
    p_texts, p_Y, p_labels, orgs, p_moods = load_phase1(folder)
    p_specs = [ThemeSpec(name) for name in p_labels]
    print(f"NEAS: {len(texts)} coded comments, {int(Y.sum())} themes marked")
    print(f"Phase-1: {len(p_texts)} comments, {len(p_labels)} themes")

    variants = VARIANTS if args.variants else {"as shipped": {}}
    for name, options in variants.items():
        print(f"-- {name}")
        if "a" in args.parts:
            folds = list(KFold(5, shuffle=True, random_state=1).split(texts))
            pooled, per, _ = evaluate(folds, texts, Y, specs, sentiments, **options)
            line("(a) NEAS, 5-fold cross-validation", pooled)
            print(f"    macro-F1 of each fold, averaged: {fold_mean_macro(per):.3f}")
        if "b" in args.parts:
            names, splits = groups_out(orgs)
            pooled, per, mood = evaluate(splits, p_texts, p_Y, p_specs, p_moods, **options)
            line("(b) phase-1, leave one organisation out", pooled, per, names, mood)
            print(f"    macro-F1 of each trust, averaged: {fold_mean_macro(per):.3f}")
        if "c" in args.parts:
            names, splits = groups_out(services)
            pooled, per, mood = evaluate(splits, texts, Y, specs, sentiments, **options)
            line("(c) NEAS, leave one service out", pooled, per, names, mood)
            print(f"    macro-F1 of each service, averaged: {fold_mean_macro(per):.3f}")
    words_only = [sentiment_of(t) for t in texts]
    print(
        f"Sentiment from words alone (no coded sentiment): NEAS {sentiment_accuracy(sentiments, words_only):.2f}, "
        f"phase-1 {sentiment_accuracy(p_moods, [sentiment_of(t) for t in p_texts]):.2f}"
    )

    if not args.quick:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        per_second, seconds, cpu = speed(texts, Y, specs)
        print(
            f"Classified {per_second:,.0f} comments a second on one core (processor time); "
            f"trained on 20,000 comments in {seconds:.0f} s ({cpu:.0f} s of processor time)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
