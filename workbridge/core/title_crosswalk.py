"""Suggesting an EEO-4 job category for a job title, through O*NET titles and SOC codes.

A payroll title ("ADMINISTRATIVE ASST II", "POOL MOTOR TRUCK DRIVER") is matched to the
O*NET occupation whose title, alternate titles or reported titles share the most
informative words with it (TF-IDF weights, cosine similarity, one sparse product for all
titles at once); that occupation's SOC 2018 code gives the EEO-4 category.

Assumptions and sources:
- O*NET 29.2 (CC BY 4.0): ``Occupation_Data`` (titles), ``Alternate_Titles`` (titles and
  short titles) and ``Sample_of_Reported_Titles``; the app reads them from files.
- Payroll abbreviations are spelt out first (``ASST`` → assistant, ``SUPVR`` →
  supervisor, ...); roman numerals, digits and one-letter words are dropped.
- SOC to EEO-4 follows the EEOC's EEO-4 job category definitions (EEO-4 instruction
  booklet, appendix): management occupations are officials and administrators;
  technologists and technicians (SOC 17-3, 19-4, 29-2 and computer support 15-1230) are
  technicians; protective service (33) is protective service; healthcare support (31),
  teaching assistants (25-9040), social and human service assistants (21-1093) and
  paralegals (23-2011) are paraprofessionals; office, administrative support and sales
  (43, 41) are administrative support; construction, extraction, installation,
  maintenance, repair and production (47, 49, 51) are skilled craft; food, building and
  grounds, personal care, transportation and farming (35, 37, 39, 53, 45) are
  service-maintenance; the other professional families (13, 15, 17, 19, 21, 23, 25,
  27, 29-1) are professionals. The result is a suggestion for the analyst to review.
- A plain plural ending in "s" is read as its singular.
- A title sharing no informative word with any O*NET title gets no suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

ABBREVIATIONS: dict[str, str] = {
    "asst": "assistant",
    "ass't": "assistant",
    "admin": "administrative",
    "adm": "administrative",
    "admr": "administrator",
    "supvr": "supervisor",
    "supv": "supervisor",
    "supvg": "supervising",
    "supt": "superintendent",
    "sr": "senior",
    "jr": "junior",
    "mgr": "manager",
    "mngr": "manager",
    "dir": "director",
    "dep": "deputy",
    "dept": "department",
    "coord": "coordinator",
    "engr": "engineer",
    "eng": "engineer",
    "tech": "technician",
    "techn": "technician",
    "spec": "specialist",
    "specl": "specialist",
    "insp": "inspector",
    "invest": "investigator",
    "oper": "operator",
    "opr": "operator",
    "maint": "maintenance",
    "mech": "mechanic",
    "elec": "electrical",
    "equip": "equipment",
    "comm": "commissioner",
    "pers": "personnel",
    "prog": "program",
    "proj": "project",
    "analy": "analyst",
    "const": "construction",
    "serv": "services",
    "svcs": "services",
    "comp": "computer",
    "info": "information",
    "sys": "systems",
    "acct": "accountant",
    "aux": "auxiliary",
    "hlth": "health",
    "pub": "public",
    "ofcr": "officer",
    "offcr": "officer",
    "emerg": "emergency",
    "atty": "attorney",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "capt": "captain",
    "para": "paramedic",
}
STOP_WORDS = frozenset(
    {
        "and",
        "of",
        "the",
        "for",
        "in",
        "to",
        "a",
        "an",
        "or",
        "with",
        "i",
        "ii",
        "iii",
        "iv",
        "v",
        "vi",
        "vii",
        "viii",
        "ix",
        "x",
        "dss",
        "cdph",
        "dot",
        "cdot",
        "pool",
        "general",
    }
)
_WORD = re.compile(r"[a-z][a-z']*")

# SOC prefix -> EEO-4 category key; the longest prefix that matches wins.
SOC_TO_EEO4: dict[str, str] = {
    "11": "officials",
    "13": "professionals",
    "15": "professionals",
    "15-1230": "technicians",
    "15-1231": "technicians",
    "15-1232": "technicians",
    "17": "professionals",
    "17-3": "technicians",
    "19": "professionals",
    "19-4": "technicians",
    "21": "professionals",
    "21-1093": "paraprofessionals",
    "23": "professionals",
    "23-2011": "paraprofessionals",
    "25": "professionals",
    "25-9040": "paraprofessionals",
    "25-9042": "paraprofessionals",
    "25-9043": "paraprofessionals",
    "25-9044": "paraprofessionals",
    "25-9045": "paraprofessionals",
    "27": "professionals",
    "29": "professionals",
    "29-2": "technicians",
    "31": "paraprofessionals",
    "33": "protective",
    "35": "service_maintenance",
    "37": "service_maintenance",
    "39": "service_maintenance",
    "41": "admin_support",
    "43": "admin_support",
    "45": "service_maintenance",
    "47": "skilled_craft",
    "49": "skilled_craft",
    "51": "skilled_craft",
    "53": "service_maintenance",
}


def title_words(title: str) -> list[str]:
    """The informative words of a title, abbreviations spelt out, in order."""
    words = []
    for raw in _WORD.findall(title.lower().replace("/", " ").replace("-", " ")):
        word = ABBREVIATIONS.get(raw.rstrip("."), raw)
        for part in word.split():
            if len(part) > 1 and part not in STOP_WORDS:
                # A plain plural matches its singular ("Civil Engineers").
                if len(part) > 3 and part.endswith("s") and not part.endswith("ss"):
                    part = part[:-1]
                words.append(part)
    return words


def eeo4_for_soc(soc_code: str) -> str:
    """The EEO-4 category of a SOC (or O*NET-SOC) code by its longest matching prefix."""
    code = soc_code.strip()
    for length in range(len(code), 1, -1):
        found = SOC_TO_EEO4.get(code[:length])
        if found:
            return found
    return ""


@dataclass(frozen=True)
class Suggestion:
    """The O*NET title a job title matched best, its SOC code and the EEO-4 category."""

    title: str
    soc_code: str
    matched_title: str
    score: float
    category: str


class TitleIndex:
    """O*NET titles (title, SOC code) as a TF-IDF matrix, to match many titles at once."""

    def __init__(self, entries: Iterable[tuple[str, str]]):
        self.titles: list[str] = []
        self.codes: list[str] = []
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        columns: list[int] = []
        for title, code in entries:
            words = set(title_words(title))
            if not words:
                continue
            row = len(self.titles)
            self.titles.append(title)
            self.codes.append(code)
            for word in words:
                columns.append(vocabulary.setdefault(word, len(vocabulary)))
                rows.append(row)
        self.vocabulary = vocabulary
        counts = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, columns)), shape=(len(self.titles), len(vocabulary))
        )
        document_frequency = np.diff(counts.tocsc().indptr)
        self.idf = np.log((1 + len(self.titles)) / (1 + document_frequency)) + 1.0
        self.matrix = _normalised(counts.multiply(self.idf).tocsr())

    def vectors(self, titles: Sequence[str]) -> sparse.csr_matrix:
        rows: list[int] = []
        columns: list[int] = []
        for row, title in enumerate(titles):
            for word in set(title_words(title)):
                column = self.vocabulary.get(word)
                if column is not None:
                    rows.append(row)
                    columns.append(column)
        counts = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, columns)), shape=(len(titles), len(self.vocabulary))
        )
        return _normalised(counts.multiply(self.idf).tocsr())

    def suggest(self, titles: Sequence[str], *, minimum: float = 0.3) -> list[Suggestion | None]:
        """The best O*NET match of each title (None below ``minimum`` similarity)."""
        if not titles or not self.titles:
            return [None for _ in titles]
        scores = (self.vectors(titles) @ self.matrix.T).tocsr()
        found: list[Suggestion | None] = []
        for i, title in enumerate(titles):
            start, end = scores.indptr[i], scores.indptr[i + 1]
            if start == end:
                found.append(None)
                continue
            values = scores.data[start:end]
            best = int(np.argmax(values))
            score = float(values[best])
            if score < minimum:
                found.append(None)
                continue
            j = int(scores.indices[start + best])
            code = self.codes[j]
            found.append(Suggestion(title, code, self.titles[j], score, eeo4_for_soc(code)))
        return found


def _normalised(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
