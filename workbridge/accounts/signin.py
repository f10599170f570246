"""What signing in checks before it tries a password.

django-axes locks one username at one address after LOGIN_FAILURE_LIMIT failures, so
nobody can lock someone else out from their own address. On top of that, this module
refuses an attempt, without trying the password, when:

- the address has failed LOGIN_ADDRESS_FAILURE_LIMIT times within the cool-off period,
  across any usernames (one guess each at many accounts), or
- the username has just failed at this address: after n failures the next try waits
  LOGIN_DELAY_SECONDS × 2^(n-1) seconds (at most a minute), so guessing slows down.

A refused attempt is not a failure: it never reaches the password check.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

MAX_DELAY_SECONDS = 60


def client_address(request: HttpRequest) -> str:
    """The client's address: behind the TLS proxy, the one the proxy appended last to
    X-Forwarded-For (earlier entries come from the client and can be forged)."""
    if getattr(settings, "WORKBRIDGE_BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class Refusal:
    retry_after: int  # seconds
    address_blocked: bool


def sign_in_refusal(request: HttpRequest, username: str) -> Refusal | None:
    """Why this attempt may not try a password now, or None."""
    address = client_address(request)
    now = timezone.now()
    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    recent = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=now - cool_off)
    totals = recent.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if (totals["failures"] or 0) >= settings.WORKBRIDGE_LOGIN_ADDRESS_FAILURE_LIMIT:
        wait = (totals["last"] + cool_off - now).total_seconds()
        return Refusal(retry_after=max(1, math.ceil(wait)), address_blocked=True)
    base = settings.WORKBRIDGE_LOGIN_DELAY_SECONDS
    if not base or not username:
        return None
    pair = recent.filter(username=username).order_by("-attempt_time").first()
    if pair is None or pair.failures_since_start < 1:
        return None
    delay = min(base * 2 ** (pair.failures_since_start - 1), MAX_DELAY_SECONDS)
    remaining = (pair.attempt_time + timedelta(seconds=delay) - now).total_seconds()
    if remaining <= 0:
        return None
    return Refusal(retry_after=math.ceil(remaining), address_blocked=False)


def address_blocked_response(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """The page for an address that has failed too often: no password is tried."""
    response = render(
        request,
        "registration/locked_out.html",
        {"address_blocked": True, "retry_minutes": math.ceil(refusal.retry_after / 60)},
        status=429,
    )
    response["Retry-After"] = str(refusal.retry_after)
    return response


class UnlockTokenGenerator(PasswordResetTokenGenerator):
    """Signed, time-limited (PASSWORD_RESET_TIMEOUT) tokens for unlock links; a token
    for a password link cannot be used here, nor the other way round."""

    key_salt = "workbridge.accounts.signin.UnlockTokenGenerator"


unlock_tokens = UnlockTokenGenerator()
