"""The `themes train` and `themes classify` commands, on small made-up files."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from engaging.themes.models import Framework, Theme, TrainingRun
from tests.themes.coded import MANNER, PARKING, TIMELY, TRANSPORT, coded_rows, write_csv

pytestmark = pytest.mark.django_db
KEY = "nhs-patient-experience"


def run(*args) -> str:
    out = StringIO()
    call_command("themes", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def trained(tmp_path):
    path = tmp_path / "coded.csv"
    write_csv(path, coded_rows())
    return run("train", "--framework", KEY, "--input", str(path))


def test_the_built_in_framework_has_its_32_themes_in_10_categories():
    framework = Framework.objects.get(key=KEY)
    themes = Theme.objects.filter(framework=framework)
    assert themes.count() == 32
    assert len(set(themes.values_list("category", flat=True))) == 10
    assert themes.filter(name="Being kept informed, clarity & consistency of information").exists()
    assert all(t.definition for t in themes)


def test_train_prints_cross_validated_scores_and_keeps_the_model(trained):
    macro = float(trained.split("macro-F1: ")[1].split()[0])
    micro = float(trained.split("micro-F1: ")[1].split()[0])
    # The made-up themes are easy to tell apart: a working classifier gets nearly all of them.
    assert macro > 0.8 and micro > 0.8
    run_ = TrainingRun.objects.get()
    assert run_.state == TrainingRun.State.DONE and run_.comment_count == 90 and run_.data


def test_classify_keeps_every_column_in_order_then_themes_then_sentiment(trained, tmp_path):
    source = tmp_path / "comments.csv"
    rows = [
        {"id": "7", "text": "the ambulance driver took me home", "ward": "North"},
        {"id": "3", "text": "I waited three hours, it was awful", "ward": "South"},
        {"id": "9", "text": "", "ward": "East"},
        {"id": "1", "text": "Could not find anywhere for parking", "ward": "West"},
    ]
    write_csv(source, rows)
    out = tmp_path / "out.csv"
    run("classify", "--framework", KEY, "--input", str(source), "--output", str(out))
    with open(out, encoding="utf-8") as f:
        result = list(csv.reader(f))
    names = list(Theme.objects.filter(framework__key=KEY).values_list("name", flat=True))
    assert result[0] == ["id", "text", "ward", *names, "sentiment"]
    assert [r[0] for r in result[1:]] == ["7", "3", "9", "1"]
    by_id = {r[0]: dict(zip(result[0], r, strict=True)) for r in result[1:]}
    assert by_id["7"][TRANSPORT] == "1" and by_id["7"][MANNER] == "0"
    assert by_id["3"][TIMELY] == "1" and by_id["3"]["sentiment"] == "negative"
    assert all(by_id["9"][name] == "0" for name in names)
    # Parking was never coded, but its keyword still finds it.
    assert by_id["1"][PARKING] == "1"
    assert all(by_id[i][name] in {"0", "1"} for i in by_id for name in names)


def test_classify_with_another_text_column(trained, tmp_path):
    source = tmp_path / "comments.csv"
    write_csv(source, [{"comment": "the crew were rude to me"}])
    out = tmp_path / "out.csv"
    run("classify", "--framework", KEY, "--input", str(source), "--output", str(out), "--text-column", "comment")
    with open(out, encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    assert row[MANNER] == "1" and row["comment"] == "the crew were rude to me"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("words,other\nhello,1\n", "has no column “text”"),
        ("", "is empty"),
        (b"\xff\xfe\x00bad".decode("latin-1"), "not a UTF-8 CSV file"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(CommandError, match=message):
        run("train", "--framework", KEY, "--input", str(path))
    assert not TrainingRun.objects.exists()


def test_a_coded_file_without_theme_columns_names_what_to_do(tmp_path):
    path = tmp_path / "coded.csv"
    write_csv(path, [{"text": f"comment {i}", "Waiting": "1"} for i in range(20)])
    with pytest.raises(CommandError, match="no column named after a theme"):
        run("train", "--framework", KEY, "--input", str(path))


def test_a_bad_mark_names_its_row_and_column(tmp_path):
    rows = coded_rows(20)
    rows[4][TIMELY] = "maybe"
    path = tmp_path / "coded.csv"
    write_csv(path, rows)
    with pytest.raises(CommandError, match=f"Row 6 of coded.csv: “maybe” in the column “{TIMELY}”"):
        run("train", "--framework", KEY, "--input", str(path))


def test_unknown_framework_missing_file_and_untrained_model(tmp_path):
    with pytest.raises(CommandError, match="no framework with the key “nope”"):
        run("train", "--framework", "nope", "--input", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="Could not read"):
        run("train", "--framework", KEY, "--input", str(tmp_path / "missing.csv"))
    path = tmp_path / "comments.csv"
    write_csv(path, [{"text": "hello"}])
    with pytest.raises(CommandError, match="has no trained model yet"):
        run("classify", "--framework", KEY, "--input", str(path), "--output", str(tmp_path / "o.csv"))
    assert not (tmp_path / "o.csv").exists()


def test_a_missing_text_column_in_classify_writes_nothing(trained, tmp_path):
    path = tmp_path / "comments.csv"
    write_csv(path, [{"words": "hello"}])
    with pytest.raises(CommandError, match="has no column “text”"):
        run("classify", "--framework", KEY, "--input", str(path), "--output", str(tmp_path / "o.csv"))
    assert not (tmp_path / "o.csv").exists()


def test_import_adds_comments_to_the_hub_and_suggests_themes(trained, tmp_path):
    from engaging.themes.models import Comment

    path = tmp_path / "comments.csv"
    write_csv(path, [{"comment": "the taxi to the clinic"}, {"comment": ""}, {"comment": "a very polite nurse"}])
    out = run("import", "--framework", KEY, "--input", str(path), "--text-column", "comment")
    assert "Added 2 comments" in out and "2 given suggested themes" in out
    assert set(Comment.objects.values_list("source", flat=True)) == {"import"}
    assert Comment.objects.get(text="the taxi to the clinic").themes.filter(name=TRANSPORT).exists()
