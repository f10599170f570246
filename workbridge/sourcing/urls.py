from django.urls import path

from workbridge.sourcing.views import events, fairs, partners, plans

app_name = "sourcing"

urlpatterns = [
    path("", partners.home, name="home"),
    path("partners/", partners.partners, name="partners"),
    path("partners/new/", partners.partner_new, name="partner_new"),
    path("partners/<int:pk>/", partners.partner_detail, name="partner"),
    path("partners/<int:pk>/edit/", partners.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/contacts/", partners.contact_add, name="contact_add"),
    path(
        "partners/<int:pk>/contacts/<int:contact_id>/remove/",
        partners.contact_remove,
        name="contact_remove",
    ),
    path("partners/<int:pk>/reports/new/", partners.report_add, name="report_add"),
    path("partners/<int:pk>/assessments/new/", partners.assessment_add, name="assessment_add"),
    path("reports-due/", partners.due, name="due"),
    path("baseline/", partners.baseline, name="baseline"),
    path("plans/", plans.plans, name="plans"),
    path("plans/<int:requisition_id>/", plans.plan_edit, name="plan"),
    path("fairs/", fairs.fairs, name="fairs"),
    path("fairs/new/", fairs.fair_new, name="fair_new"),
    path("fairs/template.csv", fairs.fair_template, name="fair_template"),
    path("fairs/<int:pk>/", fairs.fair_detail, name="fair"),
    path("fairs/<int:pk>/edit/", fairs.fair_edit, name="fair_edit"),
    path("fairs/<int:pk>/interest/", fairs.fair_import, name="fair_import"),
    path("events/", events.events, name="events"),
    path("events/new/", events.event_new, name="event_new"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("events/<int:pk>/employers/", events.event_employers_add, name="event_employers"),
    path("events/<int:pk>/participants/", events.event_participants_add, name="event_participants"),
]
