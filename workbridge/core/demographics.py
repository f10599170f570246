"""Race and ethnicity categories, and the EEO seven-category value derived from them.

Sources:
- OMB Statistical Policy Directive No. 15 (revised March 2024), which sets seven
  minimum categories collected in one combined question with multiple answers
  allowed: American Indian or Alaska Native; Asian; Black or African American;
  Hispanic or Latino; Middle Eastern or North African; Native Hawaiian or
  Pacific Islander; White.
- EEO-1 / EEO-4 instructions, which report seven categories: Hispanic or
  Latino first (whatever the race), then the single race of non-Hispanic
  people, and "Two or more races" for non-Hispanic people of more than one race.

EEO-4 predates SPD 15 (2024) and has no Middle Eastern or North African
category; under the 1997 standard it used, that group was part of White, so
MENA maps to White here. A person who chose "prefer not to say", or nothing,
is "Not disclosed": counted and reported, never dropped.
"""

from collections.abc import Iterable

AIAN = "aian"
ASIAN = "asian"
BLACK = "black"
HISPANIC = "hispanic"
MENA = "mena"
NHPI = "nhpi"
WHITE = "white"

SPD15_CATEGORIES: tuple[str, ...] = (AIAN, ASIAN, BLACK, HISPANIC, MENA, NHPI, WHITE)

EEO_HISPANIC = "hispanic"
EEO_WHITE = "white"
EEO_BLACK = "black"
EEO_NHPI = "nhpi"
EEO_ASIAN = "asian"
EEO_AIAN = "aian"
EEO_TWO_OR_MORE = "two_or_more"
EEO_NOT_DISCLOSED = "not_disclosed"

EEO_CATEGORIES: tuple[str, ...] = (
    EEO_HISPANIC,
    EEO_WHITE,
    EEO_BLACK,
    EEO_NHPI,
    EEO_ASIAN,
    EEO_AIAN,
    EEO_TWO_OR_MORE,
)

_RACE_TO_EEO = {
    AIAN: EEO_AIAN,
    ASIAN: EEO_ASIAN,
    BLACK: EEO_BLACK,
    MENA: EEO_WHITE,
    NHPI: EEO_NHPI,
    WHITE: EEO_WHITE,
}


def eeo_category(categories: Iterable[str], *, prefer_not_to_say: bool = False) -> str:
    """The EEO seven-category value for a set of SPD 15 answers.

    Hispanic or Latino comes first; otherwise one race gives that race and more
    than one gives "two or more races". Unknown category keys raise ValueError.
    """
    chosen = set(categories)
    unknown = chosen - set(SPD15_CATEGORIES)
    if unknown:
        raise ValueError(f"Unknown race or ethnicity categories: {sorted(unknown)}")
    if prefer_not_to_say or not chosen:
        return EEO_NOT_DISCLOSED
    if HISPANIC in chosen:
        return EEO_HISPANIC
    races = {_RACE_TO_EEO[c] for c in chosen}
    if len(races) == 1:
        return races.pop()
    return EEO_TWO_OR_MORE
