"""Every URL of the project, requested by every role: who gets in and who is turned away.

The table below is the access policy. Each row is one URL pattern (by its name; "@other"
rows ask for another organisation's object), the methods tried, and what each role gets:

    ok      let in (2xx, 3xx that is not a sign-in redirect, or 400/422 for a bad form)
    login   302 to the sign-in page
    alogin  302 to the admin site's sign-in page
    admit   the admin site let them in (anything but a sign-in redirect or a 5xx)
    401     401 (the API without credentials)
    403     403
    404     404
    deny    403 or 404 (a role without casework may be refused before or after the
            participant is looked up: either way it learns nothing)
    302     302, wherever it leads
    405     405

A denied request (login, alogin, 401, 403, 404, deny) must change nothing: a denied POST
not one row of any table, a denied GET not one audit event.

A URL pattern that the table does not list fails the suite, so a new page is added here
with its policy. The admin site has a row for each of its URLs too (a "namespace:*" row
would cover every URL of a namespace that has no row of its own).
"""

# The admin site's unnamed URLs are long, and a table row cannot wrap.
# ruff: noqa: E501

import copy
import functools
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.cliff.runs import cliff_run_computed
from tests.factories import OrganisationFactory, make_user
from workbridge.accounts.models import AuditEvent, Role
from workbridge.accounts.services import api_token_create
from workbridge.placements.business_case import business_case_create
from workbridge.placements.incentives import wotc_screening_record
from workbridge.workforce.models import RosterImport

ROLES = ("anonymous", "admin", "manager", "staff", "analyst", "employer")

