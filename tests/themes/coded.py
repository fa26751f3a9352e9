"""Small made-up coded comments for the theme tests: enough words per theme for a classifier to learn them."""

import csv
import random

TRANSPORT = "Transport to/ from services"
TIMELY = "Timeliness of care"
MANNER = "Staff manner & personal attributes"
PARKING = "Parking"

PHRASES = {
    TRANSPORT: ["the ambulance driver took me home", "transport picked me up", "the taxi to the clinic"],
    TIMELY: ["I waited three hours", "it was very late arriving", "a long delay before anyone came"],
    MANNER: ["the staff were kind and friendly", "a very polite and caring nurse", "the crew were rude to me"],
}
FILLERS = ["today", "last week", "on Monday", "for my mum", "again", "this time"]


def coded_rows(count: int = 90, seed: int = 3) -> list[dict]:
    """Comments made of one or two themes' phrases, with the themes they were made from marked 1."""
    rng = random.Random(seed)
    themes = list(PHRASES)
    rows = []
    for i in range(count):
        chosen = rng.sample(themes, 1 if i % 3 else 2)
        text = " and ".join(rng.choice(PHRASES[t]) for t in chosen) + " " + rng.choice(FILLERS)
        rows.append({"text": text, **{t: "1" if t in chosen else "" for t in themes}, "sentiment": ""})
    return rows


def write_csv(path, rows: list[dict], header: list[str] | None = None) -> None:
    header = header or list(rows[0])
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
