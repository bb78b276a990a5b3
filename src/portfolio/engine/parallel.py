"""Running many solves across processes or a Dask cluster, without a scheduler of our own.

Work is sent as picklable *jobs*: the validated :class:`~portfolio.core.data.ModelData`, solve
options and a batch of plain task descriptions. Each worker process builds its model once per
model (cached by a token) with HiGHS on one thread, runs its tasks, and returns plain numbers.
Nothing solver-side is pickled.

Executors: ``processes`` (``concurrent.futures.ProcessPoolExecutor`` with the ``spawn`` start
method), ``dask://HOST:PORT`` (``distributed.Client(...).get_executor()``, optional extra
``pip install .[dask]``), or any ``concurrent.futures``-style executor passed in by a caller.
With one worker and the default executor, jobs run in this process.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import uuid
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from typing import Any, Callable, Iterator, Sequence

from ..core.errors import InputError

# Per worker (process, or thread under a threaded Dask worker): token -> Session. Thread-local so
# that two threads of one process never share a persistent HiGHS model.
_LOCAL = threading.local()


class InlineExecutor(Executor):
    """Runs each job immediately in this process (one worker, no pool)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        f: Future = Future()
        try:
            f.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - delivered through the future like a pool would
            f.set_exception(exc)
        return f


@contextlib.contextmanager
def executor(spec: str | Executor | None, workers: int) -> Iterator[Executor]:
    """An executor for `workers` parallel jobs: "processes", "dask://HOST:PORT", or one given."""
    if isinstance(spec, Executor):
        yield spec
        return
    spec = spec or "processes"
    if spec.startswith("dask://") or spec.startswith("tcp://"):
        try:
            from distributed import Client
        except ImportError:
            raise InputError("err.bad_option", option="--executor", value=spec,
                             expected="the Dask extra: pip install .[dask]") from None
        address = spec.replace("dask://", "tcp://", 1)
        client = Client(address, timeout="20s", set_as_default=False)
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()
        return
    if spec != "processes":
        raise InputError("err.bad_option", option="--executor", value=spec, expected="processes or dask://HOST:PORT")
    if workers <= 1:
        yield InlineExecutor()
        return
    import multiprocessing as mp

    pool = _Pool(max_workers=workers, mp_context=mp.get_context("spawn"))
    try:
        yield pool
    except BaseException:
        # Ctrl-C, SIGTERM or SIGHUP (raised here by the command line), or a failure: the workers
        # are ended now, not left running their solves; the pool's queues and the resource
        # tracker go with them when this process ends.
        end_workers(pool)
        raise
    else:
        pool.shutdown(wait=True)


class _Pool(ProcessPoolExecutor):
    """A process pool whose ``submit`` is never cut short by Ctrl-C, SIGTERM or SIGHUP.

    ``submit`` starts worker processes (spawn): a signal handled half-way through left a worker
    started but not yet known to the pool, waiting for its start-up data, so the pool could
    neither end it nor shut down, and the command never ended. The signal is handled as soon as
    ``submit`` returns."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        with signals_deferred():
            return super().submit(fn, *args, **kwargs)


@contextlib.contextmanager
def signals_deferred():
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends, then raise the first one caught (its
    own handler then runs, in the main thread, outside the block)."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    saved = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        previous = signal.getsignal(sig) if sig is not None else None
        if previous is not None:
            saved[sig] = signal.signal(sig, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, previous in saved.items():
            signal.signal(sig, previous)
        if caught:
            signal.raise_signal(caught[0])


def end_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a process pool at once: every worker process terminated, pending jobs cancelled, and the
    pool shut down (its manager sees the workers gone and closes its queues, so no semaphore is
    left for the resource tracker to warn about)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    for process in processes:
        try:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except Exception:  # noqa: BLE001 - a broken pool is what we are ending anyway
        pass


def new_token() -> str:
    return uuid.uuid4().hex


def worker_object(kind: str, token: str, build):
    """This process's object of `kind` (a session, a frontier model) for `token`, made by `build()` on
    first use. One object per kind at a time: a new token drops the last one, which keeps memory bounded."""
    cache = getattr(_LOCAL, kind, None)
    if cache is None:
        cache = {}
        setattr(_LOCAL, kind, cache)
    obj = cache.get(token)
    if obj is None:
        cache.clear()
        obj = cache[token] = build()
    return obj


def drop_worker_object(kind: str, token: str) -> None:
    """Free this process's object of `kind` for `token` (a run on the inline executor keeps it here)."""
    getattr(_LOCAL, kind, {}).pop(token, None)


def worker_session(token: str, data, options):
    """The Session for `token` in this process, built on first use (HiGHS with one thread)."""
    from dataclasses import replace

    from .session import Session

    return worker_object("sessions", token, lambda: Session(data, replace(options, threads=1)))


def split(items: Sequence, parts: int) -> list[list]:
    """Split into `parts` contiguous, nearly equal chunks (contiguous keeps ladder warm starts useful)."""
    n = len(items)
    parts = max(1, min(parts, n))
    size, extra = divmod(n, parts)
    out, i = [], 0
    for k in range(parts):
        j = i + size + (1 if k < extra else 0)
        out.append(list(items[i:j]))
        i = j
    return [c for c in out if c]


def progress_shown() -> bool:
    """Progress bars only on a terminal, and not when PORTFOLIO_NO_PROGRESS=1."""
    return sys.stderr.isatty() and os.environ.get("PORTFOLIO_NO_PROGRESS") != "1"


def progress_bar(total: int, desc: str):
    """A bar of solves on stderr, shown only where :func:`progress_shown` allows; use as a context."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, disable=not progress_shown(), file=sys.stderr, leave=False, unit="solve")


def run_jobs(pool: Executor, fn: Callable, jobs: Sequence[tuple], *, total: int | None = None,
             count: Callable[[Any], int] = lambda r: 1, desc: str = "") -> list:
    """Submit `fn(*job)` for each job; return results in job order, with a progress bar on a terminal."""
    futures = {pool.submit(fn, *job): i for i, job in enumerate(jobs)}
    results: list = [None] * len(jobs)
    with progress_bar(total if total is not None else len(jobs), desc) as bar:
        for f in as_completed(futures):
            r = f.result()
            results[futures[f]] = r
            bar.update(count(r))
    return results
