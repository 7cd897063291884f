"""Support code for the conformance front door (conformance/conftest.py)."""
