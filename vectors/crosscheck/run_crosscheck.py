"""CTest entry for vectors_crosscheck: runs `python3 -m pytest -q vectors/crosscheck`.

A missing pytest or cryptography is a FAILURE with a clear message, never a
skip: scripts/ installs python3-pytest and python3-cryptography (Debian).
"""
import os
import sys

missing = []
for mod in ("pytest", "cryptography"):
    try:
        __import__(mod)
    except ImportError:
        missing.append(mod)
if missing:
    sys.stderr.write(
        "vectors_crosscheck: FAILED: %s cannot import %s; install the Debian packages "
        "(python3-pytest, python3-cryptography) with the dependency script and run it "
        "with /usr/bin/python3.\n" % (sys.executable, ", ".join(missing)))
    sys.exit(1)

import pytest  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", here]))
