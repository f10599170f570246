"""A stand-in for the tax-and-benefit model, so the pages are tested in a second, not 30.

The stand-in household gets $6,000 a year of SNAP below $15 an hour and none from there on,
and pays 10% of its earnings in tax, so at 40 hours a week there is one cliff, at $15,
caused by SNAP. Tests of the real model are in test_engine.py.
"""

import numpy as np

from workbridge.cliff import engine
from workbridge.core.cliff import Curve

SNAP_LIMIT = 15.0
SNAP = 6000.0


def _figures(hourly: np.ndarray, hours: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    earnings = hourly * hours * 52
    snap = np.where(hourly < SNAP_LIMIT, SNAP, 0.0)
    taxes = -0.1 * earnings
    return earnings + snap + taxes, {"earnings": earnings, "snap": snap, "taxes": taxes}


class FakeEngine:
    calls: list[str]

    def __init__(self):
        self.calls = []

    def sweep(self, household, spec, *, year):
        self.calls.append("sweep")
        wages = spec.wages()
        net, parts = _figures(wages, spec.hours_per_week)
        return Curve(wages, net, parts)

    def evaluate(self, household, jobs, *, year):
        self.calls.append("evaluate")
        out = []
        for job in jobs:
            net, parts = _figures(np.array([job.hourly_wage]), job.hours_per_week)
            out.append((float(net[0]), {k: float(v[0]) for k, v in parts.items()}))
        return out


def install_fake_engine(monkeypatch) -> FakeEngine:
    """Put the stand-in in the real engine's place for one test."""
    fake = FakeEngine()
    monkeypatch.setattr(engine, "available", lambda: True)
    monkeypatch.setattr(engine, "model_version", lambda: "test-1")
    monkeypatch.setattr(engine, "sweep", fake.sweep)
    monkeypatch.setattr(engine, "evaluate", fake.evaluate)
    return fake
