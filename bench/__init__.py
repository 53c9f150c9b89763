"""The benchmark harness: ``python -m bench`` (``make bench``; ``make bench QUICK=1`` for the short run).

The parent process (:mod:`bench.run`) never imports Django: it creates a fresh PostgreSQL database, migrates and
seeds it through ``manage.py``, then runs each phase in a child process with ``DJANGO_SETTINGS_MODULE=
bench.settings`` pointing at that database, so that a phase that fails is reported, never fatal:

- :mod:`bench.server`: pages and API calls in-process through the full Django stack (``django.test.Client``);
- :mod:`bench.http`: gunicorn (4 workers, 127.0.0.1 only) under a bounded locust load;
- :mod:`bench.worker`: renditions of a 24-megapixel JPEG;
- :mod:`bench.race`: 50 concurrent checkouts of one variant with 10 in stock;
- :mod:`bench.payouts`: the weekly payout run for 10 000 artisans (1 000 quick).

:mod:`bench.report` prints the table against the budgets and writes ``bench/results/<timestamp>.json`` and
``bench/results/latest.json``. Anything that does not exist yet is reported "n/a" with its reason.
"""
