"""``python -m huaian_forecast``: the same as the ``huaian-forecast`` command."""

from __future__ import annotations

import sys

from huaian_forecast.cli import main

if __name__ == "__main__":
    sys.exit(main())
