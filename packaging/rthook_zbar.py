"""PyInstaller runtime hook: pyzbar finds the libzbar bundled next to it.

pyzbar loads zbar with ``ctypes.util.find_library("zbar")``, which on Linux asks the
system's linker cache only; the bundle carries libzbar.so.0 (and what it links to), so a
desk without the libzbar0 package still reads with zbar.
"""

import ctypes.util
import os
import sys

_system_find_library = ctypes.util.find_library


def _find_library(name: str) -> str | None:
    if name == "zbar":
        bundled = os.path.join(getattr(sys, "_MEIPASS", ""), "libzbar.so.0")
        if os.path.isfile(bundled):
            return bundled
    return _system_find_library(name)


ctypes.util.find_library = _find_library
