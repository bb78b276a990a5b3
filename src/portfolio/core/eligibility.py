"""Who may pay for a program: the Eligibility rules resolved once, for the loader and every explanation.

For each funding source, the most specific rule naming it applies (program, then instrument, then
domain, then all); a share of 0 excludes the source. The lead ministry keeps its right to pay a
program in full unless a rule that applies to the program names the lead itself: a rule for
another source adds a payer, it never disinherits the lead. So ``MEXT | domain | AI | 0.5`` lets
MEXT pay up to half of every AI program and leaves each AI program's lead able to pay all of it;
to limit the lead, write a rule for the lead.
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
    """Eligible sources of one program and their maximum shares: the rules that apply, and the lead
    ministry in full unless one of them names it."""
    applying = applying_rules(program, rules)
    get = program.get if isinstance(program, dict) else (lambda k: getattr(program, k))
    shares = {s: rule.max_share for s, rule in applying.items() if rule.max_share > 0}
    lead = get("lead")
    if lead not in applying:
        shares[lead] = 1.0
    return dict(sorted(shares.items()))


def limiting_rules(program: dict | Program, rules: Iterable[EligibilityRule]) -> list[EligibilityRule]:
    """The rules that apply to `program` and let their source pay less than all of it, by row: what
    a planner changes when the program cannot be paid for in full."""
    applying = applying_rules(program, rules)
    return sorted((r for r in applying.values() if r.max_share < 1.0), key=lambda r: r.row or 0)
