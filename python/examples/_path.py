"""Lets the examples run from a checkout without `pip install ./python`."""
import os
import sys

try:
    import ridematch  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
