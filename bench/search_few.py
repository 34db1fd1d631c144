"""A search for a word that a few hundred records hold, spread over the years, on a
register seeded already (the demo's texts hold no such word: each is in 1% of the
decisions or more).

    .venv/bin/python bench/search_few.py --register sqlite:////tmp/big.db [--rounds 50]

On SQLite a search with another filter than the organisation (here a 'from' date before
every record) reads the records the text index names, by id (`register/decisions/
texts.py`); a search alone finds its page in the index. Here the index's answer is
replaced by N ids of records picked at random from the whole register, for N up to the
most it may name, and the first page of one organisation's search is timed: p50 and the
slowest of `--rounds`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date

from sqlalchemy import select

from sharewise.register.decisions import texts
from sharewise.register.filters import DecisionFilters
from sharewise.register.store import Register
from sharewise.register.tables import DecisionRecordRow

ORGANISATION = "riverside-council"
PAGE = 25
SEARCH = DecisionFilters(search="kingfisher", since=date(2000, 1, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--register", required=True, help="the URL of a seeded register")
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    register = Register.open(args.register)
    with register.engine.connect() as connection:
        ids = list(connection.execute(select(DecisionRecordRow.id)).scalars())
    picked = random.Random(2008).sample(ids, texts.MOST)
    within = frozenset({ORGANISATION})
    for count in (100, 300, 500, texts.MOST):
        texts.holding = lambda _c, _word, _among=None, n=count: picked[:n]  # type: ignore[assignment]
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            register.decisions(SEARCH, limit=PAGE + 1, within=within)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{count:5d} records named: p50 {statistics.median(times):.2f} ms, "
              f"slowest {max(times):.2f} ms")  # fmt: skip
    register.close()


if __name__ == "__main__":
    main()
