"""gunicorn settings for the web process (docker-compose.yml runs ``gunicorn -c gunicorn.conf.py``).

Everything can be overridden from the environment; docs/scaling.md says what to set at 1, 10 and 100 times
today's load. Sync workers: the views are short and CPU-bound (template rendering), and a blocked request
never holds more than its own worker.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# gunicorn's rule of thumb for sync workers: two per core plus one. WEB_CONCURRENCY (the Heroku/Render name) wins.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request slower than this is killed and logged: far above every page's budget (docs/performance.md).
timeout = _int("GUNICORN_TIMEOUT", 30)
# On a deploy or SIGTERM, requests in flight get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle each worker after about this many requests (bounded memory growth); the jitter keeps the workers from
# all restarting at the same moment.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Heartbeat files in memory, not on the container's overlay disk (a slow disk would look like a hung worker).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Only our own load balancer may set X-Forwarded-For/Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Address, request line (path and query string: no body, no cookie, no Authorization header), status, bytes,
# duration in ms, referrer and user agent.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
