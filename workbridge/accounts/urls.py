from django.contrib.auth import views as auth_views
from django.urls import path

from workbridge.accounts import views

app_name = "accounts"

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("tokens/", views.api_tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke", views.api_token_revoke_view, name="token_revoke"),
]

# Sign-in and sign-out live outside the namespace so that LOGIN_URL = "login" works.
auth_urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
