import sys

from bench.run import main

try:
    raise SystemExit(main())
except KeyboardInterrupt:
    # run.main's clean-up (gunicorn, locust, the benchmark database) has run by the time we get here.
    print("[bench] interrupted; stopped gunicorn and locust and dropped the benchmark database", file=sys.stderr)
    raise SystemExit(130) from None
