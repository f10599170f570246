"""A measure's binding to a registered metric: its stored parameters as the metric takes them.

Parameters are stored as JSON text and numbers. A `year` parameter left blank means the year
of the computation, so a measure reported every year keeps following the current year.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from workbridge.web.metrics import Metric, Parameter

CURRENT = ""


class BindingError(ValueError):
    """A stored parameter the metric cannot take; names the parameter."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


def _typed(parameter: Parameter, raw: Any, today: date) -> Any:
    if parameter.kind == "year":
        return today.year if raw in (None, CURRENT) else int(raw)
    if parameter.kind in ("int", "record"):
        return int(raw)
    if parameter.kind == "date":
        return raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    if parameter.kind == "choice":
        allowed = {str(key) for key, _label in parameter.choices}
        if str(raw) not in allowed:
            raise BindingError(parameter.name, f"{raw!r} is not one of {sorted(allowed)}")
        return str(raw)
    return str(raw)


def parameter_values(target: Metric, stored: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The keyword arguments the metric is called with; BindingError for a value it cannot take."""
    values: dict[str, Any] = {}
    for parameter in target.parameters:
        raw = stored.get(parameter.name)
        if raw in (None, "") and parameter.kind != "year":
            if parameter.required:
                raise BindingError(parameter.name, f"{parameter.name} is required")
            continue
        try:
            values[parameter.name] = _typed(parameter, raw, today)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, BindingError):
                raise
            raise BindingError(parameter.name, f"{raw!r} is not a {parameter.kind}") from None
    return values
