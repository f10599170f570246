"""Report charts: figures written on the bars, hidden and missing figures told apart."""

from workbridge.equity.reports import COUNT, PERCENT, Cell, Chart
from workbridge.equity.reports_charts import chart_data_uri, chart_svg


def _chart(cells):
    return Chart(
        title="Hires",
        categories=["White", "Asian", "Black or African American"],
        series=[("2025", cells)],
        unit="percent",
        axis_label="Per cent",
        description="Bar chart",
    )


def test_it_writes_each_figure_and_says_which_are_hidden():
    # given: one figure shown, one hidden, one missing
    chart = _chart([Cell(33.3, PERCENT), Cell(4.0, PERCENT, hidden=True), Cell(None, PERCENT)])
    # when
    svg = chart_svg(chart, hidden_text="hidden").decode()
    # then
    assert svg.startswith("<?xml")
    assert "33.3%" in svg
    assert "hidden" in svg
    assert "4%" not in svg
    assert "—" in svg


def test_it_draws_the_same_bytes_for_the_same_figures():
    chart = _chart([Cell(1, COUNT), Cell(2, COUNT), Cell(0, COUNT)])
    assert chart_svg(chart, hidden_text="hidden") == chart_svg(chart, hidden_text="hidden")
    assert chart_data_uri(chart, hidden_text="hidden").startswith("data:image/svg+xml;base64,")


def test_it_draws_an_all_zero_chart():
    chart = _chart([Cell(0, COUNT), Cell(0, COUNT), Cell(0, COUNT)])
    assert b"<svg" in chart_svg(chart, hidden_text="hidden")
