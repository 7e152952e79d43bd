"""Reading what the desk's camera and files show: barcodes now, image quality and MRZ later.

Everything here is Qt-free so the CLI, the tests and the benchmarks drive the same code;
only modules ending in ``_qt.py`` (camera threads) may import QtCore.
"""
