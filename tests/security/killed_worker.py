"""The worker of the killed-worker drill (tests/security/test_fault_drills.py), run in its own process group:
``python -m tests.security.killed_worker``.

It is the production worker — ``craftmarket.settings`` from the environment, the prefork pool, the ``images``
queue, acks_late and reject_on_worker_lost — with one change: the first rendition task stops half-way through
writing its second file, writes its pool process id to ``DRILL_PAUSED_FILE`` and waits there to be killed. Once that
file exists every write goes through untouched, so the redelivered task (in the pool process that replaces the
killed one) runs exactly as in production.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

PAUSE_AFTER_FILES = 1  # the first file is written whole, the second one is cut short


def _pause_in_the_second_write(paused_file: Path) -> None:
    from craftmarket.common import images

    real_save = images._save
    written: list[str] = []

    def save(storage: Any, name: str, content: bytes) -> str:
        if paused_file.exists() or len(written) < PAUSE_AFTER_FILES:
            written.append(name)
            return real_save(storage, name, content)
        with storage.open(name, "wb") as handle:
            handle.write(content[: len(content) // 2])
        partial = paused_file.with_suffix(".tmp")
        partial.write_text(f"{os.getpid()}\n{name}\n")
        partial.replace(paused_file)  # the test reads a whole file or none
        time.sleep(300)
        raise SystemExit("the drill did not kill this process")

    images._save = save


def main() -> None:
    import django

    django.setup()
    _pause_in_the_second_write(Path(os.environ["DRILL_PAUSED_FILE"]))

    from craftmarket.celery import app

    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--queues=images",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )


if __name__ == "__main__":
    main()
