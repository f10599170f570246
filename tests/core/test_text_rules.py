"""The text rules on their own: control characters in, spreadsheet cells out."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.core.text_rules import control_characters_removed, spreadsheet_text

ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]))
XML_CHARACTERS = set("\t\n\r")


def is_xml_character(c: str) -> bool:
    return (
        c in XML_CHARACTERS or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c > "\uffff"
    )


@given(ANY_TEXT)
def test_it_leaves_one_line_text_without_any_control_character(text):
    kept = control_characters_removed(text, multiline=False)
    assert kept == "".join(c for c in text if unicodedata.category(c) != "Cc")


@given(ANY_TEXT)
def test_it_leaves_multi_line_text_its_tabs_and_line_breaks_only(text):
    kept = control_characters_removed(text, multiline=True)
    assert kept == "".join(
        c for c in text if unicodedata.category(c) != "Cc" or c in XML_CHARACTERS
    )


@given(st.text())
def test_it_writes_only_what_a_spreadsheet_cell_holds(text):
    cell = spreadsheet_text(text)
    assert all(is_xml_character(c) for c in cell)
    assert "\r" not in cell
    assert not cell.startswith(("=", "+", "-", "@", "\t"))


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("Ctrl\x01\x0bChar", "CtrlChar"),
        ("\x01=SUM(A1)", "'=SUM(A1)"),
        ("\r\n=1", "'\n=1"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("\ud800x\ufffe\uffff", "x"),
        ("Ünïcödé 😀", "Ünïcödé 😀"),
        ("\x85 next line", "\x85 next line"),
    ],
)
def test_it_writes_these_cells(text, cell):
    assert spreadsheet_text(text) == cell
