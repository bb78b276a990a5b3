"""The house's shape: every import runs one way between the wings.

    cli → api → analysis → engine → model → core;   inputs → core;   outputs → core

A module may import from its own wing and from any wing its wing points to (directly or through
others), never from a wing that points to it. Outputs and inputs stand beside the chain: they
read and write, and depend on core only; the api, above everything, may use them. Imports under
``if TYPE_CHECKING:`` name types for annotations only and are not dependencies at run time; they
are allowed from outputs to the engine and analysis (a writer reads a result by its attributes).
The registry of limit families (``model/families.py``) is declarative and read by the writers too:
outputs may import it, but not the rest of the model.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "portfolio"

# What each wing may import from (besides itself).
ALLOWED = {
    "core": set(),
    "model": {"core"},
    "engine": {"model", "core"},
    "analysis": {"engine", "model", "core"},
    "inputs": {"core"},
    "outputs": {"core", "registry"},
    "api": {"analysis", "engine", "model", "core", "inputs", "outputs", "package"},
    "cli": {"api", "core", "package"},
    "package": {"api", "core", "engine", "cli"},       # portfolio/__init__.py, __main__.py: the public names
}
TYPE_ONLY = {"outputs": {"engine", "analysis", "model"}}
# The registry of limit families (model/families.py) is declarative: its labels, keys and how a plan
# uses each limit are what writers show. Every wing that may import the model may import it, and so may
# outputs; the rest of the model (the Pyomo builders) they may not.
REGISTRY = ("model", "families")


def wing_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    if len(rel.parts) == 1:
        return {"api.py": "api"}.get(rel.name, "package")
    return rel.parts[0]


def module_parts(path: Path) -> list[str]:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def imports_of(path: Path) -> list[tuple[str, int, bool]]:
    """(imported wing, line, only for type checking) of every import of a portfolio module in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_lines(tree)
    here = module_parts(path)
    is_package = path.name == "__init__.py"
    out = []
    for node in ast.walk(tree):
        targets: list[list[str]] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here[:-1]
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = base + (node.module.split(".") if node.module else [])
                if node.module is None:
                    targets = [target + [a.name] for a in node.names]
                else:
                    targets = [target]
            elif node.module and node.module.split(".")[0] == "portfolio":
                targets = [node.module.split(".")[1:] or [a.name for a in node.names][:1]]
        elif isinstance(node, ast.Import):
            targets = [a.name.split(".")[1:] for a in node.names if a.name.split(".")[0] == "portfolio"]
        for target in targets:
            if tuple(target[:2]) == REGISTRY:
                out.append(("registry", node.lineno, node.lineno in typing_only))
                continue
            if not target:
                wing = "package"
            elif target[0] in ALLOWED:
                wing = target[0]
            else:
                wing = {"api": "api", "__version__": "package"}.get(target[0], "package")
            out.append((wing, node.lineno, node.lineno in typing_only))
    return out


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_imports_run_one_way(path):
    wing = wing_of(path)
    bad = []
    for target, line, typing_only in imports_of(path):
        if target == wing or (target == "registry" and (wing == "model" or "model" in ALLOWED[wing])):
            continue
        if target in ALLOWED[wing]:
            continue
        if typing_only and target in TYPE_ONLY.get(wing, ()):
            continue
        bad.append(f"line {line}: {wing} imports {target}")
    assert not bad, f"{path.relative_to(SRC)}: " + "; ".join(bad)


def test_the_direction_check_catches_a_wrong_import(tmp_path, monkeypatch):
    """The check itself can fail: a core module that imports the engine is refused."""
    fake = SRC / "core" / "_probe_for_test.py"
    assert not fake.exists()
    try:
        fake.write_text("from ..engine.solver import SolveOptions\n", encoding="utf-8")
        assert ("engine", 1, False) in imports_of(fake)
        with pytest.raises(AssertionError):
            test_imports_run_one_way(fake)
    finally:
        fake.unlink()


def test_commands_are_listed_explicitly():
    """No plugin loading: every command module is imported by name in cli/main.py."""
    main = (SRC / "cli" / "main.py").read_text(encoding="utf-8")
    assert "importlib" not in main
    commands = sorted(p.stem for p in (SRC / "cli").glob("*.py")
                      if p.stem not in ("__init__", "__main__", "main", "common", "options"))
    from portfolio.cli.main import COMMANDS

    assert sorted(c.__name__.rsplit(".", 1)[1] for c in COMMANDS) == commands
