"""Every request has an id, sent back to the client and written on each of its log lines."""

import io
import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from workbridge.web.request_log import JsonFormatter, RequestIdFilter


def test_it_gives_each_request_an_id_of_its_own(client):
    first = client.get(reverse("login"))["X-Request-ID"]
    second = client.get(reverse("login"))["X-Request-ID"]
    assert len(first) == 32 and len(second) == 32
    assert first != second


def test_it_keeps_the_id_a_proxy_gave_and_refuses_one_that_is_not_a_plain_token(client):
    kept = client.get(reverse("login"), HTTP_X_REQUEST_ID="edge-42.a")["X-Request-ID"]
    replaced = client.get(reverse("login"), HTTP_X_REQUEST_ID="bad id\n<script>")["X-Request-ID"]
    assert kept == "edge-42.a"
    assert replaced != "bad id\n<script>" and len(replaced) == 32


@pytest.mark.urls("tests.web.failing_urls")
def test_a_fault_is_logged_as_one_json_line_with_the_requests_id(coach):
    # given the request logger writing JSON lines, as in production
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client = Client(raise_request_exception=False)
        client.force_login(coach)
        # when a request fails
        response = client.get("/fails/", HTTP_X_REQUEST_ID="req-7")
    finally:
        logger.removeHandler(handler)
    # then its line is one JSON object naming the request, the status and the error
    lines = stream.getvalue().splitlines()
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-7"
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["request_id"] == "req-7"
    assert entry["status"] == 500
    assert "RuntimeError: a fault in the code" in entry["error"]
    assert entry["message"] == "Internal Server Error: /fails/"


def test_each_request_is_logged_once_as_an_access_line_with_its_id_and_status(client, db):
    # given the access logger on and writing JSON lines, as in production
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("workbridge.access")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        # when a request is answered
        response = client.get(
            reverse("healthz"), {"q": "someone's name"}, HTTP_X_REQUEST_ID="req-9"
        )
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    # then one line names the request, its path without the query, the status and the time
    lines = stream.getvalue().splitlines()
    assert response.status_code == 200
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["level"] == "INFO"
    assert entry["logger"] == "workbridge.access"
    assert entry["message"] == "GET /healthz 200"
    assert (entry["request_id"], entry["method"], entry["path"], entry["status"]) == (
        "req-9",
        "GET",
        "/healthz",
        200,
    )
    assert isinstance(entry["duration_ms"], int) and entry["duration_ms"] >= 0
    assert "someone" not in lines[0]


def test_no_access_line_is_written_when_the_access_log_is_off(client, db):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("workbridge.access")
    logger.addHandler(handler)
    try:
        client.get(reverse("healthz"))
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == ""
