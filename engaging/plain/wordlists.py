"""Word lists the plain-language checker needs. Pure Python: no Django."""

from functools import lru_cache

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "eg ie etc vs approx dr mr mrs ms mx prof st no nos cllr rev hon ref tel ext dept govt inc ltd co cf fig".split()
)

# Acronyms people know without being told what they stand for (GOV.UK's own examples and a few more),
# and the health services residents name themselves: never flagged, even when the glossary explains them.
WELL_KNOWN_ACRONYMS = frozenset(
    """UK US USA EU UN NHS VAT MP MPs BBC ITV OK TV DVD CD ID PIN PDF FAQ FAQs COVID AM PM GP GPs CEO DIY IT ATM
    SMS URL WHO MBE OBE GCSE GCSEs PS NB ASAP RSVP DVLA HMRC PE A&E 111 999 ADHD HIV AIDS MRI""".split()
)

# Health words residents use of themselves and their families: not jargon, not uncommon, whatever a list says.
RESIDENTS_WORDS = frozenset(
    """diabetes diabetic dementia asthma arthritis cancer stroke epilepsy autism autistic depression anxiety
    stress flu covid vaccine vaccines vaccination vaccinations jab jabs booster prescription prescriptions
    pharmacy pharmacies pharmacist chemist dentist optician opticians midwife midwives physio physiotherapy
    hospital outpatients outpatient carer carers hearing eyesight wheelchair menopause pregnancy discharge
    discharged referral referrals
    """.split()
)

# Past participles that do not end in -ed.
IRREGULAR_PARTICIPLES = frozenset(
    """arisen awoken been borne beaten become begun bent bet bid bitten blown broken brought built burnt
    bought caught chosen come cost crept cut dealt done drawn dreamt driven drunk eaten fallen fed felt fought
    found fled flown forbidden forgotten forgiven frozen gotten given gone ground grown hung heard hidden
    hit held hurt kept knelt known laid led leant learnt left lent let lain lit made meant met mistaken
    overcome overseen overtaken paid proven put quit read rebuilt redone rethought rewritten rid ridden rung risen
    run said seen sought sold sent set sewn shaken shed shone shot shown shrunk shut sung sunk sat slept slid
    spoken sped spent spilt spun split spread sprung stood stolen stuck stung struck sworn swept swum swung taken
    taught torn told thought thrown understood undertaken upheld woken worn woven won withdrawn written
    """.split()
)

# Words ending in -ed that are not past participles, or after “to be” are nearly always describing words.
NOT_PARTICIPLES = frozenset(
    """bed red shed hundred sacred naked wicked rugged ragged kindred indeed need speed seed feed deed weed greed
    breed bleed steed embed exceed proceed succeed wed shred sled bred fled led fed
    interested tired worried excited pleased delighted concerned bored scared married retired qualified
    experienced skilled talented aged based located disabled supposed used determined committed dedicated advanced
    limited detailed complicated sophisticated crowded isolated unemployed self-employed closed related
    """.split()
)

# Words in everyday use that readers of any age know: never uncommon. Some are here because the
# frequency list, counted mostly from American text, meets British words less often than people here do.
EVERYDAY_WORDS = frozenset(
    """community communities information activity activities everybody anybody available usually actually
    celebration celebrations conversation conversations education opportunity opportunities university television
    comfortable uncomfortable difficulty difficulties experience experiences dictionary organisation organisations
    organization organizations particular necessary ordinary immediately generally definitely absolutely
    application applications disability disabilities accessibility society variety security ability abilities
    equality emergency emergencies alternative environment relationship relationships volunteering vaccination
    vaccinations accessible consultation consultations unfortunately especially interesting everyone priority priorities
    category categories
    crèche creche jobcentre foodbank foodbanks playgroup playgroups nappies cuppa minibus pram prams allotment
    allotments natter leavers wardens publicise dietitian dietitians toddler toddlers lollipop takeaway takeaways
    council councillor councillors ward wards drop-in resurface resurfaced resurfacing
    """.split()
)


@lru_cache(maxsize=100_000)
def frequency(word: str) -> float:
    """How often a lower-case word is used in English, on wordfreq's Zipf scale (0 to about 8); the list
    ships inside the wordfreq package, so nothing is downloaded."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    """textstat's list of about 3,000 words most readers know (from the Dale–Chall list)."""
    from importlib.resources import files

    path = files("textstat") / "resources" / "en" / "easy_words.txt"
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def is_residents_word(term: str) -> bool:
    """Whether residents know a word or acronym well enough that the checker never flags it."""
    return term in WELL_KNOWN_ACRONYMS or term.lower() in RESIDENTS_WORDS
