"""Django's admin app, with the operators-only, audited site as its default site."""

from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    default_site = "workbridge.accounts.admin_site.OperatorAdminSite"
