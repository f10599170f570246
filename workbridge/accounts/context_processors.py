from workbridge.accounts.queries import membership_of


def membership(request):
    """The signed-in user's membership and role, for navigation."""
    m = membership_of(getattr(request, "user", None))
    return {"membership": m, "role": m.role if m else None}
