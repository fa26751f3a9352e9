"""Demo survey results, indicators, GP practices and their patient participation groups.

A telephone survey of residents like the police's "Feeling the Difference": about 1,100 Dudley respondents
a year over six years, with invented answers. Two real changes are built in: more people say the police work
hard to engage residents from three years ago, and fewer in Dudley and Netherton feel safe after dark in the
last two years. The results go in through the survey import, as a partner's file would. Made once: a second
run finds the survey and creates nothing.
"""

import csv
import os
import random
import tempfile
from datetime import date, timedelta

from engaging.surveys.importing import find_survey, import_survey
from engaging.surveys.models import Indicator, PatientParticipationGroup, Practice
from engaging.surveys.services import answers_of, save_indicator, save_practice

SURVEY = "Feeling the Difference (Dudley)"
YEARS = 6
PER_YEAR = 1100
ENGAGE = "The police in this area work hard to engage local residents"
SAFE = "How safe do you feel walking alone in your local area after dark?"
JOB = "How good a job are the police doing in this area?"
AGREE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know"]
SAFETY = ["Very safe", "Fairly safe", "A bit unsafe", "Very unsafe", "Don't know"]
RATING = ["Excellent", "Good", "Fair", "Poor", "Very poor", "Don't know"]
# A ward that shares its name with its locality cannot be named in a file: the demo leaves it out.
SHARED_NAME = "Brierley Hill"

# Practices: name, ODS code, ward, primary care network, list size, group status, members, last met (days ago).
PRACTICES = [
    ("Pensnett Road Surgery", "M99101", "Brockmoor and Pensnett", "Brierley Hill PCN", 8400, "active", 12, 40),
    ("Wordsley Green Medical Practice", "M99102", "Wordsley", "Brierley Hill PCN", 11200, "active_and_virtual", 18, 25),
    ("Kingswinford Family Practice", "M99103", "Kingswinford South", "Brierley Hill PCN", 6900, "forming", 4, None),
    ("Castle Hill Surgery", "M99104", "Castle and Priory", "Dudley and Netherton PCN", 9600, "virtual", 40, 60),
    ("Netherton Health Centre Practice", "M99105", "Netherton, Woodside and St Andrews", "Dudley and Netherton PCN",
     7300, "none", None, None),
    ("Quarry Bank Medical Centre", "M99106", "Quarry Bank and Dudley Wood", "Dudley and Netherton PCN", 5100,
     "none", None, None),
    ("Halesowen Abbey Practice", "M99107", "Halesowen North", "Halesowen PCN", 12800, "active", 15, 30),
    ("Belle Vale Surgery", "M99108", "Belle Vale", "Halesowen PCN", 6200, "active", 9, 80),
    ("Lye Valley Practice", "M99109", "Lye and Stourbridge North", "Stourbridge PCN", 10100, "active_and_virtual",
     22, 20),
    ("Norton Road Surgery", "M99110", "Norton", "Stourbridge PCN", 7700, "active", 11, 200),
    ("Sedgley Village Practice", "M99111", "Sedgley", "North Dudley PCN", 9000, "forming", 3, None),
    ("Gornal Wood Medical Centre", "M99112", "Gornal", "North Dudley PCN", 8800, "active", 10, 50),
]  # fmt: skip


def _chance_engaged(year_index: int) -> float:
    # Flat at first, then a real rise over the last three years (the neighbourhood teams' new meetings).
    return 0.52 if year_index < YEARS - 3 else 0.52 + 0.06 * (year_index - (YEARS - 4))


def _answer(rng: random.Random, positive_share: float, scale: list[str], positives: int) -> str:
    if rng.random() < 0.06:
        return scale[-1]  # don't know
    if rng.random() < 0.02:
        return ""  # not answered
    if rng.random() < positive_share:
        return scale[rng.randrange(positives)]
    return scale[rng.randrange(positives, len(scale) - 1)]


