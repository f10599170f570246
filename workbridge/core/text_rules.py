"""What text may hold on the way in (forms) and how any stored text is written to a spreadsheet.

Assumptions and sources:

- Control characters are Unicode category Cc: C0 (U+0000 to U+001F), DEL (U+007F) and C1
  (U+0080 to U+009F). A person typing into a form never means one; they arrive by pasting
  from other programs and break what reads the text later. Multi-line text keeps tab, line
  feed and carriage return; one-line text keeps none (a pasted line break is dropped).
- An XLSX cell is XML 1.0 text, whose characters are tab, line feed, carriage return,
  U+0020 to U+D7FF, U+E000 to U+FFFD and U+10000 up (XML 1.0, section 2.2, production
  [2] Char). Anything else cannot be written (openpyxl refuses C0 characters with
  IllegalCharacterError; U+FFFE makes a file no reader opens), so it is removed. An XML
  reader turns every carriage return into a line feed (section 2.11), so line breaks are
  written as line feeds in both formats and a CSV cell reads the same as its XLSX twin.
- Text starting with =, +, -, @, a tab or a carriage return may run as a formula when a
  spreadsheet opens the file (OWASP, "CSV Injection"): it gets a leading apostrophe.
"""

import re

# Control characters a form keeps: in multi-line text only.
LINE_BREAKS_AND_TAB = "\t\n\r"
_CONTROL = "".join(chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)))
_CONTROL_ONE_LINE = re.compile(f"[{re.escape(_CONTROL)}]")
_CONTROL_MULTI_LINE = re.compile(
    f"[{re.escape(''.join(c for c in _CONTROL if c not in LINE_BREAKS_AND_TAB))}]"
)
# Not an XML 1.0 character: C0 but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def control_characters_removed(text: str, *, multiline: bool) -> str:
    """The text without control characters; multi-line text keeps tab and line breaks."""
    pattern = _CONTROL_MULTI_LINE if multiline else _CONTROL_ONE_LINE
    return pattern.sub("", text)


def formula_defused(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet could read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def spreadsheet_text(text: str) -> str:
    """Any text as a spreadsheet cell holds it: what XLSX cannot hold removed, a formula
    defused, line breaks written as line feeds."""
    kept = formula_defused(_NOT_XML.sub("", text))
    return kept.replace("\r\n", "\n").replace("\r", "\n")
