"""The bundle's entry point: the ``operator-app`` command (operator_app.cli), as installed."""

import multiprocessing
import sys

from operator_app.cli import main

if __name__ == "__main__":
    # The desk reads scanned files in fork-server children (scanning/safe_files.py): in the
    # bundle such a child is this program again, and this call makes it one.
    multiprocessing.freeze_support()
    sys.exit(main())
