"""docker-compose.yml cannot be run here (no Docker engine), so its wiring is checked against the project."""

import importlib
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command_words(service) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


APP_SERVICES = ("web", "worker-default", "worker-images", "worker-notifications", "beat")
WORKERS = ("worker-default", "worker-images", "worker-notifications")
ONE_SHOT = {"storage-setup"}


def test_stack_has_the_app_a_replica_an_object_store_and_health_checks(compose):
    assert set(compose["services"]) == {
        *APP_SERVICES,
        "postgres",
        "postgres-replica",
        "redis",
        "storage",
        "storage-setup",
    }
    for name, service in compose["services"].items():
        if name in ONE_SHOT:
            assert service["restart"] == "no"
            continue
        assert "healthcheck" in service, f"{name} has no health check"
        assert service["healthcheck"]["test"], name
    assert set(compose["volumes"]) == {"pgdata", "pgreplica", "redisdata", "objects"}


def test_app_services_share_one_environment(compose):
    base = compose["x-app-env"]
    for name in APP_SERVICES:
        env = compose["services"][name]["environment"]
        assert {key: env[key] for key in base} == base, f"{name} must use the shared environment block"
        depends = compose["services"][name]["depends_on"]
        assert depends == {
            "postgres": {"condition": "service_healthy"},
            "postgres-replica": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "storage-setup": {"condition": "service_completed_successfully"},
        }
    assert base["DJANGO_ENV"] == "production"
    assert base["DATABASE_URL"].startswith("postgres://")
    assert base["REDIS_URL"].startswith("redis://redis:6379")


def test_catalogue_reads_go_to_the_streaming_replica_service(compose):
    base = compose["x-app-env"]
    replica_url = base["DATABASE_REPLICA_URLS"]
    assert replica_url.startswith("postgres://") and "@postgres-replica:5432/craftmarket" in replica_url
    primary = compose["services"]["postgres"]
    assert "wal_level=replica" in primary["command"] and "max_wal_senders=10" in primary["command"]
    init = [v.split(":")[0] for v in primary["volumes"] if "docker-entrypoint-initdb.d" in v]
    assert init and "host replication" in (ROOT / init[0]).read_text()
    replica = compose["services"]["postgres-replica"]
    assert replica["environment"]["PRIMARY_HOST"] == "postgres"
    script = next(v.split(":")[0] for v in replica["volumes"] if v.split(":")[1] == replica["entrypoint"][0])
    assert "pg_basebackup" in (ROOT / script).read_text() and " -R " in (ROOT / script).read_text()
    assert "pg_is_in_recovery" in " ".join(replica["healthcheck"]["test"])


def test_media_go_to_the_object_store_service(compose):
    base = compose["x-app-env"]
    assert base["MEDIA_STORAGE"] == "s3"
    assert base["AWS_S3_ENDPOINT_URL"] == "http://storage:9000"
    assert compose["services"]["storage"]["command"].startswith("server /data")
    setup = compose["services"]["storage-setup"]
    script = next(v.split(":")[0] for v in setup["volumes"] if v.split(":")[1] == setup["entrypoint"][0])
    text = (ROOT / script).read_text()
    # Only public/ is readable without credentials.
    assert 'anonymous set download "local/${AWS_STORAGE_BUCKET_NAME}/public"' in text
    assert text.count("anonymous set") == 1


def test_web_command_names_the_real_wsgi_application_and_management_commands(compose):
    words = _command_words(compose["services"]["web"])
    script = " ".join(words)
    assert "gunicorn -c gunicorn.conf.py " in script
    wsgi = re.search(r"gunicorn -c \S+ (\S+):(\w+)", script)
    assert wsgi, script
    module = importlib.import_module(wsgi.group(1))
    assert callable(getattr(module, wsgi.group(2)))
    for command in re.findall(r"manage\.py (\w+)", script):
        assert command in get_commands(), f"unknown management command {command}"


@pytest.mark.parametrize("service", [*WORKERS, "beat"])
def test_celery_services_name_the_real_celery_app(compose, service):
    words = _command_words(compose["services"][service])
    assert words[:3] == ["celery", "-A", "craftmarket"]
    assert words[3] == ("worker" if service in WORKERS else service)
    app = importlib.import_module(words[2]).celery_app
    assert app.main == "craftmarket"


def test_one_worker_per_queue_with_its_concurrency_from_the_environment(compose, settings):
    queues = {}
    for name in WORKERS:
        service = compose["services"][name]
        words = _command_words(service)
        queues[name] = words[words.index("-Q") + 1].split(",")
        assert re.fullmatch(r"\$\{[A-Z_]+_CONCURRENCY:-\d+\}", service["environment"]["CELERY_WORKER_CONCURRENCY"])
    assert sorted(q for qs in queues.values() for q in qs) == sorted(settings.CELERY_TASK_QUEUES)
    assert all(len(qs) == 1 for qs in queues.values())


def test_web_runs_gunicorn_with_the_config_file():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["worker_class"] == "sync" and config["workers"] >= 3
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["graceful_timeout"] > 0 and config["timeout"] > 0
    assert "%(M)s" in config["access_log_format"]  # the duration of each request


def test_gunicorn_config_follows_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "500")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["workers"], config["max_requests"]) == (2, 500)


def test_gunicorn_accepts_the_config_and_loads_the_application():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--check-config", "-c", "gunicorn.conf.py", "craftmarket.wsgi:application"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_dockerfile_runs_only_existing_management_commands():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for command in re.findall(r"manage\.py (\w+)", dockerfile):
        assert command in get_commands(), f"unknown management command {command}"