# fmt: off
MATRIX_TEXT = """
# url                                methods   anonymous admin  manager staff  analyst employer
login                                GET,POST  ok        ok     ok      ok     ok      ok
logout                               POST      302       302    302     302    302     302
set_language                         POST      302       302    302     302    302     302
healthz                              GET       ok        ok     ok      ok     ok      ok
home                                 GET       login     ok     ok      ok     ok      ok
about                                GET       login     ok     ok      ok     ok      ok
# An export prepared in the background: its owner (the staff member) only.
export_job                           GET       login     404    404     ok     404     404
export_job@other                     GET       login     404    404     404    404     404
export_download                      GET       login     404    404     ok     404     404
export_download@other                GET       login     404    404     404    404     404

accounts:audit                       GET       login     ok     403     403    403     403
accounts:tokens                      GET,POST  login     ok     ok      ok     ok      ok
accounts:token_revoke                POST      login     404    404     ok     404     404
accounts:token_revoke@other          POST      login     404    404     404    404     404
accounts:members                     GET       login     ok     403     403    403     403
accounts:member_new                  GET,POST  login     ok     403     403    403     403
accounts:member                      GET,POST  login     ok     403     403    403     403
accounts:member@other                GET,POST  login     404    403     403    403     403
accounts:member_deactivate           POST      login     ok     403     403    403     403
accounts:member_deactivate@other     POST      login     404    403     403    403     403
accounts:member_reactivate           POST      login     ok     403     403    403     403
accounts:member_reactivate@other     POST      login     404    403     403    403     403
accounts:member_password_reset       POST      login     ok     403     403    403     403
accounts:member_password_reset@other POST      login     404    403     403    403     403
accounts:organisation_tokens         GET       login     ok     403     403    403     403
accounts:organisation_token_revoke   POST      login     ok     403     403    403     403
accounts:organisation_token_revoke@other POST  login     404    403     403    403     403
password_reset_confirm               GET,POST  ok        ok     ok      ok     ok      ok
accounts:unlock_request              GET,POST  ok        ok     ok      ok     ok      ok
accounts:unlock                      GET       ok        ok     ok      ok     ok      ok
password_reset_complete              GET       ok        ok     ok      ok     ok      ok

people:caseload                      GET       login     ok     ok      ok     403     403
people:export                        GET,POST  login     ok     ok      ok     403     403
people:create                        GET,POST  login     ok     ok      ok     403     403
people:detail                        GET       login     ok     ok      ok     deny    deny
people:detail@other                  GET       login     404    404     404    deny    deny
people:edit                          GET,POST  login     ok     ok      ok     deny    deny
people:edit@other                    GET,POST  login     404    404     404    deny    deny
people:demographics                  GET,POST  login     ok     ok      403    deny    deny
people:demographics@other            GET,POST  login     404    404     deny   deny    deny
people:delete                        GET,POST  login     ok     ok      403    deny    deny
people:delete@other                  GET,POST  login     404    404     deny   deny    deny
people:resume                        GET       login     ok     ok      ok     deny    deny
people:resume@other                  GET       login     404    404     404    deny    deny
people:resume_pdf                    GET       login     ok     ok      ok     deny    deny
people:resume_pdf@other              GET       login     404    404     404    deny    deny
people:readiness_chart               GET       login     ok     ok      ok     deny    deny
people:readiness_chart@other         GET       login     404    404     404    deny    deny
people:assessment_new                GET,POST  login     ok     ok      ok     deny    deny
people:assessment_new@other          GET,POST  login     404    404     404    deny    deny
people:assessment                    GET       login     ok     ok      ok     deny    deny
people:assessment@other              GET       login     404    404     404    deny    deny
people:milestone                     POST      login     ok     ok      ok     deny    deny
people:milestone@other               POST      login     404    404     404    deny    deny
people:note_new                      GET,POST  login     ok     ok      ok     deny    deny
people:note_new@other                GET,POST  login     404    404     404    deny    deny
people:support_new                   GET,POST  login     ok     ok      ok     deny    deny
people:support_new@other             GET,POST  login     404    404     404    deny    deny
people:goal_new                      GET,POST  login     ok     ok      ok     deny    deny
people:goal_new@other                GET,POST  login     404    404     404    deny    deny
people:history_new                   GET,POST  login     ok     ok      ok     deny    deny
people:history_new@other             GET,POST  login     404    404     404    deny    deny
people:skill_new                     GET,POST  login     ok     ok      ok     deny    deny
people:skill_new@other               GET,POST  login     404    404     404    deny    deny
people:certification_new             GET,POST  login     ok     ok      ok     deny    deny
people:certification_new@other       GET,POST  login     404    404     404    deny    deny
people:record_delete                 POST      login     ok     ok      ok     deny    deny
people:record_delete@other           POST      login     404    404     404    deny    deny
people:plan                          GET,POST  login     ok     ok      ok     deny    deny
people:plan@other                    GET,POST  login     404    404     404    deny    deny
people:plan_pdf                      GET       login     ok     ok      ok     deny    deny
people:plan_pdf@other                GET       login     404    404     404    deny    deny
cliff:page                           GET,POST  login     ok     ok      ok     deny    deny
cliff:page@other                     GET,POST  login     404    404     404    deny    deny
cliff:run                            GET       login     ok     ok      ok     deny    deny
cliff:run@other                      GET       login     404    404     404    deny    deny
cliff:chart                          GET       login     ok     ok      ok     deny    deny
cliff:chart@other                    GET       login     404    404     404    deny    deny
cliff:sheet                          GET       login     ok     ok      ok     deny    deny
cliff:sheet@other                    GET       login     404    404     404    deny    deny
people:application_new               GET,POST  login     ok     ok      ok     deny    deny
people:application_new@other         GET,POST  login     404    404     404    deny    deny
people:application_edit              GET,POST  login     ok     ok      ok     deny    deny
people:application_edit@other        GET,POST  login     404    404     404    deny    deny
people:workshops                     GET       login     ok     ok      ok     403     403
people:workshop_new                  GET,POST  login     ok     ok      ok     403     403
people:workshop                      GET       login     ok     ok      ok     403     403
people:workshop@other                GET       login     404    404     404    403     403
people:workshop_seat_add             POST      login     ok     ok      ok     403     403
people:workshop_seat_add@other       POST      login     404    404     404    403     403
people:workshop_attendance           POST      login     ok     ok      ok     403     403
people:workshop_attendance@other     POST      login     404    404     404    403     403
people:settings                      GET       login     ok     ok      403    403     403
people:instrument                    GET,POST  login     ok     ok      403    403     403
people:exit_readiness                GET       login     ok     ok      403    403     403
people:exit_readiness_chart          GET       login     ok     ok      403    403     403
people:exit_readiness_export         GET       login     ok     ok      403    403     403
people:milestone_template            GET,POST  login     ok     ok      403    403     403

equity:home                          GET       login     ok     ok      403    ok      403
equity:imports                       GET       login     ok     ok      403    ok      403
equity:import_new                    GET,POST  login     ok     ok      403    ok      403
equity:import_run                    GET       login     ok     ok      403    ok      403
equity:import_run@other              GET       login     404    404     403    404     403
equity:import_map                    GET,POST  login     ok     ok      403    ok      403
equity:import_map@other              GET,POST  login     404    404     403    404     403
equity:import_values                 GET,POST  login     ok     ok      403    ok      403
equity:import_values@other           GET,POST  login     404    404     403    404     403
equity:import_values_status          GET       login     ok     ok      403    ok      403
equity:import_values_status@other    GET       login     404    404     403    404     403
equity:import_status                 GET       login     ok     ok      403    ok      403
equity:import_status@other           GET       login     404    404     403    404     403
equity:import_retry                  POST      login     ok     ok      403    ok      403
equity:import_retry@other            POST      login     404    404     403    404     403
equity:impact                        GET       login     ok     ok      403    ok      403
equity:impact_chart                  GET       login     ok     ok      403    ok      403
equity:impact_xlsx                   GET       login     ok     ok      403    ok      403
equity:impact_pdf                    GET       login     ok     ok      403    ok      403
equity:impact_overview               GET       login     ok     ok      403    ok      403
equity:report                        GET       login     ok     ok      403    ok      403
equity:report_export                 GET       login     ok     ok      403    ok      403
equity:process_sessions_import       GET,POST  login     ok     ok      403    ok      403
equity:process_sessions_template     GET       login     ok     ok      403    ok      403
equity:process_steps_import          GET,POST  login     ok     ok      403    ok      403
equity:process_steps_template        GET       login     ok     ok      403    ok      403
equity:benchmarks                    GET       login     ok     ok      403    ok      403
equity:benchmark_create              GET,POST  login     ok     ok      403    403     403
equity:benchmark_edit                GET,POST  login     ok     ok      403    403     403
equity:benchmark_edit@other          GET,POST  login     404    404     403    403     403
equity:benchmark_delete              POST      login     ok     ok      403    403     403
equity:benchmark_delete@other        POST      login     404    404     403    403     403
equity:workforce                     GET       login     ok     ok      403    ok      403
equity:workforce_import              GET,POST  login     ok     ok      403    403     403
equity:workforce_template            GET       login     ok     ok      403    ok      403
equity:settings                      GET       login     ok     ok      403    ok      403
equity:settings_edit                 GET,POST  login     ok     ok      403    403     403

# Sourcing partners, sourcing plans and job fairs: the hiring-equity roles; the baseline is set
# by administrators and program directors. Hiring events are casework. Another
# organisation's record is a 404.
sourcing:home                        GET       login     ok     ok      403    ok      403
sourcing:partners                    GET       login     ok     ok      403    ok      403
sourcing:partner_new                 GET,POST  login     ok     ok      403    ok      403
sourcing:partner                     GET       login     ok     ok      403    ok      403
sourcing:partner@other               GET       login     404    404     403    404     403
sourcing:partner_edit                GET,POST  login     ok     ok      403    ok      403
sourcing:partner_edit@other          GET,POST  login     404    404     403    404     403
sourcing:contact_add                 POST      login     ok     ok      403    ok      403
sourcing:contact_add@other           POST      login     404    404     403    404     403
sourcing:contact_remove              POST      login     ok     ok      403    ok      403
sourcing:contact_remove@other        POST      login     404    404     403    404     403
sourcing:report_add                  GET,POST  login     ok     ok      403    ok      403
sourcing:report_add@other            GET,POST  login     404    404     403    404     403
sourcing:assessment_add              GET,POST  login     ok     ok      403    ok      403
sourcing:assessment_add@other        GET,POST  login     404    404     403    404     403
sourcing:due                         GET       login     ok     ok      403    ok      403
sourcing:baseline                    GET,POST  login     ok     ok      403    403     403
sourcing:plans                       GET       login     ok     ok      403    ok      403
sourcing:plan                        GET,POST  login     ok     ok      403    ok      403
sourcing:plan@other                  GET,POST  login     404    404     403    404     403
sourcing:fairs                       GET       login     ok     ok      403    ok      403
sourcing:fair_new                    GET,POST  login     ok     ok      403    ok      403
sourcing:fair_template               GET       login     ok     ok      403    ok      403
sourcing:fair                        GET       login     ok     ok      403    ok      403
sourcing:fair@other                  GET       login     404    404     403    404     403
sourcing:fair_edit                   GET,POST  login     ok     ok      403    ok      403
sourcing:fair_edit@other             GET,POST  login     404    404     403    404     403
sourcing:fair_import                 GET,POST  login     ok     ok      403    ok      403
sourcing:fair_import@other           GET,POST  login     404    404     403    404     403
sourcing:events                      GET       login     ok     ok      ok     403     403
sourcing:event_new                   GET,POST  login     ok     ok      ok     403     403
sourcing:event                       GET       login     ok     ok      ok     403     403
sourcing:event@other                 GET       login     404    404     404    403     403
sourcing:event_employers             POST      login     ok     ok      ok     403     403
sourcing:event_employers@other       POST      login     404    404     404    403     403
sourcing:event_participants          POST      login     ok     ok      ok     403     403
sourcing:event_participants@other    POST      login     404    404     404    403     403
candidates:home                      GET       login     ok     ok      403    ok      403
candidates:contacts                  GET,POST  login     ok     ok      403    403     403
candidates:notices                   GET       login     ok     ok      403    403     403
candidates:templates                 GET,POST  login     ok     ok      403    403     403
# A candidate's opt-out link: anyone holding it; a token that is not ours is 404.
candidates:opt_out                   GET,POST  404       404    404     404    404     404
candidates:timeline                  GET       login     ok     ok      403    ok      403
candidates:retest                    GET       login     ok     ok      403    ok      403
candidates:exams                     GET,POST  login     ok     ok      403    403     403
candidates:exam                      GET,POST  login     ok     ok      403    403     403
candidates:exam@other                GET,POST  login     404    404     403    403     403
candidates:feedback                  GET       login     ok     ok      403    403     403
candidates:feedback@other            GET       login     404    404     403    403     403
candidates:feedback_run_new          POST      login     ok     ok      403    403     403
candidates:feedback_run_new@other    POST      login     404    404     403    403     403
candidates:feedback_run              GET       login     ok     ok      403    403     403
candidates:feedback_run@other        GET       login     404    404     403    403     403
candidates:feedback_download         GET       login     ok     ok      403    403     403
candidates:feedback_download@other   GET       login     404    404     403    403     403
workforce:home                       GET       login     ok     ok      403    ok      403
workforce:roster_new                 GET,POST  login     ok     ok      403    ok      403
workforce:roster_run                 GET       login     ok     ok      403    ok      403
workforce:roster_run@other           GET       login     404    404     403    404     403
workforce:roster_map                 GET,POST  login     ok     ok      403    ok      403
workforce:roster_map@other           GET,POST  login     404    404     403    404     403
workforce:crosswalk                  GET,POST  login     ok     ok      403    ok      403
workforce:report                     GET       login     ok     ok      403    ok      403
workforce:report_export              GET       login     ok     ok      403    ok      403
workforce:committees                 GET,POST  login     ok     ok      403    ok      403
workforce:succession                 GET,POST  login     ok     ok      403    ok      403
workforce:learning                   GET,POST  login     ok     ok      403    ok      403
workforce:program_export             GET       login     ok     ok      403    ok      403

interviews:home                      GET       login     ok     ok      403    ok      403
interviews:mine                      GET       login     ok     ok      ok     ok      ok
interviews:profile                   GET,POST  login     ok     ok      ok     ok      ok
interviews:procedures                GET       login     ok     ok      ok     ok      403
interviews:procedure_new             GET,POST  login     ok     ok      403    ok      403
interviews:procedure                 GET       login     ok     ok      ok     ok      403
interviews:procedure@other           GET       login     404    404     404    404     403
interviews:procedure_acknowledge     POST      login     ok     ok      ok     ok      403
interviews:procedure_acknowledge@other POST    login     404    404     404    404     403
interviews:procedure_revise          POST      login     ok     ok      403    ok      403
interviews:procedure_revise@other    POST      login     404    404     403    404     403
interviews:rubric_create             GET,POST  login     ok     ok      403    ok      403
interviews:rubric                    GET,POST  login     ok     ok      403    ok      403
interviews:rubric@other              GET,POST  login     404    404     deny   404     deny
interviews:competency_add            GET,POST  login     ok     ok      403    ok      403
interviews:competency_add@other      GET,POST  login     404    404     deny   404     deny
interviews:competency_edit           GET,POST  login     ok     ok      403    ok      403
interviews:competency_edit@other     GET,POST  login     404    404     deny   404     deny
interviews:panel_create              GET,POST  login     ok     ok      403    ok      403
interviews:panel                     GET       login     ok     ok      403    ok      403
interviews:panel@other               GET       login     404    404     deny   404     deny
interviews:member_add                POST      login     ok     ok      403    ok      403
interviews:member_add@other          POST      login     404    404     deny   404     deny
interviews:candidate_add             POST      login     ok     ok      403    ok      403
interviews:candidate_add@other       POST      login     404    404     deny   404     deny
interviews:panel_close               POST      login     ok     ok      403    ok      403
interviews:panel_close@other         POST      login     404    404     deny   404     deny
interviews:consensus                 GET,POST  login     ok     ok      403    ok      403
interviews:consensus@other           GET,POST  login     404    404     deny   404     deny
interviews:score_list                GET       login     403    403     ok     403     403
interviews:score_list@other          GET       login     404    404     404    404     404
interviews:score                     GET,POST  login     403    403     ok     403     403
interviews:score@other               GET,POST  login     404    404     404    404     404
interviews:impact                    GET       login     ok     ok      403    ok      403
interviews:impact_chart              GET       login     ok     ok      403    ok      403
interviews:impact_export             GET       login     ok     ok      403    ok      403
interviews:composition               GET       login     ok     ok      403    ok      403
interviews:consensus_effect          GET       login     ok     ok      403    ok      403
interviews:composition_chart         GET       login     ok     ok      403    ok      403
interviews:composition_export        GET       login     ok     ok      403    ok      403

# Surveys: HR kinds (this row's survey is an employee survey) for admin, manager and
# analyst; program staff run only participant and employer surveys, so an HR survey is
# hidden from them. The one-time link needs no sign-in; an unknown token is a 404 page.
surveys:home                         GET       login     ok     ok      ok     ok      403
surveys:create                       GET,POST  login     ok     ok      ok     ok      403
surveys:detail                       GET,POST  login     ok     ok      deny   ok      403
surveys:detail@other                 GET,POST  login     404    404     deny   404     403
surveys:preview                      GET       login     ok     ok      deny   ok      403
surveys:preview@other                GET       login     404    404     deny   404     403
surveys:question_add                 GET,POST  login     ok     ok      deny   ok      403
surveys:question_add@other           GET,POST  login     404    404     deny   404     403
surveys:question_edit                GET,POST  login     ok     ok      deny   ok      403
surveys:question_edit@other          GET,POST  login     404    404     deny   404     403
surveys:question_remove              POST      login     ok     ok      deny   ok      403
surveys:question_remove@other        POST      login     404    404     deny   404     403
surveys:publish                      POST      login     ok     ok      deny   ok      403
surveys:publish@other                POST      login     404    404     deny   404     403
surveys:new_version                  POST      login     ok     ok      deny   ok      403
surveys:new_version@other            POST      login     404    404     deny   404     403
surveys:trends                       GET       login     ok     ok      deny   ok      403
surveys:trends@other                 GET       login     404    404     deny   404     403
surveys:exit_reasons                 GET       login     ok     ok      deny   ok      403
surveys:exit_reasons@other           GET       login     404    404     deny   404     403
surveys:exit_reasons_export          GET       login     ok     ok      deny   ok      403
surveys:exit_reasons_export@other    GET       login     404    404     deny   404     403
surveys:wave_create                  GET,POST  login     ok     ok      deny   ok      403
surveys:wave_create@other            GET,POST  login     404    404     deny   404     403
surveys:wave                         GET       login     ok     ok      deny   ok      403
surveys:wave@other                   GET       login     404    404     deny   404     403
surveys:invite_upload                GET,POST  login     ok     ok      deny   ok      403
surveys:invite_upload@other          GET,POST  login     404    404     deny   404     403
surveys:invite_people                POST      login     ok     ok      deny   ok      403
surveys:invite_applicants            GET,POST  login     ok     ok      deny   ok      403
surveys:invite_applicants@other      GET,POST  login     404    404     deny   404     403
surveys:invite_people@other          POST      login     404    404     deny   404     403
surveys:send                         POST      login     ok     ok      deny   ok      403
surveys:send@other                   POST      login     404    404     deny   404     403
surveys:remind                       POST      login     ok     ok      deny   ok      403
surveys:remind@other                 POST      login     404    404     deny   404     403
surveys:send_status                  GET       login     ok     ok      deny   ok      403
surveys:send_status@other            GET       login     404    404     deny   404     403
surveys:paper                        GET,POST  login     ok     ok      deny   ok      403
surveys:paper@other                  GET,POST  login     404    404     deny   404     403
surveys:results                      GET       login     ok     ok      deny   ok      403
surveys:results@other                GET       login     404    404     deny   404     403
surveys:results_chart                GET       login     ok     ok      deny   ok      403
surveys:results_chart@other          GET       login     404    404     deny   404     403
surveys:results_export               GET       login     ok     ok      deny   ok      403
surveys:results_export@other         GET       login     404    404     deny   404     403
surveys:respond                      GET,POST  404       404    404     404    404     404
surveys:courses                      GET,POST  login     ok     ok      403    ok      403
surveys:course                       GET,POST  login     ok     ok      403    ok      403
surveys:course@other                 GET,POST  login     404    404     403    404     403
surveys:roster                       POST      login     ok     ok      403    ok      403
surveys:roster@other                 POST      login     404    404     403    404     403
surveys:roster_upload                GET,POST  login     ok     ok      403    ok      403
surveys:roster_upload@other          GET,POST  login     404    404     403    404     403

employers:list                       GET       login     ok     ok      ok     403     403
employers:export                     GET,POST  login     ok     ok      ok     403     403
employers:create                     GET,POST  login     ok     ok      ok     403     403
employers:import                     GET,POST  login     ok     ok      ok     403     403
employers:import_map                 GET,POST  login     404    404     ok     403     403
employers:import_map@other           GET,POST  login     404    404     404    403     403
employers:import_run                 GET       login     404    404     ok     403     403
employers:import_run@other           GET       login     404    404     404    403     403
employers:import_status              GET       login     404    404     ok     403     403
employers:import_status@other        GET       login     404    404     404    403     403
employers:import_load                POST      login     404    404     ok     403     403
employers:import_load@other          POST      login     404    404     404    403     403
employers:import_retry               POST      login     404    404     ok     403     403
employers:import_retry@other         POST      login     404    404     404    403     403
employers:detail                     GET       login     ok     ok      ok     deny    deny
employers:detail@other               GET       login     404    404     404    deny    deny
employers:edit                       GET,POST  login     ok     ok      ok     deny    deny
employers:edit@other                 GET,POST  login     404    404     404    deny    deny
employers:counterparts               GET,POST  login     ok     ok      ok     403     403
employers:development                GET,POST  login     ok     ok      ok     deny    deny
employers:development@other          GET,POST  login     404    404     404    deny    deny
employers:relationship_add           POST      login     ok     ok      ok     deny    deny
employers:relationship_add@other     POST      login     404    404     404    deny    deny
employers:move                       POST      login     ok     ok      ok     deny    deny
employers:move@other                 POST      login     404    404     404    deny    deny
employers:call                       GET       login     ok     ok      ok     deny    deny
employers:call@other                 GET       login     404    404     404    deny    deny
employers:location_add               GET,POST  login     ok     ok      ok     deny    deny
employers:location_add@other         GET,POST  login     404    404     404    deny    deny
employers:contact_add                GET,POST  login     ok     ok      ok     deny    deny
employers:contact_add@other          GET,POST  login     404    404     404    deny    deny
employers:contact_edit               GET,POST  login     ok     ok      ok     deny    deny
employers:contact_edit@other         GET,POST  login     404    404     404    deny    deny
employers:pipeline                   GET       login     ok     ok      ok     403     403
employers:pipeline_chart             GET       login     ok     ok      ok     403     403
employers:interaction_log            GET,POST  login     ok     ok      ok     403     403
employers:queue                      GET       login     ok     ok      ok     403     403
employers:action_item_done           POST      login     ok     ok      ok     deny    deny
employers:action_item_done@other     POST      login     404    404     404    deny    deny
employers:cadence                    GET,POST  login     ok     ok      403    403     403
employers:meetings                   GET       login     ok     ok      ok     403     403
employers:meeting_schedule           GET,POST  login     ok     ok      ok     403     403
employers:meeting                    GET       login     ok     ok      ok     deny    deny
employers:meeting@other              GET       login     404    404     404    deny    deny
employers:meeting_ics                GET       login     ok     ok      ok     deny    deny
employers:meeting_ics@other          GET       login     404    404     404    deny    deny
employers:meeting_invite             POST      login     ok     ok      ok     deny    deny
employers:meeting_invite@other       POST      login     404    404     404    deny    deny
employers:meeting_minutes            POST      login     ok     ok      ok     deny    deny
employers:meeting_minutes@other      POST      login     404    404     404    deny    deny
employers:meeting_action_item_add    POST      login     ok     ok      ok     deny    deny
employers:meeting_action_item_add@other POST   login     404    404     404    deny    deny
employers:templates                  GET       login     ok     ok      ok     403     403
employers:template_create            GET,POST  login     ok     ok      ok     403     403
employers:template_edit              GET,POST  login     ok     ok      ok     deny    deny
employers:template_edit@other        GET,POST  login     404    404     404    deny    deny
employers:template_preview           GET       login     ok     ok      ok     deny    deny
employers:template_preview@other     GET       login     404    404     404    deny    deny
employers:message_send               POST      login     ok     ok      ok     deny    deny
employers:message_send@other         POST      login     404    404     404    deny    deny
employers:bulk_send                  GET,POST  login     ok     ok      ok     403     403
employers:bulk_send_progress         GET       login     ok     ok      ok     deny    deny
employers:bulk_send_progress@other   GET       login     404    404     404    deny    deny
employers:bulk_send_status           GET       login     ok     ok      ok     deny    deny
employers:bulk_send_status@other     GET       login     404    404     404    deny    deny
# Community impact reports: caseworkers of the employer's organisation; the schedule and
# the priority communities are the managers'. Partners see their own employer's only.
employers:impact_report              GET       login     ok     ok      ok     deny    deny
employers:impact_report@other        GET       login     404    404     404    deny    deny
employers:impact_report_pdf          GET       login     ok     ok      ok     deny    deny
employers:impact_report_pdf@other    GET       login     404    404     404    deny    deny
employers:impact_report_csv          GET       login     ok     ok      ok     deny    deny
employers:impact_report_csv@other    GET       login     404    404     404    deny    deny
employers:impact_report_send         POST      login     ok     ok      ok     deny    deny
employers:impact_report_send@other   POST      login     404    404     404    deny    deny
employers:impact_plan                GET,POST  login     ok     ok      403    403     403
employers:impact_plan@other          GET,POST  login     404    404     403    403     403
employers:impact_snapshot            GET       login     ok     ok      ok     deny    deny
employers:impact_snapshot@other      GET       login     404    404     404    deny    deny
employers:impact_snapshot_pdf        GET       login     ok     ok      ok     deny    deny
employers:impact_snapshot_pdf@other  GET       login     404    404     404    deny    deny
employers:meeting_packet             GET       login     ok     ok      ok     deny    deny
employers:meeting_packet@other       GET       login     404    404     404    deny    deny
employers:impact_settings            GET,POST  login     ok     ok      403    403     403
employers:impact_benchmark           GET,POST  login     ok     ok      403    403     403
employers:impact_program             GET       login     ok     ok      ok     403     403
employers:impact_program_xlsx        GET       login     ok     ok      ok     403     403
employers:impact_program_pdf         GET       login     ok     ok      ok     403     403
employers:partner_home               GET       login     403    403     403    403     ok
employers:partner_snapshot           GET       login     403    403     403    403     ok
employers:partner_snapshot@other     GET       login     403    403     403    403     404
employers:partner_snapshot_pdf       GET       login     403    403     403    403     ok
employers:partner_snapshot_pdf@other GET       login     403    403     403    403     404

jobs:list                            GET       login     ok     ok      ok     403     403
jobs:create                          GET,POST  login     ok     ok      ok     403     403
jobs:detail                          GET       login     ok     ok      ok     deny    deny
jobs:detail@other                    GET       login     404    404     404    deny    deny
jobs:edit                            GET,POST  login     ok     ok      ok     deny    deny
jobs:edit@other                      GET,POST  login     404    404     404    deny    deny
jobs:living_wage                     GET       login     ok     ok      ok     403     403
jobs:living_wage                     POST      login     ok     ok      403    403     403

placements:participant               GET,POST  login     ok     ok      ok     deny    deny
placements:participant@other         GET,POST  login     404    404     404    deny    deny
placements:referral                  GET       login     ok     ok      ok     deny    deny
placements:referral@other            GET       login     404    404     404    deny    deny
placements:referral_move             POST      login     ok     ok      ok     deny    deny
placements:referral_move@other       POST      login     404    404     404    deny    deny
placements:slate                     GET,POST  login     ok     ok      ok     deny    deny
placements:slate@other               GET,POST  login     404    404     404    deny    deny
placements:create                    GET,POST  login     ok     ok      ok     deny    deny
placements:create@other              GET,POST  login     404    404     404    deny    deny
placements:detail                    GET       login     ok     ok      ok     deny    deny
placements:detail@other              GET       login     404    404     404    deny    deny
placements:check_record              POST      login     ok     ok      ok     deny    deny
placements:check_record@other        POST      login     404    404     404    deny    deny
placements:end                       POST      login     ok     ok      ok     deny    deny
placements:end@other                 POST      login     404    404     404    deny    deny
placements:support_add               POST      login     ok     ok      ok     deny    deny
placements:support_add@other         POST      login     404    404     404    deny    deny
placements:cover_letter              GET,POST  login     ok     ok      ok     deny    deny
placements:cover_letter@other        GET,POST  login     404    404     404    deny    deny
placements:cover_letter_pdf          GET       login     ok     ok      ok     deny    deny
placements:cover_letter_pdf@other    GET       login     404    404     404    deny    deny
placements:retention_plan            GET,POST  login     ok     ok      ok     deny    deny
placements:retention_plan@other      GET,POST  login     404    404     404    deny    deny
placements:supports_report           GET       login     ok     ok      403    403     403
placements:targets                   GET,POST  login     ok     ok      ok     403     403
placements:queue                     GET       login     ok     ok      ok     403     403
placements:outcomes                  GET       login     ok     ok      403    403     403
placements:outcomes_chart            GET       login     ok     ok      403    403     403
placements:outcomes_export           GET       login     ok     ok      403    403     403
placements:incentives                GET       login     ok     ok      ok     deny    deny
placements:incentives@other          GET       login     404    404     404    deny    deny
placements:incentives_record         POST      login     ok     ok      ok     deny    deny
placements:incentives_record@other   POST      login     404    404     404    deny    deny
placements:screening_pdf             GET       login     ok     ok      ok     deny    deny
placements:screening_pdf@other       GET       login     404    404     404    deny    deny
placements:placement_incentives      POST      login     ok     ok      ok     deny    deny
placements:placement_incentives@other POST     login     404    404     404    deny    deny
placements:business_case_new         GET,POST  login     ok     ok      ok     deny    deny
placements:business_case_new@other   GET,POST  login     404    404     404    deny    deny
placements:business_case             GET       login     ok     ok      ok     deny    deny
placements:business_case@other       GET       login     404    404     404    deny    deny
placements:business_case_pdf         GET       login     ok     ok      ok     deny    deny
placements:business_case_pdf@other   GET       login     404    404     404    deny    deny
placements:business_case_send        POST      login     ok     ok      ok     deny    deny
placements:business_case_send@other  POST      login     404    404     404    deny    deny
placements:labour_market             GET       login     ok     ok      ok     403     403
placements:career                    GET       login     ok     ok      ok     deny    deny
placements:career@other              GET       login     404    404     404    deny    deny

matching:participant                 GET       login     ok     ok      ok     deny    deny
matching:participant@other           GET       login     404    404     404    deny    deny
matching:opening                     GET       login     ok     ok      ok     deny    deny
matching:opening@other               GET       login     404    404     404    deny    deny
matching:suggestions                 GET       login     ok     ok      403    403     403
matching:weights                     GET,POST  login     ok     ok      403    403     403

api-1:openapi-json                   GET       ok        ok     ok      ok     ok      ok
api-1:openapi-view                   GET       ok        ok     ok      ok     ok      ok
api-1:api-root                       GET       404       404    404     404    404     404
api-1:participants                   GET       401       ok     ok      ok     403     403
api-1:participants                   POST      401       ok     ok      ok     403     403
api-1:participant                    GET,PATCH 401       ok     ok      ok     deny    deny
api-1:participant@other              GET,PATCH 401       404    404     404    deny    deny
api-1:participant_cliff              GET       401       ok     ok      ok     deny    deny
api-1:participant_cliff@other        GET       401       404    404     404    deny    deny
api-1:employers                      GET,POST  401       ok     ok      ok     403     403
api-1:employer                       GET,PATCH 401       ok     ok      ok     deny    deny
api-1:employer@other                 GET,PATCH 401       404    404     404    deny    deny
api-1:employer_move                  POST      401       ok     ok      ok     deny    deny
api-1:employer_move@other            POST      401       404    404     404    deny    deny
api-1:employer_contacts              GET,POST  401       ok     ok      ok     deny    deny
api-1:employer_contacts@other        GET,POST  401       404    404     404    deny    deny
api-1:contact                        GET,PATCH 401       ok     ok      ok     deny    deny
api-1:contact@other                  GET,PATCH 401       404    404     404    deny    deny
api-1:interactions                   GET,POST  401       ok     ok      ok     403     403
api-1:openings                       GET,POST  401       ok     ok      ok     403     403
api-1:opening                        GET,PATCH 401       ok     ok      ok     deny    deny
api-1:opening@other                  GET,PATCH 401       404    404     404    deny    deny
api-1:participant_suggestions        GET       401       ok     ok      ok     deny    deny
api-1:participant_suggestions@other  GET       401       404    404     404    deny    deny
api-1:opening_candidates             GET       401       ok     ok      ok     deny    deny
api-1:opening_candidates@other       GET       401       404    404     404    deny    deny
api-1:referrals                      GET,POST  401       ok     ok      ok     403     403
api-1:referral                       GET       401       ok     ok      ok     deny    deny
api-1:referral@other                 GET       401       404    404     404    deny    deny
api-1:referral_move                  POST      401       ok     ok      ok     deny    deny
api-1:referral_move@other            POST      401       404    404     404    deny    deny
api-1:employer_impact                GET       401       ok     ok      ok     403     ok
api-1:employer_impact@other          GET       401       404    404     404    403     404
api-1:employer_impact_snapshots      GET       401       ok     ok      ok     403     ok
api-1:employer_impact_snapshots@other GET      401       404    404     404    403     404
api-1:impact_snapshot_pdf            GET       401       ok     ok      ok     403     ok
api-1:impact_snapshot_pdf@other      GET       401       404    404     404    403     404
api-1:surveys                        GET       401       ok     ok      ok     ok      403
api-1:survey_results                 GET       401       ok     ok      404    ok      403
api-1:survey_results@other           GET       401       404    404     404    404     403
api-1:plans                          GET       401       ok     ok      ok     ok      403
api-1:plan                           GET       401       ok     ok      ok     ok      403
api-1:plan@other                     GET       401       404    404     404    404     403
api-1:plan_measure_values            GET       401       ok     ok      ok     ok      403
api-1:plan_measure_values@other      GET       401       404    404     404    404     403
api-1:survey_waves                   POST      401       ok     ok      404    ok      403
api-1:survey_waves@other             POST      401       404    404     404    404     403
api-1:survey_invitations             POST      401       ok     ok      404    ok      403
api-1:survey_invitations@other       POST      401       404    404     404    404     403
api-1:survey_send                    POST      401       ok     ok      404    ok      403
api-1:survey_send@other              POST      401       404    404     404    404     403
api-1:candidate_contacts              GET       401       ok     ok      403    403     403
api-1:candidate_notices               GET       401       ok     ok      403    ok      403
api-1:candidate_timeline              GET       401       ok     ok      403    ok      403
api-1:candidate_retests               GET       401       ok     ok      403    ok      403
api-1:candidate_exam_results          GET       401       ok     ok      403    403     403
api-1:candidate_exam_results@other    GET       401       404    404     403    403     403
api-1:survey_sending                 GET       401       ok     ok      404    ok      403
api-1:survey_sending@other           GET       401       404    404     404    404     403
api-1:equity_imports                 POST      401       ok     ok      403    ok      403
api-1:equity_import_status           GET       401       ok     ok      403    ok      403
api-1:equity_import_status@other     GET       401       404    404     403    404     403
api-1:equity_import_problems         GET       401       ok     ok      403    ok      403
api-1:equity_import_problems@other   GET       401       404    404     403    404     403
api-1:equity_import_mapping          POST      401       admit  admit   403    admit   403
api-1:equity_import_mapping@other    POST      401       404    404     403    404     403
api-1:equity_adverse_impact          GET       401       ok     ok      403    ok      403
api-1:equity_application_process     GET       401       ok     ok      403    ok      403
api-1:equity_optional_steps          GET       401       ok     ok      403    ok      403
api-1:workforce_snapshots            GET,POST  401       ok     ok      403    ok      403
api-1:workforce_snapshot_status      GET       401       ok     ok      403    ok      403
api-1:workforce_snapshot_status@other GET      401       404    404     403    404     403
api-1:workforce_transitions          GET       401       ok     ok      403    ok      403
api-1:workforce_report               GET       401       ok     ok      403    ok      403
api-1:workforce_utilisation          GET       401       ok     ok      403    ok      403
api-1:sourcing_partners              GET       401       ok     ok      403    ok      403
api-1:sourcing_partner               GET       401       ok     ok      403    ok      403
api-1:sourcing_partner@other         GET       401       404    404     403    404     403
api-1:sourcing_partnerships          GET       401       ok     ok      403    ok      403
api-1:sourcing_fairs                 GET,POST  401       ok     ok      403    ok      403
api-1:sourcing_fair_interest         POST      401       ok     ok      403    ok      403
api-1:sourcing_fair_funnel           GET       401       ok     ok      403    ok      403
api-1:sourcing_fair_funnel@other     GET       401       404    404     403    404     403
api-1:placements                     GET       401       ok     ok      ok     403     403
api-1:placement                      GET       401       ok     ok      ok     deny    deny
api-1:placement@other                GET       401       404    404     404    deny    deny
api-1:placement_incentives           PATCH     401       ok     ok      ok     deny    deny
api-1:placement_incentives@other     PATCH     401       404    404     404    deny    deny
api-1:retention_checks               GET       401       ok     ok      ok     403     403
api-1:wotc_screening                 GET       401       ok     ok      ok     deny    deny
api-1:wotc_screening@other           GET       401       404    404     404    deny    deny

# Equity action plans: every role but employer partners reads them; administrators,
# managers and analysts edit them. Another organisation's plan is a 404.
plans:home                           GET       login     ok     ok      ok     ok      403
plans:create                         GET,POST  login     ok     ok      403    ok      403
plans:reminders                      POST      login     ok     ok      ok     ok      403
plans:indicators                     GET       login     ok     ok      ok     ok      403
plans:indicators                     POST      login     ok     ok      403    ok      403
plans:detail                         GET       login     ok     ok      ok     ok      403
plans:detail@other                   GET       login     404    404     404    404     403
plans:dashboard                      GET       login     ok     ok      ok     ok      403
plans:dashboard@other                GET       login     404    404     404    404     403
plans:export                         GET       login     ok     ok      ok     ok      403
plans:export@other                   GET       login     404    404     404    404     403
plans:report                         GET       login     ok     ok      ok     ok      403
plans:report@other                   GET       login     404    404     404    404     403
plans:report_pdf                     GET       login     ok     ok      ok     ok      403
plans:report_pdf@other               GET       login     404    404     404    404     403
plans:report_xlsx                    GET       login     ok     ok      ok     ok      403
plans:report_xlsx@other              GET       login     404    404     404    404     403
plans:edit                           GET,POST  login     ok     ok      403    ok      403
plans:edit@other                     GET,POST  login     404    404     403    404     403
plans:goal_add                       POST      login     ok     ok      403    ok      403
plans:goal_add@other                 POST      login     404    404     403    404     403
plans:import                         GET,POST  login     ok     ok      403    ok      403
plans:import@other                   GET,POST  login     404    404     403    404     403
plans:strategy_add                   POST      login     ok     ok      403    ok      403
plans:strategy_add@other             POST      login     404    404     403    404     403
plans:action_add                     GET,POST  login     ok     ok      403    ok      403
plans:action_add@other               GET,POST  login     404    404     403    404     403
plans:action_status                  POST      login     ok     ok      403    ok      403
plans:action_status@other            POST      login     404    404     403    404     403
plans:step_toggle                    POST      login     ok     ok      403    ok      403
plans:step_toggle@other              POST      login     404    404     403    404     403
plans:measure_add                    GET,POST  login     ok     ok      403    ok      403
plans:measure_add@other              GET,POST  login     404    404     403    404     403
plans:value_add                      POST      login     ok     ok      403    ok      403
plans:value_add@other                POST      login     404    404     403    404     403
plans:story                          POST      login     ok     ok      403    ok      403
plans:story@other                    POST      login     404    404     403    404     403
plans:action                         GET       login     ok     ok      ok     ok      403
plans:action@other                   GET       login     404    404     404    404     403
plans:action                         POST      login     ok     ok      403    ok      403
plans:action@other                   POST      login     404    404     deny   404     403
plans:measure                        GET       login     ok     ok      ok     ok      403
plans:measure@other                  GET       login     404    404     404    404     403
plans:measure                        POST      login     ok     ok      403    ok      403
plans:measure@other                  POST      login     404    404     deny   404     403

# Django's admin site: platform operators only (tests/accounts/test_operator_admin.py);
# every role of every organisation, administrators included, is sent to its sign-in.
admin:index                          GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:login                          GET,POST  ok        ok     ok      ok     ok      ok
admin:logout                         GET,POST  302       302    302     302    302     302
admin:password_change                GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:password_change_done           GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:autocomplete                   GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:jsi18n                         GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:view_on_site                   GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:auth_group_changelist          GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:auth_group_add                 GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:auth_group_history             GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:auth_group_delete              GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:auth_group_change              GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:<admin/auth/group/<path:object_id>/> GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:django_tasks_database_dbtaskresult_changelist GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:django_tasks_database_dbtaskresult_add GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:django_tasks_database_dbtaskresult_history GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:django_tasks_database_dbtaskresult_delete GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:django_tasks_database_dbtaskresult_change GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:<admin/django_tasks_database/dbtaskresult/<path:object_id>/> GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accessattempt_changelist  GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accessattempt_add         GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accessattempt_history     GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accessattempt_delete      GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accessattempt_change      GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:<admin/axes/accessattempt/<path:object_id>/> GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accesslog_changelist      GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accesslog_add             GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accesslog_history         GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accesslog_delete          GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accesslog_change          GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:<admin/axes/accesslog/<path:object_id>/> GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accessfailurelog_changelist GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accessfailurelog_add      GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accessfailurelog_history  GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accessfailurelog_delete   GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:axes_accessfailurelog_change   GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:<admin/axes/accessfailurelog/<path:object_id>/> GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:auth_user_password_change      GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_user_changelist       GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_user_add              GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_user_history          GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_user_delete           GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_user_change           GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:<admin/accounts/user/<path:object_id>/> GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_organisation_changelist GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_organisation_add      GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_organisation_history  GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_organisation_delete   GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_organisation_change   GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:<admin/accounts/organisation/<path:object_id>/> GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_apitoken_changelist   GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_apitoken_add          GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_apitoken_history      GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_apitoken_delete       GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_apitoken_change       GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:<admin/accounts/apitoken/<path:object_id>/> GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_auditevent_changelist GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_auditevent_add        GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_auditevent_history    GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_auditevent_delete     GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:accounts_auditevent_change     GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:<admin/accounts/auditevent/<path:object_id>/> GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:app_list                       GET,POST  alogin    alogin alogin  alogin alogin  alogin
admin:<admin/(?P<url>.*)$>           GET,POST  alogin    alogin alogin  alogin alogin  alogin
"""
# fmt: on

