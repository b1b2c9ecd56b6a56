"""`python -m reference_app --port N [--host 127.0.0.1]`: serve the app, configured from LAPSE_APP_*.

A separate process is how Lapse runs the app under libfaketime; werkzeug's threaded server is enough.
"""

from __future__ import annotations

import argparse
import os
import sys

from werkzeug.serving import run_simple

from reference_app.app import create_app
from reference_app.settings import AppSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reference_app", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    try:
        settings = AppSettings.from_env(os.environ)
    except ValueError as exc:
        parser.error(str(exc))
    run_simple(args.host, args.port, create_app(settings), threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
