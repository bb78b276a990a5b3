"""Errors and warnings that reach the planner, with where they happened.

Every input problem becomes one line naming the file, sheet, cell (or row), column, the bad value
and what was expected, in Japanese or English. The exit code is carried by the exception class so
the command line never has to guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .i18n import t

EXIT_OK, EXIT_UNEXPECTED, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Location:
    """Where in the input a problem is. Every part is optional."""

    file: str = ""
    sheet: str = ""        # sheet id (English); shown with its Japanese label in ja
    cell: str = ""         # "F12"
    row: int | None = None
    column: str = ""       # the column's Japanese label, or its header as written
    key: str = ""          # for scenario files: the key path, e.g. "weights.autonomy"
    line: int | None = None  # for text files (scenario YAML): the line
    column_en: str = ""    # the column in English messages (its id); "" means the same as `column`

    def render(self, lang: str) -> str:
        from .schema import SHEETS_BY_ID

        parts: list[str] = []
        if self.file:
            parts.append(Path(self.file).name)
        if self.sheet:
            sheet = SHEETS_BY_ID.get(self.sheet)
            label = (sheet.ja if lang == "ja" else sheet.id) if sheet else self.sheet
            parts.append(t("loc.sheet", lang, sheet=label))
        if self.cell:
            parts.append(t("loc.cell", lang, cell=self.cell))
        elif self.row is not None:
            parts.append(t("loc.row", lang, row=self.row))
        if self.line is not None:
            parts.append(t("loc.line", lang, line=self.line))
        column = self.column_en if (lang == "en" and self.column_en) else self.column
        if column:
            parts.append(t("loc.column", lang, column=column))
        if self.key:
            parts.append(t("loc.key", lang, key=self.key))
        return t("loc.sep", lang).join(parts)


class PortfolioError(Exception):
    """Base of every error we expect and explain. `exit_code` is what the command line returns."""

    exit_code = EXIT_UNEXPECTED

    def __init__(self, key: str, loc: Location | None = None, **params):
        self.key = key
        self.loc = loc or Location()
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str = "ja") -> str:
        where = self.loc.render(lang)
        what = t(self.key, lang, **{k: _show(v, lang) for k, v in self.params.items()})
        return f"{where}: {what}" if where else what


class InputError(PortfolioError):
    """The workbook, scenario or command line is wrong. Exit 2."""

    exit_code = EXIT_INPUT


#: How many input problems one run lists before saying how many more there are.
MAX_LISTED = 50


class InputErrors(InputError):
    """Every input problem one pass found (the first :data:`MAX_LISTED`, and how many more).

    It is the first problem as far as its key, location and text go, so code that expects one
    error still reads it; the command line prints :meth:`lines`, one problem per line.
    """

    def __init__(self, errors: list[InputError], more: int = 0):
        self.errors = list(errors)
        self.more = more
        first = self.errors[0]
        super().__init__(first.key, first.loc, **first.params)

    def lines(self, lang: str = "ja") -> list[str]:
        out = [e.render(lang) for e in self.errors]
        if self.more:
            out.append(t("err.more", lang, n=self.more, listed=len(self.errors)))
        return out


class Problems:
    """Collects input problems so that one run can list them all; see :class:`InputErrors`."""

    def __init__(self, limit: int = MAX_LISTED):
        self.limit = limit
        self.errors: list[InputError] = []
        self.more = 0
        self._seen: set[str] = set()

    def add(self, error: InputError) -> None:
        for e in (error.errors if isinstance(error, InputErrors) else [error]):
            text = e.render("en")
            if text in self._seen:          # the same problem reached twice (a header, row by row)
                continue
            self._seen.add(text)
            if len(self.errors) < self.limit:
                self.errors.append(e)
            else:
                self.more += 1
        if isinstance(error, InputErrors):
            self.more += error.more

    def __len__(self) -> int:
        return len(self.errors) + self.more

    def guard(self) -> "_Guard":
        """``with problems.guard():`` records an InputError raised inside and carries on after the block."""
        return _Guard(self)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InputErrors(self.errors, self.more)


class _Guard:
    def __init__(self, problems: Problems):
        self.problems = problems
        self.failed = False

    def __enter__(self) -> "_Guard":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and isinstance(exc, InputError):
            self.problems.add(exc)
            self.failed = True
            return True
        return False


class InfeasibleError(PortfolioError):
    """No allocation satisfies every limit. Exit 3. `explanation` says which limits conflict."""

    exit_code = EXIT_INFEASIBLE

    def __init__(self, key: str, loc: Location | None = None, explanation: list | None = None, **params):
        self.explanation = explanation or []
        super().__init__(key, loc, **params)


class NoSolutionError(PortfolioError):
    """The time limit passed before any feasible allocation was found. Exit 4."""

    exit_code = EXIT_NO_SOLUTION


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised in the main thread while a command runs (as KeyboardInterrupt is for
    SIGINT), so that every ``finally`` cleans up: temporary files, worker processes, output locks."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        import signal

        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return str(self.signum)


class Text:
    """A message parameter given in both languages (an expectation, a reason): rendered in the message's."""

    def __init__(self, ja: str, en: str):
        self.ja, self.en = ja, en

    def render(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

    def __str__(self) -> str:
        return self.en


class Joined:
    """A message parameter that is a list of parameters (texts, messages), joined in the message's language."""

    def __init__(self, items, sep_key: str = "loc.sep"):
        self.items = list(items)
        self.sep_key = sep_key

    def render(self, lang: str) -> str:
        return t(self.sep_key, lang).join(str(_show(i, lang)) for i in self.items)

    def __str__(self) -> str:
        return self.render("en")


def _show(v, lang):
    if hasattr(v, "render"):
        return v.render(lang)
    return v


@dataclass(frozen=True)
class Message:
    """A translatable message with a location: used for warnings and explanation lines."""

    key: str
    loc: Location = field(default_factory=Location)
    params: tuple = ()

    @classmethod
    def of(cls, key: str, loc: Location | None = None, **params) -> "Message":
        return cls(key, loc or Location(), tuple(sorted(params.items())))

    def render(self, lang: str = "ja") -> str:
        where = self.loc.render(lang)
        what = t(self.key, lang, **{k: _show(v, lang) for k, v in self.params})
        return f"{where}: {what}" if where else what
