"""Writers in processes of their own, for the concurrency and crash tests.

python -m tests.register.writers URL COUNT   append COUNT decisions, printing each
                                             id once its commit has returned
"""

from __future__ import annotations

import sys

from sharewise.register.store import Register
from tests.register.helpers import decision


def append(url: str, count: int) -> list[str]:
    register = Register.open(url)
    try:
        return [register.record_decision(decision()).id for _ in range(count)]
    finally:
        register.close()


def main() -> None:
    url, count = sys.argv[1], int(sys.argv[2])
    register = Register.open(url)
    for _ in range(count):
        stored = register.record_decision(decision())
        print(stored.id, flush=True)  # acknowledged: the commit has returned


if __name__ == "__main__":
    main()
