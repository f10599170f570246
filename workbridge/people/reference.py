"""Loads the reference tables shipped in people/data (community areas, ZIPs, SOC 2018)."""

import csv
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


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
