"""Option parsing: the command line's strings become the numbers the analyses take.

Every bad value is an :class:`~portfolio.core.errors.InputError` naming the option, the value and
what was expected, in both languages (exit 2).
"""

from __future__ import annotations

import math

from ..core import limits
from ..core.errors import InputError, Message, Text

POSITIVE = Text("0より大きい数値", "a number > 0")
#: The largest value each option that takes a positive number accepts (inf and NaN never).
MOST = {"--scale": limits.MAX_SCALE, "--time-limit": limits.MAX_SECONDS,
        "--analysis-time-limit": limits.MAX_SECONDS, "--concentration": 1e6}


def positive_float(name: str):
    def parse(text: str) -> float:
        most = MOST.get(name, 1e9)
        try:
            x = float(text)
        except (TypeError, ValueError):
            x = float("nan")
        if not (x > 0 and math.isfinite(x) and x <= most):
            raise InputError("err.bad_option", option=name, value=text,
                             expected=Message.of("cli.expect.positive_at_most", most=most))
        return x
    return parse


def whole_number(name: str, text, low: int = 0, high: int | None = None) -> int:
    """Option `name` as a whole number ≥ `low` (and ≤ `high`), or a bilingual usage error."""
    try:
        x = int(str(text))
    except ValueError:
        x = low - 1
    if x < low or (high is not None and x > high):
        expected = Message.of("cli.expect.whole_between", low=low, high=high) if high is not None else \
            Message.of("cli.expect.whole_at_least", low=low)
        raise InputError("err.bad_option", option=name, value=text, expected=expected)
    return x


def unit_share(name: str, text, *, low_open: bool = False, high_open: bool = False) -> float:
    """Option `name` as a number in [0, 1] (either end open if asked), or a bilingual usage error."""
    try:
        x = float(text)
    except (TypeError, ValueError):
        x = float("nan")
    if not ((x > 0 if low_open else x >= 0) and (x < 1 if high_open else x <= 1)):
        lo = "(0" if low_open else "[0"
        hi = "1)" if high_open else "1]"
        ja = "0以上1以下の数値" if not (low_open or high_open) else f"{lo}, {hi} の範囲の数値"
        raise InputError("err.bad_option", option=name, value=text, expected=Text(ja, f"a number in {lo}, {hi}"))
    return x


def solver_kwargs(args, console=None) -> dict:
    kw = {}
    if args.time_limit is not None:
        kw["time_limit"] = positive_float("--time-limit")(args.time_limit)
    if args.gap is not None:
        kw["mip_gap"] = unit_share("--gap", args.gap)
    kw["seed"] = whole_number("--seed", args.seed, 0, limits.MAX_SEED)
    kw["threads"] = capped_to_cores("--threads", whole_number("--threads", args.threads, 0, 10**6), console)
    return kw


def capped_to_cores(option: str, n: int, console=None) -> int:
    """`n` threads or worker processes, at most one per core this process may use (with a warning
    above it: more only slows every solve down)."""
    cores = limits.cores()
    if n > cores:
        if console is not None:
            console.warn(Message.of("cli.warn.capped", option=option, asked=n, cores=cores).render(console.lang))
        return cores
    return n


def parse_scale(args) -> float | None:
    return None if getattr(args, "scale", None) is None else positive_float("--scale")(args.scale)




def parse_scales(text: str, option: str = "--scale") -> list[float]:
    """``START:STOP:STEP`` (both ends included, within floating-point tolerance) or ``F1,F2,…``."""
    bad = InputError("err.bad_option", option=option, value=text,
                     expected=Message.of("cli.expect.scales", most=limits.MAX_SCALE))
    too_many = InputError("err.bad_option", option=option, value=text,
                          expected=Message.of("cli.expect.steps", most=limits.MAX_STEPS))
    text = str(text).strip()
    try:
        if ":" in text:
            a, b, c = (float(x) for x in text.split(":"))
            if not (all(math.isfinite(x) for x in (a, b, c)) and c > 0 and a > 0 and a <= b <= limits.MAX_SCALE):
                raise bad
            if (b - a) / c + 1 > limits.MAX_STEPS:
                raise too_many
            n = int(math.floor((b - a) / c + 1e-9))
            values = [round(a + i * c, 12) for i in range(n + 1)]
            if b - values[-1] > 1e-9 * max(1.0, abs(b)):
                values.append(b)
        else:
            values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise bad from None
    if not values or any(not (0 < v <= limits.MAX_SCALE) for v in values):
        raise bad
    if len(set(values)) > limits.MAX_STEPS:
        raise too_many
    return sorted(set(values))