def write_results(path: str, wards: list[tuple[str, str]], today: date) -> None:
    """Invented respondents, about PER_YEAR a year for YEARS years up to the end of last year."""
    rng = random.Random(2014)
    first_year = today.year - YEARS
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["date", "area", "weight", ENGAGE, SAFE, JOB])
        for index in range(YEARS):
            start = date(first_year + index, 1, 1)
            for _ in range(PER_YEAR + rng.randrange(-40, 41)):
                ward, locality = rng.choice(wards)
                safe = 0.7 if locality == "Dudley and Netherton" and index >= YEARS - 2 else 0.8
                writer.writerow(
                    [
                        (start + timedelta(days=rng.randrange(365))).isoformat(),
                        ward,
                        f"{rng.choice([0.6, 0.8, 1.0, 1.0, 1.2, 1.5]):.2f}",
                        _answer(rng, _chance_engaged(index), AGREE, 2),
                        _answer(rng, safe, SAFETY, 2),
                        _answer(rng, 0.6, RATING, 2),
                    ]
                )


def _indicator(survey, name, text, positive, excluded, period, on_dashboard, user, higher_is_better=True):
    question = survey.questions.get(text=text)
    return save_indicator(
        name=name,
        survey=survey,
        question=question,
        positive_answers=answers_of(question, positive, "positive_answers"),
        excluded_answers=answers_of(question, excluded, "excluded_answers"),
        higher_is_better=higher_is_better,
        period=period,
        on_dashboard=on_dashboard,
        user=user,
    )


def load_survey(builder) -> None:
    if find_survey(SURVEY) is not None:
        return
    from engaging.demo import data

    wards = [(ward, locality) for locality, names in data.LOCALITIES.items() for ward in names if ward != SHARED_NAME]
    police = builder.organisations["police"]
    officer = builder.users.get("officer-police")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "feeling-the-difference-dudley.csv")
        write_results(path, wards, date.today())
        result = import_survey(
            path=path, filename=os.path.basename(path), survey_name=SURVEY, organisation=police, user=officer
        )
    if not result.ok:
        raise RuntimeError("The demo survey did not import: " + "; ".join(map(str, result.problems[:5])))
    survey = result.survey
    survey.description = "The police's telephone survey of residents, with results for Dudley borough."
    survey.save(update_fields=["description"])
    builder.result.created["survey respondents"] += result.created
    _indicator(survey, "Police work hard to engage local residents", ENGAGE, AGREE[:2], ["Don't know"],
               Indicator.Period.YEAR, True, officer)  # fmt: skip
    _indicator(survey, "Feel safe walking alone after dark", SAFE, SAFETY[:2], ["Don't know"],
               Indicator.Period.YEAR, True, officer)  # fmt: skip
    _indicator(survey, "Police doing a good or excellent job", JOB, RATING[:2], ["Don't know"],
               Indicator.Period.FINANCIAL_YEAR, False, officer)  # fmt: skip
    _indicator(survey, "Feel unsafe after dark (by quarter)", SAFE, SAFETY[2:4], ["Don't know"],
               Indicator.Period.QUARTER, False, officer, higher_is_better=False)  # fmt: skip
    builder.result.created["indicators"] += 4


def load_practices(builder) -> None:
    today = date.today()
    coordinator = builder.users.get("coordinator")
    for name, code, ward, network, patients, status, members, met in PRACTICES:
        if Practice.everything.filter(ods_code=code).exists():
            continue
        save_practice(
            ods_code=code,
            name=name,
            area=builder.areas[f"ward:{ward}"],
            primary_care_network=network,
            list_size=patients,
            group_status=status,
            members=members,
            last_met=today - timedelta(days=met) if met is not None else None,
            reviewed_on=today - timedelta(days=30) if status in PatientParticipationGroup.WORKING and members else None,
            agreed_actions="Review the appointment line's opening message with the practice manager."
            if status in PatientParticipationGroup.WORKING
            else "",
            user=coordinator,
        )
        builder.result.created["practices"] += 1


def load(builder) -> None:
    load_survey(builder)
    load_practices(builder)