DENIALS = {"login", "alogin", "401", "403", "404", "deny"}
EXPECTATIONS = DENIALS | {"ok", "admit", "302", "405"}


@dataclass(frozen=True)
class Row:
    key: str
    methods: tuple[str, ...]
    expected: dict[str, str]

    @property
    def id(self) -> str:
        return f"{self.key} {','.join(self.methods)}"

    @property
    def name(self) -> str:
        return self.key.split("@")[0]

    @property
    def variant(self) -> str:
        return "other" if self.key.endswith("@other") else "own"


def parse_matrix(text: str) -> dict[str, Row]:
    """The table's rows by id ("people:detail@other GET"); a URL and method appear once."""
    rows: dict[str, Row] = {}
    seen: set[tuple[str, str]] = set()
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, methods, *cells = line.split()
        assert len(cells) == len(ROLES), f"{key}: one cell per role: {ROLES}"
        assert set(cells) <= EXPECTATIONS, f"{key}: unknown expectation in {cells}"
        row = Row(key, tuple(methods.split(",")), dict(zip(ROLES, cells, strict=True)))
        for method in row.methods:
            assert (key, method) not in seen, f"{key} {method} is listed twice"
            seen.add((key, method))
        rows[row.id] = row
    return rows


MATRIX = parse_matrix(MATRIX_TEXT)


