"""The 50-buyer race: concurrent checkouts of one variant with 10 in stock, each thread on its own connection.

Every buyer's cart (one unit of the same variant) is filled first; then all threads wait at a barrier and post
their checkout at once through the full Django stack. The result must be: exactly ``stock`` successes, a clean
4xx for everyone else, no 5xx, and the variant's stock at 0.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

from django.db import connection

from bench import phase, scenarios
from bench.scenarios import Unavailable


def run(buyers: int, stock: int) -> dict[str, Any]:
    Variant = scenarios.model("catalog", "Variant")
    variant = scenarios.cart_lines(lines=1, artisans=1, stock=buyers)[0]
    first = scenarios.Buyer([variant], "race0")
    prepared = [first] + [scenarios.Buyer([variant], f"race{i}", first.payload["shipping"]) for i in range(1, buyers)]
    Variant.objects.filter(pk=variant.pk).update(stock=stock)
    connection.close()  # the threads open their own connections

    barrier = threading.Barrier(buyers, timeout=60)
    outcomes: list[Any] = [None] * buyers

    def buy(i: int) -> None:
        try:
            barrier.wait()
            outcomes[i] = prepared[i].checkout().status_code
        except Exception as exc:  # a deadlock or crash is a result to report
            outcomes[i] = exc.__class__.__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(buyers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    seconds = time.perf_counter() - started
    codes = Counter(str(o) for o in outcomes)
    sold = sum(n for code, n in codes.items() if code in ("200", "201"))
    errors = sum(n for code, n in codes.items() if not (code.isdigit() and int(code) < 500))
    final = Variant.objects.get(pk=variant.pk).stock
    exact = sold == stock and final == 0 and errors == 0
    return {
        "status": "ok",
        "buyers": buyers,
        "stock": stock,
        "succeeded": sold,
        "refused": buyers - sold - errors,
        "errors": errors,
        "status_codes": dict(codes),
        "final_stock": final,
        "exact": exact,
        "race_seconds": round(seconds, 2),
        "summary": f"{sold} sold of {stock} in stock to {buyers} buyers, {errors} errors, stock left {final}",
    }


def main() -> None:
    args = phase.setup(__doc__ or "")
    try:
        result = run(args.buyers, args.stock)
    except Unavailable as exc:
        result = {"status": "n/a", "reason": str(exc)}
    phase.write(args.out, result)


if __name__ == "__main__":
    main()