def parse_explain_ladder(text: str) -> tuple[float, ...]:
    """``explain --ladder``: budget ladder steps as ``portfolio sweep --scale`` reads them."""
    try:
        return tuple(parse_scales(text, "--ladder"))
    except InputError as exc:
        _too_many_steps(exc)
        raise InputError("err.bad_option", option="--ladder", value=text,
                         expected=Text("START:STOP:STEP（例 0.5:1.5:0.1）、または0より大きい倍率の並び F1,F2,…",
                                       "START:STOP:STEP (e.g. 0.5:1.5:0.1) or F1,F2,… with factors > 0")) from None


def _too_many_steps(exc: InputError) -> None:
    """Re-raise a ladder's "too many steps" as it is (its format was right)."""
    expected = exc.params.get("expected")
    if isinstance(expected, Message) and expected.key == "cli.expect.steps":
        raise exc


def parse_report_ladder(text: str) -> list[float]:
    """``report --ladder``: 'off' → []; otherwise the scales as ``sweep --scale`` reads them."""
    if str(text).strip().lower() in ("off", "none", "no", "0"):
        return []
    try:
        return parse_scales(text, "--ladder")
    except InputError as exc:
        _too_many_steps(exc)
        raise InputError("err.bad_option", option="--ladder", value=text,
                         expected=Text("START:STOP:STEP（例 0.8:1.2:0.1）、0より大きい倍率の並び F1,F2,…、または off",
                                       "START:STOP:STEP (e.g. 0.8:1.2:0.1), F1,F2,… with factors > 0, or off")) from None


def parse_parts(text: str | None, parts: tuple[str, ...], aliases: dict[str, str],
                default: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """'core,price' → ('core', 'price'); 'all' → every part, in the order of `parts`; None → `default`
    (every part if not given). Unknown names raise ValueError."""
    if text is None or not text.strip():
        return parts if default is None else default
    if text.strip().lower() == "all":
        return parts
    out = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        name = aliases.get(part.lower())
        if name is None:
            raise ValueError(part)
        if name not in out:
            out.append(name)
    return tuple(p for p in parts if p in out)


def parse_workers(text, allow_auto: bool = False) -> int | None:
    """A number of worker processes ≥ 1 (or None for auto, where allowed)."""
    if not allow_auto:
        return whole_number("--workers", text, 1, 10**4)
    if str(text).strip().lower() == "auto":
        return None
    n = whole_number("--workers", text, 0, 10**4)
    if n < 1:
        raise InputError("err.bad_option", option="--workers", value=text,
                         expected=Text("1以上の整数、または auto", "a whole number ≥ 1, or auto"))
    return n


def parse_report_parts(text: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """``report --parts``: the sensitivity parts the report shows ('' or 'none' for none), in `allowed`'s order."""
    from ..api import sensitivity_parts

    if str(text).strip().lower() in ("", "none", "off"):
        return ()
    if str(text).strip().lower() == "all":
        return tuple(allowed)
    bad = InputError("err.bad_option", option="--parts", value=text,
                     expected=Text("次の名前のカンマ区切り：" + ", ".join(allowed) + "、または none",
                                   "a comma-separated list of " + ", ".join(allowed) + ", or none"))
    every, aliases = sensitivity_parts()
    try:
        parts = parse_parts(text, every, aliases)
    except ValueError:
        raise bad from None
    if any(p not in allowed for p in parts):
        raise bad
    return parts
