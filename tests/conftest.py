"""Shared test set-up: helpers importable by name, and the invariants run on every solution.

Every solve that goes through :func:`portfolio.api.solve` (the Python API, and so also
``portfolio solve`` on the command line) has its Result checked by the independent
:func:`invariants.check_invariants` before the test sees it. The ``solutions`` fixture lists the
results checked during a test, so a test can assert that its solve was in fact checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from invariants import check_invariants  # noqa: E402


@pytest.fixture(autouse=True)
def solutions(monkeypatch) -> list:
    import portfolio.engine.pipeline as pipeline

    checked: list = []
    original = pipeline.build_result

    def build_and_check(data, ix, outcome, options, versions):
        result = original(data, ix, outcome, options, versions)
        if result.has_solution:
            check_invariants(data, result)
            checked.append(result)
        return result

    monkeypatch.setattr(pipeline, "build_result", build_and_check)
    return checked
