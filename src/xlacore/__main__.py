"""``python -m xlacore``: the same command line as ``xlacore``."""

from xlacore.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
