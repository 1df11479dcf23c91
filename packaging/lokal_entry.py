"""The frozen app's entry point (PyInstaller's script): `lokal` with the same arguments.

main() calls multiprocessing.freeze_support() before anything else, so a
process started by the engine client ("spawn") runs the engine here instead
of opening another window.
"""

import sys

from app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
