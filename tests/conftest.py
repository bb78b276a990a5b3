"""Shared test set-up: helpers importable by name, and the invariants run on every solution.

Every solution of every solve in the tests is checked by the independent
:func:`invariants.check_invariants`:

* each outcome with a solution that ``HighsSolver.solve`` returns (a first solve, ladder steps,
  swap tests, sensitivity and ``explain`` re-solves), in this process and in every process it
  starts (spawned workers, ``portfolio`` subprocesses), under the state it was solved in, by
  :func:`solution_checks.check_solution`, named here in ``$PORTFOLIO_SOLUTION_OBSERVERS``;
* each Result built by the pipeline (:func:`portfolio.api.solve`, ``portfolio solve``, and a
  session's ``result``), with its payments settled, before the test sees it. The ``solutions``
  fixture lists the results checked during a test, so a test can assert that its solve was in
  fact checked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from invariants import check_invariants  # noqa: E402

from portfolio.engine.solver import OBSERVERS_ENV  # noqa: E402

# Processes started by the tests inherit the environment: they find the observer module on
# PYTHONPATH and register it on their first solve, as this process does.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))
# No cache of analysis results unless a test asks for one (tests/test_cache.py): every test solves.
os.environ["PORTFOLIO_NO_CACHE"] = "1"
os.environ[OBSERVERS_ENV] = ",".join(filter(None, [os.environ.get(OBSERVERS_ENV), "solution_checks:check_solution"]))


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
