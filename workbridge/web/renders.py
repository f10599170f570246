"""Charts and report PDFs, kept in the cache under a hash of what they show.

Drawing a chart takes matplotlib a few hundred milliseconds and laying out a report takes
WeasyPrint seconds, while the figures behind them change only when data is imported. Each
render is stored under the SHA-256 of its inputs, so an unchanged chart or report is served
from the cache and any change in the figures, the language or the filters misses it: the
cache can never serve something out of date. Personal documents (a participant's resume)
are not cached.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache


def _key(kind: str, identity: str) -> str:
    return f"render:{kind}:{hashlib.sha256(identity.encode('utf-8')).hexdigest()}"


def chart_cached(identity: str, draw: Callable[[], bytes]) -> bytes:
    """`draw()`'s bytes, drawn once for each distinct `identity` (everything the chart shows)."""
    key = _key("chart", identity)
    found = cache.get(key)
    if found is None:
        found = draw()
        cache.set(key, found)
    return found


def pdf_render(html: str) -> bytes:
    """The PDF of a self-contained HTML page, laid out every time (for personal documents)."""
    from weasyprint import HTML  # slow to import; only exports need it

    # No base URL: the page is self-contained, so nothing is fetched while rendering.
    return HTML(string=html).write_pdf()


def pdf_cached(html: str, *, identity: str | None = None) -> bytes:
    """The PDF of a self-contained HTML page, laid out once for each distinct page.

    `identity` stands in for `html` in the key when the page carries something that changes
    without the figures changing (the time it was generated); a cached copy then keeps the
    time it was first made, which is still true of the figures it shows.
    """
    key = _key("pdf", identity if identity is not None else html)
    found = cache.get(key)
    if found is None:
        found = pdf_render(html)
        cache.set(key, found)
    return found
