"""Command line: ``portfolio solve | validate | template | sweep | compare | sensitivity | explain | report |
frontier | robust``.

A thin layer over :mod:`portfolio.api`: one module per command (``NAME``, ``HELP``,
``configure(parser)``, ``run(args, console)``), listed explicitly below. Every command takes
``--lang ja|en`` and ``--debug``. Expected problems (bad input, infeasible, no solution in time)
print one line to stderr and exit 2, 3 or 4; anything else exits 1, with a traceback only under
``--debug``. With ``--json`` stdout carries exactly one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys

from ..core.errors import (
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    EXIT_NO_SOLUTION,
    EXIT_OK,
    EXIT_UNEXPECTED,
    InputErrors,
    PortfolioError,
    Terminated,
)
from ..core.i18n import t
from . import compare, explain, frontier, report, robust, sensitivity, solve, sweep, template, validate
from .common import Console, safe_text

#: The commands in the order ``--help`` lists them.
COMMANDS = (solve, validate, template, sweep, compare, sensitivity, explain, report,
            frontier, robust)
BY_NAME = {cmd.NAME: cmd for cmd in COMMANDS}




def build_parser(lang: str = "ja") -> argparse.ArgumentParser:
    """The argument parser, every help text in `lang` (from the message catalogue)."""
    from functools import partial

    from ..core.version import VERSION

    tr = partial(_translate, lang=lang)

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            # argparse also calls this with prefix "" to spell a sub-command's prog: keep that one.
            super().add_usage(usage, actions, groups, prefix=tr("cli.help.usage") if prefix is None else prefix)

    def new_parser(**kw) -> argparse.ArgumentParser:
        p = argparse.ArgumentParser(add_help=False, formatter_class=Formatter, **kw)
        p._positionals.title = tr("cli.help.positionals")
        p._optionals.title = tr("cli.help.options")
        p.add_argument("-h", "--help", action="help", help=tr("cli.help.help"))
        return p

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("ja", "en"), default="ja", help=tr("cli.help.lang"))
    common.add_argument("--debug", action="store_true", help=tr("cli.help.debug"))
    parser = new_parser(prog="portfolio", parents=[common], description=tr("cli.help.program"))
    parser.add_argument("--version", action="version", version=f"portfolio {VERSION}", help=tr("cli.help.version"))
    sub = parser.add_subparsers(dest="command", required=True, title=tr("cli.help.commands"),
                                parser_class=lambda **kw: new_parser(**kw))
    for cmd in COMMANDS:
        sp = sub.add_parser(cmd.NAME, parents=[common], help=tr(cmd.HELP), description=tr(cmd.HELP))
        cmd.configure(sp, tr)
    return parser


def _translate(key: str, lang: str, **params) -> str:
    return t(key, lang, **params)


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code (the console script hands it to sys.exit).

    While it runs, SIGTERM and SIGHUP end it the way Ctrl-C does (every temporary file removed,
    worker processes ended, output locks released) with exit code 128 + the signal's number, and
    warnings the libraries print (a glyph missing from a font, "Exception ignored in …" at exit)
    stay quiet unless --debug.
    """
    from ..core import safeio

    safeio.mark_run_start()
    debug = argv is not None and "--debug" in argv or argv is None and "--debug" in sys.argv[1:]
    with _signals_end_the_run(), _quiet_unraisable(debug), _quiet_library_warnings(debug):
        try:
            code = _main(argv)
        finally:
            safeio.release_all()
    if argv is None:
        # Run as the program, so the process ends next. Moving every live object to the permanent
        # generation spares the interpreter's final garbage collection a walk over the model and
        # the result tables (up to a second on large models); the OS frees the memory anyway.
        # Called from Python with arguments (tests, scripts), nothing changes.
        import gc
        gc.freeze()
    return code


