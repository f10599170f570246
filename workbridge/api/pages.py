"""Lists a page at a time: the limit and offset every list takes, and the page it answers."""

from typing import Any

from django.db.models import QuerySet
from ninja import Query, Schema

from workbridge.api.schemas import DEFAULT_LIMIT, MAX_LIMIT


class PageQuery(Schema):
    """The paging parameters of every list; a list's filters add to them."""

    limit: int = Query(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}."
    )
    offset: int = Query(0, ge=0, description="How many matching rows to skip.", examples=[0])


def page_of(rows: QuerySet, query: PageQuery) -> dict[str, Any]:
    """One page of an ordered queryset: two queries (the count and the page), whatever its size."""
    count = rows.count()
    items = list(rows[query.offset : query.offset + query.limit])
    return {"count": count, "limit": query.limit, "offset": query.offset, "items": items}
