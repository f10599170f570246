"""The look every server-drawn chart shares: colours and matplotlib settings.

Charts are drawn with matplotlib's object API (never pyplot) on the Agg backend, as SVG
whose text stays text (screen readers and translation) and whose ids are stable, so the
same figures give the same bytes and the render cache can key on them.
"""

import matplotlib

matplotlib.use("Agg")

BAR_COLOUR = "#1d4f91"
GRID_COLOUR = "#d0d4da"
TEXT_COLOUR = "#1f2328"
RC = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "svg.hashsalt": "workbridge",  # stable ids: the same figures give the same bytes
}
