"""The one message catalogue: every key the code uses exists in Japanese and English, nothing adds
to the catalogue outside it, and every limit family has its words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from portfolio.core.catalogue import TABLES
from portfolio.core.i18n import MESSAGES, t
from portfolio.model.families import LIMITS, RULES

SRC = Path(__file__).resolve().parents[1] / "src" / "portfolio"
MODULES = sorted(SRC.rglob("*.py"))

# Calls whose first argument is a catalogue key.
KEY_CALLS = {"t", "_t", "tr", "of", "InputError", "InfeasibleError", "NoSolutionError", "PortfolioError", "Message",
             "Reason"}
KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def keys_used(path: Path) -> list[tuple[str, int]]:
    """Literal catalogue keys in `path`: first arguments of the calls above, and ``HELP`` of a command.
    The report's ``tr`` takes its keys without their ``report.`` prefix."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prefix = "report." if "report" in path.relative_to(SRC).parts[:2] and path.parent.name == "report" else ""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in KEY_CALLS and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and (KEY.match(arg.value) or prefix):
                key = (prefix if _call_name(node) == "tr" else "") + arg.value
                if KEY.match(key):
                    out.append((key, node.lineno))
        elif isinstance(node, ast.Assign) and any(isinstance(tg, ast.Name) and tg.id == "HELP" for tg in node.targets):
            if isinstance(node.value, ast.Constant):
                out.append((node.value.value, node.lineno))
    return out


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_every_key_used_is_in_the_catalogue_in_both_languages(path):
    missing = [f"line {line}: {key}" for key, line in keys_used(path) if key not in MESSAGES]
    assert not missing, f"{path.relative_to(SRC)}: " + "; ".join(missing)


def test_every_message_has_both_languages():
    bad = [k for k, pair in MESSAGES.items() if len(pair) != 2 or not all(isinstance(x, str) and x for x in pair)]
    assert not bad


def test_a_key_is_in_one_table_only():
    seen: dict[str, str] = {}
    for table in TABLES:
        for key in table.MESSAGES:
            assert key not in seen, f"{key} is in {seen[key]} and {table.__name__}"
            seen[key] = table.__name__
    assert set(seen) == set(MESSAGES)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_nothing_adds_to_the_catalogue(path):
    if path.parent.name == "catalogue":
        return
    text = path.read_text(encoding="utf-8")
    assert "MESSAGES.update" not in text and not re.search(r"MESSAGES\[[^\]]+\]\s*=", text)


def test_the_key_finder_finds_keys():
    """The scan above can fail: it sees the keys of a known module."""
    keys = {k for k, _ in keys_used(SRC / "cli" / "solve.py")}
    assert {"cli.solve.status", "cli.output", "cli.help.solve"} <= keys


@pytest.mark.parametrize("family", LIMITS, ids=[f.id for f in LIMITS])
def test_every_limit_family_has_its_words(family):
    for key in (family.label_key, family.row_key, f"infeas.{family.component}", f"iis.{family.component}"):
        assert key in MESSAGES, key
        for lang in ("ja", "en"):
            assert t(key, lang, year="FY2026", key="X", limit=1.0, amount=1.0, name="N", ref="", unit="",
                     program="P", row=1, kind="at_least", members="A,B")


@pytest.mark.parametrize("component", RULES)
def test_every_rule_has_its_iis_phrase(component):
    assert f"iis.{component}" in MESSAGES


@pytest.mark.parametrize("status", ["optimal", "feasible", "infeasible", "no_solution", "invalid_input"])
def test_every_status_has_words(status):
    assert f"status.{status}" in MESSAGES


def _has_text(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.strip()
               and any(ord(ch) > 127 or ch.isalpha() for ch in n.value) for n in ast.walk(node))


def language_choices(path: Path) -> list[int]:
    """Lines where code picks between a Japanese and an English text itself (``"…" if ja else "…"``,
    ``if lang == "ja": …``) instead of asking the catalogue."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.IfExp, ast.If)):
            test = ast.unparse(node.test)
            if re.search(r"\bja\b|lang\s*==|==\s*lang", test):
                branches = [node.body, node.orelse]
                if all(_has_text(b) if isinstance(b, ast.AST) else any(_has_text(x) for x in b) for b in branches):
                    lines.append(node.lineno)
    return sorted(set(lines))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_sentences_come_from_the_catalogue(path):
    """No module chooses a sentence by language itself: it asks the catalogue. (A table of column
    headers or sheet names in both languages is data, and allowed.)"""
    found = language_choices(path)
    assert not found, f"{path.relative_to(SRC)}: a language chosen in code on lines {found}"
