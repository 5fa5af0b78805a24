"""Run the benchmarks under bench/ and write docs/benchmarks.md."""

from __future__ import annotations

import sys


def main() -> int:
    """Run every registered benchmark suite."""
    print("no benchmark suites yet; see docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
