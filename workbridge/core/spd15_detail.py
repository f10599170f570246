"""OMB SPD 15 (2024) detailed race and ethnicity categories, rolled up to the seven minimum ones.

Source: OMB, "Revisions to OMB's Statistical Policy Directive No. 15: Standards for
Maintaining, Collecting, and Presenting Federal Data on Race and Ethnicity", 89 FR 22182
(29 March 2024), Figure 1 (the recommended combined question with minimum and detailed
categories). Each minimum category lists six detailed categories as check boxes, with a
write-in for any other; the detailed answers roll up to the minimum category they sit
under. Only those published check-box categories are listed here; a write-in that is not
one of them is left for the analyst to map.

"African American" is listed under Black or African American; "Native Hawaiian" under
Native Hawaiian or Pacific Islander. Aztec and Maya sit under American Indian or Alaska
Native, as in the Directive's figure (Indigenous peoples of Central and South America).
"""

from __future__ import annotations

import re

from workbridge.core.demographics import AIAN, ASIAN, BLACK, HISPANIC, MENA, NHPI, WHITE

DETAILED_CATEGORIES: dict[str, tuple[str, ...]] = {
    AIAN: (
        "Navajo Nation",
        "Blackfeet Tribe of the Blackfeet Indian Reservation of Montana",
        "Native Village of Barrow Inupiat Traditional Government",
        "Nome Eskimo Community",
        "Aztec",
        "Maya",
    ),
    ASIAN: ("Chinese", "Asian Indian", "Filipino", "Vietnamese", "Korean", "Japanese"),
    BLACK: ("African American", "Jamaican", "Haitian", "Nigerian", "Ethiopian", "Somali"),
    HISPANIC: ("Mexican", "Puerto Rican", "Salvadoran", "Cuban", "Dominican", "Guatemalan"),
    MENA: ("Lebanese", "Iranian", "Egyptian", "Syrian", "Iraqi", "Israeli"),
    NHPI: ("Native Hawaiian", "Samoan", "Chamorro", "Tongan", "Fijian", "Marshallese"),
    WHITE: ("English", "German", "Irish", "Italian", "Polish", "Scottish"),
}

_NON_ALNUM = re.compile(r"[^0-9a-zà-ÿ]+")


def _key(text: str) -> str:
    return _NON_ALNUM.sub("", text.lower())


# The detailed category, written without case, spaces or punctuation -> its minimum category.
DETAIL_TO_MINIMUM: dict[str, str] = {
    _key(detail): minimum for minimum, details in DETAILED_CATEGORIES.items() for detail in details
}


def minimum_category(detail: str) -> str | None:
    """The minimum category a published detailed category rolls up to; None when it is not one."""
    return DETAIL_TO_MINIMUM.get(_key(detail))
