"""How long the plain-language checker takes over a 5,000-word board report.

    .venv/bin/python bench/plain_checker.py [words]

Prints the time of the first check in a fresh process (which includes loading textstat's
pronunciation dictionary, about half a second, once per process) and of later checks of
new text (the usual case for a running hub). Needs no database.
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engaging.plain.checker import check, default_glossary  # noqa: E402

OPENINGS = [
    "The Integrated Care Board (ICB) has agreed",
    "Going forward, system partners will",
    "It was decided by the Health and Wellbeing Board that",
    "Residents told us",
    "The JSNA shows",
    "We want to",
    "Stakeholders across the place-based footprint were asked",
    "The council and Healthwatch will",
    "Following the consultation, the commissioning intentions for primary care were reviewed, and",
    "In order to mitigate the risk,",
]
MIDDLES = [
    "that the pathway for people leaving hospital should be simpler",
    "how to reduce health inequalities in the wards with the highest deprivation",
    "to leverage the wider determinants of health through social prescribing and asset-based approaches",
    "what would make it easier for carers to take part",
    "to co-produce a new domiciliary care and reablement offer with people who use it",
    "that the KPI for waiting times was not met in three of the four localities",
    "how the VCSE sector can be supported through capacity building and a holistic outcomes framework",
    "that young people want services they can reach by bus after school",
]
ENDINGS = [
    "by the end of March.",
    "and will report back to the board in the autumn.",
    "so that fewer people are asked the same questions twice.",
    "as part of the system leadership programme.",
    "with the support of the PCN and the acute trust.",
    ".",
]


def report(words: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    count = 0
    while count < words:
        sentence = f"{rng.choice(OPENINGS)} {rng.choice(MIDDLES)} {rng.choice(ENDINGS)}".replace(" .", ".")
        parts.append(sentence)
        count += len(sentence.split())
        if rng.random() < 0.15:
            parts.append("\n\n")
    return " ".join(parts)


def main() -> None:
    words = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    texts = [report(words, seed) for seed in range(1, 7)]

    started = time.perf_counter()
    default_glossary()
    glossary_ms = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    result = check(texts[0])
    cold_ms = (time.perf_counter() - started) * 1000

    warm = []
    for text in texts[1:]:
        started = time.perf_counter()
        check(text)
        warm.append((time.perf_counter() - started) * 1000)

    print(f"text: {result.word_count:,} words, {result.sentence_count:,} sentences, {len(result.issues):,} issues")
    print(f"glossary: {len(default_glossary())} terms compiled in {glossary_ms:.0f} ms (once per process)")
    print(f"first check in a fresh process: {cold_ms:.0f} ms (includes loading the pronunciation dictionary)")
    print(f"later checks of new text: best {min(warm):.0f} ms, worst {max(warm):.0f} ms, over {len(warm)} reports")


if __name__ == "__main__":
    main()
