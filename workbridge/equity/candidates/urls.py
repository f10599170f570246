from django.urls import path

from workbridge.equity.candidates import views_exams as exams
from workbridge.equity.candidates import views_notices as notices

app_name = "candidates"

urlpatterns = [
    path("", notices.home, name="home"),
    path("contacts/", notices.contacts, name="contacts"),
    path("notices/", notices.notices, name="notices"),
    path("notices/templates/", notices.templates, name="templates"),
    path("updates/stop/<str:token>/", notices.opt_out, name="opt_out"),
    path("timeline/", notices.timeline, name="timeline"),
    path("exams/", exams.exams, name="exams"),
    path("exams/<int:exam_id>/", exams.exam, name="exam"),
    path("exams/<int:exam_id>/feedback/", exams.feedback_run_new, name="feedback_run_new"),
    path("results/<int:result_id>/feedback.pdf", exams.feedback, name="feedback"),
    path("feedback/<int:run_id>/", exams.feedback_run, name="feedback_run"),
    path("feedback/<int:run_id>/reports.zip", exams.feedback_download, name="feedback_download"),
    path("retests/", exams.retest, name="retest"),
]
