"""Suggesting an EEO-4 category for a payroll title through O*NET titles and SOC codes."""

from workbridge.core.title_crosswalk import TitleIndex, eeo4_for_soc, title_words

ONET = [
    ("Police Patrol Officers", "33-3051.01"),
    ("Police Officer", "33-3051.01"),
    ("Administrative Assistant", "43-6014.00"),
    ("Civil Engineers", "17-2051.00"),
    ("Civil Engineering Technician", "17-3022.00"),
    ("Truck Driver", "53-3032.00"),
    ("Chief Executives", "11-1011.00"),
    ("Teacher Assistant", "25-9042.00"),
]


def test_payroll_abbreviations_are_spelt_out_and_numerals_dropped():
    assert title_words("ADMINISTRATIVE ASST II") == ["administrative", "assistant"]
    assert title_words("SUPVR OF ENGR - DOT") == ["supervisor", "engineer"]


def test_the_longest_soc_prefix_gives_the_category():
    assert eeo4_for_soc("17-2051.00") == "professionals"
    assert eeo4_for_soc("17-3022.00") == "technicians"
    assert eeo4_for_soc("25-9042.00") == "paraprofessionals"
    assert eeo4_for_soc("25-2021.00") == "professionals"
    assert eeo4_for_soc("33-3051.01") == "protective"
    assert eeo4_for_soc("99-9999") == ""


def test_titles_match_the_onet_title_sharing_the_most_informative_words():
    index = TitleIndex(ONET)
    found = index.suggest(
        [
            "POLICE OFFICER",
            "ADMINISTRATIVE ASST II",
            "CIVIL ENGINEER IV",
            "MOTOR TRUCK DRIVER",
            "ASTRONAUT",
        ]
    )
    assert [f.category if f else None for f in found] == [
        "protective",
        "admin_support",
        "professionals",
        "service_maintenance",
        None,
    ]
    assert found[0].score > 0.99
    assert found[2].soc_code == "17-2051.00"
