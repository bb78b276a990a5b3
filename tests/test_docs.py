"""The documentation follows the code: the input reference is generated from the schema table, and
the formulation document has one section per constraint family naming the function that builds it."""

from __future__ import annotations

import re
from pathlib import Path

from portfolio.core import schema
from portfolio.inputs.docgen import input_reference
from portfolio.model.build import FAMILIES

ROOT = Path(__file__).resolve().parents[1]


def test_input_reference_is_generated_from_the_schema():
    committed = (ROOT / "docs" / "input-reference.md").read_text(encoding="utf-8")
    assert committed == input_reference(), "run: python -m portfolio.inputs.docgen > docs/input-reference.md"
    for sheet in schema.SHEETS:
        assert f"## {sheet.id}" in committed
        for c in sheet.columns:
            assert f"`{c.id}`" in committed


def test_formulation_has_a_section_per_family_naming_its_builder():
    text = (ROOT / "docs" / "formulation.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+?)\s*$", text, flags=re.M)
    sections = dict(zip(headings, re.split(r"^## .+$", text, flags=re.M)[1:]))
    for names, builder in FAMILIES:
        heading = ", ".join(names)
        assert heading in sections, f"docs/formulation.md lacks a section '## {heading}'"
        qual = f"{builder.__module__}.{builder.__name__}"
        assert qual in sections[heading], f"section {heading} should name {qual}"
        assert builder.__doc__ and ".. math::" in builder.__doc__, f"{qual} needs its math in the docstring"


def test_families_are_named_after_the_pyomo_components_they_add():
    """Every family's names are components of a built model, and every constraint and objective of
    the model belongs to a family (on the example model, which uses every sheet)."""
    import pyomo.core as pyo

    import portfolio
    from portfolio.model.build import build_model

    m = build_model(portfolio.load_model(ROOT / "models" / "example.xlsx")).m
    named = [n for names, _ in FAMILIES for n in names]
    assert all(m.component(n) is not None for n in named), [n for n in named if m.component(n) is None]
    built = [c.name for c in m.component_objects((pyo.Constraint, pyo.Objective), descend_into=True)]
    assert built == named


def test_every_limit_family_of_the_registry_is_a_built_component_with_its_section():
    """The registry of limit families names components the builders add, each documented."""
    from portfolio.model.families import LIMITS, RULES

    text = (ROOT / "docs" / "formulation.md").read_text(encoding="utf-8")
    headings = [h for line in re.findall(r"^## (.+?)\s*$", text, flags=re.M) for h in line.split(", ")]
    built = {n for names, _ in FAMILIES for n in names}
    for component in {f.component for f in LIMITS} | set(RULES):
        assert component in built, f"the registry names {component}, which no builder adds"
        assert component in headings, f"docs/formulation.md lacks a section for {component}"
