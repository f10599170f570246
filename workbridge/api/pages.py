"""Lists a page at a time: the limit and offset every list takes, and the page it answers."""

from typing import Any

from django.db.models import QuerySet
from ninja import Query

from workbridge.api.fields import MAX_OFFSET, QueryInt, QuerySchema
from workbridge.api.schemas import DEFAULT_LIMIT, MAX_LIMIT


class PageQuery(QuerySchema):
    """The paging parameters of every list; a list's filters add to them."""

    limit: QueryInt = Query(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}."
    )
    offset: QueryInt = Query(
        0,
        ge=0,
        le=MAX_OFFSET,
        description=f"How many matching rows to skip, 0 to {MAX_OFFSET:,}.",
        examples=[0],
    )


def page_of(rows: QuerySet, query: PageQuery) -> dict[str, Any]:
    """One page of an ordered queryset: two queries (the count and the page), whatever its size."""
    count = rows.count()
    items = list(rows[query.offset : query.offset + query.limit])
    return {"count": count, "limit": query.limit, "offset": query.offset, "items": items}
