"""The list toolkit every list page is made of: pages, counting caps, sort headers,
filters read from the query string, and links that keep the filters."""

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from tests.factories import OrganisationFactory
from workbridge.accounts.models import Organisation
from workbridge.web.lists import (
    CappedPaginator,
    Column,
    FilterForm,
    choice_from,
    page_links,
    page_of,
    query_with,
    query_without,
    sort_from,
    sort_headers,
)


def get(query: str = ""):
    return RequestFactory().get(f"/list/?{query}" if query else "/list/")


# Pages --------------------------------------------------------------------------------


def test_it_takes_the_page_size_from_the_settings(settings):
    settings.WORKBRIDGE_PAGE_SIZE = 3

    page = page_of(get(), list(range(10)))

    assert page.paginator.per_page == 3
    assert list(page.object_list) == [0, 1, 2]
    assert page.paginator.num_pages == 4


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("", 1), ("abc", 1), ("0", 1), ("-3", 1), ("2", 2), ("4", 4), ("5", 4), ("999", 4)],
)
def test_it_clamps_the_page_number_to_the_pages_there_are(asked, shown):
    page = page_of(get(f"page={asked}"), list(range(10)), per_page=3)

    assert page.number == shown


def test_it_offers_one_empty_page_for_an_empty_list():
    page = page_of(get("page=7"), [], per_page=3)

    assert (page.number, list(page.object_list), page.has_other_pages()) == (1, [], False)


def test_it_stops_counting_a_list_at_the_cap():
    paginator = CappedPaginator(list(range(12)), 3, cap=10)

    assert paginator.count == 10
    assert paginator.capped is True
    assert paginator.num_pages == 4
    # the last page offered holds only what is inside the cap
    assert list(paginator.get_page(99).object_list) == [9]


def test_it_counts_exactly_up_to_the_cap():
    paginator = CappedPaginator(list(range(10)), 3, cap=10)

    assert (paginator.count, paginator.capped) == (10, False)


@pytest.mark.django_db
def test_it_counts_a_queryset_no_further_than_the_cap():
    for n in range(5):
        OrganisationFactory(name=f"Org {n}", slug=f"org-{n}")
    organisations = Organisation.objects.order_by("name")

    capped = CappedPaginator(organisations, 2, cap=3)
    whole = CappedPaginator(organisations, 2, cap=5)

    assert (capped.count, capped.capped, capped.num_pages) == (3, True, 2)
    assert (whole.count, whole.capped, whole.num_pages) == (5, False, 3)
    assert [o.name for o in capped.get_page(2).object_list] == ["Org 2"]


def test_it_takes_a_count_made_elsewhere():
    paginator = CappedPaginator([4, 8, 15, 16, 23], 2, cap=5)

    paginator.known(rows=5, more=True)

    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 3)


# Query strings ----------------------------------------------------------------------


def test_it_changes_the_page_and_keeps_every_filter():
    request = get("q=alva&stage=active&sort=-name&page=3")

    assert query_with(request, page=4) == "?q=alva&stage=active&sort=-name&page=4"


def test_it_goes_back_to_the_first_page_when_a_filter_or_the_sort_changes():
    request = get("q=alva&sort=name&page=3")

    assert query_with(request, sort="-name") == "?q=alva&sort=-name"
    assert query_with(request, q="gar") == "?sort=name&q=gar"


def test_it_removes_a_parameter_given_none_and_keeps_repeated_ones():
    request = get("employer=1&employer=2&status=open")

    assert query_with(request, status=None) == "?employer=1&employer=2"
    assert query_without(request, "employer") == "status=open"


def test_it_escapes_what_it_keeps():
    request = get("q=O%27Brien+%26+Sons")

    assert query_with(request, page=2) == "?q=O%27Brien+%26+Sons&page=2"


@pytest.mark.parametrize(
    ("asked", "value"), [("14", 14), ("30", 30), ("", 7), ("15", 7), ("two", 7), ("-7", 7)]
)
def test_it_takes_a_number_only_from_those_a_list_offers(asked, value):
    assert choice_from(get(f"days={asked}"), "days", (7, 14, 30), default=7) == value


# Sorting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "sort"),
    [("-name", "-name"), ("name", "name"), ("", "name"), ("password", "name"), ("-id", "name")],
)
def test_it_sorts_only_by_the_keys_a_list_allows(asked, sort):
    assert sort_from(get(f"sort={asked}"), {"name": 1, "-name": 2}, default="name") == sort


COLUMNS = [
    Column("Name", "name"),
    Column("Stage", "stage", descending=False),
    Column("Owner"),
    Column("Wage", "wage", descending_first=True, css="num"),
]


