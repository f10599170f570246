"""Password rules Django's own validators leave out: the username and the app's name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words anyone guessing a Workbridge password tries first.
CONTEXT_WORDS = ("workbridge",)


class ContextWordsValidator:
    """Refuse a password that contains the username or the app's name, in any case."""

    def validate(self, password: str, user=None) -> None:
        folded = password.casefold()
        username = (getattr(user, "username", "") or "").casefold()
        if len(username) >= 3 and username in folded:
            raise ValidationError(
                _("Your password cannot contain your username."),
                code="password_contains_username",
            )
        if any(word in folded for word in CONTEXT_WORDS):
            raise ValidationError(
                _("Your password cannot contain the name of this application."),
                code="password_contains_app_name",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot contain your username or the name of this application.")