# Walking the resolver --------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name", or "namespace:<route>" for an unnamed pattern
    route: str  # the full route, as written in the URLconf

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if ":" in self.name else ""


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[Pattern]:
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found.extend(walk(entry, route, inner))
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<{route}>"
            found.append(Pattern(f"{namespace}:{name}" if namespace else name, route))
    return found


@functools.cache
def all_patterns() -> tuple[Pattern, ...]:
    return tuple(walk(get_resolver()))


ROW_KEYS = {row.key for row in MATRIX.values()}


def row_keys_for(pattern: Pattern) -> list[str]:
    """The table rows that govern a pattern: its own, its "@other" row, or a wildcard."""
    keys = [k for k in (pattern.name, f"{pattern.name}@other") if k in ROW_KEYS]
    if not keys and f"{pattern.namespace}:*" in ROW_KEYS:
        keys = [f"{pattern.namespace}:*"]
    return keys


_GROUP = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def fill_route(route: str, values: dict[str, object]) -> str:
    """A concrete path from a route, with each <converter:name> or (?P<name>…) filled."""

    def value_of(name: str) -> str:
        if name not in values:
            raise LookupError(f"no value for path argument {name!r} of {route!r}")
        return str(values[name])

    path = _GROUP.sub(lambda m: value_of(m.group("name")), route)
    # Regex patterns: replace each named group, however nested, then drop the anchors.
    while (start := path.find("(?P<")) != -1:
        name = path[start + 4 : path.index(">", start)]
        depth, end = 0, start
        for end in range(start, len(path)):
            depth += {"(": 1, ")": -1}.get(path[end], 0)
            if depth == 0:
                break
        path = path[:start] + value_of(name) + path[end + 1 :]
    return "/" + path.replace("^", "").replace("$", "")


