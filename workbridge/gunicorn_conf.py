"""Gunicorn's settings for Workbridge: `gunicorn -c python:workbridge.gunicorn_conf`.

`make serve` uses it, and so can a production unit; flags on the command line override it.
The address comes from BIND (default 127.0.0.1:PORT, PORT 8000) and the number of worker
processes from WEB_WORKERS (default 3).

Logs are one JSON object a line, like the app's. Gunicorn's own access log is off: the
app logs each request once itself (`workbridge.access`, see workbridge/web/request_log.py),
with its request id, which gunicorn's access line could not carry.
"""

import os

wsgi_app = "workbridge.wsgi:application"
bind = [os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT') or 8000}"]
workers = int(os.environ.get("WEB_WORKERS") or 3)
# A request that takes longer than this is cut off and its worker restarted. Imports and
# bulk sends run in the task worker, so no page needs long.
timeout = 60
graceful_timeout = 30
# Each worker is replaced after this many requests (staggered), so none grows for ever.
max_requests = 2000
max_requests_jitter = 200
# No control socket: it lives in $HOME, where several servers on one host would share it.
control_socket_disable = True

accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "workbridge.web.request_log.JsonFormatter"}},
    "handlers": {
        "json": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"level": "WARNING", "handlers": ["json"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["json"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
}
