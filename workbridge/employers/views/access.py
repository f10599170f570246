"""Small pieces the employer pages share (who may open them: `workbridge.accounts.access`)."""

from django.core.paginator import Paginator
from django.forms import BoundField
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address from the form or query when it is on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class CappedPaginator(Paginator):
    """A paginator that stops counting at `cap` rows, so a huge list costs a bounded count.

    Past the cap the page says "more than N" and offers the first cap / per_page pages.
    """

    def __init__(self, object_list, per_page: int, *, cap: int = 10_000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        # No ORDER BY: which rows come first does not change how many there are, and
        # sorting every match before counting them cost more than the page itself.
        counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)

    capped = False


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without the named parameters (for links that change them)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def select_html(field: BoundField) -> SafeString:
    """A choice field's label and <select>, as ``{{ field.label_tag }} {{ field }}`` draws them.

    Built with plain string work: Django draws each <option> with a template of its own,
    which for a filter form's few dozen options cost more than the rows of a list page.
    """
    chosen = field.value()
    chosen = "" if chosen is None else str(chosen)
    form = field.form
    label = str(field.label)
    if form.label_suffix and label and label[-1] not in ":?.!":
        label += str(form.label_suffix)  # as BoundField.label_tag adds it
    label = escape(label)
    invalid = ""
    if form.is_bound and field.errors:
        invalid = f' aria-invalid="true" aria-describedby="{escape(field.id_for_label)}_error"'
    parts = [
        f'<label for="{escape(field.id_for_label)}">{label}</label> ',
        f'<select name="{escape(field.html_name)}"{invalid} id="{escape(field.id_for_label)}">',
    ]
    for value, text in field.field.choices:
        value = str(value)
        mark = " selected" if value == chosen else ""
        parts.append(f'\n  <option value="{escape(value)}"{mark}>{escape(str(text))}</option>')
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every name, value and label is escaped above)