# The world each row is requested in -------------------------------------------------


def build_world():
    """Two organisations, the personas, and one of everything a URL can point at in each."""
    from workbridge.employers.communications import bulk_send_start, message_template_save
    from workbridge.employers.impact_report import Period
    from workbridge.employers.impact_sends import impact_snapshot_create
    from workbridge.employers.models import EmployerPartner, SheetImport
    from workbridge.employers.services import (
        action_item_add,
        contact_add,
        employer_create,
        meeting_schedule,
    )
    from workbridge.equity.models import Benchmark, ImportRun
    from workbridge.jobs.services import opening_create
    from workbridge.people.models import Occupation
    from workbridge.people.own_search import own_application_add
    from workbridge.people.services import (
        assessment_record,
        career_goal_add,
        case_note_record,
        certification_add,
        instrument_for,
        participant_enroll,
        skill_add,
        support_record,
        work_history_add,
    )
    from workbridge.people.workshops import workshop_create
    from workbridge.placements.services import placement_record, referral_create
    from workbridge.web.models import ExportJob, ExportStatus

    southside = OrganisationFactory(name="Southside Works", slug="southside")
    northside = OrganisationFactory(name="Northside Jobs", slug="northside")
    users = {
        "admin": make_user("ada", Role.ADMIN, southside),
        "manager": make_user("maria", Role.MANAGER, southside),
        "staff": make_user("alice", Role.STAFF, southside),
        "analyst": make_user("ana", Role.ANALYST, southside),
        "employer": make_user("erin", Role.EMPLOYER, southside),
    }
    other_staff = make_user("bob", Role.STAFF, northside)
    occupation = Occupation.objects.filter(level="detailed").order_by("code").first()
    today = date.today()

    def objects_of(coach):
        participant = participant_enroll(
            by=coach,
            data={
                "first_name": "Rosa",
                "last_name": f"Alvarez-{coach.username}",
                "zip_code": "60623",
                "enrolled_on": today - timedelta(days=30),
                "planned_exit_on": today + timedelta(days=150),
                "assigned_to": coach,
            },
            demographics={"race_ethnicity": ["hispanic"], "sex": "female"},
        )
        items = instrument_for(participant.organisation).items.all()
        assessment_record(
            participant=participant,
            by=coach,
            taken_on=today - timedelta(days=10),
            answers={item.pk: 2 for item in items},
        )
        note = case_note_record(
            participant=participant, by=coach, contact_on=today, method="phone", note="Called"
        )
        support_record(participant=participant, by=coach, kind="clothing", given_on=today)
        own_application = own_application_add(
            participant=participant,
            by=coach,
            today=today,
            employer_name="Corner Market",
            position="Cashier",
            applied_on=today,
        )
        workshop = workshop_create(
            by=coach,
            data={"kind": "interview_workshop", "title": "Interview practice", "held_on": today},
        )
        career_goal_add(participant=participant, by=coach, occupation=occupation)
        work_history_add(
            participant=participant,
            by=coach,
            employer_name="Acme",
            job_title="Packer",
            started_on=today - timedelta(days=400),
        )
        skill_add(participant=participant, by=coach, name="Forklift")
        certification_add(participant=participant, by=coach, name="OSHA 10")
        employer = employer_create(by=coach, data={"name": f"Acme of {coach.username}"})
        contact = contact_add(employer=employer, by=coach, data={"name": "Dana Hiring"})
        item = action_item_add(
            by=coach, description="Send resumes", owner=coach, due_on=today, employer=employer
        )
        token, _raw = api_token_create(user=coach, name="laptop")
        starts = timezone.now() + timedelta(days=7)
        meeting = meeting_schedule(
            by=coach,
            employers=[employer],
            title="Impact review",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
        )
        template = message_template_save(
            by=coach,
            data={"name": "Thanks", "subject_en": "Thank you", "body_en": "Dear partner"},
        )
        bulk = bulk_send_start(by=coach, template=template, employers=[employer])
        opening = opening_create(
            by=coach,
            employer=employer,
            data={
                "title": "Line cook",
                "occupation": occupation,
                "hourly_wage": Decimal("18.50"),
                "hours_per_week": 32,
                "zip_code": "60623",
                "posted_on": today,
            },
        )
        referral = referral_create(participant=participant, opening=opening, by=coach)
        placement = placement_record(
            participant=participant,
            employer=employer,
            started_on=today - timedelta(days=40),
            hourly_wage=Decimal("19.00"),
            hours_per_week=35,
            job_title="Prep cook",
            by=coach,
        )
        import_run = ImportRun.objects.create(
            organisation=participant.organisation, filename="flow.csv", created_by=coach
        )
        # A spreadsheet import is its uploader's alone: others in the organisation get 404.
        sheet_import = SheetImport.objects.create(
            organisation=participant.organisation,
            kind="employers",
            filename="employers.csv",
            created_by=coach,
        )
        benchmark = Benchmark.objects.create(
            organisation=participant.organisation, name="Labour force", source="ACS", year=2023
        )
        snapshot = impact_snapshot_create(
            employer=employer, period=Period(today - timedelta(days=90), today), by=coach
        )
        export_job = ExportJob.objects.create(
            owner=coach,
            kind="caseload",
            fmt="csv",
            filename="caseload.csv",
            stored_file=f"{coach.pk}-matrix.csv",
            status=ExportStatus.DONE,
            rows_total=1,
            rows_done=1,
            heartbeat_at=timezone.now(),
        )
        roster_run = RosterImport.objects.create(
            organisation=participant.organisation,
            as_of=date(2024, 1, 1),
            filename="roster.csv",
            created_by=coach,
        )
        sourcing = sourcing_objects_of(coach, participant, employer)
        screening = wotc_screening_record(participant=participant, by=coach, on=today)
        business_case = business_case_create(
            participant=participant,
            employer=employer,
            opening=None,
            consent_on=today,
            consent_note="Signed the release",
            highlights="",
            by=coach,
        )
        return SimpleNamespace(
            sourcing=sourcing,
            screening=screening,
            business_case=business_case,
            cliff_run=cliff_run_computed(participant, coach),
            export_job=export_job,
            import_run=import_run,
            roster_run=roster_run,
            sheet_import=sheet_import,
            benchmark=benchmark,
            interviews=interview_objects_of(coach),
            candidates=candidate_objects_of(coach),
            surveys=survey_objects_of(coach),
            plans=plan_objects_of(coach),
            participant=participant,
            referral=referral,
            placement=placement,
            retention_check=placement.checks.order_by("due_on").first(),
            milestone=participant.milestones.order_by("due_on").first(),
            assessment=participant.assessments.get(),
            note=note,
            own_application=own_application,
            workshop=workshop,
            employer=employer,
            contact=contact,
            action_item=item,
            token=token,
            member=coach,
            meeting=meeting,
            template=template,
            bulk=bulk,
            opening=opening,
            snapshot=snapshot,
        )

    own = objects_of(users["staff"])
    # The employer partner's login belongs to the staff member's employer.
    EmployerPartner.objects.create(user=users["employer"], employer=own.employer)
    return SimpleNamespace(
        users=users,
        own=own,
        other=objects_of(other_staff),
        occupation=occupation,
    )


