"""How hard property tests try: derandomised in CI, long and random in `make test-deep`.

`HYPOTHESIS_PROFILE` picks a profile registered here: `ci` (the default when the `CI`
variable is set) replays the same examples on every run, so CI never fails on a case
it happened to draw; `deep` draws fresh random examples, `DEEP_FACTOR` times as many as
a test asks for (20 unless set); `dev`, the default elsewhere, draws random examples at
the counts the tests name and remembers failures in `.hypothesis/`.
"""

import os

from hypothesis import settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
_FACTOR = int(os.environ.get("DEEP_FACTOR", "20")) if PROFILE == "deep" else 1

# No deadline: a test never fails on how long it took (a busy machine is not a bug).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
settings.register_profile(
    "deep", max_examples=100 * _FACTOR, database=None, print_blob=True, deadline=None
)
settings.register_profile("dev", deadline=None)
settings.load_profile(PROFILE)


def examples(count: int) -> int:
    """The number of examples a property test draws: `count`, or more in the deep profile."""
    return count * _FACTOR
