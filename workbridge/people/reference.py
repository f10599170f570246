"""Loads the reference tables shipped in people/data (community areas, ZIPs, SOC 2018),
and finds the O*NET tables (``ONET_DIR``) that the title crosswalk and the labour-market
pages read."""

import csv
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(__file__).resolve().parent / "data"
ONET_OCCUPATIONS = "onet29.2_Occupation_Data.txt"
ONET_JOB_ZONES = "onet29.2_Job_Zones.txt"


def onet_folder() -> Path | None:
    """Where the O*NET tables are (the ONET_DIR setting, else a shared/data/onet_soc folder
    beside the checkout), or None."""
    configured = getattr(settings, "WORKBRIDGE_ONET_DIR", "")
    candidates = [Path(configured)] if configured else []
    base = Path(settings.BASE_DIR)
    candidates += [
        base.parent / "shared/data/onet_soc",
        base.parent.parent / "shared/data/onet_soc",
    ]
    for folder in candidates:
        if (folder / ONET_OCCUPATIONS).is_file():
            return folder
    return None


def _tab_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t")
        next(rows, None)
        yield from rows


@lru_cache(maxsize=1)
def onet_job_zones() -> dict[str, int]:
    """SOC 2018 six-digit code -> O*NET job zone (1 little preparation ... 5 extensive),
    the lowest zone among its O*NET occupations; empty without the tables. Read once a
    process."""
    folder = onet_folder()
    if folder is None or not (folder / ONET_JOB_ZONES).is_file():
        return {}
    zones: dict[str, int] = {}
    for row in _tab_rows(folder / ONET_JOB_ZONES):
        if len(row) < 2 or not row[1].isdigit():
            continue
        soc = row[0][:7]
        zone = int(row[1])
        zones[soc] = min(zone, zones.get(soc, zone))
    return zones


def read_table(name: str) -> Iterator[dict[str, str]]:
    """Rows of a shipped CSV table, skipping its leading '#' source notes."""
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as f:
        yield from csv.DictReader(line for line in f if not line.startswith("#"))


def load_reference_tables(community_area_model, zip_model, occupation_model) -> None:
    """Fill the reference tables; safe to run again."""
    community_area_model.objects.bulk_create(
        [
            community_area_model(number=int(r["number"]), name=r["name"])
            for r in read_table("community_areas.csv")
        ],
        ignore_conflicts=True,
    )
    zip_model.objects.bulk_create(
        [
            zip_model(zip=r["zip"], community_area_id=int(r["community_area_number"]))
            for r in read_table("zip_community_area.csv")
        ],
        ignore_conflicts=True,
    )
    rows = list(read_table("soc2018.csv"))
    occupation_model.objects.bulk_create(
        [
            occupation_model(code=r["code"], title=r["title"], level=r["level"], parent_id=None)
            for r in rows
        ],
        ignore_conflicts=True,
    )
    for r in rows:
        if r["parent"]:
            occupation_model.objects.filter(code=r["code"]).update(parent_id=r["parent"])
