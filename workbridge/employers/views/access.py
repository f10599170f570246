"""Small pieces the employer pages share (who may open them: `workbridge.accounts.access`)."""

from django.forms import BoundField
from django.http import HttpRequest
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
