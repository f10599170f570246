"""``{% pagination page %}``: the one pagination bar every list draws below its table."""

from typing import Any

from django import template
from django.core.paginator import Page

from workbridge.web.lists import page_links, query_with

register = template.Library()


@register.inclusion_tag("_pagination.html", takes_context=True)
def pagination(context: template.Context, page: Page, param: str = "page") -> dict[str, Any]:
    """The bar for `page`: previous, the page numbers around it, next; every link keeps
    the list's other query parameters (its filters and sort)."""
    request = context["request"]
    paginator = page.paginator
    return {
        "page": page,
        "capped": getattr(paginator, "capped", False),
        "links": page_links(request, page, param=param) if page.has_other_pages() else [],
        "previous_href": (
            query_with(request, **{param: page.previous_page_number()})
            if page.has_previous()
            else ""
        ),
        "next_href": (
            query_with(request, **{param: page.next_page_number()}) if page.has_next() else ""
        ),
    }
