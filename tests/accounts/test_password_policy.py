"""The password policy: long, not common, nothing like the username or the app's name."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from workbridge.accounts.models import User


@pytest.mark.parametrize(
    "password",
    ["workbridge", "Summer2026!", "coachcoach1", "Coach-is-my-name-2026", "WorkBridge-2026-spring"],
)
def test_it_refuses_weak_passwords_for_user_coach(password):
    # given
    user = User(username="coach", first_name="Casey", last_name="Coach")
    # when / then
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_it_refuses_a_password_shorter_than_twelve_characters():
    # given
    user = User(username="coach")
    # when
    with pytest.raises(ValidationError) as refused:
        validate_password("tq8#Lm2w!zR", user)  # 11 characters, otherwise fine
    # then
    assert [e.code for e in refused.value.error_list] == ["password_too_short"]


def test_it_refuses_a_password_containing_the_username_in_any_case():
    # given
    user = User(username="mcoach")
    # when
    with pytest.raises(ValidationError) as refused:
        validate_password("river-MCOACH-lantern", user)
    # then
    assert [e.code for e in refused.value.error_list] == ["password_contains_username"]


def test_it_accepts_a_long_uncommon_passphrase():
    # given
    user = User(username="coach", first_name="Casey", last_name="Coach")
    # when / then (no error)
    assert validate_password("lantern orbit mosaic 47", user) is None
