"""Locust load for ``bench.http``: GET the paths in BENCH_PATHS (one a line), chosen at random, without pauses."""

import os
import random

from locust import FastHttpUser, task

PATHS = [p for p in os.environ.get("BENCH_PATHS", "/").splitlines() if p.strip()] or ["/"]


class Browser(FastHttpUser):
    @task
    def get_page(self) -> None:
        self.client.get(random.choice(PATHS), name="page")
