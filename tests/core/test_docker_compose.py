"""docker-compose.yml cannot be run here (no Docker engine), so its wiring is checked against the project."""

import importlib
import re
import shlex
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


def test_stack_has_web_worker_beat_postgres_redis_with_health_checks(compose):
    assert set(compose["services"]) == {"web", "worker", "beat", "postgres", "redis"}
    for name, service in compose["services"].items():
        assert "healthcheck" in service, f"{name} has no health check"
        assert service["healthcheck"]["test"], name
    assert set(compose["volumes"]) == {"pgdata", "redisdata", "media"}


def test_app_services_share_one_environment(compose):
    envs = [compose["services"][name]["environment"] for name in ("web", "worker", "beat")]
    assert envs[0] is envs[1] is envs[2], "web, worker and beat must share one environment block"
    env = envs[0]
    assert env["DJANGO_ENV"] == "production"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["REDIS_URL"].startswith("redis://redis:6379")
    for name in ("web", "worker", "beat"):
        depends = compose["services"][name]["depends_on"]
        assert depends == {"postgres": {"condition": "service_healthy"}, "redis": {"condition": "service_healthy"}}


def test_web_command_names_the_real_wsgi_application_and_management_commands(compose):
    words = _command_words(compose["services"]["web"])
    script = " ".join(words)
    wsgi = re.search(r"gunicorn (\S+):(\w+)", script)
    assert wsgi, script
    module = importlib.import_module(wsgi.group(1))
    assert callable(getattr(module, wsgi.group(2)))
    for command in re.findall(r"manage\.py (\w+)", script):
        assert command in get_commands(), f"unknown management command {command}"


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_celery_services_name_the_real_celery_app(compose, service):
    words = _command_words(compose["services"][service])
    assert words[:3] == ["celery", "-A", "craftmarket"]
    assert words[3] == service
    app = importlib.import_module(words[2]).celery_app
    assert app.main == "craftmarket"
    if service == "worker":
        queues = words[words.index("-Q") + 1].split(",")
        assert set(queues) == {"default", "images", "notifications"}


def test_dockerfile_runs_only_existing_management_commands():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for command in re.findall(r"manage\.py (\w+)", dockerfile):
        assert command in get_commands(), f"unknown management command {command}"
