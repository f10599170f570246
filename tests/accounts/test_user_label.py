"""How a user is named in lists: the same as str(user), from plain values."""

import pytest

from workbridge.accounts.models import User, user_label


@pytest.mark.parametrize(
    ("first", "last", "username", "expected"),
    [
        ("Ana", "Ruiz", "aruiz", "Ana Ruiz"),
        ("Ana", "", "aruiz", "Ana"),
        ("", "Ruiz", "aruiz", "Ruiz"),
        ("", "", "aruiz", "aruiz"),
        (None, None, None, ""),  # nobody assigned, as a LEFT JOIN reads it
    ],
)
def test_it_names_a_user_by_full_name_else_username(first, last, username, expected):
    assert user_label(first, last, username) == expected


def test_it_names_a_user_object_the_same_way():
    user = User(first_name="", last_name="Ruiz", username="aruiz")
    assert str(user) == user_label("", "Ruiz", "aruiz") == "Ruiz"