def sourcing_objects_of(coach, participant, employer):
    """A partner with a contact, a requisition, a job fair and a hiring event."""
    from workbridge.equity.models import JobFair, Requisition
    from workbridge.sourcing.models import HiringEvent, Partner, PartnerContact

    org = participant.organisation
    partner = Partner.objects.create(organisation=org, name=f"Partner of {org.slug}", kind="union")
    contact = PartnerContact.objects.create(partner=partner, name="Pat Partner")
    requisition = Requisition.objects.create(
        organisation=org, external_id="R-1", department="Streets", job_title="Laborer", year=2025
    )
    fair = JobFair.objects.create(organisation=org, name=f"Fair of {org.slug}", date=date.today())
    event = HiringEvent.objects.create(
        organisation=org, name="Hiring day", held_on=date.today(), created_by=coach
    )
    return SimpleNamespace(
        partner=partner, contact=contact, requisition=requisition, fair=fair, event=event
    )


def survey_objects_of(user):
    """A published employee survey of the user's organisation, with a wave and one invitation."""
    from workbridge.surveys.models import Course, TrainingSession
    from workbridge.surveys.services import (
        Invitee,
        invitations_add,
        survey_create_from_template,
        version_publish,
        wave_create,
    )

    survey = survey_create_from_template(
        organisation=user.membership.organisation,
        kind="employee",
        title="",
        anonymous=True,
        by=user,
    )
    version = survey.versions.get()
    version_publish(version=version, by=user)
    wave = wave_create(
        survey=survey,
        name="Spring",
        opens_on=date.today(),
        closes_on=date.today() + timedelta(days=21),
        target_rate=50,
        by=user,
    )
    invitations_add(wave=wave, invitees=[Invitee(email=f"{user.username}@example.org")], by=user)
    course = Course.objects.create(organisation=survey.organisation, name="Interview training")
    session = TrainingSession.objects.create(course=course, held_on=date.today())
    candidates = survey_create_from_template(
        organisation=user.membership.organisation,
        kind="candidate_exam",
        title="",
        anonymous=True,
        by=user,
    )
    version_publish(version=candidates.versions.get(), by=user)
    candidate_wave = wave_create(
        survey=candidates,
        name="After the exam",
        opens_on=date.today(),
        closes_on=date.today() + timedelta(days=21),
        target_rate=25,
        by=user,
    )
    exits = survey_create_from_template(
        organisation=user.membership.organisation,
        kind="exit",
        title="",
        anonymous=True,
        by=user,
    )
    return SimpleNamespace(
        survey=survey,
        exit_survey=exits,
        wave=wave,
        candidate_wave=candidate_wave,
        question=version.questions.get(key="satisfied"),
        course=course,
        session=session,
    )


def plan_objects_of(user):
    """A plan of the user's organisation with a goal area, strategy, action, step and measure."""
    from workbridge.plans.models import Action, ActionStep, GoalArea, Measure, Plan, Strategy

    organisation = user.membership.organisation
    plan = Plan.objects.create(
        organisation=organisation, title="Racial Equity Action Plan", year=date.today().year
    )
    goal = GoalArea.objects.create(plan=plan, title="Workforce Diversity")
    strategy = Strategy.objects.create(goal_area=goal, title="Recruit widely")
    action = Action.objects.create(strategy=strategy, plan=plan, title="Partner with schools")
    step = ActionStep.objects.create(action=action, text="Meet the colleges")
    measure = Measure.objects.create(plan=plan, action=action, title="Partnerships")
    return SimpleNamespace(
        plan=plan, goal=goal, strategy=strategy, action=action, step=step, measure=measure
    )


