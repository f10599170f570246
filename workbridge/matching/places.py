"""Where participants and openings are, for the commute estimate: community-area centroids.

A person or a job is placed at the centroid of its Chicago community area (the area
recorded on the row, else the one covering most of its ZIP code). A ZIP code outside
Chicago has no community area, so its place is unknown: the engine then excludes no
one on commute and gives no commute points (see `workbridge.core.matching`).

The centroids ship in `data/community_area_centroids.csv`; its header says where they
come from.
"""

import csv
from functools import cache
from pathlib import Path

import numpy as np

from workbridge.core.matching import lonlat_to_km

CENTROIDS = Path(__file__).resolve().parent / "data" / "community_area_centroids.csv"


@cache
def community_area_km() -> tuple[np.ndarray, np.ndarray]:
    """Kilometre coordinates (x east, y north) indexed by community-area number; NaN elsewhere."""
    with CENTROIDS.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    size = max(int(r["number"]) for r in rows) + 1
    lon = np.full(size, np.nan)
    lat = np.full(size, np.nan)
    for r in rows:
        lon[int(r["number"])] = float(r["longitude"])
        lat[int(r["number"])] = float(r["latitude"])
    x, y = lonlat_to_km(lon, lat)
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def points_km(areas: list[int | None]) -> tuple[np.ndarray, np.ndarray]:
    """x and y in km for each community-area number; NaN for None or an unknown number."""
    x_of, y_of = community_area_km()
    index = np.array([a if a is not None and 0 < a < len(x_of) else 0 for a in areas], np.intp)
    # Number 0 is no community area, so its slot is NaN.
    return x_of[index].astype(np.float32), y_of[index].astype(np.float32)
