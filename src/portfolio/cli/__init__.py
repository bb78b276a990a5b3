"""The ``portfolio`` command line (see :mod:`portfolio.cli.main`)."""

from .main import main

__all__ = ["main"]
