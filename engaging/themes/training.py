"""Training a framework's classifier, keeping it, and reading coded files for it."""

from __future__ import annotations

import csv
import io
import pickle
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold

from engaging.themes import frameworks
from engaging.themes.model import SENTIMENTS, RulesModel, ThemeModel, ThemeSpec
from engaging.themes.models import Framework, TrainingRun

# Fewer coded comments than this cannot be cross-validated or learned from usefully.
MIN_COMMENTS = 10
YES = {"1", "1.0", "yes", "y", "true", "x"}
NO = {"", "0", "0.0", "no", "n", "false"}
# Ratings of 1 (very positive) to 5 (very negative), as the Friends and Family Test codes them.
RATED = {"1": "positive", "2": "positive", "3": "mixed", "4": "negative", "5": "negative"}


class CodedFileError(ValueError):
    """A file that cannot be read or used, with a message that says what to change."""


@dataclass
class Coded:
    texts: list[str]
    Y: np.ndarray
    sentiments: list[str | None]
    themes: list[str]


def read_rows(data: bytes, *, text_column: str, filename: str = "the file") -> tuple[list[str], list[dict]]:
    """The header and rows of a CSV file (UTF-8, with or without a byte-order mark), checked for the text column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CodedFileError(f"{filename} is not a UTF-8 CSV file: save it as “CSV UTF-8” and try again.") from error
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = list(reader.fieldnames or [])
        rows = list(reader)
    except csv.Error as error:
        raise CodedFileError(f"{filename} could not be read as CSV: {error}.") from error
    if not header:
        raise CodedFileError(f"{filename} is empty: it needs a header row and one row per comment.")
    if text_column not in header:
        raise CodedFileError(
            f"{filename} has no column “{text_column}”. Its columns are: {', '.join(header)}. "
            "Name the column of comments with --text-column."
        )
    return header, rows


def read_coded(data: bytes, *, framework: Framework, text_column: str, filename: str = "the file") -> Coded:
    """Coded comments: a text column and one 1/0 column per theme, headed with the theme's exact name.

    Themes with no column are taken as never coded (the framework's "Labelling not possible" often is
    left out); other columns are ignored, except an optional `sentiment` column (positive, neutral,
    negative, mixed, or a 1–5 rating). Rows with empty text are skipped.
    """
    header, rows = read_rows(data, text_column=text_column, filename=filename)
    names = [spec.name for spec in frameworks.specs(framework)]
    present = [name for name in names if name in header]
    if not present:
        raise CodedFileError(
            f"{filename} has no column named after a theme of {framework.name}. "
            f"Head each theme's column with its exact name, for example “{names[0]}”."
        )
    texts, matrix, sentiments = [], [], []
    for number, row in enumerate(rows, start=2):
        text = (row.get(text_column) or "").strip()
        if not text:
            continue
        marks = []
        for name in names:
            value = (row.get(name) or "").strip().lower() if name in present else ""
            if value in YES:
                marks.append(1)
            elif value in NO:
                marks.append(0)
            else:
                raise CodedFileError(
                    f"Row {number} of {filename}: “{row.get(name)}” in the column “{name}” should be 1 or 0 (or blank)."
                )
        mood = (row.get("sentiment") or "").strip().lower()
        texts.append(text)
        matrix.append(marks)
        sentiments.append(mood if mood in SENTIMENTS else RATED.get(mood))
    if len(texts) < MIN_COMMENTS:
        raise CodedFileError(f"{filename} has {len(texts)} comments with text: at least {MIN_COMMENTS} are needed.")
    Y = np.array(matrix, dtype=np.int8)
    if not Y.any():
        raise CodedFileError(f"No comment in {filename} is coded with a theme: mark the themes that apply with 1.")
    return Coded(texts, Y, sentiments, names)


def cross_validate(coded: Coded, specs: list[ThemeSpec], *, folds: int = 5) -> tuple[float, float]:
    """Macro-F1 (over themes coded at least once) and micro-F1, by cross-validation over the coded comments."""
    n = len(coded.texts)
    folds = max(2, min(folds, n // 5))
    predicted = np.zeros_like(coded.Y)
    for train, test in KFold(folds, shuffle=True, random_state=0).split(np.arange(n)):
        model = ThemeModel(specs).fit([coded.texts[i] for i in train], coded.Y[train])
        predicted[test] = model.classify([coded.texts[i] for i in test])[0]
    present = np.where(coded.Y.sum(axis=0) > 0)[0]
    macro = f1_score(coded.Y[:, present], predicted[:, present], average="macro", zero_division=0)
    micro = f1_score(coded.Y, predicted, average="micro", zero_division=0)
    return float(macro), float(micro)


def train(
    *,
    framework: Framework,
    coded: Coded,
    source: str,
    run: TrainingRun | None = None,
    evaluate: bool = True,
    progress: Callable[[int, str], None] | None = None,
) -> TrainingRun:
    """Cross-validate (when asked), train on every coded comment, and keep the model as the framework's newest."""
    specs = frameworks.specs(framework)
    run = run or TrainingRun.objects.create(framework=framework, source=source)
    say = progress or (lambda percent, step: None)
    TrainingRun.objects.filter(pk=run.pk).update(state=TrainingRun.State.RUNNING, comment_count=len(coded.texts))
    macro = micro = None
    if evaluate:
        say(5, "Checking how well it does on comments it has not seen")
        # Three folds for large files keep training within minutes; five for the rest.
        macro, micro = cross_validate(coded, specs, folds=5 if len(coded.texts) <= 10000 else 3)
    say(70, "Learning from every coded comment")
    model = ThemeModel(specs).fit(coded.texts, coded.Y, coded.sentiments)
    with transaction.atomic():
        TrainingRun.objects.filter(pk=run.pk).update(
            state=TrainingRun.State.DONE,
            progress=100,
            step="Trained",
            macro_f1=macro,
            micro_f1=micro,
            data=pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL),
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


# Keyed by the run and when it finished: a database restored or rolled back can give a new run an old id.
_loaded: dict[tuple[int, object], ThemeModel] = {}


def current_model(framework: Framework) -> ThemeModel | None:
    """The framework's newest trained classifier, kept in the process once loaded; None if never trained."""
    run = (
        TrainingRun.objects.filter(framework=framework, state=TrainingRun.State.DONE)
        .order_by("-finished_at", "-pk")
        .only("pk", "finished_at")
        .first()
    )
    if run is None:
        return None
    key = (run.pk, run.finished_at)
    if key not in _loaded:
        data = TrainingRun.objects.filter(pk=run.pk).values_list("data", flat=True).get()
        # Only the hub's own training writes this field, so unpickling it is safe.
        _loaded.clear()
        _loaded[key] = pickle.loads(bytes(data))  # noqa: S301
    model = _loaded[key]
    names = [spec.name for spec in frameworks.specs(framework)]
    # A theme added or renamed since it was trained makes it out of date: train again first.
    return model if model.names == names else None


def suggester(framework: Framework) -> ThemeModel | RulesModel:
    """What suggests the framework's themes: its trained model, or its keyword rules until one is trained."""
    return current_model(framework) or RulesModel(frameworks.specs(framework))
