"""Option parsing: the command line's strings become the numbers the analyses take.

Every bad value is an :class:`~portfolio.core.errors.InputError` naming the option, the value and
what was expected, in both languages (exit 2).
"""

from __future__ import annotations

import math

from ..core.errors import InputError, Text

POSITIVE = Text("0より大きい数値", "a number > 0")


def positive_float(name: str):
    def parse(text: str) -> float:
        try:
            x = float(text)
        except ValueError:
            raise InputError("err.bad_option", option=name, value=text, expected=POSITIVE) from None
        if not x > 0:
            raise InputError("err.bad_option", option=name, value=text, expected=POSITIVE)
        return x
    return parse


def whole_number(name: str, text, low: int = 0) -> int:
    """Option `name` as a whole number ≥ `low`, or a bilingual usage error."""
    try:
        x = int(str(text))
    except ValueError:
        x = low - 1
    if x < low:
        raise InputError("err.bad_option", option=name, value=text,
                         expected=Text(f"{low}以上の整数", f"a whole number ≥ {low}"))
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


def solver_kwargs(args) -> dict:
    kw = {}
    if args.time_limit is not None:
        kw["time_limit"] = positive_float("--time-limit")(args.time_limit)
    if args.gap is not None:
        kw["mip_gap"] = unit_share("--gap", args.gap)
    for name in ("threads", "seed"):
        kw[name] = whole_number(f"--{name}", getattr(args, name))
    return kw


def parse_scale(args) -> float | None:
    return None if getattr(args, "scale", None) is None else positive_float("--scale")(args.scale)




def parse_scales(text: str, option: str = "--scale") -> list[float]:
    """``START:STOP:STEP`` (both ends included, within floating-point tolerance) or ``F1,F2,…``."""
    bad = InputError("err.bad_option", option=option, value=text,
                     expected="START:STOP:STEP (e.g. 0.6:1.4:0.2) or F1,F2,… with factors > 0")
    text = str(text).strip()
    try:
        if ":" in text:
            a, b, c = (float(x) for x in text.split(":"))
            if c <= 0 or b < a or a <= 0:
                raise bad
            n = int(math.floor((b - a) / c + 1e-9))
            values = [round(a + i * c, 12) for i in range(n + 1)]
            if b - values[-1] > 1e-9 * max(1.0, abs(b)):
                values.append(b)
        else:
            values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise bad from None
    if not values or any(v <= 0 or not math.isfinite(v) for v in values):
        raise bad
    return sorted(set(values))


def parse_explain_ladder(text: str) -> tuple[float, ...]:
    """``explain --ladder``: budget ladder steps as ``portfolio sweep --scale`` reads them."""
    try:
        return tuple(parse_scales(text))
    except InputError:
        raise InputError("err.bad_option", option="--ladder", value=text,
                         expected=Text("START:STOP:STEP（例 0.5:1.5:0.1）、または0より大きい倍率の並び F1,F2,…",
                                       "START:STOP:STEP (e.g. 0.5:1.5:0.1) or F1,F2,… with factors > 0")) from None


def parse_report_ladder(text: str) -> list[float]:
    """``report --ladder``: 'off' → []; otherwise the scales as ``sweep --scale`` reads them."""
    if str(text).strip().lower() in ("off", "none", "no", "0"):
        return []
    try:
        return parse_scales(text)
    except InputError:
        raise InputError("err.bad_option", option="--ladder", value=text,
                         expected=Text("START:STOP:STEP（例 0.8:1.2:0.1）、0より大きい倍率の並び F1,F2,…、または off",
                                       "START:STOP:STEP (e.g. 0.8:1.2:0.1), F1,F2,… with factors > 0, or off")) from None


def parse_parts(text: str | None, parts: tuple[str, ...], aliases: dict[str, str]) -> tuple[str, ...]:
    """'core,price' → ('core', 'price'); None or 'all' → every part, in the order of `parts`.
    Unknown names raise ValueError."""
    if text is None or text.strip().lower() in ("", "all"):
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
        return whole_number("--workers", text, 1)
    if str(text).strip().lower() == "auto":
        return None
    n = whole_number("--workers", text)
    if n < 1:
        raise InputError("err.bad_option", option="--workers", value=text,
                         expected=Text("1以上の整数、または auto", "a whole number ≥ 1, or auto"))
    return n


def parse_report_parts(text: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """``report --parts``: the sensitivity parts the report shows ('' or 'none' for none), in `allowed`'s order."""
    from ..api import sensitivity_parts

    if str(text).strip().lower() in ("", "none", "off"):
        return ()
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
