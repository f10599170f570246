"""The HTTP API: one NinjaAPI, its routers, and its documentation page.

The OpenAPI schema is served at /api/openapi.json and browsable at /api/docs. Swagger UI's
scripts and styles come from ninja's own static files (ninja is an installed app), so the
page loads nothing from elsewhere and runs under the site's Content Security Policy.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError

from workbridge.api import (
    candidates,
    cliff,
    employers,
    equity,
    equity_process,
    impact,
    interactions,
    matching,
    openings,
    participants,
    placements,
    plans,
    sourcing,
    surveys,
    workforce,
)

DESCRIPTION = """\
Workbridge's participants, employers, contacts, interactions and job openings, for the
programs that work with them.

**Authentication.** Create a token on the *API tokens* page and send it with every request
as `Authorization: Bearer <token>`. A request acts as the token's owner, with exactly
their access: case managers, program directors and administrators reach their own
organisation's records; other roles get 403, and another organisation's record is 404.
A missing, unknown or revoked token gets 401.

**Community impact.** An employer's figures for a period and its kept reports are published
figures: a count resting on too few people is null, and so is anything it could be worked out
from. An employer partner's token reads its own employer's only.

**Privacy.** Voluntary demographic answers are never part of the API. Every read of a
participant's record, of an employer's contacts and of the interaction log is written to
the organisation's audit log, as are all changes.

**Errors.** Invalid input gets 422 with `detail`: a list of errors, each with `loc` (where,
e.g. `["body", "payload", "zip_code"]`) and `msg` (what is wrong). Nothing is written. A body
that is not JSON at all gets 400. Each operation lists every status it can answer.

**Input.** Values are taken as the schema types them, never coerced: a number is a JSON number
in a body (`0` is not `false`) and plain digits in a path or query (`true` and `false` for
flags); dates are ISO 8601 strings from 1900-01-01 to 2999-12-31. Every number is bounded: ids
run from 1 to 2^63 − 1 and `offset` up to 10,000,000. Text fields refuse control characters
(free-text fields such as notes allow tab and line breaks), with a 422 at the field; spaces at
either end of a text value are trimmed.
"""

api = NinjaAPI(
    title="Workbridge API",
    version="1",
    description=DESCRIPTION,
    docs_url="/docs",
    # No validator badge: it would send the schema's address to swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("", participants.router)
api.add_router("", employers.router)
api.add_router("", interactions.router)
api.add_router("", openings.router)
api.add_router("", surveys.router)
api.add_router("", workforce.router)
api.add_router("", impact.router)
api.add_router("", plans.router)
api.add_router("", sourcing.router)
api.add_router("", candidates.router)
api.add_router("", placements.router)
api.add_router("", matching.router)
api.add_router("", cliff.router)
api.add_router("", equity.router)
api.add_router("", equity_process.router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """401 with the scheme to use (RFC 6750) and a message in the caller's language."""
    response = api.create_response(
        request,
        {"detail": _("Send a valid API token: “Authorization: Bearer <token>”.")},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)
