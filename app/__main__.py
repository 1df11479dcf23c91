"""`python -m app`: the same as the `lokal` command."""

from app.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