def interview_objects_of(coach):
    """A requisition with one interviewed applicant, a rubric, and a panel the coach sits on."""
    from workbridge.equity.models import Applicant, Requisition
    from workbridge.interviews.services import competency_save, panel_create, rubric_save

    organisation = coach.membership.organisation
    requisition = Requisition.objects.create(
        organisation=organisation,
        external_id=f"R-{coach.username}",
        department="Water",
        job_title="Engineer",
        year=date.today().year,
    )
    Applicant.objects.create(
        organisation=organisation,
        requisition=requisition,
        external_id=f"A-{coach.username}",
        eeo_category="black",
        sex="female",
        reached=3,
    )
    rubric = rubric_save(
        organisation=organisation,
        data={"name": "Engineer interview", "job_title": "Engineer"},
        by=coach,
    )
    competency = competency_save(
        rubric=rubric,
        data={
            "name": "Problem solving",
            "description": "",
            "weight": Decimal("1"),
            **{f"anchor_{r}": f"anchor {r}" for r in range(1, 6)},
        },
        by=coach,
    )
    panel = panel_create(
        requisition=requisition, rubric=rubric, name="Panel", members=[coach], by=coach
    )
    from workbridge.interviews.procedures import procedure_create

    procedure = procedure_create(
        organisation=organisation,
        by=coach,
        title="Interviewer guide",
        kind="checklist",
        audience="interviewers",
        body="Ask every candidate the same questions.",
    )
    return SimpleNamespace(
        procedure=procedure,
        rubric=rubric,
        competency=competency,
        panel=panel,
        candidate=panel.candidates.get(),
    )


def candidate_objects_of(coach):
    """An applicant with contact details, an exam result and a finished feedback run."""
    from workbridge.equity.candidates.models import (
        CandidateContact,
        Exam,
        ExamResult,
        FeedbackRun,
    )
    from workbridge.equity.models import Applicant, Requisition

    organisation = coach.membership.organisation
    requisition = Requisition.objects.create(
        organisation=organisation,
        external_id=f"RC-{coach.username}",
        department="Water",
        job_title="Clerk",
        year=date.today().year,
    )
    applicant = Applicant.objects.create(
        organisation=organisation, requisition=requisition, external_id="C1", reached=1
    )
    CandidateContact.objects.create(
        organisation=organisation, applicant=applicant, email="c1@example.org"
    )
    exam = Exam.objects.create(
        organisation=organisation,
        name="Clerical exam",
        sections=[{"name": "Reading", "pass_mark": 70, "resources": "Practice test"}],
    )
    result = ExamResult.objects.create(
        organisation=organisation,
        exam=exam,
        applicant=applicant,
        person_key="k",
        taken_on=date(2025, 1, 1),
        section_scores={"Reading": 60},
        passed=False,
    )
    run = FeedbackRun.objects.create(
        organisation=organisation,
        exam=exam,
        status=FeedbackRun.Status.DONE,
        stored_file=f"feedback-matrix-{coach.pk}.zip",
        total=1,
        done=1,
        created_by=coach,
    )
    return SimpleNamespace(exam=exam, result=result, run=run)


def interview_path_values(pattern: Pattern, objs) -> dict[str, object]:
    rubric_page = pattern.name in {
        "interviews:rubric",
        "interviews:competency_add",
        "interviews:competency_edit",
    }
    if pattern.name.startswith("interviews:procedure"):
        return {"pk": objs.procedure.pk}
    return {
        "pk": objs.rubric.pk if rubric_page else objs.panel.pk,
        "competency_id": objs.competency.pk,
        "candidate_id": objs.candidate.pk,
        "fmt": "xlsx",
    }


def path_values(pattern: Pattern, objs) -> dict[str, object]:
    """What to put in each path argument of a pattern, for one organisation's objects."""
    ns = pattern.namespace
    if pattern.name in ("export_job", "export_download"):
        from workbridge.web.uploads import EXPORTS, upload_write

        # The prepared file, in this test's own file store.
        upload_write(EXPORTS, objs.export_job.stored_file, b"\xef\xbb\xbfName\r\nRosa\r\n")
        return {"job_id": objs.export_job.pk}
    if ns == "people":
        return {
            "pk": objs.participant.pk,
            "milestone_id": objs.milestone.pk,
            "assessment_id": objs.assessment.pk,
            "application_id": objs.own_application.pk,
            "workshop_id": objs.workshop.pk,
            "kind": "note",
            "row_id": objs.note.pk,
            "fmt": "csv",
        }
    if ns == "employers":
        return {
            "pk": objs.employer.pk,
            "contact_id": objs.contact.pk,
            "item_id": objs.action_item.pk,
            "meeting_id": objs.meeting.pk,
            "template_id": objs.template.pk,
            "bulk_id": objs.bulk.pk,
            "run_id": objs.sheet_import.pk,
            "snapshot_id": objs.snapshot.pk,
            "fmt": "csv",
        }
    if ns == "equity" and pattern.name.startswith("equity:import"):
        return {"run_id": objs.import_run.pk}
    if ns == "equity":
        return {"benchmark_id": objs.benchmark.pk, "report": "hires", "fmt": "xlsx"}
    if ns == "sourcing":
        objects = objs.sourcing
        pk = {"fair": objects.fair.pk, "event": objects.event.pk}
        kind = pattern.name.split(":")[1].split("_")[0]
        return {
            "pk": pk.get(kind, objects.partner.pk),
            "contact_id": objects.contact.pk,
            "requisition_id": objects.requisition.pk,
        }
    if ns == "workforce":
        program = pattern.name == "workforce:program_export"
        return {
            "run_id": objs.roster_run.pk,
            "key": "committees" if program else "mobility",
            "fmt": "csv",
        }
    if ns == "interviews":
        return interview_path_values(pattern, objs.interviews)
    if ns == "candidates":
        from workbridge.web.uploads import EXPORTS, upload_write

        upload_write(EXPORTS, objs.candidates.run.stored_file, b"PK\x05\x06" + b"\x00" * 18)
        return {
            "exam_id": objs.candidates.exam.pk,
            "result_id": objs.candidates.result.pk,
            "run_id": objs.candidates.run.pk,
            "token": "not-a-token",
        }
    if ns == "surveys":
        training = pattern.name in {"surveys:course", "surveys:roster", "surveys:roster_upload"}
        exits = pattern.name in {"surveys:exit_reasons", "surveys:exit_reasons_export"}
        return {
            "pk": objs.surveys.course.pk
            if training
            else (objs.surveys.exit_survey.pk if exits else objs.surveys.survey.pk),
            "session_id": objs.surveys.session.pk,
            "question_id": objs.surveys.question.pk,
            "wave_id": objs.surveys.candidate_wave.pk
            if pattern.name == "surveys:invite_applicants"
            else objs.surveys.wave.pk,
            "fmt": "csv",
            "token": "not-a-token",
        }
    if ns == "jobs":
        return {"pk": objs.opening.pk}
    if ns == "placements":
        return {
            "pk": objs.participant.pk,
            "referral_id": objs.referral.pk,
            "opening_id": objs.opening.pk,
            "placement_id": objs.placement.pk,
            "check_id": objs.retention_check.pk,
            "screening_id": objs.screening.pk,
            "case_id": objs.business_case.pk,
            "fmt": "csv",
        }
    if ns == "cliff":
        return {"pk": objs.participant.pk, "run_id": objs.cliff_run.pk, "language": "en"}
    if ns == "matching":
        opening = pattern.name == "matching:opening"
        return {"pk": objs.opening.pk if opening else objs.participant.pk}
    if ns == "plans":
        objects = objs.plans
        by_name = {
            "plans:action": objects.action,
            "plans:action_status": objects.action,
            "plans:step_toggle": objects.step,
            "plans:measure": objects.measure,
            "plans:value_add": objects.measure,
            "plans:story": objects.measure,
        }
        return {
            "pk": by_name.get(pattern.name, objects.plan).pk,
            "goal_id": objects.goal.pk,
            "strategy_id": objects.strategy.pk,
            "action_id": objects.action.pk,
        }
    if ns.startswith("api"):
        return {
            "participant_id": objs.participant.pk,
            "employer_id": objs.employer.pk,
            "contact_id": objs.contact.pk,
            "opening_id": objs.opening.pk,
            "wave_id": objs.surveys.wave.pk,
            "survey_id": objs.surveys.survey.pk,
            "plan_id": objs.plans.plan.pk,
            "measure_id": objs.plans.measure.pk,
            "run_id": objs.import_run.pk
            if "equity_import" in (pattern.name or "")
            else objs.roster_run.pk,
            "key": "mobility",
            "snapshot_id": objs.snapshot.pk,
            "partner_id": objs.sourcing.partner.pk,
            "fair_id": objs.sourcing.fair.pk,
            "exam_id": objs.candidates.exam.pk,
            "placement_id": objs.placement.pk,
            "referral_id": objs.referral.pk,
        }
    if ns == "accounts":
        return {
            "token_id": objs.token.pk,
            "user_id": objs.member.pk,
            "uidb64": "MQ",
            "token": "not-a-token",
        }
    if pattern.name == "password_reset_confirm":
        return {"uidb64": "MQ", "token": "not-a-token"}
    if ns == "admin":
        return {
            "object_id": 1,
            "id": 1,
            "content_type_id": 1,
            "app_label": "accounts",
            "url": "no-such-page/",
        }
    return {}


