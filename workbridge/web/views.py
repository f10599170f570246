"""Pages that belong to no one domain: the home redirect, the health check, and the page
and download of an export prepared in the background."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from workbridge.accounts.models import Role
from workbridge.accounts.queries import role_of
from workbridge.web.exports import (
    CONTENT_TYPES,
    EXPORT_KINDS,
    RemovedOnceRead,
    export_job_check,
    export_job_downloaded,
    export_job_ready,
)
from workbridge.web.leases import WORKER_SILENT_SECONDS, worker_last_seen
from workbridge.web.models import ExportJob, ExportStatus


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work starts."""
    role = role_of(request.user)
    if role in (Role.ADMIN, Role.MANAGER, Role.STAFF):
        return redirect("people:caseload")
    return render(request, "web/home.html", {"role": role})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For a load balancer and monitoring: whether the database answers (503 if not) and
    when a task worker was last seen alive. Names no person, host or record."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        seen = worker_last_seen()
    except DatabaseError:
        return JsonResponse({"status": "down", "database": "unreachable"}, status=503)
    age = (timezone.now() - seen).total_seconds() if seen else None
    worker_ok = age is not None and age <= WORKER_SILENT_SECONDS
    return JsonResponse(
        {
            "status": "ok" if worker_ok else "degraded",
            "database": "ok",
            "worker": {
                "running": worker_ok,
                "last_heartbeat": seen.isoformat() if seen else None,
                "seconds_ago": round(age) if age is not None else None,
            },
        }
    )


@require_GET
@login_required
def about(request: HttpRequest) -> HttpResponse:
    """A short page about the service: also the benchmarks' trivial page (the full site
    layout for a signed-in user, with no query of its own)."""
    return render(request, "web/about.html")


def _export_job_for(request: HttpRequest, job_id: int) -> ExportJob:
    """The user's own export, while they may still read its list; 404 for anyone else's."""
    job = get_object_or_404(ExportJob, pk=job_id, owner=request.user)
    kind = EXPORT_KINDS.get(job.kind)
    if kind is None or not kind.permitted(request.user):
        raise Http404
    return job


@require_GET
@login_required
def export_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """An export being prepared: its progress (the page reloads itself), then its file."""
    job = export_job_check(_export_job_for(request, job_id))
    ready = job.status == ExportStatus.DONE and export_job_ready(job)
    running = job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
    percent = min(100, round(100 * job.rows_done / job.rows_total)) if job.rows_total else 0
    response = render(
        request,
        "web/export_job.html",
        {"job": job, "ready": ready, "running": running, "percent": percent},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def export_download(request: HttpRequest, job_id: int) -> FileResponse:
    """The prepared file, with its length, to its owner only; removed once read in full."""
    job = export_job_check(_export_job_for(request, job_id))
    if job.status != ExportStatus.DONE or not export_job_ready(job):
        raise Http404
    prepared = RemovedOnceRead(job.stored_file)
    response = FileResponse(
        prepared, as_attachment=True, filename=job.filename, content_type=CONTENT_TYPES[job.fmt]
    )
    response["Content-Length"] = str(prepared.size)
    response["Cache-Control"] = "private, no-store"
    export_job_downloaded(job=job, by=request.user)
    return response
