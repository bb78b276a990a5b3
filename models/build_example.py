"""Generate models/example.xlsx: a small model that exercises every sheet of the input schema.

Run from the project root:  python models/build_example.py
All figures are illustrative (例示), chosen so the optimum can be followed by hand.
"""

from __future__ import annotations

import sys

from portfolio.inputs.template import write_input_workbook

Y = (2026, 2027, 2028)


def fy(values):
    return {f"FY{y}": v for y, v in zip(Y, values)}


CONTENT = {
    "Settings": {"model_name": "例示モデル（小規模）", "first_year": 2026, "last_year": 2028, "money_unit": "億円",
                 "late_start_discount": 0.05, "allow_tail": True, "tail_cap": 60, "time_limit": 30, "mip_gap": 0.0,
                 "confidentiality": "取扱注意（例示）", "private_investment_floor": 30},
    "Budget": [{"fiscal_year": y, "total_budget": b, "previous_year": 150 if y == 2026 else None, "spend_floor": f}
               for y, b, f in zip(Y, (160, 170, 170), (90, 100, None))],
    "Criteria": [
        {"id": "autonomy", "name_ja": "戦略的自律性", "name_en": "Strategic autonomy", "weight": 0.4,
         "weight_low": 0.3, "weight_high": 0.5, "rank": 1},
        {"id": "indispensability", "name_ja": "戦略的不可欠性", "name_en": "Strategic indispensability", "weight": 0.4,
         "rank": 2},
        {"id": "feasibility", "name_ja": "実現可能性", "name_en": "Feasibility", "weight": 0.2, "rank": 3},
    ],
    "Domains": [
        {"id": "AI", "name_ja": "AI・先端ロボット", "name_en": "AI & advanced robotics", "group": "national_strategic",
         "floor": 60},
        {"id": "QT", "name_ja": "量子", "name_en": "Quantum", "group": "national_strategic", "critical_mass": 40},
        {"id": "SHIP", "name_ja": "造船", "name_en": "Shipbuilding", "group": "emerging_foundational",
         "ceiling_share": 0.3},
    ],
    "FundingSources": [
        {"id": "MEXT", "name_ja": "文部科学省", "name_en": "MEXT", "kind": "annual", **fy((110, 110, 110)),
         "previous_year": 100},
        {"id": "METI", "name_ja": "経済産業省", "name_en": "METI", "kind": "annual", **fy((70, 70, 70)),
         "previous_year": 50},
        {"id": "KPROG", "name_ja": "Kプログラム基金", "name_en": "K Program fund", "kind": "fund", **fy((60, 0, 0))},
        {"id": "ALLY", "name_ja": "同志国共同研究", "name_en": "Like-minded co-funding", "kind": "external",
         **fy((10, 10, 10)), "match_ratio": 1.0},
        {"id": "MOD", "name_ja": "防衛省（研究資金・総予算外）", "name_en": "MOD research money (outside the total)",
         "kind": "annual", "in_total_budget": False, **fy((5, 5, 5))},
    ],
    "Eligibility": [
        {"source": "MEXT", "target_type": "all", "max_share": 1},
        {"source": "METI", "target_type": "domain", "target": "SHIP", "max_share": 1},
        {"source": "METI", "target_type": "domain", "target": "AI", "max_share": 0.5},
        {"source": "KPROG", "target_type": "instrument", "target": "K", "max_share": 1},
        {"source": "ALLY", "target_type": "instrument", "target": "INTL", "max_share": 0.5},
        {"source": "METI", "target_type": "instrument", "target": "INTL", "max_share": 0.5},
        {"source": "MOD", "target_type": "program", "target": "ONGO", "max_share": 1},
    ],
    "Programs": [
        {"id": "AI-CLOUD", "name_ja": "ソブリンAI計算基盤", "name_en": "Sovereign AI compute", "domain": "AI",
         "instrument": "INFRA", "lead": "MEXT", "earliest_start": 2026, "latest_start": 2027, "duration": 3,
         "previous_year": 0},
        {"id": "AI-APP", "name_ja": "AI安全保障応用", "name_en": "AI security applications", "domain": "AI",
         "instrument": "K", "lead": "METI", "earliest_start": 2026, "latest_start": 2028, "duration": 2, "private_leverage": 1.0},
        {"id": "INST", "name_ja": "重要技術戦略研究所", "name_en": "Critical Technology Strategy Institute",
         "domain": "AI", "instrument": "INST", "lead": "MEXT", "earliest_start": 2026, "duration": 3,
         "mandatory": True},
        {"id": "QT-SENS", "name_ja": "量子センシング", "name_en": "Quantum sensing", "domain": "QT", "instrument": "K",
         "lead": "MEXT", "earliest_start": 2026, "latest_start": 2027, "duration": 2, "private_leverage": 0.3},
        {"id": "QT-COMP", "name_ja": "量子計算機", "name_en": "Quantum computer", "domain": "QT", "instrument": "R&D",
         "lead": "MEXT", "earliest_start": 2026, "latest_start": 2027, "duration": 3},
        {"id": "SHIP-AUV", "name_ja": "AUV海洋監視", "name_en": "AUV maritime surveillance", "domain": "SHIP",
         "instrument": "K", "lead": "METI", "earliest_start": 2026, "latest_start": 2028, "duration": 2},
        {"id": "SHIP-YARD", "name_ja": "次世代造船基盤", "name_en": "Next-generation shipyard", "domain": "SHIP",
         "instrument": "R&D", "lead": "METI", "earliest_start": 2027, "latest_start": 2028, "duration": 3, "private_leverage": 0.5},
        {"id": "INTL-JR", "name_ja": "同志国との国際共同研究", "name_en": "Joint research with like-minded countries",
         "domain": "QT", "instrument": "INTL", "lead": "METI", "earliest_start": 2026, "duration": 2, "private_leverage": 0.2},
        {"id": "ONGO", "name_ja": "安全保障技術研究推進制度（継続）", "name_en": "Security technology research (ongoing)",
         "domain": "AI", "instrument": "R&D", "lead": "MEXT", "earliest_start": 2024, "duration": 2, "ongoing": True,
         "previous_year": 12},
    ],
    "FundingLevels": [
        {"program": "AI-CLOUD", "level": "標準", "y1": 40, "y2": 30, "y3": 20, "autonomy": 80, "indispensability": 60,
         "feasibility": 70, "autonomy_low": 70, "autonomy_high": 90},
        {"program": "AI-CLOUD", "level": "縮小", "y1": 25, "y2": 20, "y3": 10, "autonomy": 50, "indispensability": 40,
         "feasibility": 80},
        {"program": "AI-APP", "level": "標準", "y1": 20, "y2": 20, "autonomy": 50, "indispensability": 70,
         "feasibility": 60},
        {"program": "INST", "level": "標準", "y1": 10, "y2": 10, "y3": 10, "autonomy": 40, "indispensability": 40,
         "feasibility": 90},
        {"program": "QT-SENS", "level": "標準", "y1": 15, "y2": 15, "autonomy": 45, "indispensability": 65,
         "feasibility": 70},
        {"program": "QT-COMP", "level": "標準", "y1": 30, "y2": 30, "y3": 30, "autonomy": 70, "indispensability": 75,
         "feasibility": 40},
        {"program": "QT-COMP", "level": "拡充", "y1": 45, "y2": 45, "y3": 45, "autonomy": 85, "indispensability": 90,
         "feasibility": 35},
        {"program": "SHIP-AUV", "level": "標準", "y1": 25, "y2": 25, "autonomy": 55, "indispensability": 50,
         "feasibility": 75},
        {"program": "SHIP-YARD", "level": "標準", "y1": 30, "y2": 30, "y3": 30, "autonomy": 60, "indispensability": 45,
         "feasibility": 60},
        {"program": "INTL-JR", "level": "標準", "y1": 12, "y2": 12, "autonomy": 30, "indispensability": 55,
         "feasibility": 80},
        {"program": "ONGO", "level": "標準", "y1": 12, "y2": 12, "autonomy": 35, "indispensability": 30,
         "feasibility": 90},
    ],
    "Capacities": [
        {"id": "FTE-QT", "name_ja": "量子研究者（人年）", "name_en": "Quantum researchers (FTE)", "unit": "人年",
         **fy((120, 120, 140))},
        {"id": "TESTBED", "name_ja": "共用試験施設", "name_en": "Shared test facility", "unit": "施設", **fy((1, 1, 1))},
    ],
    "CapacityUse": [
        {"program": "QT-SENS", "capacity": "FTE-QT", "use": 40},
        {"program": "QT-COMP", "level": "標準", "capacity": "FTE-QT", "use": 70},
        {"program": "QT-COMP", "level": "拡充", "capacity": "FTE-QT", "use": 100},
        {"program": "SHIP-AUV", "capacity": "TESTBED", "use": 1},
        {"program": "AI-APP", "capacity": "TESTBED", "use": 1},
    ],
    "CapacityGain": [
        {"program": "INST", "capacity": "FTE-QT", "gain": 5, "lag": 2},
    ],
    "Dependencies": [
        {"kind": "requires", "program": "AI-APP", "target": "AI-CLOUD", "lag": 1},
        {"kind": "excludes", "program": "SHIP-AUV", "target": "SHIP-YARD"},
        {"kind": "at_least", "members": "QT-SENS, QT-COMP, INTL-JR", "k": 1},
    ],
    "Scenarios": [
        {"scenario": "budget_minus_20", "setting": "budget_scale", "value": 0.8, "description": "予算20%減"},
        {"scenario": "no_quantum_computer", "setting": "force_out", "target": "QT-COMP",
         "description": "量子計算機を採択しない"},
        {"scenario": "autonomy_first", "setting": "weight", "target": "autonomy", "value": 0.7,
         "description": "自律性重視"},
        {"scenario": "autonomy_first", "setting": "weight", "target": "indispensability", "value": 0.2},
    ],
}


def main(out: str = "models/example.xlsx") -> None:
    write_input_workbook(out, CONTENT, force=True)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
