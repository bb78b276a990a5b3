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
    sections = set(re.findall(r"^## (\w+)", text, flags=re.M))
    for name, builder in FAMILIES:
        assert name in sections, f"docs/formulation.md lacks a section '## {name}'"
        qual = f"{builder.__module__}.{builder.__name__}"
        assert qual in text, f"section {name} should name {qual}"
        assert builder.__doc__ and ".. math::" in builder.__doc__, f"{qual} needs its math in the docstring"
