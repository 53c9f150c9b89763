import sys

from bench.run import main

try:
    raise SystemExit(main())
except KeyboardInterrupt:
    # run.main's clean-up (gunicorn, locust, the benchmark database) has run by the time we get here.
    print("[bench] interrupted; gunicorn and locust stopped, benchmark database cleaned up", file=sys.stderr)
    raise SystemExit(130) from None
