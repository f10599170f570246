"""Who is calling: bearer tokens, and the roles that may use the casework endpoints."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from workbridge.accounts.models import User
from workbridge.accounts.queries import api_token_user, user_does_casework
from workbridge.equity.access import user_does_equity


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`, a token issued on the API tokens page.

    A missing, unknown or revoked token, or one whose user is inactive, gets 401.
    """

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token:
            return None
        return api_token_user(token)


class CaseworkTokenAuth(TokenAuth):
    """A token whose user works with individual participants' records; other roles get 403.

    The role is checked here, before the request body is read, so that a role without
    access is told so whatever it sends.
    """

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = super().authenticate(request, token)
        if user is not None and not user_does_casework(user):
            raise HttpError(403, _("Your role does not give access to participants' records."))
        return user


def token_user(request: HttpRequest) -> User:
    """The user an authenticated API request acts as."""
    return request.auth  # type: ignore[attr-defined]


class EquityTokenAuth(TokenAuth):
    """A token whose user works with hiring-equity figures; other roles get 403."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = super().authenticate(request, token)
        if user is not None and not user_does_equity(user):
            raise HttpError(403, _("Your role does not give access to hiring-equity figures."))
        return user