@contextlib.contextmanager
def _signals_end_the_run():
    """SIGTERM and SIGHUP raise :class:`~portfolio.core.errors.Terminated` in the main thread, so every
    ``finally`` runs; the handlers before are put back afterwards (tests call :func:`main` in-process)."""
    import signal
    import threading

    def handler(signum, frame):
        raise Terminated(signum)

    saved = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is not None:
                saved[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, previous in saved.items():
            signal.signal(sig, previous)


#: Libraries that log for programmers ("findfont: …", a glyph missing from a font, a header too long).
_CHATTY_LOGGERS = ("matplotlib", "fontTools", "PIL", "xlsxwriter")


@contextlib.contextmanager
def _quiet_library_warnings(debug: bool):
    """Warnings of the libraries (matplotlib's "Glyph … missing from font", xlsxwriter's, with
    their source paths) are for programmers: the planner sees only the tool's own sentences, which
    say everything that matters. --debug shows them. Worker processes inherit the filter."""
    import logging
    import os
    import warnings

    if debug:
        yield
        return
    loggers = {name: logging.getLogger(name) for name in _CHATTY_LOGGERS}
    levels = {name: lg.level for name, lg in loggers.items()}
    saved_env, saved_show = os.environ.get("PYTHONWARNINGS"), warnings.showwarning
    # Not shown, rather than filtered out: a filter that turns a warning into an error (the tests'
    # "a missing glyph fails") still does.
    warnings.showwarning = lambda *args, **kwargs: None
    for lg in loggers.values():
        lg.setLevel(logging.ERROR)
    os.environ["PYTHONWARNINGS"] = "ignore"
    try:
        yield
    finally:
        warnings.showwarning = saved_show
        for name, lg in loggers.items():
            lg.setLevel(levels[name])
        if saved_env is None:
            os.environ.pop("PYTHONWARNINGS", None)
        else:
            os.environ["PYTHONWARNINGS"] = saved_env


@contextlib.contextmanager
def _quiet_unraisable(debug: bool):
    """An object that fails while being collected (a zip file left open by a write that failed on a
    full disk) prints "Exception ignored in …" and a traceback: noise after the one-line error."""
    if debug:
        yield
        return
    saved = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        yield
    finally:
        import gc
        gc.collect()                # collect them now, while the hook is quiet
        sys.unraisablehook = saved


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = "en" if _peek(argv, "--lang") == "en" else "ja"
    debug = "--debug" in argv
    json_mode = "--json" in argv
    console = Console(lang, json_mode)
    try:
        parser = build_parser(lang)
        usage = io.StringIO()
        try:
            # argparse reports usage errors on stderr and exits; its text is captured on the way,
            # to be printed without control characters (a value may hold any), and with --json
            # to reach stdout as the one JSON object too.
            with contextlib.redirect_stderr(usage):
                args = parser.parse_args(argv)
        except SystemExit as exc:
            if exc.code in (0, None):
                return EXIT_OK
            sys.stderr.write(safe_text(usage.getvalue(), keep_newlines=True))
            sys.stderr.flush()
            if json_mode:
                lines = [line for line in usage.getvalue().splitlines() if line.strip()]
                console.emit_json({"status": "invalid_input", "message": lines[-1] if lines else "", "output": None})
            return EXIT_INPUT
        return BY_NAME[args.command].run(args, console)
    except PortfolioError as exc:
        if debug:
            import traceback
            traceback.print_exc()
        lines = exc.lines(lang) if isinstance(exc, InputErrors) else [exc.render(lang)]
        for line in lines:
            console.error(line)
        if json_mode:
            status = {EXIT_INPUT: "invalid_input", EXIT_INFEASIBLE: "infeasible",
                      EXIT_NO_SOLUTION: "no_solution"}.get(exc.exit_code, "error")
            obj = {"status": status, "message": exc.render(lang), "output": None}
            if isinstance(exc, InputErrors):
                obj["errors"] = [e.render(lang) for e in exc.errors]
                obj["more_errors"] = exc.more
            console.emit_json(obj)
        return exc.exit_code
    except KeyboardInterrupt:
        # 128 + SIGINT, as a shell reports it, like SIGTERM and SIGHUP below: exit 1 is for bugs.
        console.error(t("cli.interrupted", lang))
        return 128 + 2
    except Terminated as exc:
        console.error(t("cli.terminated", lang, signal=exc.name))
        return 128 + exc.signum
    except BrokenPipeError:
        # The reader of stdout went away (e.g. `| head`): stop quietly.
        import os
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_UNEXPECTED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one sentence, no traceback
        if debug:
            raise
        detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
        console.error(t("msg.unexpected", lang, detail=detail))
        if json_mode:
            console.emit_json({"status": "error", "message": t("msg.unexpected", lang, detail=detail), "output": None})
        return EXIT_UNEXPECTED


def _peek(argv: list[str], flag: str) -> str | None:
    for i, a in enumerate(argv):
        if a == flag and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith(flag + "="):
            return a.split("=", 1)[1]
    return None


if __name__ == "__main__":
    sys.exit(main())
