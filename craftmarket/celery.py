"""The Celery app. Broker and result backend come from REDIS_URL through Django's settings (CELERY_ namespace);
with no REDIS_URL every task runs eagerly in the calling process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftmarket.settings")

app = Celery("craftmarket")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
