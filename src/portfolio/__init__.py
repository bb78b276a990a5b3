"""portfolio: allocate a government R&D budget across technology domains and programs.

Data flows one way: workbook → :func:`load_model` (validated, immutable :class:`ModelData`) →
:func:`apply_scenario` → :func:`solve` (Pyomo MIP, HiGHS) → :class:`Result` (pandas tables) →
writers (Excel, JSON, reports).

>>> import portfolio
>>> data = portfolio.load_model(portfolio.default_model_path())
>>> result = portfolio.solve(data)
>>> result.status, round(result.objective, 1)          # doctest: +SKIP
>>> result.programs[result.programs.funded].head()     # doctest: +SKIP
"""

from .api import apply_scenario, default_model_path, load_model, solve  # noqa: E402
from .core.data import ModelData  # noqa: E402
from .core.errors import InfeasibleError, InputError, NoSolutionError, PortfolioError  # noqa: E402
from .core.version import VERSION as __version__  # noqa: E402
from .engine.results import Result  # noqa: E402

__all__ = ["__version__", "load_model", "apply_scenario", "solve", "default_model_path", "ModelData", "Result",
           "PortfolioError", "InputError", "InfeasibleError", "NoSolutionError"]
