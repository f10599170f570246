"""What every employer page checks first, and the small pieces they share."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

from workbridge.accounts.models import Role
from workbridge.accounts.queries import role_of, user_does_casework


def require_casework(user) -> None:
    """Job developers, program directors and administrators work the CRM; others get 403."""
    if not user_does_casework(user):
        raise PermissionDenied


def require_manager(user) -> None:
    """Program directors and administrators set the organisation's rules."""
    if role_of(user) not in (Role.ADMIN, Role.MANAGER):
        raise PermissionDenied


def user_manages(user) -> bool:
    return role_of(user) in (Role.ADMIN, Role.MANAGER)


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
