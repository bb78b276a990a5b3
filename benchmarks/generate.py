"""Seeded generator of benchmark portfolios, written as real input workbooks.

Sizes: S = 50, M = 500, L = 2,000 and XL = 10,000 candidate programs. Every instance has a
five-year horizon (FY2026–FY2030), ten funding sources (seven ministries' annual budgets, two
funds, one external co-funder), three funding levels and three start options per program,
researcher and facility capacities, and requires / excludes / at-least / at-most dependencies.

Every parameter is a named constant below and is documented in ``benchmarks/README.md``. They
are chosen to look like a real CSTI portfolio scaled up (budget covering about two thirds of the
total ask, as in the default model), never to make the MIP hard. The same (size, seed) gives
the same workbook byte for byte apart from xlsxwriter's timestamp.

    python benchmarks/generate.py M -o /tmp/M.xlsx [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

SIZES = {"S": 50, "M": 500, "L": 2000, "XL": 10000}

FIRST_YEAR, LAST_YEAR = 2026, 2030
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))

# -- criteria (weights as a CSTI deliberation might set them; normalised by the model) -------------
CRITERIA = (("autonomy", "戦略的自律性", "Strategic autonomy", 0.30),
            ("indispensability", "戦略的不可欠性", "Strategic indispensability", 0.25),
            ("deterrence", "抑止力・対処力", "Deterrence and response", 0.20),
            ("dual_use", "デュアルユース市場性", "Dual-use market potential", 0.15),
            ("feasibility", "実現可能性", "Feasibility", 0.10))

# -- domains: the 16 of the 7th Basic Plan, with the share of programs falling in each ----------------
NS, EF = "national_strategic", "emerging_foundational"
DOMAINS = (  # id, Japanese name, group, share of programs
    ("AI", "AI・先端ロボット", NS, 0.12), ("QT", "量子", NS, 0.07), ("SEMI", "半導体・通信", NS, 0.09),
    ("BIO", "バイオ・ヘルスケア", NS, 0.07), ("FUS", "フュージョン", NS, 0.03), ("SPACE", "宇宙", NS, 0.08),
    ("SHIP", "造船", EF, 0.04), ("AERO", "航空", EF, 0.05), ("CYBER", "デジタル・サイバーセキュリティ", EF, 0.07),
    ("AGRI", "農林水産", EF, 0.04), ("ENERGY", "資源・エネルギー安全保障・環境", EF, 0.07),
    ("DISASTER", "防災・国土強靱化", EF, 0.04), ("PHARMA", "創薬・医療", EF, 0.06), ("MAT", "製造・材料", EF, 0.07),
    ("LOGI", "物流", EF, 0.02), ("OCEAN", "海洋", EF, 0.02),
)
DOMAIN_FLOOR_SHARE = 0.02          # every national strategic domain: ≥ 2% of the horizon budget
DOMAIN_CEILING_SHARE = {"AI": 0.25, "SEMI": 0.25}   # no single domain takes more than a quarter
CRITICAL_MASS = {"FUS": 40.0, "QT": 40.0}            # 億円 over the horizon, if the domain is funded at all
MIN_CANDIDATES_FOR_FLOOR = 2       # floors and critical masses only on domains with ≥ 2 new candidates

# -- funding sources --------------------------------------------------------------------------------
# Seven ministries (annual budgets), each with the domains its mandate covers (MEXT: all, basic
# research) and its share of programs as lead ministry.
MINISTRIES = (  # id, Japanese name, lead share, domains (None = all)
    ("MEXT", "文部科学省", 0.35, None),
    ("METI", "経済産業省", 0.20, ("AI", "SEMI", "MAT", "ENERGY", "AERO", "SPACE", "SHIP", "LOGI")),
    ("MOD", "防衛省", 0.12, ("AI", "QT", "SPACE", "AERO", "CYBER", "OCEAN", "SHIP", "MAT")),
    ("CAO", "内閣府", 0.10, ("AI", "QT", "SEMI", "BIO", "FUS", "SPACE")),
    ("MIC", "総務省", 0.08, ("CYBER", "SEMI", "SPACE", "DISASTER")),
    ("MHLW", "厚生労働省", 0.08, ("BIO", "PHARMA")),
    ("MLIT", "国土交通省", 0.07, ("SHIP", "LOGI", "DISASTER", "OCEAN", "AERO")),
)
# Funds and the external co-funder: who they may pay for, at what share of the yearly cost, and
# what fraction of the eligible programs' yearly ask they hold.
KPROG_DOMAINS = ("OCEAN", "SPACE", "AERO", "CYBER", "BIO", "SHIP")   # its four areas: ocean, space/aviation, cyber, bio
FUND_COVER = 0.5                   # a fund deposits half the yearly ask of the programs it may pay for
FUND_PROFILE = (2.0, 1.0, 0.8, 0.6, 0.6)   # front-loaded deposits (normalised to mean 1)
EXTERNAL_SHARE = 0.5               # co-funding pays at most half of an international program
EXTERNAL_COVER = 0.4               # and holds 40% of the yearly ask of international programs
ENVELOPE_HEADROOM = 1.2            # Σ ministry envelopes = 1.2 × the total budget: some bind, not all
SEC_SHARE = 1.0                    # MOD pays all of a Security Technology Research program

# -- instruments (share of programs) ------------------------------------------------------------------
INSTRUMENTS = (("R&D", 0.52), ("K", 0.12), ("SIP", 0.08), ("SBIR", 0.08), ("INFRA", 0.06), ("INTL", 0.08),
               ("SEC", 0.06))

# -- programs ---------------------------------------------------------------------------------------
DURATION_P = {2: 0.20, 3: 0.35, 4: 0.25, 5: 0.20}
EARLIEST_P = {2026: 0.50, 2027: 0.30, 2028: 0.20}
START_OPTIONS = 3                  # latest start = earliest + 2
COST_MEDIAN = 15.0                 # 億円 per year at the standard level
COST_SIGMA = 0.9                   # lognormal spread: 90% of programs between ~3.4 and ~66 億円/yr
COST_MIN, COST_MAX = 1.0, 400.0
RAMP = {"first": 0.7, "last": 0.8}   # cost profile: ramp-up in year 1, run-down in the last year
LEVELS = (  # id, cost factor, score factor: diminishing returns to money
    ("縮小", 0.70, 0.80), ("標準", 1.00, 1.00), ("拡充", 1.40, 1.15))
QUALITY = (30.0, 90.0)             # a program's underlying quality, uniform
SCORE_NOISE = 12.0                 # per-criterion spread around the quality
SIZE_ELASTICITY = 0.25             # bigger programs score higher, far less than in proportion
MANDATORY_SHARE = 0.01             # e.g. the Critical Technology Strategy Institute (at least one)
ONGOING_SHARE = 0.05               # started before FY2026, remaining cost committed
LATE_START_DISCOUNT = 0.05
BUDGET_COVER = 0.65                # the annual budget covers 65% of the total ask (60–75% is typical)
BUDGET_GROWTH = 0.01               # per year
TAIL_CAP_SHARE = 0.5               # commitments past FY2030 ≤ half a year's budget

# -- capacities ---------------------------------------------------------------------------------------
FTE_DOMAINS = ("AI", "QT", "SEMI")  # researcher FTE tracked where the workforce is short
FTE_PER_OKU = 3.25 * 0.5           # ¥30.79M per researcher → 3.25 FTE per 億円, half of cost is labour
FTE_COVER = 0.7                    # capacity = 70% of the FTE all candidates would need at once
FACILITY_USERS = 0.04              # share of programs needing the shared test facility (wind tunnels …)
SECURE_USERS = 0.5                 # share of SEC and MOD-led programs needing a secure research site
SLOT_COVER = 0.5                   # slots per year = half the candidates that need one

# -- dependencies -------------------------------------------------------------------------------------
REQUIRES_SHARE = 0.04              # programs that require an earlier platform program of their domain
EXCLUDES_SHARE = 0.02              # programs with a mutually exclusive alternative
GROUPS_PER_100 = 1.0               # at-least / at-most groups per 100 programs (at least one of each)
GROUP_SIZE = (4, 8)


def _pick(rng, table: dict | tuple, n: int):
    keys = [k for k, _ in table] if isinstance(table, tuple) else list(table)
    p = np.array([v for _, v in table] if isinstance(table, tuple) else list(table.values()), dtype=float)
    return [keys[i] for i in rng.choice(len(keys), size=n, p=p / p.sum())]


def _r1(x: float) -> float:
    return float(round(x, 1))


def _fy(values) -> dict[str, float]:
    return {f"FY{y}": _r1(v) for y, v in zip(YEARS, values)}


def generate(n: int, seed: int = 1) -> dict:
    """The content of one instance (sheet id → rows), ready for ``write_input_workbook``."""
    rng = np.random.default_rng([seed, n])
    ny = len(YEARS)
    dom_ids = [d[0] for d in DOMAINS]
    dom_p = np.array([d[3] for d in DOMAINS])
    domains = rng.choice(len(DOMAINS), size=n, p=dom_p / dom_p.sum())
    eligible_leads = {d: [m for m, _, _, ds in MINISTRIES if ds is None or d in ds] for d in dom_ids}
    lead_share = {m: s for m, _, s, _ in MINISTRIES}

    n_mand = max(1, round(MANDATORY_SHARE * n))
    n_ongo = max(1, round(ONGOING_SHARE * n))
    durations = _pick(rng, DURATION_P, n)
    earliest = _pick(rng, EARLIEST_P, n)
    instruments = _pick(rng, INSTRUMENTS, n)
    base_cost = np.clip(COST_MEDIAN * np.exp(COST_SIGMA * rng.standard_normal(n)), COST_MIN, COST_MAX)
    quality = rng.uniform(*QUALITY, size=n)

    programs, levels, uses = [], [], []
    ask = np.zeros(ny)                          # standard level, earliest start, inside the horizon
    ask_by_lead = {m[0]: np.zeros(ny) for m in MINISTRIES}
    ask_k, ask_space, ask_intl = np.zeros(ny), np.zeros(ny), np.zeros(ny)
    fte_demand = {d: 0.0 for d in FTE_DOMAINS}
    facility_users, secure_users = [], []
    info = []                                   # per program: (id, domain, earliest, latest, duration, ongoing)
    for i in range(n):
        pid = f"P{i + 1:05d}"
        dom = dom_ids[domains[i]]
        leads = eligible_leads[dom]
        w = np.array([lead_share[m] for m in leads])
        lead = leads[rng.choice(len(leads), p=w / w.sum())]
        instr = instruments[i]
        if instr == "K" and dom not in KPROG_DOMAINS:
            instr = "R&D"                        # the K Program funds its four areas only
        if instr == "SEC":
            lead = "MOD" if "MOD" in leads else lead
        dur = int(durations[i])
        mandatory = i < n_mand
        ongoing = n_mand <= i < n_mand + n_ongo
        if mandatory:
            es, ls = FIRST_YEAR, FIRST_YEAR
            name = "重要技術戦略研究所" if i == 0 else f"必須基盤{i}"
        elif ongoing:
            es = int(rng.choice([FIRST_YEAR - 2, FIRST_YEAR - 1]))
            ls = es
            dur = max(dur, FIRST_YEAR - es + 1)
            name = f"継続事業{i}"
        else:
            es = int(earliest[i])
            ls = es + START_OPTIONS - 1
            name = None
        dja = DOMAINS[domains[i]][1]
        row = {"id": pid, "name_ja": name or f"{dja}研究開発{i + 1}", "name_en": f"{dom} program {i + 1}",
               "domain": dom, "instrument": instr, "lead": lead, "earliest_start": es, "latest_start": ls,
               "duration": dur}
        if mandatory:
            row["mandatory"] = True
        if ongoing:
            row["ongoing"] = True
        # Cost profile of the standard level over the program's life (or its remaining years).
        shape = np.ones(dur)
        if dur >= 2:
            shape[0], shape[-1] = RAMP["first"], RAMP["last"]
        life = base_cost[i] * shape
        if ongoing:
            done = FIRST_YEAR - es
            life = life[done:]
            row["previous_year"] = _r1(base_cost[i] * (shape[done - 1] if done - 1 < dur else 1.0))
        programs.append(row)
        info.append((pid, dom, es, ls, dur, ongoing))
        q = quality[i]
        size = float(np.clip((base_cost[i] / COST_MEDIAN) ** SIZE_ELASTICITY, 0.6, 1.4))
        scores = np.clip(q * size + SCORE_NOISE * rng.standard_normal(len(CRITERIA)), 0.0, 100.0)
        for lid, cf, sf in LEVELS:
            lrow = {"program": pid, "level": lid}
            lrow.update({f"y{k + 1}": _r1(c * cf) for k, c in enumerate(life)})
            lrow.update({c[0]: _r1(min(100.0, s * sf)) for c, s in zip(CRITERIA, scores)})
            levels.append(lrow)
        start = FIRST_YEAR if ongoing else es
        inside = np.zeros(ny)
        for k, c in enumerate(life):
            y = start + k - FIRST_YEAR
            if 0 <= y < ny:
                inside[y] = c
        ask += inside
        ask_by_lead[lead] += inside
        if instr == "K":
            ask_k += inside
        if dom == "SPACE":
            ask_space += inside
        if instr == "INTL":
            ask_intl += inside
        if dom in FTE_DOMAINS:
            for lid, cf, _ in LEVELS:
                uses.append({"program": pid, "level": lid, "capacity": f"FTE-{dom}",
                             "use": _r1(FTE_PER_OKU * base_cost[i] * cf)})
            fte_demand[dom] += FTE_PER_OKU * base_cost[i]
        if rng.random() < FACILITY_USERS:
            facility_users.append(pid)
            uses.append({"program": pid, "capacity": "TESTBED", "use": 1})
        if (instr == "SEC" or lead == "MOD") and rng.random() < SECURE_USERS:
            secure_users.append(pid)
            uses.append({"program": pid, "capacity": "SECURE", "use": 1})

    # -- money ------------------------------------------------------------------------------------
    growth = (1.0 + BUDGET_GROWTH) ** np.arange(ny)
    budget = BUDGET_COVER * ask.sum() / ny * growth / growth.mean()
    total_budget = float(budget.sum())
    sources = []
    for m, mja, _, _ in MINISTRIES:
        share = ask_by_lead[m].sum() / max(ask.sum(), 1e-9)
        env = ENVELOPE_HEADROOM * share * budget
        sources.append({"id": m, "name_ja": mja, "name_en": m, "kind": "annual", **_fy(env)})
    prof = np.array(FUND_PROFILE) / np.mean(FUND_PROFILE)
    sources.append({"id": "KPROG", "name_ja": "経済安全保障重要技術育成プログラム基金", "name_en": "K Program fund",
                    "kind": "fund", **_fy(FUND_COVER * ask_k.mean() * prof)})
    sources.append({"id": "SSF", "name_ja": "宇宙戦略基金", "name_en": "Space Strategy Fund", "kind": "fund",
                    **_fy(FUND_COVER * ask_space.mean() * prof)})
    sources.append({"id": "ALLY", "name_ja": "同志国共同研究", "name_en": "Like-minded co-funding", "kind": "external",
                    **_fy(EXTERNAL_COVER * ask_intl.mean() * np.ones(ny))})

    rules = [{"source": "MEXT", "target_type": "all", "max_share": 1.0}]
    for m, _, _, ds in MINISTRIES:
        for d in ds or ():
            rules.append({"source": m, "target_type": "domain", "target": d, "max_share": 1.0})
    rules += [{"source": "MOD", "target_type": "instrument", "target": "SEC", "max_share": SEC_SHARE},
              {"source": "KPROG", "target_type": "instrument", "target": "K", "max_share": 1.0},
              {"source": "SSF", "target_type": "domain", "target": "SPACE", "max_share": 1.0},
              {"source": "ALLY", "target_type": "instrument", "target": "INTL", "max_share": EXTERNAL_SHARE}]

    # Floors and critical masses only where there are candidates to meet them: a planner sets no
    # floor on a domain nobody has proposed anything for.
    candidates = {d: 0 for d in dom_ids}
    for _, dom, _, _, _, ongoing in info:
        candidates[dom] += not ongoing
    domains_rows = []
    for d, dja, grp, _ in DOMAINS:
        row = {"id": d, "name_ja": dja, "group": grp}
        if grp == NS and candidates[d] >= MIN_CANDIDATES_FOR_FLOOR:
            row["floor_share"] = DOMAIN_FLOOR_SHARE
        if d in DOMAIN_CEILING_SHARE:
            row["ceiling_share"] = DOMAIN_CEILING_SHARE[d]
        if d in CRITICAL_MASS and candidates[d] >= MIN_CANDIDATES_FOR_FLOOR:
            row["critical_mass"] = CRITICAL_MASS[d]
        domains_rows.append(row)

    capacities = []
    for d in FTE_DOMAINS:
        capacities.append({"id": f"FTE-{d}", "name_ja": f"研究者（{d}、人年）", "unit": "人年",
                           **_fy([max(1.0, FTE_COVER * fte_demand[d])] * ny)})
    capacities.append({"id": "TESTBED", "name_ja": "共用試験施設（風洞等）", "unit": "施設",
                       **_fy([max(1, round(SLOT_COVER * len(facility_users)))] * ny)})
    capacities.append({"id": "SECURE", "name_ja": "セキュアな研究拠点", "unit": "拠点",
                       **_fy([max(1, round(SLOT_COVER * len(secure_users)))] * ny)})

    # -- dependencies -------------------------------------------------------------------------------
    deps = []
    by_domain: dict[str, list[int]] = {}
    for i, (_, dom, *_rest) in enumerate(info):
        by_domain.setdefault(dom, []).append(i)
    free = [i for i, x in enumerate(info) if i >= n_mand]         # mandatory programs need nothing
    used: set[int] = set()
    for i in rng.permutation(free)[: max(1, round(REQUIRES_SHARE * n))]:
        pid, dom, es, ls, _, ongoing = info[i]
        if ongoing:
            continue
        lag = int(rng.integers(0, 2))
        # A platform: an earlier program of the same domain that can start in time.
        cands = [j for j in by_domain[dom] if j < i and info[j][2] + lag <= ls]
        if not cands:
            continue
        j = int(rng.choice(cands))
        deps.append({"kind": "requires", "program": pid, "target": info[j][0], "lag": lag})
        used.add(i)
    for i in rng.permutation(free)[: max(1, round(EXCLUDES_SHARE * n))]:
        if i in used or info[i][5]:
            continue
        cands = [j for j in by_domain[info[i][1]] if j != i and j >= n_mand and j not in used and not info[j][5]]
        if not cands:
            continue
        j = int(rng.choice(cands))
        deps.append({"kind": "excludes", "program": info[i][0], "target": info[j][0]})
        used.update((i, j))
    n_groups = max(2, round(GROUPS_PER_100 * n / 100))
    for g in range(n_groups):
        dom = dom_ids[int(rng.choice(len(DOMAINS), p=dom_p / dom_p.sum()))]
        pool = [j for j in by_domain.get(dom, []) if j >= n_mand]
        if len(pool) < 2:
            continue
        size = int(min(len(pool), rng.integers(GROUP_SIZE[0], GROUP_SIZE[1] + 1)))
        members = [info[j][0] for j in sorted(rng.choice(pool, size=size, replace=False))]
        if g % 2 == 0:
            deps.append({"kind": "at_least", "members": ", ".join(members), "k": 1})
        else:
            deps.append({"kind": "at_most", "members": ", ".join(members), "k": max(1, size // 2)})

    settings = {"model_name": f"ベンチマーク {n} プログラム（架空データ, seed {seed}）", "first_year": FIRST_YEAR,
                "last_year": LAST_YEAR, "money_unit": "億円", "late_start_discount": LATE_START_DISCOUNT,
                "allow_tail": True, "tail_cap": _r1(TAIL_CAP_SHARE * total_budget / ny), "time_limit": 600,
                "mip_gap": 0.001, "confidentiality": "ベンチマーク用（架空データ）"}
    return {
        "Settings": settings,
        "Budget": [{"fiscal_year": y, "total_budget": _r1(b)} for y, b in zip(YEARS, budget)],
        "Criteria": [{"id": c, "name_ja": ja, "name_en": en, "weight": w} for c, ja, en, w in CRITERIA],
        "Domains": domains_rows,
        "FundingSources": sources,
        "Eligibility": rules,
        "Programs": programs,
        "FundingLevels": levels,
        "Capacities": capacities,
        "CapacityUse": uses,
        "Dependencies": deps,
    }


def write_instance(path: str | Path, size: str | int, seed: int = 1) -> Path:
    """Write the instance of `size` (S, M, L, XL or a program count) to `path` as an input workbook."""
    from portfolio.inputs.template import write_input_workbook

    n = SIZES[size] if isinstance(size, str) else int(size)
    return write_input_workbook(path, generate(n, seed), force=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", help="S, M, L, XL or a number of programs")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    size = a.size if a.size in SIZES else int(a.size)
    print(write_instance(a.output, size, a.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
