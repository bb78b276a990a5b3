"""The version of portfolio: the package's (pyproject.toml reads it from here) and every result's."""

VERSION = "0.1.0"
