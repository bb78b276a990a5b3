"""Who may pay for a program: the Eligibility rules resolved once, for the loader and every explanation.

For each funding source, the most specific rule naming it applies (program, then instrument, then
domain, then all); a share of 0 excludes the source. A program that no rule matches is paid by
its lead ministry alone, at any share.
"""

from __future__ import annotations

from typing import Iterable

from .data import EligibilityRule, Program

#: The order in which rules win: the lower, the more specific.
SPECIFICITY = {"program": 0, "instrument": 1, "domain": 2, "all": 3}


def applying_rules(program: dict | Program, rules: Iterable[EligibilityRule]) -> dict[str, EligibilityRule]:
    """Source → the rule that applies to `program` for it (the most specific one naming it)."""
    get = program.get if isinstance(program, dict) else (lambda k: getattr(program, k))
    pid, instrument, domain = get("id"), get("instrument"), get("domain")
    best: dict[str, tuple[int, EligibilityRule]] = {}
    for rule in rules:
        if rule.target_type == "program" and rule.target != pid:
            continue
        if rule.target_type == "instrument" and (not instrument or rule.target != instrument):
            continue
        if rule.target_type == "domain" and rule.target != domain:
            continue
        rank = SPECIFICITY[rule.target_type]
        if rule.source not in best or rank < best[rule.source][0]:
            best[rule.source] = (rank, rule)
    return {s: rule for s, (_, rule) in best.items()}


def resolve_shares(program: dict | Program, rules: Iterable[EligibilityRule]) -> dict[str, float]:
    """Eligible sources of one program and their maximum shares."""
    applying = applying_rules(program, rules)
    if not applying:
        get = program.get if isinstance(program, dict) else (lambda k: getattr(program, k))
        return {get("lead"): 1.0}
    return {s: rule.max_share for s, rule in sorted(applying.items()) if rule.max_share > 0}
