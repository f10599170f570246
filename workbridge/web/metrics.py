"""The registry of measures that plans and reports can bind to live data.

Each app declares its metrics in its own `metrics.py` module with `@metric(...)`; the registry
finds those modules on first use. A metric takes the organisation and its named parameters
and gives a number, or None when there is nothing to measure yet (no data, or too few people
to show). A metric may also offer `compute_many`, which computes the values for many
parameter sets at once (one query instead of one per set); `compute_batch` falls back to
one call per set when it does not. `sources` names the models (`app_label.ModelName`) whose
rows a metric reads, so that a plan can recompute its values when they change.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from django.utils.module_loading import autodiscover_modules

ParameterKind = Literal["int", "text", "date", "year", "choice", "record"]
Unit = Literal["share", "count", "days", "money", "ratio", "number"]
Values = Mapping[str, Any]


@dataclass(frozen=True)
class Parameter:
    """One named input of a metric.

    `record` parameters name a model (`app_label.ModelName`) whose primary key they take;
    `choice` parameters list their allowed values with labels.
    """

    name: str
    kind: ParameterKind
    label: Any
    model: str = ""
    choices: tuple[tuple[str, Any], ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Metric:
    key: str
    label: Any
    description: Any
    unit: Unit
    parameters: tuple[Parameter, ...]
    compute: Callable[..., float | None]
    compute_many: Callable[[Any, Sequence[Values]], list[float | None]] | None = field(
        default=None, compare=False
    )
    sources: tuple[str, ...] = ()
    # A template shows the metric's label and description; it must not call it.
    do_not_call_in_templates: ClassVar[bool] = True

    def __call__(self, organisation: Any, **values: Any) -> float | None:
        return self.compute(organisation, **values)


_REGISTRY: dict[str, Metric] = {}
_discovered = False


def metric(
    key: str,
    *,
    label: Any,
    description: Any,
    unit: Unit,
    parameters: Iterable[Parameter] = (),
    sources: Iterable[str] = (),
) -> Callable[[Callable[..., float | None]], Metric]:
    """Register the decorated function as the metric `key`; the module gets the Metric."""

    def register(compute: Callable[..., float | None]) -> Metric:
        if key in _REGISTRY and _REGISTRY[key].compute is not compute:
            raise ValueError(f"The metric {key!r} is registered twice.")
        found = Metric(
            key, label, description, unit, tuple(parameters), compute, sources=tuple(sources)
        )
        _REGISTRY[key] = found
        return found

    return register


def batched(
    target: Metric,
) -> Callable[[Callable[[Any, Sequence[Values]], list[float | None]]], Metric]:
    """Give a registered metric a way to compute many parameter sets at once."""

    def attach(many: Callable[[Any, Sequence[Values]], list[float | None]]) -> Metric:
        found = Metric(
            target.key,
            target.label,
            target.description,
            target.unit,
            target.parameters,
            target.compute,
            many,
            target.sources,
        )
        _REGISTRY[target.key] = found
        return found

    return attach


def registry() -> dict[str, Metric]:
    """Every registered metric by key, after importing each app's `metrics` module once."""
    global _discovered
    if not _discovered:
        autodiscover_modules("metrics")
        _discovered = True
    return dict(sorted(_REGISTRY.items()))


def get(key: str) -> Metric:
    """The metric registered as `key`; KeyError names it when none is."""
    try:
        return registry()[key]
    except KeyError:
        raise KeyError(f"No metric is registered as {key!r}.") from None


def compute_batch(
    target: Metric, organisation: Any, parameter_sets: Sequence[Values]
) -> list[float | None]:
    """The metric's value for each parameter set, in one pass where the metric allows it."""
    if target.compute_many is not None:
        return target.compute_many(organisation, parameter_sets)
    return [target.compute(organisation, **dict(values)) for values in parameter_sets]
