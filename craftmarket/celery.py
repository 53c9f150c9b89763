"""The Celery app. Broker and result backend come from REDIS_URL through Django's settings (CELERY_ namespace);
with no REDIS_URL every task runs eagerly in the calling process.

Queues: ``images`` (renditions, CPU-heavy), ``notifications`` (mail), ``default`` (everything else, including
the scheduled jobs of CELERY_BEAT_SCHEDULE). Run ``celery -A craftmarket worker -Q default,images,notifications``
plus ``celery -A craftmarket beat`` (``make worker`` runs both).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftmarket.settings")

app = Celery("craftmarket")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