def test_it_marks_the_current_sort_and_links_the_other_way_round():
    headers = sort_headers(get("q=acme&sort=name&page=2"), COLUMNS, "name")

    assert [(h.label, h.aria_sort, h.href) for h in headers] == [
        ("Name", "ascending", "?q=acme&sort=-name"),
        ("Stage", "", "?q=acme&sort=stage"),
        ("Owner", "", ""),
        ("Wage", "", "?q=acme&sort=-wage"),
    ]
    assert headers[3].css == "num"


def test_it_marks_a_descending_sort():
    headers = sort_headers(get("sort=-wage"), COLUMNS, "-wage")

    assert [(h.aria_sort, h.href) for h in headers if h.href] == [
        ("", "?sort=name"),
        ("", "?sort=stage"),
        ("descending", "?sort=wage"),
    ]


def test_a_column_that_sorts_one_way_links_to_that_sort_again():
    headers = sort_headers(get("sort=stage"), COLUMNS, "stage")

    assert (headers[1].aria_sort, headers[1].href) == ("ascending", "?sort=stage")


# Filters -----------------------------------------------------------------------------


class ExampleFilters(FilterForm):
    defaults = {"status": "open"}

    q = forms.CharField(required=False, max_length=5)
    status = forms.ChoiceField(
        required=False, choices=[("", "Any"), ("open", "Open"), ("closed", "Closed")]
    )
    size = forms.IntegerField(required=False, initial=10)


def test_a_list_opened_without_filters_shows_its_defaults():
    form = ExampleFilters.bind(get())

    assert form.values() == {"q": "", "status": "open", "size": None}
    assert not form.errors


def test_a_filter_sent_blank_means_any():
    assert ExampleFilters.bind(get("status=&q=")).values()["status"] == ""


def test_a_bad_value_is_reported_and_its_filter_left_at_its_default_while_others_apply():
    form = ExampleFilters.bind(get("q=toolong&status=closed&size=many"))

    assert set(form.errors) == {"q", "size"}
    assert form.values() == {"q": None, "status": "closed", "size": 10}


# The pagination bar ------------------------------------------------------------------


def test_it_offers_the_first_and_last_pages_and_those_around_the_current_one():
    page = page_of(get("q=a&page=6"), list(range(100)), per_page=10)

    links = page_links(get("q=a&page=6"), page)

    assert [link.number for link in links] == [1, None, 4, 5, 6, 7, 8, None, 10]
    assert [link.number for link in links if link.current] == [6]
    assert links[0].href == "?q=a&page=1"


def test_it_shows_more_pages_follow_a_capped_count():
    request = get()
    page = CappedPaginator(list(range(30)), 10, cap=20).get_page(1)

    assert [link.number for link in page_links(request, page)] == [1, 2, None]


def render_bar(query: str, rows: int, *, per_page: int = 2, cap: int = 1000) -> str:
    request = get(query)
    page = CappedPaginator(list(range(rows)), per_page, cap=cap).get_page(request.GET.get("page"))
    template = Template("{% load lists %}{% pagination page %}")
    return template.render(Context({"request": request, "page": page}))


def test_the_bar_is_a_labelled_navigation_landmark_in_the_design_systems_classes():
    html = render_bar("q=alva&page=2", rows=5)

    assert '<nav class="usa-pagination" aria-label="Pages">' in html
    assert '<ul class="usa-pagination__list">' in html
    assert html.count('class="usa-pagination__item usa-pagination__page-no"') == 3
    assert (
        '<a href="?q=alva&amp;page=2" class="usa-pagination__button usa-current" '
        'aria-label="Page 2" aria-current="page">2</a>'
    ) in html
    assert html.count("aria-current") == 1
    assert "Page 2 of 3" in html


def test_the_bar_links_to_the_previous_and_next_pages_keeping_the_filters():
    html = render_bar("q=alva&sort=name&page=2", rows=5)

    assert 'href="?q=alva&amp;sort=name&amp;page=1" rel="prev"' in html
    assert 'href="?q=alva&amp;sort=name&amp;page=3" rel="next"' in html


def test_the_bar_has_no_previous_link_on_the_first_page_and_no_next_on_the_last():
    first, last = render_bar("", rows=5), render_bar("page=3", rows=5)

    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_the_bar_says_a_capped_count_goes_on():
    assert "Page 1 of 2+" in render_bar("", rows=9, cap=4)


def test_a_single_page_draws_no_bar():
    assert render_bar("", rows=2).strip() == ""
