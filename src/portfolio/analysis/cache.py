"""Results of analysis solves kept across runs, so that a second command on the same model does not
solve again what the first one proved: ``explain`` for a second program reuses the budget ladder
and the probes the first one solved, and the same ``explain`` run again is answered from the file.

**One JSON file**, :data:`FILE_NAME`, beside the outputs (``report``: the report's folder;
``explain``, which writes nothing: the current folder), or where ``--cache FILE`` says; ``--no-cache``
neither reads nor writes it.

**Never trusted blindly.** An entry is found by a key that hashes everything its value depends on:
the model file's bytes, the validated model after any scenario and ``--scale`` (``repr`` of
:class:`~portfolio.core.data.ModelData`), the package version, the solve options that matter (time
limit, gap, threads, seed) and what the analysis changed for that solve. A changed model, scenario,
option or version is therefore a miss. The file is read as JSON only (never unpickled), at most
:data:`MAX_BYTES`, and every entry carries an HMAC of its key and value under a secret kept in the
user's own cache folder (mode 0600): a file that is not valid JSON, has another layout, was edited,
truncated, or written by someone without that secret (another user, a shared folder) is a miss
for every entry it holds, never a crash. The value an analysis gets back is then checked again by
the analysis against its own model (:func:`solved_from_json`) before it is used.

**Written safely**: through :func:`portfolio.core.safeio.atomic_output` (a temporary file renamed
over the old one, under the output's lock); a symlink, a folder or a file that cannot be written
in the cache's place means no cache, not a failed command. The file keeps the :data:`MAX_ENTRIES`
most recent entries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from ..core.version import VERSION
from ..engine.solver import STATUSES

FILE_NAME = "portfolio-cache.json"
SCHEMA = "portfolio-cache/1"
MAX_BYTES = 20_000_000
MAX_ENTRIES = 2000
KEY_FILE_ENV = "PORTFOLIO_CACHE_KEY_FILE"
OFF_ENV = "PORTFOLIO_NO_CACHE"          # set (to anything but "" or "0"): no command reads or writes a cache


def _secret() -> bytes | None:
    """This user's cache secret (created on first use, readable by the user only), or None if it
    cannot be had: then nothing is cached."""
    path = Path(os.environ.get(KEY_FILE_ENV) or Path.home() / ".cache" / "portfolio" / "cache-key")
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077:
            key = path.read_bytes()
            return key if len(key) >= 32 else None
        return None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
        return key
    except OSError:
        return None


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode()


def fingerprint(data) -> str | None:
    """What a model's results depend on: its file's bytes, the validated model (scenario and scale
    applied) and the package version. None when the model file cannot be read (nothing is cached)."""
    h = hashlib.sha256()
    try:
        h.update(Path(data.path).read_bytes())
    except (OSError, TypeError, ValueError):
        return None
    h.update(b"\0")
    h.update(repr(data).encode("utf-8", "surrogatepass"))
    h.update(b"\0" + VERSION.encode())
    return h.hexdigest()


def options_key(options) -> dict:
    """The solve options a result depends on."""
    return {"time_limit": float(options.time_limit), "mip_gap": float(options.mip_gap),
            "threads": int(options.threads), "seed": int(options.seed)}


def make_key(kind: str, model: str, **parts: Any) -> str:
    """The key of one result: a hash of its kind, the model's fingerprint and everything else it
    depends on (JSON-able values)."""
    return hashlib.sha256(_canonical({"kind": kind, "model": model, "version": VERSION, **parts})).hexdigest()


def array_key(a) -> str:
    """A numpy array, hashed with its shape and type (scores changed by a probe)."""
    import numpy as np

    a = np.ascontiguousarray(a)
    return hashlib.sha256(f"{a.dtype.str}{a.shape}".encode() + a.tobytes()).hexdigest()


class Cache:
    """The entries of one cache file: :meth:`get` and :meth:`put` by key, :meth:`save` to write."""

    def __init__(self, path: str | Path | None, inputs: tuple = ()):
        self.path = Path(path) if path is not None else None
        self.inputs = tuple(str(i) for i in inputs if i)     # files the cache must never overwrite
        self.ours = True               # absent, or a cache file: may be (over)written
        self.secret = _secret() if self.path is not None else None
        self.entries: dict[str, dict] = {}
        self.hits = self.misses = 0
        self.rejected = False          # the file was there but not trusted (corrupt, edited, foreign)
        self._dirty = False
        if self.enabled:
            self.entries = self._read()

    @classmethod
    def off(cls) -> "Cache":
        return cls(None)

    @property
    def enabled(self) -> bool:
        return self.path is not None and self.secret is not None

    def _mac(self, key: str, value: Any) -> str:
        return hmac.new(self.secret, key.encode() + b"\0" + _canonical(value), hashlib.sha256).hexdigest()

    def _read(self) -> dict[str, dict]:
        try:
            info = os.lstat(self.path)
        except OSError:
            return {}
        self.ours = self.path.name == FILE_NAME
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            self.rejected, self.ours = True, False
            return {}
        try:
            with open(self.path, "rb") as f:
                raw = json.loads(f.read(MAX_BYTES + 1).decode("utf-8"), parse_constant=_no_constant)
        except (OSError, ValueError, RecursionError):
            self.rejected = True
            return {}
        if not (isinstance(raw, dict) and raw.get("schema") == SCHEMA and isinstance(raw.get("entries"), dict)):
            self.rejected = True
            return {}
        self.ours = True
        out = {}
        for key, entry in raw["entries"].items():
            if not (isinstance(entry, dict) and set(entry) == {"value", "mac", "seq"} and isinstance(entry["mac"], str)
                    and isinstance(entry["seq"], int) and not isinstance(entry["seq"], bool)):
                self.rejected = True
                continue
            try:
                good = hmac.compare_digest(entry["mac"], self._mac(key, entry["value"]))
            except (TypeError, ValueError):
                good = False
            if good:
                out[key] = entry
            else:
                self.rejected = True
        return out

    def get(self, key: str) -> Any:
        """The value stored under `key`, or None (a miss)."""
        entry = self.entries.get(key) if self.enabled else None
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        return entry["value"]

    def put(self, key: str, value: Any) -> None:
        if not self.enabled:
            return
        try:
            mac = self._mac(key, value)
        except (TypeError, ValueError):      # not JSON (a NaN, an array): not cached
            return
        seq = max((e["seq"] for e in self.entries.values()), default=0) + 1
        self.entries[key] = {"value": value, "mac": mac, "seq": seq}
        self._dirty = True

    def save(self) -> bool:
        """Write the file if anything was added; False (and nothing raised) when it cannot be written."""
        from ..core.errors import PortfolioError
        from ..core.safeio import atomic_output

        if not (self.enabled and self._dirty and self.ours):
            return False
        # Another run may have added entries since this one read the file: keep those it can verify.
        rejected, ours = self.rejected, self.ours
        entries = {**self._read(), **self.entries} if ours else dict(self.entries)
        self.rejected, self.ours = rejected, ours
        keep = sorted(entries.items(), key=lambda kv: kv[1]["seq"])[-MAX_ENTRIES:]
        text = json.dumps({"schema": SCHEMA, "version": VERSION, "entries": dict(keep)}, ensure_ascii=True,
                          allow_nan=False, separators=(",", ":"))
        try:
            if self.path.is_symlink():
                return False
            with atomic_output(self.path, force=True, inputs=self.inputs) as tmp:
                tmp.write_text(text, encoding="ascii")
        except (PortfolioError, OSError):
            return False
        self._dirty = False
        return True


def _no_constant(name: str):
    raise ValueError(f"not JSON: {name}")


def cache_at(path: str | Path | None, folder: str | Path | None = None, *, enabled: bool = True,
             inputs: tuple = ()) -> Cache:
    """The cache a command uses: `path` if given, else :data:`FILE_NAME` in `folder` (default: the
    current folder); an inactive one when `enabled` is False. `inputs` (the model, the scenario
    file) are never overwritten, and a file given as `path` that is not a cache is left alone."""
    if not enabled or os.environ.get(OFF_ENV, "") not in ("", "0"):
        return Cache.off()
    return Cache(Path(path) if path else Path(folder or Path.cwd()) / FILE_NAME, inputs)


# -- solve summaries ---------------------------------------------------------------------------


def _number(x) -> bool:
    return x is None or (isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x))


def solved_to_json(s) -> dict:
    """A :class:`~portfolio.analysis.sensitivity.Solved` as JSON."""
    return {"status": s.status, "objective": s.objective, "bound": s.bound, "gap": s.gap,
            "funded": [int(k) for k in s.funded], "seconds": float(s.seconds), "gap_target": float(s.gap_target)}


def solved_from_json(v: Any, n_options: int):
    """A :class:`~portfolio.analysis.sensitivity.Solved` back from JSON, or None if `v` is not one
    that fits a model of `n_options` options (then the entry is a miss)."""
    from .sensitivity import Solved

    fields = {"status", "objective", "bound", "gap", "funded", "seconds", "gap_target"}
    if not (isinstance(v, dict) and set(v) == fields and v["status"] in STATUSES):
        return None
    if not all(_number(v[k]) for k in ("objective", "bound", "gap", "seconds", "gap_target")):
        return None
    if v["seconds"] is None or v["gap_target"] is None:
        return None
    funded = v["funded"]
    if not (isinstance(funded, list) and all(isinstance(k, int) and not isinstance(k, bool) and 0 <= k < n_options
                                             for k in funded) and len(set(funded)) == len(funded)):
        return None
    has = v["status"] in ("optimal", "feasible")
    if has != (v["objective"] is not None) or (not has and funded):
        return None
    return Solved(status=v["status"], objective=v["objective"], bound=v["bound"], gap=v["gap"],
                  funded=tuple(funded), seconds=float(v["seconds"]), gap_target=float(v["gap_target"]))


# -- a base solve: the plan every probe starts from ---------------------------------------------

_OUTCOME = ("status", "objective", "bound", "gap", "seconds", "wall_seconds", "mip_gap_target", "time_limit")


def outcome_to_json(o) -> dict:
    """A :class:`~portfolio.engine.solver.SolveOutcome` with a solution, as JSON (its plan and payments)."""
    return {**{k: getattr(o, k) for k in _OUTCOME}, "choose": [int(round(float(v))) for v in o.choose],
            "pay": None if o.pay is None else [float(v) for v in o.pay]}


def outcome_from_json(v: Any, n_options: int, n_flows: int):
    """A SolveOutcome with a solution back from JSON, or None if `v` is not one that fits a model of
    `n_options` options and `n_flows` payment columns."""
    import numpy as np

    from ..engine.solver import SolveOutcome

    if not (isinstance(v, dict) and set(v) == set(_OUTCOME) | {"choose", "pay"}):
        return None
    if v["status"] not in ("optimal", "feasible") or not all(_number(v[k]) for k in _OUTCOME[1:]):
        return None
    if any(v[k] is None for k in ("objective", "seconds", "wall_seconds", "mip_gap_target", "time_limit")):
        return None
    choose, pay = v["choose"], v["pay"]
    if not (isinstance(choose, list) and len(choose) == n_options and all(c in (0, 1) and not isinstance(c, bool)
                                                                          for c in choose)):
        return None
    if pay is not None and not (isinstance(pay, list) and len(pay) == n_flows and all(
            _number(x) and x is not None for x in pay)):
        return None
    return SolveOutcome(status=v["status"], objective=float(v["objective"]), bound=v["bound"], gap=v["gap"],
                        seconds=float(v["seconds"]), wall_seconds=float(v["wall_seconds"]),
                        mip_gap_target=float(v["mip_gap_target"]), time_limit=float(v["time_limit"]),
                        choose=np.array(choose, dtype=float),
                        pay=None if pay is None else np.array(pay, dtype=float))
