"""Working-day arithmetic speed: `python -m bench.workdays_bench [--rows N]`.

Vectorised count/add/is-working over N (default 5 million) random date pairs on the default
calendar, as the indicator engine calls them.  Prints the best of several runs in rows/s.
A measurement, not a test: no goal is asserted and it always exits 0.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from cchc.workdays import (
    add_working_days_array,
    count_working_days_array,
    default_calendar,
    is_working_day_array,
)


def best_seconds(run: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` timed calls of `run`."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def random_pairs(rows: int, seed: int = 0) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.datetime64]]:
    """`rows` (start, end) pairs: starts over 2005–2094, ends 0–400 days later."""
    rng = np.random.default_rng(seed)
    starts = np.datetime64("2005-01-01") + rng.integers(0, 32_800, rows).astype("timedelta64[D]")
    return starts, starts + rng.integers(0, 400, rows).astype("timedelta64[D]")


def main(argv: list[str] | None = None) -> None:
    """Build the inputs, time each vectorised function, print rows/s."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    default_calendar()
    print(f"calendar build (2000–2099): {1000 * (time.perf_counter() - started):.0f} ms")
    starts, ends = random_pairs(args.rows)
    steps = np.random.default_rng(1).integers(-30, 31, args.rows)
    cases: dict[str, Callable[[], object]] = {
        "count_working_days_array": lambda: count_working_days_array(starts, ends),
        "add_working_days_array": lambda: add_working_days_array(starts, steps),
        "is_working_day_array": lambda: is_working_day_array(starts),
    }
    for name, run in cases.items():
        seconds = best_seconds(run, args.repeat)
        print(
            f"{name:26} {args.rows:>11,} rows  {1000 * seconds:8.1f} ms  {args.rows / seconds:>14,.0f} rows/s"
        )


if __name__ == "__main__":
    main()
