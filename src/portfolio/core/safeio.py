"""Safe output: write to a temporary file in the same folder, then rename, under a lock.

* A crash, a full disk or a signal (SIGINT, SIGTERM, SIGHUP: see :func:`terminate_on_signals`)
  never leaves a half-written output or a temporary file.
* An input is never overwritten; a device, FIFO, socket or folder is never replaced, not even with
  ``--force``; an output Excel or LibreOffice holds open (their ``~$name`` and ``.~lock.name#``
  files) is refused with "close the file".
* An existing output needs ``--force``, except the tool's own earlier results workbook, which a
  re-run replaces (when the command says what its own looks like: see :func:`check_output`).
* The check and the write are one step for other runs: :func:`check_output` takes a lock on the
  output (held until the output is written or the process ends), so a second run on the same
  output at the same moment is refused, never silently replaced by the first.
* Every failure is one sentence saying what happened (a full disk is not "close Excel").
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import InputError, Location

TEMP_PREFIX = ".~portfolio-"      # temporary outputs and output locks; never left behind
NAME_MAX = 255                    # bytes in one file name, on every file system planners use

#: When this run started (the command line sets it): an existing output written after it is not
#: "an earlier result" a re-run may replace.
RUN_STARTED = time.time()


def mark_run_start() -> None:
    global RUN_STARTED
    RUN_STARTED = time.time()


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    try:
        return os.path.normcase(str(a.resolve())) == os.path.normcase(str(b.resolve()))
    except (OSError, RuntimeError):
        return False


def check_output(path: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = (),
                 replaceable: Callable[[Path], bool] | None = None) -> Path:
    """Refuse an output path that cannot or must not be written, and lock it for this run.

    Refused: an input; a name the file system cannot hold (over 255 bytes, a symlink loop); a
    missing folder; anything but a regular file (a device, FIFO, socket, folder), even with
    `force`; a file open in Excel or LibreOffice; an existing file without `force`, unless
    `replaceable(path)` says it is this tool's own earlier output written before this run
    started; a file another run is writing (its lock is held). Returns the path to write (a
    symlink's target, so the link keeps pointing at the new file).
    """
    path = Path(path)
    loc = Location(file=str(path))
    _check_name(path, loc)
    target = _target(path, loc)
    for inp in inputs:
        if inp and (_same(path, Path(inp)) or _same(target, Path(inp))):
            raise InputError("err.output_is_input", loc)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError("err.output_dir", loc)
    _check_not_open(target, loc)
    newly = _LOCKS.take(target, loc)
    try:
        _check_existing(target, loc, force, replaceable)
    except BaseException:
        if newly:
            _LOCKS.release(target)
        raise
    return target


def _check_existing(target: Path, loc: Location, force: bool, replaceable: Callable[[Path], bool] | None) -> None:
    info = _lstat(target, loc)
    if info is None:
        return
    if not stat.S_ISREG(info.st_mode):
        raise InputError("err.output_not_regular", loc)
    if not force and not _LOCKS.granted(target):
        if replaceable is None or info.st_mtime > RUN_STARTED or not _quietly(replaceable, target):
            raise InputError("err.output_exists", loc)
        _LOCKS.grant(target)        # this run's own earlier output: replaced, under the lock it holds
    elif force and not os.access(target, os.W_OK):
        raise InputError("err.output_locked", loc, detail="read-only")


def _check_name(path: Path, loc: Location) -> None:
    if not path.name or path.name in (".", ".."):
        raise InputError("err.output_dir", loc)
    if len(os.fsencode(path.name)) > NAME_MAX:
        raise InputError("err.output_name_too_long", loc, size=len(os.fsencode(path.name)), limit=NAME_MAX)


def _target(path: Path, loc: Location) -> Path:
    """The file a write replaces: `path`, or where a symlink at `path` points (a loop is refused)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("err.output_symlink_loop", loc) from None
        if exc.errno == errno.ENAMETOOLONG:
            raise InputError("err.output_name_too_long", loc, size=len(os.fsencode(str(path))), limit=NAME_MAX) \
                from None
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _lstat(path: Path, loc: Location) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise os_error(path, exc) from None


def _quietly(check: Callable[[Path], bool], path: Path) -> bool:
    try:
        return bool(check(path))
    except Exception:  # noqa: BLE001 - whatever cannot be read is not our own output
        return False


def _check_not_open(path: Path, loc: Location) -> None:
    """Excel keeps ``~$name`` beside a workbook it has open, LibreOffice ``.~lock.name#``."""
    for owner in ("~$" + path.name, ".~lock." + path.name + "#"):
        if os.path.lexists(path.parent / owner):
            raise InputError("err.output_open", loc, owner=owner)


class _Locks:
    """The output locks this process holds: a file beside each output, locked with flock (or msvcrt on
    Windows), released when the output is written, by :func:`release_all`, or by the OS at exit."""

    def __init__(self):
        self.held: dict[str, int] = {}
        self._granted: set[str] = set()    # outputs this run may replace without --force (its own)

    def grant(self, target: Path) -> None:
        self._granted.add(str(self.lock_path(target)))

    def granted(self, target: Path) -> bool:
        lock = str(self.lock_path(target))
        return lock in self._granted and lock in self.held

    @staticmethod
    def lock_path(target: Path) -> Path:
        digest = hashlib.sha1(os.fsencode(os.path.abspath(target))).hexdigest()[:16]
        return target.parent / f"{TEMP_PREFIX}lock-{digest}"

    def take(self, target: Path, loc: Location) -> bool:
        """Lock `target`'s lock file; True if newly taken, False if this process already held it."""
        lock = self.lock_path(target)
        if str(lock) in self.held:
            return False
        for _ in range(5):
            try:
                fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise os_error(target, exc) from None
            if not _try_lock(fd):
                os.close(fd)
                raise InputError("err.output_busy", loc)
            # The holder before us may have removed the file between our open and our lock: keep
            # the lock only if the file is still the one at the path.
            try:
                if os.path.samestat(os.fstat(fd), os.stat(lock)):
                    os.write(fd, f"{os.getpid()}\n".encode())
                    self.held[str(lock)] = fd
                    return True
            except OSError:
                pass
            os.close(fd)
        raise InputError("err.output_busy", loc)

    def release(self, target: Path) -> None:
        lock = str(self.lock_path(target))
        self._granted.discard(lock)
        fd = self.held.pop(lock, None)
        if fd is None:
            return
        try:
            os.unlink(lock)
        except OSError:
            pass
        try:
            os.close(fd)
        except OSError:
            pass

    def release_all(self) -> None:
        self._granted.clear()
        for lock in list(self.held):
            fd = self.held.pop(lock)
            with contextlib.suppress(OSError):
                os.unlink(lock)
            with contextlib.suppress(OSError):
                os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:             # Windows
        import msvcrt
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


_LOCKS = _Locks()


def release_all() -> None:
    """Release every output lock this process holds (the command line, when a command ends)."""
    _LOCKS.release_all()


@contextlib.contextmanager
def atomic_output(path: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = (),
                  replaceable: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Yield a temporary path next to `path`; on success rename it over `path`, else delete it.

    The whole write happens under the output's lock (see :func:`check_output`), so the check that
    the output may be written and the rename are one step for any other run.
    """
    target = check_output(path, force=force, inputs=inputs, replaceable=replaceable)
    parent = target.parent if str(target.parent) else Path(".")
    tmp: Path | None = None
    try:
        try:
            fd, tmp_name = tempfile.mkstemp(dir=parent, prefix=TEMP_PREFIX, suffix=target.suffix[:16])
        except OSError as exc:      # a read-only folder, a full disk
            raise os_error(Path(path), exc) from None
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            yield tmp
        except BaseException as exc:
            cause = _os_cause(exc)
            if cause is not None and cause.errno in _DISK_ERRNOS:
                raise os_error(Path(path), cause) from None
            raise
        # mkstemp makes the file private (0600); give the output the permissions any new file gets.
        try:
            os.chmod(tmp, 0o666 & ~_umask())
        except OSError:
            pass
        try:
            os.replace(tmp, target)
        except OSError as exc:  # Windows: the file is open in Excel (PermissionError); EBUSY, EROFS …
            raise os_error(Path(path), exc) from None
    finally:
        if tmp is not None and tmp.exists():
            with contextlib.suppress(OSError):
                tmp.unlink()
        _LOCKS.release(target)


# The failures of a write that are the output's, not a bug: what each one tells the planner.
_WRITE_ERRNOS = {errno.ENOSPC: "err.output_disk_full", errno.EDQUOT: "err.output_disk_full",
                 errno.EFBIG: "err.output_too_big", errno.EROFS: "err.output_read_only",
                 errno.EIO: "err.output_io", errno.ENAMETOOLONG: "err.output_path_too_long",
                 errno.ELOOP: "err.output_symlink_loop", errno.EACCES: "err.output_locked",
                 errno.EPERM: "err.output_locked", errno.EBUSY: "err.output_locked",
                 errno.ETXTBSY: "err.output_locked", errno.EISDIR: "err.output_not_regular",
                 errno.ENOTDIR: "err.output_dir", errno.ENOENT: "err.output_dir"}
# Those that, raised while the output is being written, can only be the output's.
_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}


def _os_cause(exc: BaseException) -> OSError | None:
    """The OSError behind `exc`: itself, the first argument of a wrapper (xlsxwriter's
    FileCreateError), or its cause."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OSError):
            return exc
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        exc = inner or exc.__cause__ or exc.__context__
        seen += 1
    return None


def os_error(path: Path, exc: OSError) -> InputError:
    """A failed write as one sentence that says what happened."""
    detail = " ".join(str(exc.strerror or exc).split()) or type(exc).__name__
    key = _WRITE_ERRNOS.get(exc.errno or 0, "err.output_failed")
    if isinstance(exc, PermissionError):
        key = "err.output_locked"
    return InputError(key, Location(file=str(path)), detail=detail, size=len(os.fsencode(path.name)), limit=NAME_MAX)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _locked(path: Path, exc: OSError) -> InputError:
    """Kept for callers that name it: :func:`os_error`."""
    return os_error(path, exc)