def post_data(world, objs) -> dict[str, object]:
    """One payload with a plausible value for every form field the pages use.

    Forms ignore fields they do not know, so one valid-looking payload lets every POST
    do real work if its access check were missing.
    """
    today = date.today().isoformat()
    data: dict[str, object] = {
        "first_name": "Mallory",
        "last_name": "Intruder",
        "zip_code": "60637",
        "enrolled_on": today,
        "planned_exit_on": (date.today() + timedelta(days=120)).isoformat(),
        "preferred_language": "en",
        "household_size": "1",
        "transport_mode": "transit",
        "max_commute_minutes": "45",
        "childcare_need": "none",
        "race_ethnicity": "white",
        "sex": "male",
        "taken_on": today,
        "contact_on": today,
        "method": "phone",
        "note": "written by someone who should not",
        "kind": "clothing",
        "given_on": today,
        "occupation": world.occupation.pk,
        "employer_name": "Intruder Inc",
        "job_title": "Spy",
        "started_on": today,
        "end_reason": "current",
        "name": "Intruder",
        "issuer": "Nobody",
        "earned_on": today,
        "done": "on",
        "done_on": today,
        "stage": "active",
        "to_stage": "active",
        "reason": "no reason",
        "description": "a change that must not happen",
        "summary": "a change that must not happen",
        "employers": objs.employer.pk,
        "occurred_on": today,
        "channel": "phone",
        "language": "es",
        "title": "Intruder's title",
        "subject_en": "Intruder",
        "body_en": "a message that must not be sent",
        "minutes": "minutes that must not be written",
        "contact": objs.contact.pk,
        "owner": objs.participant.assigned_to_id,
        "due_on": today,
        "hourly_wage": "99.00",
        "hours_per_week": "40",
        "posted_on": today,
        "year": str(date.today().year),
        "household_type": "1a0c",
        "source": "nowhere",
        "next": "/",
    }
    from workbridge.people.services import instrument_for

    for item in instrument_for(objs.participant.organisation).items.all():
        data[f"item_{item.pk}"] = "3"
    return data


# What "nothing changed" means ------------------------------------------------------

# Rows that a request may write without changing anything a person would see.
UNWATCHED_MODELS = {
    "sessions.session",
    "contenttypes.contenttype",
    "auth.permission",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "axes.accessattemptexpiration",
}
UNWATCHED_FIELDS = {
    "accounts.user": {"last_login"},
    "accounts.apitoken": {"last_used_at"},
}


# Big reference tables (community areas, ZIP codes, occupations) are compared by their
# number of rows only; every other table row by row.
BIG_TABLE_ROWS = 200


def watched_models() -> list[tuple[str, type, list[str]]]:
    watched = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in UNWATCHED_MODELS or model._meta.proxy:
            continue
        skip = UNWATCHED_FIELDS.get(label, set())
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
        watched.append((label, model, fields))
    return watched


def database_state(big_tables: frozenset[str] = frozenset()) -> dict[str, object]:
    state: dict[str, object] = {}
    for label, model, fields in watched_models():
        rows = model._base_manager.all()
        if label in big_tables:
            state[label] = rows.count()
        else:
            state[label] = list(rows.order_by("pk").values_list(*fields))
    return state


def snapshot(method: str, denial: bool, big_tables: frozenset[str]) -> dict[str, object]:
    """What a denied request must leave alone: every table for a POST, the audit log for a GET."""
    if not denial:
        return {}
    if method == "POST":
        return database_state(big_tables)
    return {"accounts.auditevent": AuditEvent.objects.count()}


def state_changes(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after.get(label)]


# Judging one response ------------------------------------------------------------------


def _redirects_to(response, url: str) -> bool:
    if response.status_code != 302:
        return False
    return urlsplit(response["Location"]).path == url


def verdict(expected: str, response) -> bool:
    status = response.status_code
    to_login = _redirects_to(response, reverse("login"))
    to_admin_login = _redirects_to(response, reverse("admin:login"))
    if expected == "ok":
        return (status < 400 or status in (400, 422)) and not (to_login or to_admin_login)
    if expected == "admit":
        return status < 500 and not (to_login or to_admin_login)
    if expected == "login":
        return to_login and "next=" in response["Location"]
    if expected == "alogin":
        return to_admin_login
    if expected == "deny":
        return status in (403, 404)
    return status == int(expected)


def describe(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


def request_as(client: Client, method: str, path: str, data: dict, api_token: str | None):
    """A page request with form data, or an API request with JSON and the role's token."""
    headers = {"Authorization": f"Bearer {api_token}"} if api_token else {}
    if method == "GET":
        return client.get(path, headers=headers)
    if path.startswith("/api/"):
        return client.generic(
            method,
            path,
            json.dumps(data, default=str),
            content_type="application/json",
            headers=headers,
        )
    return client.post(path, data)


def api_payload(name: str, method: str, world, objs) -> dict:
    """A valid body for each API write, so that a missing check would really write."""
    today = date.today().isoformat()
    person = {
        "first_name": "Mallory",
        "last_name": "Intruder",
        "zip_code": "60637",
        "enrolled_on": today,
        "planned_exit_on": (date.today() + timedelta(days=120)).isoformat(),
    }
    opening = {
        "employer": objs.employer.pk,
        "title": "Intruder's job",
        "occupation": world.occupation.code,
        "hourly_wage": "25.00",
        "hours_per_week": 40,
        "zip_code": "60623",
        "posted_on": today,
    }
    bodies = {
        ("api-1:participants", "POST"): person,
        ("api-1:participant", "PATCH"): {"phone": "773-555-0000"},
        ("api-1:employers", "POST"): {"name": "Intruder Inc"},
        ("api-1:employer", "PATCH"): {"name": "Renamed by an intruder"},
        ("api-1:employer_move", "POST"): {"to_stage": "active", "reason": "no reason"},
        ("api-1:employer_contacts", "POST"): {"name": "Mallory"},
        ("api-1:contact", "PATCH"): {"name": "Mallory"},
        ("api-1:interactions", "POST"): {
            "employers": [objs.employer.pk],
            "kind": "call",
            "occurred_on": today,
            "summary": "a call that never happened",
        },
        ("api-1:openings", "POST"): opening,
        ("api-1:opening", "PATCH"): {"title": "Renamed by an intruder"},
        ("api-1:survey_waves", "POST"): {
            "name": "Intruder's wave",
            "opens_on": today,
            "closes_on": (date.today() + timedelta(days=7)).isoformat(),
        },
        ("api-1:survey_invitations", "POST"): {"people": [{"email": "mallory@example.org"}]},
        ("api-1:survey_send", "POST"): {"kind": "invitations"},
        ("api-1:sourcing_fairs", "POST"): {"name": "Intruder's fair", "date": today},
        ("api-1:placement_incentives", "PATCH"): {"wotc_form_sent_on": today},
        ("api-1:referral_move", "POST"): {"to_status": "referred", "note": "an intruder's step"},
    }
    return bodies.get((name, method), {})


# The tests ---------------------------------------------------------------------------


def test_it_lists_every_url_pattern_in_the_table():
    unlisted = sorted({p.name for p in all_patterns() if not row_keys_for(p)})
    assert unlisted == [], (
        "These URL patterns are not in the access matrix of tests/test_access_matrix.py; "
        f"add a row for each with who may use it: {unlisted}"
    )


def test_it_has_no_rows_for_urls_that_no_longer_exist():
    names = {p.name for p in all_patterns()}
    namespaces = {p.namespace for p in all_patterns()}
    stale = sorted(
        row.key
        for row in MATRIX.values()
        if not (row.name in names or (row.name.endswith(":*") and row.name[:-2] in namespaces))
    )
    assert stale == []


def _patterns_for(row: Row) -> list[Pattern]:
    if row.name.endswith(":*"):
        return [p for p in all_patterns() if row_keys_for(p) == [row.key]]
    # Ninja names one route once per method: ask each distinct route once.
    return list({p.route: p for p in all_patterns() if p.name == row.name}.values())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the whole table, in a transaction rolled back at the end.

    Each row's test runs in a savepoint inside it, and each request in another.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        built = build_world()
        built.clients = {"anonymous": Client()}
        built.tokens = {}
        for role, user in built.users.items():
            built.clients[role] = Client()
            built.clients[role].force_login(user)
            built.tokens[role] = api_token_create(user=user, name="matrix")[1]
        built.big_tables = frozenset(
            label
            for label, model, _fields in watched_models()
            if model._base_manager.count() > BIG_TABLE_ROWS
        )
        yield built
        transaction.set_rollback(True)


@pytest.mark.parametrize("row_id", list(MATRIX))
def test_it_grants_and_denies_access_as_the_table_says(row_id, world, db):
    # given both organisations' people and records
    row = MATRIX[row_id]
    patterns = _patterns_for(row)
    assert patterns, f"{row.key}: no such URL pattern"
    objs = getattr(world, row.variant)
    data = post_data(world, objs)

    mismatches = []
    for pattern in patterns:
        path = fill_route(pattern.route, path_values(pattern, objs))
        is_api = pattern.namespace.startswith("api")
        for method in row.methods:
            for role in ROLES:
                expected = row.expected[role]
                denial = expected in DENIALS
                client = Client() if is_api else world.clients[role]
                token = world.tokens.get(role) if is_api else None
                # when the role asks for the page (each request is rolled back after)
                # (and its cookies too: signing out must not sign the persona out for good)
                cookies = copy.deepcopy(client.cookies)
                with transaction.atomic():
                    before = snapshot(method, denial, world.big_tables)
                    body = api_payload(row.name, method, world, objs) if is_api else data
                    response = request_as(client, method, path, body, token)
                    after = snapshot(method, denial, world.big_tables)
                    transaction.set_rollback(True)
                client.cookies = cookies
                # then it gets what the table says, and a denial changed nothing
                if not verdict(expected, response):
                    mismatches.append(
                        f"{method} {path} as {role}: expected {expected}, got {describe(response)}"
                    )
                elif denial and (changed := state_changes(before, after)):
                    mismatches.append(
                        f"{method} {path} as {role}: denied ({describe(response)}) "
                        f"but changed {changed}"
                    )
    assert mismatches == [], "\n".join(mismatches)
