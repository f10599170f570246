from django.contrib.auth import views as auth_views
from django.urls import path

from workbridge.accounts import organisation_views, views

app_name = "accounts"

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("tokens/", views.api_tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke", views.api_token_revoke_view, name="token_revoke"),
    # A locked-out user asks for an unlock link, and follows it.
    path("unlock/", views.unlock_request, name="unlock_request"),
    path("unlock/<uidb64>/<token>/", views.unlock, name="unlock"),
    # organisation_views.py: an administrator's own organisation's users and tokens
    path("users/", organisation_views.members, name="members"),
    path("users/new", organisation_views.member_new, name="member_new"),
    path("users/<int:user_id>/", organisation_views.member_detail, name="member"),
    path(
        "users/<int:user_id>/deactivate",
        organisation_views.member_deactivate_view,
        name="member_deactivate",
    ),
    path(
        "users/<int:user_id>/reactivate",
        organisation_views.member_reactivate_view,
        name="member_reactivate",
    ),
    path(
        "users/<int:user_id>/password-reset",
        organisation_views.member_password_reset_view,
        name="member_password_reset",
    ),
    path(
        "organisation-tokens/", organisation_views.organisation_tokens, name="organisation_tokens"
    ),
    path(
        "organisation-tokens/<int:token_id>/revoke",
        organisation_views.organisation_token_revoke,
        name="organisation_token_revoke",
    ),
]

# Sign-in and sign-out live outside the namespace so that LOGIN_URL = "login" works.
auth_urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The link an invited user, or one whose administrator reset their password, follows.
    path(
        "accounts/password/<uidb64>/<token>/",
        views.PasswordLinkView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
