"""Safe output: write to a temporary file in the same folder, then rename.

A crash or a full disk never leaves a half-written workbook, an input is never overwritten, an
existing output needs ``--force``, and a file locked by Excel gets a sentence, not a traceback.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError, Location

TEMP_PREFIX = ".~portfolio-"      # temporary outputs; never left behind


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(str(a.resolve())) == os.path.normcase(str(b.resolve()))


def check_output(path: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = ()) -> Path:
    """Refuse an output path that is an input, exists without --force, or has no folder."""
    path = Path(path)
    loc = Location(file=str(path))
    for inp in inputs:
        if inp and _same(path, Path(inp)):
            raise InputError("err.output_is_input", loc)
    if not path.parent.exists() and str(path.parent) not in ("", "."):
        raise InputError("err.output_dir", loc)
    if path.exists():
        if not force:
            raise InputError("err.output_exists", loc)
        if not os.access(path, os.W_OK):
            raise InputError("err.output_locked", loc, detail="read-only")
    return path


@contextlib.contextmanager
def atomic_output(path: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a temporary path next to `path`; on success rename it over `path`, else delete it."""
    path = check_output(path, force=force, inputs=inputs)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=parent, prefix=TEMP_PREFIX, suffix=path.suffix)
    except OSError as exc:      # a read-only folder, a full disk
        raise _locked(path, exc) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); give the output the permissions any new file gets.
        try:
            os.chmod(tmp, 0o666 & ~_umask())
        except OSError:
            pass
        try:
            os.replace(tmp, path)
        except OSError as exc:  # Windows: the file is open in Excel (PermissionError); EBUSY, EROFS …
            raise _locked(path, exc) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _locked(path: Path, exc: OSError) -> InputError:
    detail = " ".join(str(exc.strerror or exc).split()) or type(exc).__name__
    return InputError("err.output_locked", Location(file=str(path)), detail=detail)
