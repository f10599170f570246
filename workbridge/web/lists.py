"""What every list page is made of: a page of rows, sortable column headers, filters
bound to the query string, and links that change one of them while keeping the rest.

A list view reads, in this order::

    form = EmployerFilterForm.bind(request, user=request.user)   # bad values reported
    sort = sort_from(request, EMPLOYER_SORTS, default="name")    # unknown keys ignored
    page = page_of(request, employer_list(user, **form.values(), sort=sort))
    headers = sort_headers(request, COLUMNS, sort)

and its template draws ``{% include "_sort_headers.html" %}`` inside the table's header
row and ``{% pagination page %}`` (``{% load lists %}``) below the table.

Pages hold ``settings.WORKBRIDGE_PAGE_SIZE`` rows (``PAGE_SIZE`` in the environment)
unless a list has a reason of its own. Counting stops at a cap: a list of a city's
200,000 participants costs a count of ``cap`` rows, says "N+" and offers the pages
inside the cap.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.functional import cached_property

from workbridge.web import forms as web_forms

# Counting a list stops here unless the list names a cap of its own.
COUNT_CAP = 10_000
# Page numbers shown on each side of the current page (first and last are always shown).
PAGES_AROUND = 2


def page_size() -> int:
    """Rows a list page holds: the PAGE_SIZE setting."""
    return settings.WORKBRIDGE_PAGE_SIZE


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows, so a huge list costs a bounded count.

    Past the cap, ``capped`` is true, ``count`` is the cap and the pages are those that
    hold the first `cap` rows. `per_page` defaults to the PAGE_SIZE setting. A list of
    Python objects is counted with ``len`` (it costs nothing), a queryset without its
    ordering (which rows come first does not change how many there are).
    """

    capped = False

    def __init__(
        self,
        object_list: Any,
        per_page: int | None = None,
        *,
        cap: int = COUNT_CAP,
        **kwargs: Any,
    ):
        super().__init__(object_list, per_page or page_size(), **kwargs)
        self.cap = cap

    def known(self, *, rows: int, more: bool) -> None:
        """Take a count made elsewhere: `rows` counted, and whether more follow."""
        self.__dict__["count"] = min(rows, self.cap)
        self.capped = more or rows > self.cap

    def get_page(self, number: Any) -> Page:
        """The page numbered `number`, held within the pages there are: the first for a
        number that is not one or is below 1, the last for one past the end."""
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        return self.page(min(max(wanted, 1), self.num_pages))

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        else:
            counted = len(self.object_list)
        self.capped = counted > self.cap
        return min(counted, self.cap)


def page_of(
    request: HttpRequest,
    object_list: Any,
    *,
    per_page: int | None = None,
    cap: int = COUNT_CAP,
    param: str = "page",
) -> Page:
    """The page the query string asks for; a page number that is not one, or is out of
    range, gives the nearest page that exists (see ``CappedPaginator.get_page``)."""
    paginator = CappedPaginator(object_list, per_page, cap=cap)
    return paginator.get_page(request.GET.get(param))


# Query strings ----------------------------------------------------------------------


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without the named parameters (for links that change them)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def query_with(request: HttpRequest, **changes: Any) -> str:
    """A link (``?…``) to this list with some parameters changed, the rest kept.

    A changed parameter moves to the end; ``None`` removes it. Changing anything but the
    page goes back to the first page, since the old page number means nothing any more.
    """
    query: QueryDict = request.GET.copy()
    if set(changes) - {"page"}:
        query.pop("page", None)
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def choice_from(request: HttpRequest, name: str, allowed: Sequence[int], *, default: int) -> int:
    """A whole-number parameter (such as a horizon in days) when it is one of `allowed`,
    else `default`."""
    try:
        value = int(request.GET.get(name, default))
    except ValueError:
        return default
    return value if value in allowed else default


# Sorting ----------------------------------------------------------------------------


def sort_from(request: HttpRequest, allowed: Iterable[str], *, default: str) -> str:
    """The sort the query string asks for when it is one of `allowed`, else `default`."""
    sort = request.GET.get("sort", "")
    return sort if sort in set(allowed) else default


@dataclass(frozen=True)
class Column:
    """A column of a list: its heading and, when it sorts, the key that sorts it
    ascending; ``descending`` says whether it also sorts the other way (``-key``), and
    ``descending_first`` whether its first click sorts that way (newest, highest)."""

    label: str
    sort: str | None = None
    descending: bool = True
    descending_first: bool = False
    css: str = ""


@dataclass(frozen=True)
class Header:
    """A column heading as drawn: ``aria_sort`` is "ascending", "descending" or ""."""

    label: str
    href: str = ""
    aria_sort: str = ""
    css: str = ""


def sort_headers(request: HttpRequest, columns: Sequence[Column], sort: str) -> list[Header]:
    """The headings of a list sorted by `sort`: a sortable one links to its sort (the
    other way round when it is the current sort), the current one carries aria-sort."""
    headers = []
    for column in columns:
        key = column.sort
        if key is None:
            headers.append(Header(label=column.label, css=column.css))
            continue
        reverse = f"-{key}" if column.descending else key
        if sort == key:
            aria, target = "ascending", reverse
        elif column.descending and sort == reverse:
            aria, target = "descending", key
        else:
            aria, target = "", reverse if column.descending_first else key
        headers.append(
            Header(
                label=column.label,
                href=query_with(request, sort=target),
                aria_sort=aria,
                css=column.css,
            )
        )
    return headers


# Filters ----------------------------------------------------------------------------


class FilterForm(web_forms.Form):
    """A list's filters, read from the query string.

    Each bad value is reported beside its field and that filter is left at its default
    (``defaults``, then the field's ``initial``); the other filters still apply. A filter
    the query string does not name takes its default from ``defaults``; one sent blank
    means "any" and stays blank.
    """

    defaults: ClassVar[dict[str, Any]] = {}

    @classmethod
    def bind(cls, request: HttpRequest, **kwargs: Any) -> Self:
        """The form bound to the query string, each filter it does not name at its default."""
        data = request.GET.copy()
        for name, value in cls.defaults.items():
            if name not in data:
                data[name] = value
        form = cls(data, **kwargs)
        form.is_valid()
        return form

    def values(self) -> dict[str, Any]:
        """Every filter's value: what was sent when it is valid, else its default."""
        values = {
            name: self.defaults.get(name, field.initial) for name, field in self.fields.items()
        }
        values.update(getattr(self, "cleaned_data", {}))
        return values


# Pagination links -------------------------------------------------------------------


@dataclass(frozen=True)
class PageLink:
    """One item of the pagination bar: a page number (``number``), or a gap (None)."""

    number: int | None
    href: str = ""
    current: bool = False


def page_links(request: HttpRequest, page: Page, *, param: str = "page") -> list[PageLink]:
    """The page numbers to offer: the first, the last, and PAGES_AROUND on either side of
    the current page, with a gap where numbers are left out (and after the last page of
    a capped count, since more follow)."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - PAGES_AROUND, page.number + PAGES_AROUND + 1)}
    links: list[PageLink] = []
    previous = 0
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if number > previous + 1:
            links.append(PageLink(None))
        links.append(
            PageLink(number, query_with(request, **{param: number}), number == page.number)
        )
        previous = number
    if getattr(page.paginator, "capped", False):
        links.append(PageLink(None))
    return links
