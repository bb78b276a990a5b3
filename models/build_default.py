"""Generate the embedded default model: Japan's FY2026–2030 dual-use (critical-technology) R&D portfolio.

Run from the project root:  python models/build_default.py

Writes models/default.xlsx and copies it byte for byte to src/portfolio/data/default.xlsx, the
copy that ``portfolio solve`` (with no MODEL) solves; and models/default_gated.xlsx, the same model with
four illustrative stage gates (GATES; issue #21). All data lives in the tables below.

Conventions
-----------
* Money in 億円 (¥100 million); Japanese fiscal years FY2026 (令和8年度) … FY2030 (令和12年度).
* ``[S..]`` tags cite the sources listed in SOURCES (also written to the 出典 sheet of the workbook).
* ``[J]`` marks a judgement figure: illustrative (例示), to be replaced by the planners' own.
  Every score is [J]. Every program cost not tagged otherwise is [J], sized against the
  sourced aggregates (ministry totals, K Program fund, Space Strategy Fund, MOD contracts).
* The generator checks what it writes (each program payable by its eligible sources, the lead
  ministry among them unless the program is fund-only; the budget calibration ratio) and prints
  the calibration numbers that models/README.md quotes.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from portfolio.core.data import EligibilityRule
from portfolio.core.eligibility import resolve_shares
from portfolio.inputs.template import write_input_workbook

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "models" / "default.xlsx"
EMBEDDED = ROOT / "src" / "portfolio" / "data" / "default.xlsx"

YEARS = (2026, 2027, 2028, 2029, 2030)
FIRST, LAST = YEARS[0], YEARS[-1]


def fy(values) -> dict:
    """{"FY2026": v1, …} for a per-year series."""
    values = list(values)
    assert len(values) == len(YEARS), values
    return {f"FY{y}": v for y, v in zip(YEARS, values)}


# =============================================================================================
# Sources (出典). Every sourced figure below carries one of these tags.
# =============================================================================================
SOURCES = {
    "S1": ("7th S&T and Innovation Basic Plan: pillars, organic linkage of S&T and national security",
           "https://sj.jst.go.jp/news/202601/n0130-03k.html"),
    "S2": ("16 domains of the 7th Basic Plan (6 national strategic + 10 emerging/foundational)",
           "https://www.oita-press.co.jp/1002000000/2025/11/14/NP2025111401001879 ; "
           "https://sci-news.co.jp/column/10543"),
    "S3": ("¥60 trillion government R&D investment target over 5 years (¥180 trillion public+private)",
           "Kyodo report of 2026-03-16; Japan Times of 2026-03-28"),
    "S4": ("科学技術振興費 FY2024 14,092 / FY2025 14,221 / FY2026 14,378 億円; S&T-related budget ≈50,300 (FY2025)",
           "https://www.wic-net.com/material/document/22977/9 ; "
           "https://www.mof.go.jp/public_relations/finance/denshi/202402/pageindices/index17.html"),
    "S5": ("MEXT FY2026 budget", "https://sj.jst.go.jp/news/202602/n0209-03k.html"),
    "S6": ("FY2025 civil R&D strengthening the overall defence posture: 3,649 億円; MEXT 1,707, METI 765, "
           "CAO 477, MHLW 245, MIC 200; materials 886, mechanical 869, sensing 430, unmanned 335 (verify)",
           "https://blog.goo.ne.jp/tetsuo_tension/e/605f5ca2a48a60a3176ab488dc423ac1"),
    "S7": ("MOD FY2026 budget 88,093 億円; Security Technology Research Promotion + breakthrough + bridging "
           "research 507 億円 in new contracts (FY2026), ≈100/yr for the promotion program alone",
           "https://www.wic-net.com/material/document/22985/19 ; "
           "https://www.asagumo-news.com/homepage/htdocs/news/newsflash/202510/251001/25100101.html"),
    "S8": ("MOD R&D 2,911 億円 (FY2022)", "https://www.mod.go.jp/j/publication/wp/wp2022/html/nc008000.html"),
    "S9": ("K Program: 5,000 億円 fund at JST/NEDO; areas ocean, space/aviation, cross-domain/cyber, bio",
           "http://kanri.sanae.gr.jp/column_detail1453.html ; "
           "https://www.pwc.com/jp/ja/knowledge/column/awareness-cyber-security/economic-security05.html"),
    "S10": ("K Program example projects: satellites ≈800, disaster UAV ≤60, AUV maritime surveillance ≤80, "
            "AI security ≤25, long-range cargo VTOL 50 (FY2024–28), HAPS power source 18 (FY2025–28)",
            "https://www.sankei.com/article/20230328-SCQ2QIVJWNLJ7P42U3EXOUHMBI/ ; "
            "https://www.lnews.jp/2024/05/q0522403.html"),
    "S11": ("Space Strategy Fund ≈1 trillion yen over 10 years; phase 1 3,000 = MIC 240 / MEXT 1,500 / METI 1,260",
            "https://uchubiz.com/article/fea44450/"),
    "S12": ("SBIR spending target ≈1,400 億円 (FY2024)",
            "https://blackboxjp.com/news/japanese-government-increases-start-up-support-by-30"),
    "S13": ("912,800 researchers; ≈¥30.79 million R&D spending per (company) researcher",
            "https://www.pacola.co.jp/?p=53208 ; https://qlifepro.com/news/20241216/soumu-go.html"),
    "S14": ("R&D spending by field FY2022, all sectors: AI 2,725 / bio 3,850 / quantum 1,322 億円",
            "http://s.resemom.jp/article/2024/04/15/76801.html"),
    "S15": ("Semiconductor workforce need 43,000 over 10 years",
            "https://www5.cao.go.jp/j-j/cr/cr24-2/chr24-2_03-01.html"),
    "S16": ("20 specified critical technology areas (Economic Security Promotion Act basic policy, 2022)",
            "https://yorozuipsc.com/blog/5527457"),
    "S17": ("LDP S&T and Innovation Strategy Research Council recommendations on revising the three security "
            "documents (2026-06-02): criteria, AI sovereignty, Critical Technology Strategy Institute (FY2026), "
            "K Program strengthening, research-ecosystem instruments, diverse funding sources",
            "summarised in ../shared/guide/domain.md (project guide)"),
    "S18": ("MOD defence innovation institute (防衛イノベーション科学技術研究所) opened 2024-10",
            "https://www.wic-net.com/material/document/22985/19"),
}

# =============================================================================================
# Settings
# =============================================================================================
# mip_gap 0.001 (0.1 %): the scores are judgements good to a few per cent, so a tighter proof of
# optimality buys nothing in a deliberation, while 0.1 % is still far below the value of the smallest
# program, so the portfolio shown is the optimal one or one indistinguishable from it. One solve takes
# a few seconds at the base budget (models/README.md, Speed), which the budget ladder and the Monte Carlo repeat. allow_tail: multi-year programs
# signed in FY2029–30 run past FY2030 (後年度負担), as real budgets do; the cap keeps the next plan free.
SETTINGS = {
    "model_name": "重要技術R&Dポートフォリオ FY2026–2030（既定モデル・スコアは例示）",
    "first_year": FIRST, "last_year": LAST, "money_unit": "億円",
    "late_start_discount": 0.03,      # [J] a year's delay loses 3 % of a program's value
    "allow_tail": True,
    "tail_cap": 1500,                 # [J] ≈ 8 % of the horizon budget may be committed past FY2030
    "time_limit": 60, "mip_gap": 0.001,
    "confidentiality": "取扱注意",
}

# =============================================================================================
# Criteria [S17]; weights and ranges [J]
# =============================================================================================
CRITERIA = [
    # id, 名称, English, weight, low, high, rank
    ("autonomy", "戦略的自律性", "Strategic autonomy", 0.25, 0.15, 0.35, 1),
    ("indispensability", "戦略的不可欠性", "Strategic indispensability", 0.25, 0.15, 0.35, 2),
    ("deterrence", "抑止力・対処力への貢献", "Contribution to deterrence and response", 0.20, 0.10, 0.30, 3),
    ("market", "デュアルユース市場性", "Dual-use market potential", 0.15, 0.05, 0.25, 4),
    ("feasibility", "実現可能性", "Feasibility", 0.15, 0.10, 0.25, 5),
]
CRIT_IDS = [c[0] for c in CRITERIA]

# =============================================================================================
# Domains: the 16 domains of the 7th Basic Plan [S2]. Floors / critical mass [J].
# Floors are on horizon spend (FY2026–30) from every kind of source.
# =============================================================================================
NS, EF = "national_strategic", "emerging_foundational"
DOMAINS = [
    # id, 名称, English, group, limits
    ("AI", "AI・先端ロボット", "AI & advanced robotics", NS, {"floor": 1500}),
    ("QT", "量子", "Quantum", NS, {"floor": 700}),
    ("SEMI", "半導体・通信", "Semiconductors & communications", NS, {"floor": 1000}),
    ("BIO", "バイオ・ヘルスケア", "Biotechnology & healthcare", NS, {"floor": 300}),
    ("FUS", "フュージョン", "Fusion energy", NS, {"critical_mass": 250}),
    ("SPACE", "宇宙", "Space", NS, {"floor": 1000}),
    ("SHIP", "造船", "Shipbuilding", EF, {"floor": 250}),
    ("AERO", "航空", "Aviation", EF, {}),
    ("DIGI", "デジタル・サイバーセキュリティ", "Digital & cybersecurity", EF, {"floor": 500}),
    ("AGRI", "農林水産", "Agriculture, forestry & fisheries", EF, {}),
    ("ENE", "資源・エネルギー安全保障・環境", "Resources, energy security & environment", EF, {}),
    ("DIS", "防災・国土強靱化", "Disaster prevention & national resilience", EF, {}),
    ("MED", "創薬・医療", "Drug discovery & medicine", EF, {"critical_mass": 150}),
    ("MAT", "製造・材料", "Manufacturing & materials", EF, {"ceiling_share": 0.15}),
    ("LOGI", "物流", "Logistics", EF, {}),
    ("OCEAN", "海洋", "Ocean", EF, {}),
]
DOMAIN_IDS = [d[0] for d in DOMAINS]

# =============================================================================================
# Funding sources
# =============================================================================================
# Annual ministry envelopes = the most each ministry can put into this portfolio in a year.
# Where [S6] gives the ministry's FY2025 R&D strengthening the defence posture, the envelope is
# that figure × 1.3 headroom × 1.02 growth per year [J]: a ministry can shift some of its other R&D
# (METI's and MIC's large semiconductor, AI and Beyond-5G funds lie outside the 3,649) into these
# programs, but not without limit. The residual of [S6] (3,649 − the five named ministries = 255) is
# split MLIT 155 / MAFF 100 [J]. These seven civil ministries share the total budget (Budget sheet).
HEADROOM, GROWTH = 1.3, 0.02
FY2025 = {"MEXT": 1707, "METI": 765, "CAO": 477, "MHLW": 245, "MIC": 200}      # [S6], 億円
RESIDUAL_SPLIT = {"MLIT": 155, "MAFF": 100}                                      # [J], of 3,649 − 3,394 = 255
assert sum(FY2025.values()) + sum(RESIDUAL_SPLIT.values()) == 3649

# MOD's research money is its own source, set apart from the civil total budget (in_total_budget
# FALSE): the recommendations ask every ministry, the MOD included, to fund research on top of the
# civil effort, so MOD money adds to the 3,649 instead of displacing it. Its envelope is the 507 of
# new research contracts in FY2026 (安全保障技術研究推進制度 + breakthrough + bridging research) [S7],
# growing 5 %/yr with the defence build-up [J], plus the payments still due on projects awarded
# before FY2026 (ANZEN-C's remaining cost, an estimate [J]).
MOD_CONTRACTS_FY2026 = 507                           # [S7]
MOD_GROWTH = 0.05                                    # [J]
ANZEN_C_REMAINING = (60, 45, 30, 15, 0)              # [J] awarded projects' remaining payments, FY2026–30
MOD_ENVELOPE = [round(MOD_CONTRACTS_FY2026 * (1 + MOD_GROWTH) ** (y - FIRST)) + c
                for y, c in zip(YEARS, ANZEN_C_REMAINING)]

# Partners' co-funding of joint research is a conditional match (match_ratio), not money Japan can
# allocate freely: in each year a partner pays a joint program at most ratio × what Japanese sources
# pay it, and its envelope caps it per year. Two partner groups [J]: the US matches 1:1 (at most half
# of a program), Europe/UK/Australia 1:2 (at most a third); caps sized to the joint programs' asks.
PARTNERS = {
    # id: (名称, English, match ratio, cap per year)
    "ALLY-US": ("同志国からの共同研究資金（米国）", "Co-funding from the US", 1.0, [50, 60, 70, 70, 70]),
    "ALLY-EU": ("同志国からの共同研究資金（欧州・英国・豪州）", "Co-funding from Europe, the UK and Australia", 0.5,
                [40, 45, 50, 50, 50]),
}


def ministry_envelope(base: float, growth: float = GROWTH, headroom: float = HEADROOM) -> list[float]:
    return [round(base * headroom * (1 + growth) ** (y - 2025)) for y in YEARS]


FUNDING_SOURCES = [
    # id, 名称, English, kind, envelope per year, previous_year (FY2025, where public), other columns
    ("CAO", "内閣府（CSTI）", "Cabinet Office (CSTI)", "annual", ministry_envelope(FY2025["CAO"]), FY2025["CAO"], {}),
    ("MEXT", "文部科学省", "MEXT", "annual", ministry_envelope(FY2025["MEXT"]), FY2025["MEXT"], {}),
    ("METI", "経済産業省", "METI", "annual", ministry_envelope(FY2025["METI"]), FY2025["METI"], {}),
    ("MOD", "防衛省（研究資金・総予算外）", "MOD research money (outside the civil total)", "annual", MOD_ENVELOPE, None,
     {"in_total_budget": False}),
    ("MIC", "総務省", "MIC", "annual", ministry_envelope(FY2025["MIC"]), FY2025["MIC"], {}),
    ("MHLW", "厚生労働省", "MHLW", "annual", ministry_envelope(FY2025["MHLW"]), FY2025["MHLW"], {}),
    # MAFF and MLIT: no public FY2025 figure, so no previous-year amount; envelope from the residual split.
    ("MAFF", "農林水産省", "MAFF", "annual", ministry_envelope(RESIDUAL_SPLIT["MAFF"]), None, {}),
    ("MLIT", "国土交通省", "MLIT", "annual", ministry_envelope(RESIDUAL_SPLIT["MLIT"]), None, {}),
    # Funds: the envelope is the deposit available to this portfolio each year; unspent money carries over.
    # K Program: of the 5,000 fund [S9], 900 assumed uncommitted and available to the projects here at
    # the start of FY2026, then 100/yr of top-ups as the recommendations ask to strengthen it [J].
    ("KPF", "経済安全保障重要技術育成プログラム基金（Kプログラム）", "K Program fund", "fund",
     [900, 100, 100, 100, 100], None, {}),
    # Space Strategy Fund ≈ 1 trillion over 10 years [S11] ≈ 1,000/yr; 30 % assumed to go to the
    # security-relevant themes modelled here [J].
    ("SSF", "宇宙戦略基金", "Space Strategy Fund", "fund", [300, 300, 300, 300, 300], None, {}),
    *[(pid, ja, en, "external", cap, None, {"match_ratio": ratio}) for pid, (ja, en, ratio, cap) in PARTNERS.items()],
]
CIVIL = ["CAO", "MEXT", "METI", "MIC", "MHLW", "MAFF", "MLIT"]

# =============================================================================================
# Eligibility: which source may pay which program, and the largest share of its yearly cost.
# For each (program, source) the most specific rule applies: program > instrument > domain > all.
# =============================================================================================
# Who pays (all shares [J], following the ministries' remits):
# * the lead ministry may pay the whole yearly cost of its own R&D programs (instrument RD): one
#   program rule each, generated in eligibility_rows();
# * other ministries co-fund by domain, up to the share below (MANDATES);
# * cross-ministry instruments have their own rules, which name the lead too (INSTRUMENT_RULES);
# * fund-only instruments (K Program, Space Strategy Fund) are paid from their fund alone.
MANDATES = {
    # MEXT funds basic research in its fields (JST, RIKEN, JAXA, JAMSTEC, NIMS, NIED, QST).
    "MEXT": {"AI": 0.5, "QT": 0.5, "BIO": 0.5, "FUS": 0.5, "SPACE": 0.5, "MAT": 0.5, "OCEAN": 0.5, "DIS": 0.5,
             "SEMI": 0.3, "AERO": 0.3, "ENE": 0.3, "MED": 0.3},
    # METI: industrial technology (AIST, NEDO).
    "METI": {"SEMI": 0.5, "AI": 0.5, "ENE": 0.5, "MAT": 0.5, "AERO": 0.5, "BIO": 0.3, "DIGI": 0.3},
    # CAO/CSTI: whole-of-government support of the six national strategic domains [S2].
    "CAO": {"AI": 0.3, "QT": 0.3, "SEMI": 0.3, "BIO": 0.3, "FUS": 0.3, "SPACE": 0.3},
    # MOD funds security-relevant research, basic research included [S17].
    "MOD": {"AERO": 0.5, "SPACE": 0.3, "DIGI": 0.3, "OCEAN": 0.3, "SHIP": 0.3, "MAT": 0.3, "AI": 0.3, "QT": 0.3},
    # MIC: telecommunications and cyber (NICT).
    "MIC": {"DIGI": 0.5, "SEMI": 0.3, "QT": 0.3, "SPACE": 0.3},
    "MHLW": {"MED": 0.5, "BIO": 0.3},
    "MAFF": {"AGRI": 0.5},
    # MLIT: shipbuilding, logistics, disaster resilience, coast guard.
    "MLIT": {"SHIP": 0.5, "LOGI": 0.5, "DIS": 0.5, "OCEAN": 0.5},
}
ANNUAL = ["CAO", "MEXT", "METI", "MOD", "MIC", "MHLW", "MAFF", "MLIT"]

# Instrument rules override the domain mandates of the sources they name (0 = may not pay).
INSTRUMENT_RULES = {
    # K Program projects are paid from the K Program fund only [S9].
    "KPROG": {"KPF": 1.0, **{m: 0 for m in ANNUAL}},
    # Space Strategy Fund projects are paid from that fund only [S11].
    "SSF": {"SSF": 1.0, **{m: 0 for m in ANNUAL}},
    # 安全保障技術研究推進制度 and MOD's breakthrough / bridging research: MOD only [S7].
    "ANZEN": {"MOD": 1.0, **{m: 0 for m in ANNUAL if m != "MOD"}},
    # SBIR Phase 3 and fast-path procurement: MOD (procurement) or METI (SBIR) [S12].
    "SBIR": {"MOD": 1.0, "METI": 1.0, "MEXT": 0, "CAO": 0},
    # Secure defence research bases at national labs and universities: MEXT (the labs' and universities'
    # ministry) leads; METI (AIST) and MOD (the defence work done there) co-fund up to half.
    "SECBASE": {"MEXT": 1.0, "METI": 0.5, "MOD": 0.5, "MIC": 0, "CAO": 0},
    # Test & demonstration infrastructure, built jointly: no ministry pays more than half [S17].
    "TESTBED": {"MOD": 0.5, "MEXT": 0.5, "METI": 0.4, "MLIT": 0.4, "MIC": 0.5, "CAO": 0},
    # Sovereign cloud, data and AI compute: METI leads, MIC / MEXT / MOD co-fund.
    "COMPUTE": {"METI": 0.7, "MIC": 0.5, "MEXT": 0.5, "MOD": 0.3, "CAO": 0},
    # Critical Technology Strategy Institute: CAO in full; MOD and METI may co-fund.
    "INST": {"CAO": 1.0, "MOD": 0.3, "METI": 0.2, "MIC": 0},
    # International joint research: partners co-fund as a match (their match ratio caps them; FundingSources);
    # ministries by domain.
    "INTL": {p: 1.0 for p in PARTNERS},
    # Researcher exchange between labs, universities, ATLA and industry (with partners: EX-INTL below).
    "EXCH": {"MEXT": 1.0, "MOD": 0.5, "METI": 0},
    # Training and inviting researchers (talent that grows: CapacityGain): MEXT leads, METI and CAO co-fund.
    "HR": {"MEXT": 1.0, "METI": 0.5, "CAO": 0.3},
    # Research-security screening and clearance support at universities and labs: CAO (the economic-security
    # clearance system) leads; MEXT and MOD co-fund.
    "RSEC": {"CAO": 1.0, "MEXT": 0.5, "MOD": 0.3},
    # Secure environments for startups.
    "STARTSEC": {"METI": 1.0, "MOD": 0.5, "MIC": 0},
    # Challenge-driven research (moonshot-type): CAO and MEXT (JST) lead.
    "CHALLENGE": {"CAO": 0.6, "MEXT": 0.6},
}
# Program-specific rules besides the lead's own (generated): partners co-fund the exchange with them.
PROGRAM_RULES: dict[str, dict[str, float]] = {"EX-INTL": {p: 1.0 for p in PARTNERS}}

INSTRUMENTS = {
    "KPROG": "Kプログラム（経済安全保障重要技術育成プログラム）",
    "SSF": "宇宙戦略基金事業",
    "ANZEN": "安全保障技術研究推進制度・ブレークスルー研究・橋渡し研究",
    "SBIR": "SBIRフェーズ3・スタートアップ早期調達（ファストパス）",
    "SECBASE": "セキュアな防衛研究拠点（国研・大学）",
    "TESTBED": "試験評価・実証基盤（府省共同整備）",
    "COMPUTE": "ソブリンクラウド・データ基盤・AI計算資源",
    "INST": "重要技術戦略研究所",
    "INTL": "同志国との国際共同研究",
    "EXCH": "研究者交流（国研・大学・防衛装備庁・産業界）",
    "STARTSEC": "スタートアップ向けセキュア環境",
    "CHALLENGE": "課題解決型（チャレンジ型）研究",
    "HR": "研究人材の育成・招へい（能力創出：研究者FTE）",
    "RSEC": "研究セキュリティ体制の整備（能力創出：審査済み・クリアランス保有研究者）",
    "RD": "府省の研究開発事業",
}

# =============================================================================================
# Programs
# =============================================================================================
# Cost shapes over program years (× the 標準 annual cost).
FLAT = (1, 1, 1, 1, 1, 1, 1)
RAMP = (0.9, 1, 1, 1, 1, 1, 1)            # research programs ramp up in year 1
BUILD = (1.4, 1.2, 0.8, 0.7, 0.7, 0.7)    # infrastructure: capital cost first, then operation
INSTSHAPE = (0.6, 0.9, 1, 1, 1)           # the institute grows to full strength

# Value curves [J]: each program's levels as (id, cost factor, benefit factor) relative to 標準, by the
# kind of effort it is. The kind, and why the program is of that kind, is written down program by
# program in CURVE_OF below and on the スコア算定根拠 sheet. A level's benefit is not proportional to
# its cost: research too small to reach its goal is worth disproportionately little (critical mass),
# while Japan's strongest 勝ち筋 technologies have increasing returns up to 拡充.
CURVES = {
    # class: (名称, levels, rationale shown on the スコア算定根拠 sheet)
    "winning": ("勝ち筋", (("縮小", 0.6, 0.42), ("標準", 1.0, 1.0), ("拡充", 1.4, 1.55)),
                "日本が先行・拮抗し規模が勝敗を分ける技術：縮小では競争に負け価値が大きく落ち、拡充では費用以上に価値が伸びる（収穫逓増）"),
    "critical": ("臨界規模", (("縮小", 0.6, 0.30), ("標準", 1.0, 1.0), ("拡充", 1.4, 1.2)),
                 "一体の大型研究：目標達成に必要な規模を下回ると成果がほとんど出ない（クリティカルマス）。拡充は逓減"),
    "infra": ("基盤整備", (("縮小", 0.7, 0.45), ("標準", 1.0, 1.0), ("拡充", 1.3, 1.15)),
              "施設・基盤の整備：設計規模を下回ると固定費が残り利用者が限られる。拡充は利用者が増えるが逓減"),
    "scheme": ("公募型", (("縮小", 0.6, 0.62), ("標準", 1.0, 1.0), ("拡充", 1.4, 1.36)),
               "多数の独立した課題の公募・育成：件数に比例して価値が増減する（縮小でも優先度の高い課題が残り、拡充でも良い提案が続く）"),
    "project": ("標準型", (("縮小", 0.6, 0.50), ("標準", 1.0, 1.0), ("拡充", 1.4, 1.25)),
                "単一の研究開発事業：縮小では作業項目ごと削られ統合の価値も失われる。拡充は範囲が広がるが逓減"),
    "ongoing": ("継続", (("標準", 1.0, 1.0), ("拡充", 1.3, 1.2)),
                "継続事業：標準は既に約束した残額。拡充は前倒し・範囲拡大で、逓減"),
}
# Every 勝ち筋 and 公募型 program has all three levels, so it can grow (拡充, e.g. 推進制度の充実); the others
# have 拡充 only from 100 億円/yr (smaller single projects are sized as they are); ongoing ones 標準 and 拡充.
ALWAYS_THREE = ("winning", "scheme")

# Score = rating (0–100, per criterion) × size factor × level benefit factor, where the size factor is
# (標準 life cost / 100 億円)^0.9: a score is the benefit of the whole level, so a larger program
# delivers more, a little less than in proportion. All ratings are illustrative [J].
SIZE_REF, SIZE_EXP = 100.0, 0.9
RANGE = 10     # score uncertainty for sensitivity analysis: rating ± 10 points [J]


def P(pid, name_ja, name_en, domain, instrument, lead, start, duration, annual, shape, ratings,
      levels=None, **kw):
    """One candidate program. start: (earliest, latest); annual: 標準 cost per year (億円) or an explicit
    tuple of yearly costs; ratings: (autonomy, indispensability, deterrence, market, feasibility).
    Levels come from the program's value curve (CURVE_OF, apply_curves()).
    Most programs have one start year; a window (earliest < latest) only where timing is a real choice
    (the constellation alternatives and the hypersonic programs that wait for the new wind tunnel).
    Every window multiplies a program's options, and this keeps one solve well under a second."""
    e, l = start
    if isinstance(annual, (tuple, list)):
        cost = tuple(float(x) for x in annual)
    else:
        cost = tuple(round(annual * shape[k], 1) for k in range(duration))
    assert len(cost) == duration, (pid, cost, duration)
    return dict(id=pid, name_ja=name_ja, name_en=name_en, domain=domain, instrument=instrument, lead=lead,
                earliest_start=e, latest_start=l, duration=duration, cost=cost, ratings=ratings, levels=levels, **kw)


ONGOING_NOTE = "継続：費用は FY2026 以降の残額、期間は FY2026 からの残年数"

PROGRAMS = [
    # ---------------------------------------------------------------- AI・先端ロボット -------------
    P("AI-CMP", "ソブリンAI計算基盤（高セキュリティGPU基盤）の整備", "Sovereign high-security AI compute", "AI",
      "COMPUTE", "METI", (2026, 2026), 5, 350, BUILD, (95, 70, 75, 60, 80),
      note="AI系プログラムの前提（依存関係シート）"),
    P("AI-DATA", "安全保障・行政向けAI学習データ基盤", "Secure AI training-data infrastructure", "AI",
      "COMPUTE", "MEXT", (2026, 2026), 5, 65, FLAT, (80, 55, 60, 50, 75)),
    P("AI-LLM", "国産基盤モデルの研究開発（安全保障・行政用途）", "Sovereign foundation models for security use",
      "AI", "RD", "METI", (2026, 2026), 5, 190, RAMP, (90, 60, 65, 80, 60)),
    P("AI-GOV", "国産AIの行政・防衛業務への実装（第2期）", "Deploying sovereign AI in government and defence (phase 2)",
      "AI", "RD", "METI", (2028, 2028), 5, 120, RAMP, (85, 55, 75, 75, 65), note="第2期：AI-LLM の成果を前提（依存関係）"),
    P("AI-ROBO", "自律型ロボット・無人システム（防災・防衛両用）", "Autonomous robots and unmanned systems", "AI",
      "RD", "METI", (2026, 2026), 5, 110, RAMP, (70, 65, 75, 80, 65)),
    P("AI-DEF", "防衛AI（指揮統制・画像解析）の研究", "Defence AI: command support and imagery analysis", "AI",
      "RD", "MOD", (2026, 2026), 5, 95, RAMP, (75, 50, 95, 35, 60)),
    P("AI-BT", "ブレークスルー研究（防衛イノベーション科学技術研究所）",
      "Breakthrough research (defence innovation institute)", "AI", "ANZEN", "MOD", (2026, 2026), 5, 225, RAMP,
      (75, 65, 90, 50, 50), note="防衛イノベーション科学技術研究所は2024年10月発足 [S18]；新規契約額507億円の一部 [S7]"),
    P("AI-SBIR", "防衛装備品のスタートアップ早期調達（ファストパス）", "Fast-path procurement from startups",
      "AI", "SBIR", "MOD", (2026, 2026), 5, 80, RAMP, (65, 45, 80, 75, 70)),
    P("AI-CH", "課題解決型研究：災害・有事の自律協調（ムーンショット型）",
      "Challenge-driven research: autonomous cooperation in crises", "AI", "CHALLENGE", "CAO", (2026, 2026), 5,
      35, RAMP, (60, 55, 65, 60, 50)),
    P("HR-AI", "AI・データ人材の育成と海外からの招へい", "AI and data talent: training and invited researchers", "AI",
      "HR", "MEXT", (2026, 2026), 5, 40, FLAT, (75, 60, 45, 60, 80), note="AIの研究者FTEを創出（能力創出）"),
    P("AI-INTL", "同志国とのAI安全性・信頼性共同研究", "AI trust and safety research with like-minded countries",
      "AI", "INTL", "METI", (2026, 2026), 5, 25, FLAT, (50, 65, 45, 55, 75)),
    P("K-AISEC", "Kプログラム：AIセキュリティ技術（継続）", "K Program: AI security (ongoing)", "AI", "KPROG",
      "CAO", (2023, 2023), 2, (6, 5), FLAT, (65, 55, 60, 50, 85), ongoing=True,
      note=ONGOING_NOTE + "；総額25億円以内 [S10]、残額は推計 [J]"),
    # ---------------------------------------------------------------- 量子 --------------------------
    P("QT-COMP", "誤り耐性型量子コンピュータの研究開発", "Fault-tolerant quantum computer", "QT", "RD", "MEXT",
      (2026, 2026), 5, 230, RAMP, (90, 90, 55, 70, 40)),
    P("QT-COMP2", "量子コンピュータの実用化・計算サービス（第2期）", "Quantum computing in service (phase 2)", "QT",
      "RD", "MEXT", (2028, 2028), 5, 150, RAMP, (85, 85, 50, 80, 45), note="第2期：QT-COMP の成果を前提（依存関係）"),
    P("QT-SENS", "量子センシング（慣性航法・磁気探知）", "Quantum sensing: inertial navigation, magnetometry",
      "QT", "RD", "MEXT", (2026, 2026), 5, 70, RAMP, (80, 75, 85, 55, 60)),
    P("QT-COMM", "量子暗号通信網の実証", "Quantum key distribution network", "QT", "RD", "MIC", (2026, 2026), 5,
      50, RAMP, (80, 60, 70, 50, 65)),
    P("HR-QT", "量子人材の育成（大学院・企業研修・海外からの招へい）", "Quantum talent: graduate training and invited researchers",
      "QT", "HR", "MEXT", (2026, 2026), 5, 25, FLAT, (70, 70, 40, 50, 80), note="量子の研究者FTEを創出（能力創出）"),
    P("QT-INTL", "日米欧の量子技術共同研究", "Quantum research with the US and Europe", "QT", "INTL", "MEXT",
      (2026, 2026), 5, 50, FLAT, (50, 75, 40, 45, 75)),
    # ---------------------------------------------------------------- 半導体・通信 ------------------
    P("SEMI-ADV", "次世代先端ロジック半導体の研究開発", "Next-generation leading-edge logic", "SEMI", "RD",
      "METI", (2026, 2026), 5, 360, RAMP, (95, 85, 55, 90, 45)),
    P("SEMI-MASS", "次世代半導体の量産技術実証（第2期）", "Volume-production demonstration of next-generation chips (phase 2)",
      "SEMI", "RD", "METI", (2028, 2028), 5, 350, RAMP, (90, 85, 50, 90, 50), note="第2期：SEMI-ADV の成果を前提（依存関係）"),
    P("SEMI-TJP", "トラステッド半導体の国内製造拠点（防衛・重要インフラ用）",
      "Domestic trusted foundry for defence and critical infrastructure", "SEMI", "RD", "METI", (2026, 2026), 5,
      90, BUILD, (95, 55, 85, 45, 55), note="SEMI-TAL と排他（代替案）"),
    P("SEMI-TAL", "同志国ファウンドリの活用と信頼性認証", "Trusted supply via like-minded foundries and certification",
      "SEMI", "RD", "METI", (2026, 2026), 5, 55, FLAT, (55, 45, 65, 40, 80), note="SEMI-TJP と排他（代替案）"),
    P("SEMI-PWR", "パワー半導体・次世代材料（GaN・SiC・酸化ガリウム）", "Power semiconductors: GaN, SiC, Ga2O3",
      "SEMI", "RD", "METI", (2026, 2026), 5, 70, RAMP, (75, 80, 55, 80, 70)),
    P("SEMI-B5G", "Beyond 5G（6G）・オール光ネットワーク", "Beyond 5G (6G) and all-photonics networks", "SEMI",
      "RD", "MIC", (2026, 2026), 5, 90, RAMP, (75, 70, 55, 80, 60)),
    P("SEMI-HR", "半導体人材の育成（高専・大学・企業の連携）", "Semiconductor talent: colleges, universities and industry",
      "SEMI", "HR", "MEXT", (2026, 2026), 5, 30, FLAT, (70, 65, 35, 70, 80),
      note="半導体人材の必要数4.3万人/10年 [S15]；研究者FTEの制約のない分野のため能力創出は置かない"),
    P("SEMI-INTL", "日米・日欧の次世代半導体共同研究", "Next-generation semiconductor research with partners",
      "SEMI", "INTL", "METI", (2026, 2026), 5, 65, FLAT, (60, 80, 45, 70, 70)),
    # ---------------------------------------------------------------- バイオ・ヘルスケア ------------
    P("BIO-MFG", "バイオものづくり（合成生物学による素材・燃料）", "Biomanufacturing by synthetic biology", "BIO",
      "RD", "METI", (2026, 2026), 5, 90, RAMP, (70, 60, 35, 80, 65)),
    P("BIO-CBRN", "生物剤検知・防護（CBRN対処）", "Biological agent detection and protection (CBRN)", "BIO",
      "RD", "MHLW", (2026, 2026), 5, 55, RAMP, (70, 50, 85, 35, 70)),
    P("K-BIO", "Kプログラム：感染症・バイオ脅威の早期検知技術", "K Program: early detection of biothreats",
      "BIO", "KPROG", "CAO", (2026, 2026), 4, 60, RAMP, (70, 60, 75, 45, 65)),
    P("BIO-INTL", "同志国とのバイオセキュリティ共同研究", "Biosecurity research with like-minded countries", "BIO",
      "INTL", "MEXT", (2026, 2026), 5, 25, FLAT, (50, 60, 60, 40, 75)),
    # ---------------------------------------------------------------- フュージョン ------------------
    P("FUS-DEMO", "原型炉に向けた工学研究（ブランケット・ダイバータ）", "Engineering R&D toward a DEMO reactor",
      "FUS", "RD", "MEXT", (2026, 2026), 7, 120, RAMP, (85, 70, 20, 60, 35)),
    P("FUS-ST", "フュージョン・スタートアップ挑戦型研究", "Challenge-driven fusion startups", "FUS", "CHALLENGE",
      "CAO", (2026, 2026), 5, 65, RAMP, (70, 60, 15, 75, 35)),
    P("FUS-JT60", "JT-60SA 運転・実験（継続）", "JT-60SA operation and experiments (ongoing)", "FUS", "RD", "MEXT",
      (2020, 2020), 5, 70, FLAT, (70, 65, 10, 40, 80), ongoing=True,
      note=ONGOING_NOTE + "；額は推計 [J]"),
    # ---------------------------------------------------------------- 宇宙 --------------------------
    P("K-SAT", "Kプログラム：衛星コンステレーション関連技術（継続）", "K Program: satellite constellation technologies (ongoing)",
      "SPACE", "KPROG", "CAO", (2023, 2023), 3, (130, 120, 90), FLAT, (85, 70, 75, 70, 80),
      ongoing=True, note=ONGOING_NOTE + "；衛星関連 約800億円 [S10]、残額は推計 [J]"),
    P("SSF-SAR", "宇宙戦略基金：小型SAR衛星コンステレーション実証", "SSF: small SAR satellite constellation", "SPACE",
      "SSF", "METI", (2026, 2026), 5, 220, RAMP, (85, 70, 85, 75, 65)),
    P("SSF-LNCH", "宇宙戦略基金：再使用型ロケット・宇宙輸送", "SSF: reusable launch and space transport", "SPACE",
      "SSF", "MEXT", (2026, 2026), 5, 150, RAMP, (95, 60, 60, 70, 45)),
    P("SSF-OPT", "宇宙戦略基金：衛星間光通信ネットワーク", "SSF: optical inter-satellite links", "SPACE", "SSF",
      "MIC", (2026, 2026), 5, 75, RAMP, (75, 65, 70, 65, 60)),
    P("SP-SDA", "宇宙領域把握（SDA）センサー・解析", "Space domain awareness sensors and analysis", "SPACE", "RD",
      "MOD", (2026, 2026), 5, 95, RAMP, (80, 55, 90, 40, 65)),
    P("SP-PNT", "準天頂衛星の抗たん性強化（PNT）", "Resilient positioning, navigation and timing (QZSS)", "SPACE",
      "RD", "CAO", (2026, 2026), 5, 65, FLAT, (90, 60, 80, 55, 70)),
    P("SP-CJP", "安全保障用衛星コンステレーション（国産・単独整備）",
      "National security satellite constellation (built alone)", "SPACE", "RD", "MEXT", (2027, 2028), 5, 120,
      BUILD, (95, 55, 90, 55, 45), note="SP-CIN と排他（代替案）"),
    P("SP-CIN", "同志国と共同の安全保障衛星コンステレーション", "Joint security constellation with partners", "SPACE",
      "INTL", "MEXT", (2027, 2028), 5, 95, BUILD, (60, 70, 80, 50, 60), note="SP-CJP と排他（代替案）"),
    # ---------------------------------------------------------------- 造船 --------------------------
    P("SHIP-DX", "次世代造船（自動化・デジタル設計・建造）", "Next-generation shipbuilding: automation and digital design",
      "SHIP", "RD", "MLIT", (2026, 2026), 5, 55, RAMP, (75, 55, 60, 60, 70)),
    P("SHIP-TANK", "大型試験水槽の共同整備", "Large towing-tank facility, built jointly", "SHIP", "TESTBED", "MLIT",
      (2026, 2026), 5, 30, BUILD, (60, 50, 50, 40, 80)),
    # ---------------------------------------------------------------- 航空 --------------------------
    P("AERO-HYP", "極超音速技術（スクラムジェット・耐熱構造）", "Hypersonic technologies: scramjet, hot structures",
      "AERO", "RD", "MOD", (2027, 2028), 5, 145, RAMP, (80, 60, 95, 35, 45), note="TB-WIND の整備開始後に開始"),
    P("TB-WIND", "極超音速風洞・大型試験設備の府省共同整備", "Hypersonic wind tunnel and large test facilities (joint)",
      "AERO", "TESTBED", "MEXT", (2026, 2026), 6, 110, BUILD, (75, 55, 70, 40, 75)),
    P("AERO-ENG", "次世代航空エンジン（国産化・水素燃焼）", "Next-generation aero engines", "AERO", "RD", "METI",
      (2026, 2026), 5, 80, RAMP, (80, 60, 50, 70, 55)),
    P("AERO-UAV", "国産無人機の量産技術とSBIRフェーズ3", "Domestic drones: mass production and SBIR Phase 3",
      "AERO", "SBIR", "METI", (2026, 2026), 5, 65, RAMP, (75, 50, 75, 75, 70)),
    P("K-VTOL", "Kプログラム：長距離物資輸送用無人航空機（継続）", "K Program: long-range cargo VTOL UAV (ongoing)",
      "AERO", "KPROG", "CAO", (2024, 2024), 3, (10, 10, 10), FLAT, (65, 50, 60, 60, 75),
      ongoing=True, previous_year=10, note=ONGOING_NOTE + "；FY2024–28 で50億円 [S10]、前年度額は均等割り"),
    P("K-HAPS", "Kプログラム：HAPS向け電源技術（継続）", "K Program: HAPS power source (ongoing)", "AERO", "KPROG",
      "CAO", (2025, 2025), 3, (4.5, 4.5, 4.5), FLAT, (60, 55, 50, 55, 70), ongoing=True,
      previous_year=4.5, note=ONGOING_NOTE + "；FY2025–28 で18億円 [S10]、前年度額は均等割り"),
    P("K-HYP", "Kプログラム：極超音速飛行体の耐熱・推進要素技術", "K Program: hypersonic propulsion and materials",
      "AERO", "KPROG", "CAO", (2027, 2028), 5, 100, RAMP, (75, 60, 80, 40, 50)),
    # ---------------------------------------------------------------- デジタル・サイバー ------------
    P("INST", "重要技術戦略研究所（仮称）の設立・運営", "Critical Technology Strategy Institute (provisional)",
      "DIGI", "INST", "CAO", (2026, 2026), 5, 50, INSTSHAPE, (70, 55, 60, 30, 85), mandatory=True,
      previous_year=0, note="FY2026 発足（必須） [S17]；領域横断の機関、便宜上デジタル領域に計上"),
    P("DG-CLOUD", "高セキュリティ・ソブリンクラウド（政府・防衛用途）", "High-security sovereign cloud", "DIGI",
      "COMPUTE", "MIC", (2026, 2026), 5, 150, BUILD, (95, 55, 80, 55, 75), note="防衛AI・能動的サイバー防御の前提"),
    P("DG-ACD", "能動的サイバー防御の技術基盤", "Technology base for active cyber defence", "DIGI", "RD", "MIC",
      (2026, 2026), 5, 60, RAMP, (85, 50, 90, 45, 60)),
    P("DG-RANGE", "サイバー演習・検証基盤の府省共同整備", "Cyber range for exercises and testing (joint)", "DIGI",
      "TESTBED", "MIC", (2026, 2026), 5, 30, BUILD, (65, 40, 70, 40, 80)),
    P("K-CYBER", "Kプログラム：ソフトウェア・サプライチェーンの信頼性検証", "K Program: software supply-chain assurance",
      "DIGI", "KPROG", "CAO", (2026, 2026), 4, 50, RAMP, (75, 55, 75, 55, 65)),
    P("SEC-UNIV", "大学におけるセキュアな防衛研究拠点", "Secure defence research bases at universities", "DIGI",
      "SECBASE", "MEXT", (2026, 2026), 5, 55, BUILD, (65, 50, 70, 30, 70), note="セキュア研究者席を創出（能力創出）"),
    P("RS-SCREEN", "研究セキュリティ体制の整備（大学・国研の審査体制とクリアランス取得支援）",
      "Research security: screening at universities and labs, support for security clearances", "DIGI", "RSEC", "CAO",
      (2026, 2026), 5, 15, FLAT, (70, 60, 60, 25, 80),
      note="審査済み・クリアランス保有研究者を創出（能力創出）；領域横断、便宜上デジタル領域に計上"),
    P("START-SEC", "スタートアップ向けセキュア研究開発環境（クリアランス対応区画の共用）",
      "Secure R&D environment for startups", "DIGI", "STARTSEC", "METI", (2026, 2026), 5, 40, BUILD,
      (60, 45, 55, 70, 75)),
    # ---------------------------------------------------------------- 農林水産 ----------------------
    P("AG-BREED", "食料安全保障のための育種・ゲノム編集", "Crop breeding and genome editing for food security",
      "AGRI", "RD", "MAFF", (2026, 2026), 5, 50, RAMP, (75, 50, 30, 60, 70)),
    # ---------------------------------------------------------------- 資源・エネルギー --------------
    P("EN-BATT", "次世代蓄電池（全固体電池）", "Next-generation (all-solid-state) batteries", "ENE", "RD", "METI",
      (2026, 2026), 5, 120, RAMP, (80, 75, 40, 85, 60)),
    P("EN-CRM", "重要鉱物の代替・リサイクル技術", "Critical mineral substitution and recycling", "ENE", "RD", "METI",
      (2026, 2026), 5, 65, RAMP, (90, 60, 45, 60, 65)),
    P("EN-SMR", "次世代革新炉（小型モジュール炉）", "Advanced reactors (SMR)", "ENE", "RD", "METI", (2026, 2026), 5,
      95, RAMP, (80, 55, 30, 65, 45)),
    # ---------------------------------------------------------------- 防災・国土強靱化 --------------
    P("DS-OBS", "地震・津波観測網の高度化", "Enhanced earthquake and tsunami observation", "DIS", "RD", "MEXT",
      (2026, 2026), 5, 55, RAMP, (65, 45, 50, 30, 80)),
    P("K-DUAV", "Kプログラム：災害対応無人機運用技術（継続）", "K Program: disaster-response UAV operations (ongoing)",
      "DIS", "KPROG", "CAO", (2023, 2023), 2, (15, 12), FLAT, (60, 45, 55, 55, 80), ongoing=True,
      note=ONGOING_NOTE + "；総額60億円以内 [S10]、残額は推計 [J]"),
    # ---------------------------------------------------------------- 創薬・医療 --------------------
    P("MED-VAX", "ワクチン・治療薬の国内開発・生産体制", "Domestic vaccine and therapeutics development", "MED", "RD",
      "MHLW", (2026, 2026), 5, 160, RAMP, (85, 60, 60, 65, 65)),
    # ---------------------------------------------------------------- 製造・材料 --------------------
    P("ANZEN", "安全保障技術研究推進制度（公募型基礎研究）", "Security Technology Research Promotion Program", "MAT",
      "ANZEN", "MOD", (2026, 2026), 5, 100, FLAT, (65, 60, 75, 50, 75), previous_year=100,
      note="推進制度単独で年約100億円 [S7]；標準は現状規模、拡充は提言の「充実」"),
    P("ANZEN-C", "安全保障技術研究推進制度（既採択課題の継続分）", "Security Technology Research Promotion: awarded projects (ongoing)",
      "MAT", "ANZEN", "MOD", (2022, 2022), 4, (60, 45, 30, 15), FLAT, (60, 55, 65, 45, 85),
      ongoing=True, note=ONGOING_NOTE + "；複数年度の既採択課題の残額（推計） [J]"),
    P("MAT-BRG", "橋渡し研究（大学・国研の成果の装備化）", "Bridging research to defence applications", "MAT",
      "ANZEN", "MOD", (2026, 2026), 5, 180, RAMP, (70, 55, 85, 45, 60), note="新規契約額507億円の一部 [S7]"),
    P("MAT-HEAT", "耐熱・超高温材料（極超音速機・エンジン用）", "Ultra-high-temperature materials", "MAT", "RD",
      "MEXT", (2026, 2026), 5, 70, RAMP, (80, 80, 75, 55, 60), note="分野別：材料886億円（FY2025） [S6]"),
    P("SEC-NL", "国立研究開発法人におけるセキュアな防衛研究拠点", "Secure defence research bases at national labs",
      "MAT", "SECBASE", "MEXT", (2026, 2026), 5, 80, BUILD, (70, 55, 80, 30, 75), note="セキュア研究者席を創出（能力創出）"),
    P("EX-ATLA", "研究者交流（国研・大学・防衛装備庁・産業界のクロスアポイントメント）",
      "Researcher exchange between labs, universities, ATLA and industry", "MAT", "EXCH", "MEXT", (2026, 2026),
      5, 12, FLAT, (55, 50, 55, 40, 85)),
    P("EX-INTL", "同志国との研究者交流・人材循環", "Researcher exchange with like-minded countries", "MAT", "EXCH",
      "MEXT", (2026, 2026), 5, 16, FLAT, (45, 60, 35, 40, 85)),
    # ---------------------------------------------------------------- 物流 --------------------------
    P("LG-DRONE", "ドローン物流・レベル4運航基盤", "Drone logistics and beyond-visual-line-of-sight operations",
      "LOGI", "RD", "MLIT", (2026, 2026), 5, 30, RAMP, (50, 40, 40, 70, 75)),
    # ---------------------------------------------------------------- 海洋 --------------------------
    P("K-AUV", "Kプログラム：AUVによる海洋監視（継続）", "K Program: AUV maritime surveillance (ongoing)", "OCEAN",
      "KPROG", "CAO", (2023, 2023), 3, (20, 20, 15), FLAT, (75, 60, 75, 50, 75), ongoing=True,
      note=ONGOING_NOTE + "；総額80億円以内 [S10]、残額は推計 [J]"),
    P("K-SEA", "Kプログラム：海中通信・海底ケーブル防護", "K Program: underwater communications and cable protection",
      "OCEAN", "KPROG", "CAO", (2026, 2026), 4, 80, RAMP, (80, 60, 80, 45, 60)),
    P("OC-MDA", "AIによる海洋状況把握（MDA）", "AI-based maritime domain awareness", "OCEAN", "RD", "MLIT",
      (2027, 2027), 5, 55, RAMP, (70, 55, 85, 40, 65)),
    P("OC-DEEP", "海底鉱物資源（レアアース泥）探査・揚泥技術", "Deep-sea mineral (rare-earth mud) recovery", "OCEAN",
      "RD", "MEXT", (2026, 2026), 5, 65, RAMP, (90, 55, 30, 50, 40)),
    P("OC-UUV", "無人潜水艇（UUV）の長期運用技術", "Long-endurance unmanned underwater vehicles", "OCEAN", "RD", "MOD",
      (2026, 2026), 5, 70, RAMP, (75, 55, 90, 40, 55)),
    P("OC-INTL", "同志国との海洋観測・海底ケーブル防護共同研究", "Ocean observation and cable protection with partners",
      "OCEAN", "INTL", "MLIT", (2026, 2026), 5, 25, FLAT, (50, 60, 65, 35, 75)),
]

# =============================================================================================
# Value curves program by program [J]: the kind of effort (CURVES) and why. Written to the
# スコア算定根拠 sheet; models/README.md explains the classes.
# =============================================================================================
CURVE_OF = {
    # ---- AI・先端ロボット
    "AI-CMP": ("infra", "GPU基盤は設計規模を下回ると大規模モデルの学習に使えず、整備の固定費だけが残る"),
    "AI-DATA": ("infra", "学習データ基盤は対象業務を網羅して初めて使われる"),
    "AI-LLM": ("critical", "基盤モデルは計算量・データ量が閾値を超えないと国際水準に届かない"),
    "AI-GOV": ("project", "業務への実装事業：縮小では対象業務ごと削られる"),
    "AI-ROBO": ("winning", "産業用ロボットは日本が世界シェア上位。自律化・両用化の規模で優位を広げられる"),
    "AI-DEF": ("project", "指揮統制・画像解析の研究事業：縮小では対象機能ごと削られる"),
    "AI-BT": ("scheme", "防衛イノベーション科学技術研究所の多数の独立課題"),
    "AI-SBIR": ("scheme", "多数のスタートアップからの調達：件数に比例"),
    "AI-CH": ("scheme", "複数チームの挑戦型研究：チーム数に比例"),
    "HR-AI": ("scheme", "育成・招へいの人数に比例して研究者が増える"),
    "AI-INTL": ("scheme", "同志国との個別の共同研究課題の集まり"),
    "K-AISEC": ("ongoing", "継続"),
    # ---- 量子
    "QT-COMP": ("critical", "誤り耐性型量子計算機は量子ビット数・誤り率の閾値に届かなければ成果がない"),
    "QT-COMP2": ("project", "第1期の成果を使う実用化事業：縮小では提供する計算サービスが減る"),
    "QT-SENS": ("winning", "量子センシング（ダイヤモンドNV・光格子時計）は日本の強み。実装規模で先行できる"),
    "QT-COMM": ("project", "量子暗号通信網の実証：縮小では実証区間が短くなる"),
    "HR-QT": ("scheme", "育成・招へいの人数に比例して研究者が増える"),
    "QT-INTL": ("scheme", "日米欧の個別の共同研究課題の集まり"),
    # ---- 半導体・通信
    "SEMI-ADV": ("critical", "2nm級ロジックは試作ラインの規模・歩留りが閾値に届かないと量産につながらない"),
    "SEMI-MASS": ("critical", "量産技術の実証は量産規模のラインがなければ意味をなさない"),
    "SEMI-TJP": ("infra", "国内製造拠点：最小の生産規模を下回ると防衛・重要インフラ向けの需要を満たせない"),
    "SEMI-TAL": ("project", "認証制度と調達の事業：縮小では対象品目が減る"),
    "SEMI-PWR": ("winning", "パワー半導体（SiC・GaN・酸化ガリウム）は日本企業が上位。量産規模で勝ち筋"),
    "SEMI-B5G": ("project", "次世代網の研究開発：縮小では要素技術ごと削られる"),
    "SEMI-HR": ("scheme", "育成する人数に比例"),
    "SEMI-INTL": ("scheme", "日米・日欧の個別の共同研究課題の集まり"),
    # ---- バイオ・ヘルスケア
    "BIO-MFG": ("winning", "発酵・バイオものづくりの産業基盤が厚く、規模拡大で先行できる"),
    "BIO-CBRN": ("project", "検知・防護の研究事業：縮小では対象の剤が減る"),
    "K-BIO": ("project", "早期検知技術の研究事業"),
    "BIO-INTL": ("scheme", "同志国との個別の共同研究課題の集まり"),
    # ---- フュージョン
    "FUS-DEMO": ("critical", "原型炉の工学研究はブランケット・ダイバータを一体で進めないと設計につながらない"),
    "FUS-ST": ("scheme", "複数のスタートアップへの挑戦型支援：件数に比例"),
    "FUS-JT60": ("ongoing", "継続"),
    # ---- 宇宙
    "K-SAT": ("ongoing", "継続"),
    "SSF-SAR": ("winning", "小型SAR衛星は国内スタートアップが先行。機数（コンステレーション規模）で価値が伸びる"),
    "SSF-LNCH": ("critical", "再使用型ロケットは飛行実証まで到達しなければ成果がない"),
    "SSF-OPT": ("project", "光通信の研究開発事業"),
    "SP-SDA": ("project", "センサー・解析の研究事業：縮小では観測範囲が狭まる"),
    "SP-PNT": ("project", "抗たん性強化の研究事業"),
    "SP-CJP": ("infra", "衛星コンステレーション：機数が閾値を下回ると常時監視にならない"),
    "SP-CIN": ("infra", "共同コンステレーション：日本の分担機数が閾値を下回ると参加の意味が薄れる"),
    # ---- 造船・航空
    "SHIP-DX": ("project", "造船のデジタル化事業：縮小では対象工程が減る"),
    "SHIP-TANK": ("infra", "試験水槽：設計規模を下回ると大型船の試験ができない"),
    "AERO-HYP": ("critical", "極超音速技術はスクラムジェットと耐熱構造を一体で実証しないと成果にならない"),
    "TB-WIND": ("infra", "極超音速風洞：設計規模を下回ると必要なマッハ数・試験時間が得られない"),
    "AERO-ENG": ("project", "航空エンジンの研究開発事業"),
    "AERO-UAV": ("scheme", "SBIRフェーズ3の多数の企業：件数に比例"),
    "K-VTOL": ("ongoing", "継続"),
    "K-HAPS": ("ongoing", "継続"),
    "K-HYP": ("project", "要素技術の研究事業"),
    # ---- デジタル・サイバーセキュリティ
    "INST": ("infra", "研究所の立ち上げ：最小限の人員がなければ機能しない"),
    "DG-CLOUD": ("infra", "ソブリンクラウド：政府・防衛の業務を載せられる規模でなければ使われない"),
    "DG-ACD": ("project", "能動的サイバー防御の技術基盤：縮小では対象技術が減る"),
    "DG-RANGE": ("infra", "演習基盤：同時演習の規模が閾値を下回ると府省共同利用にならない"),
    "K-CYBER": ("project", "検証技術の研究事業"),
    "SEC-UNIV": ("infra", "セキュア拠点：区画・審査体制は一定規模で整備しないと運用できない"),
    "RS-SCREEN": ("infra", "審査体制：大学・国研の窓口を一通り整えて初めて機能する"),
    "START-SEC": ("infra", "共用区画：最小規模を下回ると利用企業が集まらない"),
    # ---- 農林水産・エネルギー・防災・医療
    "AG-BREED": ("project", "育種の研究事業：縮小では対象作物が減る"),
    "EN-BATT": ("winning", "全固体電池は日本が特許・試作で先行。量産規模の確立で勝ち筋"),
    "EN-CRM": ("project", "代替・リサイクル技術の研究事業"),
    "EN-SMR": ("critical", "小型モジュール炉は設計・安全審査まで一体で進めないと実用化につながらない"),
    "DS-OBS": ("project", "観測網の高度化：縮小では観測点が減る"),
    "K-DUAV": ("ongoing", "継続"),
    "MED-VAX": ("critical", "ワクチンの開発・生産体制は一部だけでは有事に間に合わない"),
    # ---- 製造・材料
    "ANZEN": ("scheme", "公募型の多数の課題：採択件数に比例。提言は「充実」を求める"),
    "ANZEN-C": ("ongoing", "継続"),
    "MAT-BRG": ("scheme", "多数の橋渡し課題：件数に比例"),
    "MAT-HEAT": ("winning", "耐熱・超高温材料は日本の素材産業の強み（材料886億円 [S6]）。規模で勝ち筋"),
    "SEC-NL": ("infra", "セキュア拠点：区画・審査体制は一定規模で整備しないと運用できない"),
    "EX-ATLA": ("scheme", "交流する研究者の人数に比例"),
    "EX-INTL": ("scheme", "派遣・受入れの人数に比例"),
    # ---- 物流・海洋
    "LG-DRONE": ("project", "運航基盤の事業"),
    "K-AUV": ("ongoing", "継続"),
    "K-SEA": ("project", "海中通信・ケーブル防護の研究事業"),
    "OC-MDA": ("project", "海洋状況把握の研究事業：縮小では対象海域が狭まる"),
    "OC-DEEP": ("critical", "レアアース泥の揚泥は実海域の一貫システムで実証しないと成果がない"),
    "OC-UUV": ("project", "長期運用技術の研究事業"),
    "OC-INTL": ("scheme", "同志国との個別の共同研究課題の集まり"),
}

# Private co-investment attracted per 億円 of public money (呼び水) [J], by how close a program is to a
# market: basic research 0; industrial R&D with companies 0.3–2.0; startup instruments about 1. Not a
# criterion: reported with the result, and a floor on it is a scenario (private_leverage_floor).
LEVERAGE = {
    "SEMI-ADV": 1.5, "SEMI-MASS": 2.0, "SEMI-PWR": 1.0, "SEMI-TJP": 0.5, "SEMI-B5G": 0.5, "EN-BATT": 1.0,
    "EN-CRM": 0.5, "EN-SMR": 0.5, "BIO-MFG": 0.8, "MED-VAX": 0.5, "AI-LLM": 0.5, "AI-ROBO": 0.5, "AI-CMP": 0.3,
    "AERO-ENG": 0.5, "AERO-UAV": 1.0, "AI-SBIR": 1.0, "START-SEC": 0.8, "FUS-ST": 1.0, "SSF-SAR": 0.5,
    "SSF-LNCH": 0.5, "SSF-OPT": 0.3, "SHIP-DX": 0.5, "LG-DRONE": 0.5, "AG-BREED": 0.3, "DG-CLOUD": 0.3,
    "QT-COMP2": 0.5, "K-SEA": 0.2, "K-CYBER": 0.2, "K-BIO": 0.2, "K-HYP": 0.2,
}


def apply_curves() -> None:
    """Give every program its value curve's levels (CURVE_OF) and its private leverage (LEVERAGE)."""
    for p in PROGRAMS:
        kind, why = CURVE_OF[p["id"]]
        assert (kind == "ongoing") == bool(p.get("ongoing")), p["id"]
        _, levels, _ = CURVES[kind]
        if kind not in ALWAYS_THREE and kind != "ongoing" and max(p["cost"]) < 100:
            levels = tuple(lv for lv in levels if lv[0] != "拡充")
        p.update(levels=levels, curve=kind, why=why, private_leverage=LEVERAGE.get(p["id"], 0.0))


apply_curves()

# =============================================================================================
# Dependencies [J, following the recommendations' logic]
# =============================================================================================
DEPENDENCIES = [
    # AI sovereignty: AI programs need the sovereign compute [S17].
    dict(kind="requires", program="AI-LLM", target="AI-CMP", lag=0),
    dict(kind="requires", program="AI-ROBO", target="AI-CMP", lag=0),
    dict(kind="requires", program="AI-DEF", target="AI-CMP", lag=0),
    dict(kind="requires", program="AI-DATA", target="AI-CMP", lag=0),
    dict(kind="requires", program="OC-MDA", target="AI-CMP", lag=1),
    # Second phases build on their first phase (at least two years in).
    dict(kind="requires", program="QT-COMP2", target="QT-COMP", lag=2),
    dict(kind="requires", program="SEMI-MASS", target="SEMI-ADV", lag=2),
    dict(kind="requires", program="AI-GOV", target="AI-LLM", lag=2),
    # Classified AI and cyber work needs the sovereign cloud.
    dict(kind="requires", program="AI-DEF", target="DG-CLOUD", lag=0),
    dict(kind="requires", program="DG-ACD", target="DG-CLOUD", lag=0),
    # Hypersonic research needs the wind tunnel under way a year before.
    dict(kind="requires", program="AERO-HYP", target="TB-WIND", lag=1),
    dict(kind="requires", program="K-HYP", target="TB-WIND", lag=1),
    # Bridging research into defence applications needs secure bases at the national labs.
    dict(kind="requires", program="MAT-BRG", target="SEC-NL", lag=0),
    # Alternatives: build alone or with partners.
    dict(kind="excludes", program="SEMI-TJP", target="SEMI-TAL"),
    dict(kind="excludes", program="SP-CJP", target="SP-CIN"),
    # Strategic S&T diplomacy: at least three joint programs with like-minded countries.
    dict(kind="at_least", members=("AI-INTL", "QT-INTL", "SEMI-INTL", "BIO-INTL", "SP-CIN", "OC-INTL"), k=3),
]

# =============================================================================================
# Capacities
# =============================================================================================
# Researcher FTE by domain, derived from R&D spending per researcher [S13] and R&D spending by field
# [S14]:  researchers in field = field R&D spending / 0.3079 億円 per researcher; the share of them
# this portfolio can mobilise is 25 % [J]. Without the portfolio the pool grows 1 %/yr [J]; what more
# there is comes from the talent programs (CAPACITY_GAINS): capacity that programs create.
YEN_PER_RESEARCHER = 0.3079           # 億円 per researcher per year (¥30.79 million) [S13]
MOBILISABLE = 0.25                     # [J]
FIELD_SPEND = {"AI": 2725, "BIO": 3850, "QT": 1322}     # FY2022, 億円 [S14]
FTE_GROWTH = {"AI": 0.01, "BIO": 0.01, "QT": 0.01}      # [J] natural growth, without the talent programs
FTE_NAMES = {"AI": ("研究者（AI・先端ロボット）", "Researchers: AI & robotics"),
             "BIO": ("研究者（バイオ・ヘルスケア）", "Researchers: biotechnology & healthcare"),
             "QT": ("研究者（量子）", "Researchers: quantum")}
# Share of a program's cost that pays researchers rather than hardware, for the FTE it uses [J]. Talent
# programs pay trainees and invited researchers, who are what they create, not what they use.
PERSONNEL_SHARE = {"COMPUTE": 0.2, "TESTBED": 0.2, "SECBASE": 0.2, "RSEC": 0.2, "HR": 0.0}


def fte_capacity(domain: str) -> list[float]:
    base = FIELD_SPEND[domain] / YEN_PER_RESEARCHER * MOBILISABLE
    return [round(base * (1 + FTE_GROWTH[domain]) ** (y - FIRST)) for y in YEARS]


# Shared test facilities (existing wind tunnels, towing tanks, flight-test ranges, launch test stands), in
# thousand facility-hours a year, as facilities already planned come on line [J]. Research security
# (研究セキュリティ) [S17]: secure research seats (cleared areas for classified work) and researchers
# screened or holding a security clearance, what exists without the portfolio [J]; the secure bases
# and the research-security program create more (CAPACITY_GAINS). A program's use scales with its
# level's cost: a larger program tests more and seats more cleared researchers.
OTHER_CAPACITIES = [
    ("TEST", "共用試験施設の利用枠（既存の風洞・試験水槽・飛行試験場等）", "Shared test facilities (existing)",
     "千時間", [28, 28, 32, 32, 36]),
    ("SECURE", "セキュアな研究拠点（クリアランス対応区画の研究者席）", "Secure research sites (cleared seats)", "席",
     [380, 380, 380, 380, 380]),
    ("CLEAR", "研究セキュリティ審査済み・クリアランス保有の研究者", "Screened or security-cleared researchers", "人",
     [350, 350, 350, 350, 350]),
]
# 標準-level use per active year [J]; other levels use in proportion to their cost.
# Hypersonic programs use the new wind tunnel (TB-WIND, a prerequisite), not the existing facilities.
TEST_USE = {"AERO-ENG": 4, "AERO-UAV": 4, "SHIP-DX": 4, "AI-ROBO": 4, "LG-DRONE": 4, "SSF-LNCH": 4, "K-AUV": 4,
            "K-DUAV": 4, "OC-UUV": 4, "K-VTOL": 4}
# Sensitive dual-use work needs secure seats in the years it runs.
SECURE_USE = {"AI-BT": 80, "MAT-BRG": 80, "AI-DEF": 40, "AERO-HYP": 40, "SP-SDA": 40, "QT-SENS": 40, "SEMI-TJP": 40,
              "DG-ACD": 40, "K-CYBER": 40, "INST": 40, "SP-CJP": 40, "OC-UUV": 40, "K-HYP": 40, "K-SEA": 40}
# International joint research under research-security rules needs screened or cleared researchers: half
# of its researchers (its average yearly cost ÷ 0.3079) [J].
CLEARED_SHARE = 0.5
CLEAR_USERS = ("INTL", "EXCH")
# Capacity created by programs [J]: (capacity, gain at 標準, lag in years after the start); other levels
# create in proportion to their cost. Talent: a trained or invited researcher costs about 0.12 億円 a
# year (stipend, training, relocation), so HR-AI's 40 億円/yr brings about 330 researchers into the pool
# from its third year (a two-year pipeline), HR-QT's 25 億円/yr about 210; exchanges with partners bring
# researchers back in a year. Research security: the secure bases build cleared seats in a year; the
# screening program and ATLA cross-appointments add screened or cleared researchers in a year.
TRAINING_COST = 0.12                   # 億円 per researcher brought into the pool per year [J]
CAPACITY_GAINS = {
    "HR-AI": [("FTE-AI", round(40 / TRAINING_COST), 2)],
    "HR-QT": [("FTE-QT", round(25 / TRAINING_COST), 2)],
    "EX-INTL": [("FTE-AI", 40, 1), ("FTE-QT", 30, 1)],
    "EX-ATLA": [("CLEAR", 60, 1)],
    "RS-SCREEN": [("CLEAR", 300, 1)],
    "SEC-NL": [("SECURE", 160, 1)],
    "SEC-UNIV": [("SECURE", 120, 1)],
    "START-SEC": [("SECURE", 40, 1)],
}

# =============================================================================================
# Budget: the cap on spending from the civil ministries' annual budgets per year (MOD's research money
# is set apart, on top of it). FY2025's civil R&D strengthening the defence posture, 3,649 [S6], grown
# at the rate of the S&T promotion expenses FY2025→26, 14,378 / 14,221 = +1.1 %/yr [S4]. The civil
# programs ask far more, so the budget binds (calibration() below, models/README.md).
# previous_year: the 3,649 itself (civil, like the budget).
# =============================================================================================
BUDGET_PREVIOUS = 3649                               # FY2025 [S6]
SCIENCE_GROWTH = 14378 / 14221                       # 科学技術振興費 FY2026 / FY2025 [S4]
BUDGET = [round(BUDGET_PREVIOUS * SCIENCE_GROWTH ** (y - 2025)) for y in YEARS]
# spend_floor: the civil ministries spend at least FY2025's 3,649 [S6] in every year. The
# recommendations ask that MOD's research money (and every other ministry's) add to the civil effort,
# not displace it (issue 18): without the floor, more MOD money lets the civil spend fall (the
# scenarios mod_budget_up and strict_research_security did, to about 3,600 in FY2026). A scenario may
# move or remove it (budget: {spend_floor: ...}).
SPEND_FLOOR = BUDGET_PREVIOUS                        # FY2025 civil level [S6], every year

# =============================================================================================
# Stage gates (issue #21) [J]: every gate, probability and follow-on option is illustrative (例示).
# They go in models/default_gated.xlsx only (the embedded default has no gates: benchmarks/RESULTS.md,
# "#21 stage gates", says why). Gate years follow the instruments' mid-term evaluations: K Program and
# Moonshot projects are evaluated around their third year, SBIR Phase 3 at the end of its demonstration
# phase [J]; a follow-on phase starts the year after its gate.
# =============================================================================================
GATED_OUT = ROOT / "models" / "default_gated.xlsx"
# outcome id, 名称, English
SUCCESS, PARTIAL = ("成功", "成功", "success"), ("不調", "不調", "setback")
# program, gate year, P(成功), options after 成功 and after 不調: (option id, cost factor, value factor),
# where cost = factor × the program's 標準 yearly cost in each follow-on year (two years) and the score
# of each criterion = factor × the program's 標準 score; stopping is always possible.
GATES = [
    ("K-BIO", 2028, 0.6, (("拡充", 1.5, 0.75), ("継続", 1.0, 0.55)), (("転換", 0.5, 0.12),),
     "Kプログラムの研究開発構想：3年目のステージゲート評価（例示）"),
    ("QT-COMP", 2028, 0.4, (("拡充", 1.3, 0.7), ("継続", 1.0, 0.5)), (("転換", 0.4, 0.1),),
     "誤り耐性の閾値到達を3年目に判定（ムーンショット型の評価、例示）"),
    ("K-HYP", 2029, 0.5, (("拡充", 1.5, 0.7), ("継続", 1.0, 0.5)), (("転換", 0.5, 0.12),),
     "Kプログラム：推進要素技術の地上燃焼試験後のステージゲート（例示）"),
    ("AERO-UAV", 2028, 0.6, (("拡充", 1.5, 0.8), ("継続", 1.0, 0.55)), (("転換", 0.5, 0.15),),
     "SBIRフェーズ3：実証段階終了時のステージゲート（例示）"),
]
FOLLOW_YEARS = 2


def gate_rows(gates=GATES) -> tuple[list[dict], list[dict]]:
    """The Gates and GateOptions rows of `gates` (each option's cost and scores from the program's 標準 level)."""
    by_id = {p["id"]: p for p in PROGRAMS}
    g_rows, o_rows = [], []
    for pid, year, p_success, after_success, after_setback, note in gates:
        std = next(r for r in level_rows(by_id[pid]) if r["level"] == "標準")
        annual = max(by_id[pid]["cost"])
        for (oid, ja, en), prob, options in ((SUCCESS, p_success, after_success),
                                             (PARTIAL, round(1 - p_success, 6), after_setback)):
            g_rows.append({"program": pid, "gate_year": year, "outcome": oid, "probability": prob,
                           "name_ja": ja + "（例示）", "name_en": en + " (illustrative)"})
            for option, cf, vf in options:
                o_rows.append({"program": pid, "outcome": oid, "option": option,
                               **{f"y{k}": round(annual * cf, 1) for k in range(1, FOLLOW_YEARS + 1)},
                               **{c: round(std[c] * vf, 2) for c in CRIT_IDS}})
        assert note
    return g_rows, o_rows


def gated_content(gates=GATES) -> dict:
    """The default model's content with `gates` (Gates and GateOptions sheets)."""
    out = content()
    out["Gates"], out["GateOptions"] = gate_rows(gates)
    return out


# =============================================================================================
# In-workbook scenarios (Scenarios sheet); the YAML files in scenarios/ hold the main ones.
# =============================================================================================
SCENARIO_ROWS = [
    # scenario, setting, target, value, description
    ("sheet_budget_minus_10", "budget_scale", "", 0.9, "総予算10%減（シート上のシナリオの例）"),
    ("k_fund_x2", "envelope_scale", "KPF", 2.0, "Kプログラム基金の積立額を2倍"),
    ("mod_fy2027_plus", "envelope", "MOD@FY2027", 1200, "防衛省のFY2027の枠を1,200億円に"),
    ("quantum_floor", "floor", "QT", 1100, "量子領域の下限を1,100億円に引上げ"),
    ("quantum_floor", "lock", "QT-COMP", "標準,2026", "誤り耐性型量子コンピュータを標準・FY2026開始に固定"),
    ("no_tail", "allow_tail", "", "FALSE", "後年度負担を認めない（FY2030までに終わらない事業は採択不可）"),
    # The policy levers' scenarios, the same as the YAML files of the same name in scenarios/ (a test
    # checks that both forms give the same overrides).
    ("mod_budget_up", "envelope_scale", "MOD", 1.5,
     "防衛省の研究資金1.5倍（民生の総予算は据え置き）— 推進制度の充実と防衛省主管事業"),
    ("no_partner_money", "envelope_scale", "ALLY-US", 0, "同志国からの共同研究資金なし（マッチング資金の年度上限を0に）"),
    ("no_partner_money", "envelope_scale", "ALLY-EU", 0, ""),
    *(("talent_first", "lock", pid, "拡充,2026", "人材先行（育成・招へい・交流の事業を全て拡充でFY2026から）" if k == 0 else "")
      for k, pid in enumerate(("HR-AI", "HR-QT", "SEMI-HR", "EX-INTL", "EX-ATLA"))),
    ("strict_research_security", "capacity_scale", "SECURE", 0.6, "研究セキュリティ厳格化（既存のセキュア席6割・審査済み研究者5割のみ基準適合）"),
    ("strict_research_security", "capacity_scale", "CLEAR", 0.5, ""),
    ("private_leverage_floor", "private_investment_floor", "", 12000, "民間投資誘発額の下限12,000億円（5年間、基準解の約1割増）"),
]


# =============================================================================================
# Building the rows
# =============================================================================================
def level_rows(p: dict) -> list[dict]:
    std_life = sum(p["cost"])
    size = (std_life / SIZE_REF) ** SIZE_EXP
    rows = []
    for lid, cf, bf in p["levels"]:
        row = {"program": p["id"], "level": lid}
        for k, c in enumerate(p["cost"], start=1):
            row[f"y{k}"] = round(c * cf, 1)
        for cid, r in zip(CRIT_IDS, p["ratings"]):
            f = size * bf
            row[cid] = round(r * f, 2)
            row[f"{cid}_low"] = round(max(r - RANGE, 0) * f, 2)
            row[f"{cid}_high"] = round(min(r + RANGE, 100) * f, 2)
        rows.append(row)
    return rows


def eligibility_rows() -> list[dict]:
    rows = []
    for src, rules in MANDATES.items():
        for target, share in rules.items():
            if target == "all":
                rows.append({"source": src, "target_type": "all", "max_share": share})
            else:
                rows.append({"source": src, "target_type": "domain", "target": target, "max_share": share})
    for inst, rules in INSTRUMENT_RULES.items():
        for src, share in rules.items():
            rows.append({"source": src, "target_type": "instrument", "target": inst, "max_share": share})
    for p in PROGRAMS:             # the lead pays its own R&D programs in full
        if p["instrument"] == "RD":
            rows.append({"source": p["lead"], "target_type": "program", "target": p["id"], "max_share": 1.0})
    for pid, rules in PROGRAM_RULES.items():
        for src, share in rules.items():
            rows.append({"source": src, "target_type": "program", "target": pid, "max_share": share})
    return rows


def check_references() -> None:
    """Every id the tables name is a program of the model."""
    ids = {p["id"] for p in PROGRAMS}
    named = set(TEST_USE) | set(SECURE_USE) | set(PROGRAM_RULES)
    for d in DEPENDENCIES:
        named |= {d.get("program"), d.get("target"), *d.get("members", ())} - {None}
    missing = named - ids
    if missing:
        raise SystemExit(f"unknown program ids in the tables: {sorted(missing)}")


def check_eligibility(rules_rows: list[dict]) -> None:
    """Every program payable in full, by its lead ministry among others unless it is fund-only."""
    rules = [EligibilityRule(source=r["source"], target_type=r["target_type"], target=r.get("target", ""),
                             max_share=r["max_share"]) for r in rules_rows]
    problems = []
    for p in PROGRAMS:
        shares = resolve_shares(p, rules)
        if sum(shares.values()) < 1 - 1e-9:
            problems.append(f"{p['id']}: eligible shares {shares} sum below 1")
        if p["instrument"] not in ("KPROG", "SSF") and p["lead"] not in shares:
            problems.append(f"{p['id']}: lead {p['lead']} cannot pay ({shares})")
    if problems:
        raise SystemExit("eligibility check failed:\n  " + "\n  ".join(problems))


def calibration() -> dict:
    """Total ask vs money available, the ratio models/README.md quotes.

    ask: every candidate at its 標準 level, started at its earliest start, cost inside FY2026–30.
    available: the civil total budget + MOD's research money (set apart) + fund deposits + partners'
    caps over FY2026–30, counting a fund or a partner only up to what the programs it may pay can take
    (a partner with ratio r at most r/(1+r) of a joint program, both partners together 60 %).
    """
    def in_horizon(p):
        e = FIRST if p.get("ongoing") else p["earliest_start"]
        return sum(c for k, c in enumerate(p["cost"]) if e + k <= LAST)

    ask = sum(in_horizon(p) for p in PROGRAMS)
    by_inst = {}
    for p in PROGRAMS:
        by_inst[p["instrument"]] = by_inst.get(p["instrument"], 0) + in_horizon(p)
    env = {s[0]: sum(s[4]) for s in FUNDING_SOURCES}
    kpf = min(env["KPF"], by_inst.get("KPROG", 0))
    ssf = min(env["SSF"], by_inst.get("SSF", 0))
    joint = by_inst.get("INTL", 0) + sum(in_horizon(p) for p in PROGRAMS if p["id"] in PROGRAM_RULES)
    partners = min(sum(env[p] for p in PARTNERS), 0.6 * joint)
    budget, mod = sum(BUDGET), env["MOD"]
    available = budget + mod + kpf + ssf + partners
    return dict(ask=round(ask, 1), budget=budget, mod=mod, kpf=kpf, ssf=ssf, partners=round(partners, 1),
                available=round(available, 1), ratio=round(available / ask, 3),
                kprog_ask=round(by_inst.get("KPROG", 0), 1), ssf_ask=round(by_inst.get("SSF", 0), 1),
                envelopes_civil=sum(env[m] for m in CIVIL))


def capacity_rows() -> tuple[list[dict], list[dict]]:
    """CapacityUse and CapacityGain rows: each level uses and creates in proportion to its cost."""
    uses, gains = [], []
    for p in PROGRAMS:
        avg = sum(p["cost"]) / len(p["cost"])
        if p["domain"] in FIELD_SPEND and PERSONNEL_SHARE.get(p["instrument"], 1.0) > 0:
            share = PERSONNEL_SHARE.get(p["instrument"], 1.0)
            for lid, cf, _ in p["levels"]:
                uses.append({"program": p["id"], "level": lid, "capacity": f"FTE-{p['domain']}",
                             "use": round(avg * cf * share / YEN_PER_RESEARCHER)})
        for cap, table in (("TEST", TEST_USE), ("SECURE", SECURE_USE)):
            if p["id"] in table:
                for lid, cf, _ in p["levels"]:
                    uses.append({"program": p["id"], "level": lid, "capacity": cap, "use": round(table[p["id"]] * cf, 1)})
        if p["instrument"] in CLEAR_USERS:
            for lid, cf, _ in p["levels"]:
                uses.append({"program": p["id"], "level": lid, "capacity": "CLEAR",
                             "use": round(avg * cf * CLEARED_SHARE / YEN_PER_RESEARCHER)})
        for cap, gain, lag in CAPACITY_GAINS.get(p["id"], ()):
            for lid, cf, _ in p["levels"]:
                gains.append({"program": p["id"], "level": lid, "capacity": cap, "gain": round(gain * cf), "lag": lag})
    return uses, gains


def content() -> dict:
    programs = []
    for p in PROGRAMS:
        row = {k: p[k] for k in ("id", "name_ja", "name_en", "domain", "instrument", "lead", "earliest_start",
                                 "latest_start", "duration", "private_leverage")}
        for k in ("mandatory", "ongoing", "previous_year", "note"):
            if k in p:
                row[k] = p[k]
        if p.get("mandatory") or p.get("ongoing"):
            row.setdefault("mandatory", bool(p.get("mandatory")))
        programs.append(row)
    uses, gains = capacity_rows()
    capacities = [{"id": f"FTE-{d}", "name_ja": FTE_NAMES[d][0], "name_en": FTE_NAMES[d][1], "unit": "人年",
                   **fy(fte_capacity(d))} for d in FIELD_SPEND]
    capacities += [{"id": i, "name_ja": j, "name_en": e, "unit": u, **fy(v)} for i, j, e, u, v in OTHER_CAPACITIES]
    deps = []
    for d in DEPENDENCIES:
        row = dict(d)
        if "members" in row:
            row["members"] = ", ".join(row["members"])
        deps.append(row)
    return {
        "Settings": SETTINGS,
        "Budget": [{"fiscal_year": y, "total_budget": b, "previous_year": BUDGET_PREVIOUS if y == FIRST else None,
                    "spend_floor": SPEND_FLOOR} for y, b in zip(YEARS, BUDGET)],
        "Criteria": [{"id": i, "name_ja": j, "name_en": e, "weight": w, "weight_low": lo, "weight_high": hi,
                      "rank": r} for i, j, e, w, lo, hi, r in CRITERIA],
        "Domains": [{"id": i, "name_ja": j, "name_en": e, "group": g, **lim} for i, j, e, g, lim in DOMAINS],
        "FundingSources": [{"id": i, "name_ja": j, "name_en": e, "kind": k, **fy(env), "previous_year": prev, **more}
                           for i, j, e, k, env, prev, more in FUNDING_SOURCES],
        "Eligibility": eligibility_rows(),
        "Programs": programs,
        "FundingLevels": [row for p in PROGRAMS for row in level_rows(p)],
        "Capacities": capacities,
        "CapacityUse": uses,
        "CapacityGain": gains,
        "Dependencies": deps,
        "Scenarios": [{"scenario": s, "setting": k, "target": t, "value": v, "description": d}
                      for s, k, t, v, d in SCENARIO_ROWS],
    }


# =============================================================================================
# Free-form sheets: Sources (出典), score basis, FTE derivation, instruments
# =============================================================================================
def sources_sheet(cal: dict) -> tuple[str, list[str], list[list]]:
    header = ["区分 / status", "対象（シート・項目） / what", "数値 / figure", "出典タグ / tag", "出典 / source (URL)",
              "備考 / note"]
    src = lambda tag: SOURCES[tag][1]  # noqa: E731
    rows = [
        ["出典", "技術領域（16領域・区分）", "国家戦略6＋新興・基盤10", "S2", src("S2"), "Domains シート"],
        ["出典", "第7期基本計画の柱（科学技術と安全保障の有機的連携）", "", "S1", src("S1"), "モデルの枠組み"],
        ["出典", "評価基準（自律性・不可欠性・抑止力）、重要技術戦略研究所 FY2026 発足、Kプログラム強化、各施策",
         "", "S17", src("S17"), "Criteria・Programs シート"],
        ["出典（要確認）", "府省別 FY2025 前年度額（FundingSources.previous_year）",
         "文科1,707・経産765・内閣府477・厚労245・総務200（億円）", "S6", src("S6"),
         "総合的な防衛体制の強化に資する研究開発（FY2025）"],
        ["出典（要確認）", "総予算の前年度額（Budget.previous_year）", "3,649 億円", "S6", src("S6"),
         "民生側（総予算も民生7府省の年度予算。防衛省の研究資金は総予算外）"],
        ["出典（要確認）", "最低執行額（Budget.spend_floor）", f"{SPEND_FLOOR:,} 億円/年（各年度）", "S6", src("S6"),
         "FY2025の民生水準。提言は防衛省の研究資金が民生の研究開発に上乗せされ、置き換えないことを求める"
         "（民生7府省の支出がこれを下回らない）"],
        ["出典＋例示", "府省の年度枠（FundingSources 年度列）", f"FY2025額×{HEADROOM}×{1 + GROWTH}^(年−2025)", "S6",
         src("S6"), f"{HEADROOM}（上積み余地）と{GROWTH:.0%}/年の伸びは例示。国交・農水は残差255億円を155/100に按分（例示）"],
        ["出典＋例示", "防衛省の研究資金（FundingSources MOD、総予算外）",
         f"{MOD_CONTRACTS_FY2026}×{1 + MOD_GROWTH}^(年−2026)＋既採択課題の継続分 {'/'.join(map(str, ANZEN_C_REMAINING))}"
         f"＝{'〜'.join(f'{v:,}' for v in (MOD_ENVELOPE[0], MOD_ENVELOPE[-1]))} 億円/年", "S7", src("S7"),
         "新規契約507億円（推進制度・ブレークスルー・橋渡し、FY2026）は出典。伸び率5%/年と継続分は例示。"
         "民生の総予算の外（in_total_budget＝FALSE）で、民生の研究開発に上乗せされる"],
        ["出典", "防衛省の研究開発費 FY2022", "2,911 億円", "S8", src("S8"), "参考（研究資金の規模の妥当性確認）"],
        ["出典", "防衛省予算 FY2026", "88,093 億円", "S7", src("S7"), "参考（枠の妥当性確認）"],
        ["出典（要確認）", "安全保障技術研究推進制度の前年度額（Programs.previous_year）", "約100 億円/年", "S7", src("S7"),
         "ANZEN"],
        ["出典", "ANZEN＋AI-BT＋MAT-BRG の標準規模", "100＋225＋180＝505 億円/年 ≈ 新規契約 507 億円（FY2026）", "S7",
         src("S7"), "3事業の配分は例示。ANZEN の標準は現状の約100億円、拡充（140）は提言の「充実」"],
        ["出典", "Kプログラム基金の総額・4分野", "5,000 億円；海洋・宇宙航空・領域横断サイバー・バイオ", "S9", src("S9"),
         "Kプログラム事業は基金のみから支出（Eligibility）"],
        ["例示", "Kプログラム基金の本モデルでの利用可能額（FundingSources KPF）", "FY2026 900、以後100/年",
         "S9", src("S9"), "5,000億円のうち未契約・未執行分と積み増しの想定"],
        ["出典", "Kプログラム継続事業の総額", "衛星約800・災害UAV≤60・AUV≤80・AIセキュリティ≤25・VTOL 50（FY2024–28）・HAPS 18（FY2025–28）",
         "S10", src("S10"), "残額（FY2026以降）は VTOL・HAPS を除き推計（例示）"],
        ["出典", "宇宙戦略基金", "約1兆円/10年；第1期3,000（総務240・文科1,500・経産1,260）", "S11", src("S11"), ""],
        ["例示", "宇宙戦略基金の本モデルでの利用可能額（FundingSources SSF）", "300 億円/年", "S11", src("S11"),
         "年約1,000億円の30%を安全保障関連テーマに充てる想定"],
        ["出典", "SBIR 支出目標", "約1,400 億円（FY2024）", "S12", src("S12"), "規模感の参考"],
        ["出典", "研究者1人当たり研究費", "3,079 万円（0.3079 億円）", "S13", src("S13"), "研究者FTE換算シート"],
        ["出典", "研究者数", "912,800 人", "S13", src("S13"), "参考"],
        ["出典", "分野別研究費 FY2022（全部門）", "AI 2,725・バイオ 3,850・量子 1,322（億円）", "S14", src("S14"),
         "研究者FTE換算シート"],
        ["出典", "半導体人材の必要数", "4.3万人/10年", "S15", src("S15"), "SEMI-HR の根拠"],
        ["出典", "科学技術振興費", "14,092（FY2024）・14,221（FY2025）・14,378（FY2026）", "S4", src("S4"),
         "伸び率の参考"],
        ["出典", "政府研究開発投資目標", "5年間で60兆円", "S3", src("S3"), "本モデルの総予算は約1割未満の部分集合"],
        ["出典", "特定重要技術20分野", "", "S16", src("S16"), "プログラム選定の参考"],
        ["出典", "防衛イノベーション科学技術研究所", "2024年10月発足", "S18", src("S18"), "AI-BT"],
        *judgement_rows(cal),
    ]
    return "出典", header, rows


def judgement_rows(cal: dict) -> list[list]:
    """Rows of the 出典 sheet for the judgement figures (例示), sourced in part or not at all."""
    src = lambda tag: SOURCES[tag][1]  # noqa: E731
    return [
        ["例示", "全プログラムのスコア（FundingLevels の基準列・_low/_high）", "評価点×規模係数×水準係数", "", "",
         "スコア算定根拠シート参照。計画担当者の評価に置き換えること"],
        ["例示", "評価基準の重み・重みの範囲・順位（Criteria）", "0.25/0.25/0.20/0.15/0.15", "", "", ""],
        ["例示", "各プログラムの年次経費・期間・開始年度（出典欄のないもの）", "", "", "",
         "上記の出典の総額・府省枠に整合する規模で設定"],
        ["例示", "価値曲線（水準の費用係数・便益係数）",
         "；".join(f"{name} " + "/".join(f"{lid}{cf}:{bf}" for lid, cf, bf in lv) for name, lv, _ in CURVES.values()),
         "", "", "プログラムごとの区分と理由はスコア算定根拠シート"],
        ["例示", "支出可能範囲（Eligibility）の割合", "", "", "", "各府省の所掌に沿った判断"],
        ["例示", "依存関係（前提・排他・最低選定数）", "", "S17", src("S17"), "AI系事業→ソブリンAI計算基盤 等"],
        ["例示", "能力制約：共用試験施設（千時間）・セキュア研究者席・審査済み／クリアランス保有研究者の容量と使用量",
         "TEST 28〜36；SECURE 380；CLEAR 350", "S17", src("S17"),
         "研究セキュリティは提言による。使用量は水準の費用に比例。国際共同研究は研究者の半数が審査済み・クリアランス保有"],
        ["出典＋例示", "能力制約：研究者FTE（AI・量子・バイオ）", "分野研究費÷0.3079×25%、自然増1%/年", "S13, S14",
         src("S13") + " ; " + src("S14"), "動員可能割合25%と自然増は例示。研究者FTE換算シート参照"],
        ["例示", "能力創出（CapacityGain）：人材育成・交流・セキュア拠点・研究セキュリティ体制",
         "; ".join(f"{pid} " + ", ".join(f"{cap}+{g}（{lag}年後）" for cap, g, lag in gains)
                   for pid, gains in CAPACITY_GAINS.items()), "", "",
         f"育成・招へい単価 {TRAINING_COST} 億円/人・年。水準の費用に比例。研究者FTE換算シート参照"],
        ["例示", "民間投資誘発係数（Programs.private_leverage、呼び水）", "0〜2.0 億円/億円", "", "",
         "基礎研究0、企業と組む産業化段階0.3〜2.0、スタートアップ支援約1。評価基準ではない"],
        ["出典（推計）", "K-VTOL・K-HAPS の前年度額", "10・4.5 億円", "S10", src("S10"), "総額を期間で均等割り"],
        ["例示", "領域の下限・クリティカルマス・上限割合（Domains）", "", "", "", ""],
        ["出典＋例示", "総予算（Budget）", f"{BUDGET[0]:,}〜{BUDGET[-1]:,} 億円/年（計 {sum(BUDGET):,}）", "S6, S4",
         src("S6") + " ; " + src("S4"),
         f"3,649×(14,378/14,221)^(年−2025)：民生7府省の年度予算の上限。要求総額 {cal['ask']:,.0f} に対し財源計 "
         f"{cal['available']:,.0f}（充足率 {cal['ratio']:.1%}、防衛省の研究資金・基金・同志国資金を含む）"],
        ["例示", "開始遅延割引率・後年度負担上限・許容ギャップ（Settings）", "0.03・1,500億円・0.1%", "", "",
         "models/README.md 参照"],
        ["例示", "同志国からの共同研究資金（ALLY-US・ALLY-EU、マッチング）",
         "；".join(f"{pid} 比率{ratio}・年上限{min(cap)}〜{max(cap)}" for pid, (_, _, ratio, cap) in PARTNERS.items()),
         "", "", "各年度・各共同研究で日本側（府省・基金）の支出額×比率まで。日本が支出しない事業には支出しない"],
        ["例示", "政策シナリオの数値（シナリオシート・scenarios/*.yaml）",
         "防衛省の研究資金×1.5；同志国資金0；人材事業を拡充・FY2026；セキュア席×0.6・審査済み研究者×0.5；"
         "民間投資誘発額の下限12,000億円", "", "", "政策の選択肢を示す例。下限12,000は基準解の誘発額の約1割増"],
    ]


def score_basis_sheet() -> tuple[str, list[str], list[list]]:
    header = ["プログラム / program", "名称", "標準の総事業費（億円）", "規模係数 (総事業費/100)^0.9",
              *[f"評価点:{c[1]} / rating {c[0]}" for c in CRITERIA], "価値曲線 / value curve",
              "水準（費用係数:便益係数）", "価値曲線の理由 / why", "民間投資誘発係数", "区分"]
    rows = []
    for p in PROGRAMS:
        life = sum(p["cost"])
        rows.append([p["id"], p["name_ja"], round(life, 1), round((life / SIZE_REF) ** SIZE_EXP, 4), *p["ratings"],
                     CURVES[p["curve"]][0], " / ".join(f"{lid} {cf}:{bf}" for lid, cf, bf in p["levels"]), p["why"],
                     p["private_leverage"], "例示"])
    rows.append([])
    rows.append(["算定式", "スコア＝評価点（0–100）×規模係数×価値曲線の便益係数。_low/_high は評価点±10。"
                 "全て例示（計画担当者の評価に置換）"])
    for name, levels, why in CURVES.values():
        rows.append(["価値曲線", name, " / ".join(f"{lid} {cf}:{bf}" for lid, cf, bf in levels), why])
    return "スコア算定根拠", header, rows


def fte_sheet() -> tuple[str, list[str], list[list]]:
    header = ["資源 / capacity", "分野研究費 FY2022（億円）[S14]", "研究者1人当たり研究費（億円）[S13]",
              "分野の研究者数（人）＝研究費÷1人当たり", "動員可能割合 [例示]", "FY2026 容量（人年）", "伸び率/年 [例示]"]
    rows = []
    for d, spend in FIELD_SPEND.items():
        n = spend / YEN_PER_RESEARCHER
        rows.append([f"FTE-{d}", spend, YEN_PER_RESEARCHER, round(n), MOBILISABLE, round(n * MOBILISABLE),
                     FTE_GROWTH[d]])
    rows.append([])
    rows.append(["使用量", "各水準の平均年額（億円）×人件費比率÷0.3079",
                 "人件費比率：研究開発1.0、計算基盤・試験基盤・セキュア拠点0.2（例示）"])
    ex = next(p for p in PROGRAMS if p["id"] == "AI-LLM")
    avg = sum(ex["cost"]) / len(ex["cost"])
    rows.append(["例", f"AI-LLM 標準：平均 {avg:.1f} 億円/年 ÷ {YEN_PER_RESEARCHER} ≈ {round(avg / YEN_PER_RESEARCHER)} 人年"])
    rows.append([])
    rows.append(["能力創出 [例示]", "プログラム", "資源", "標準の創出量", "開始からのラグ（年）", "根拠"])
    for pid, gains in CAPACITY_GAINS.items():
        for cap, g, lag in gains:
            why = (f"標準の年額÷育成・招へい単価 {TRAINING_COST} 億円/人" if pid.startswith("HR-") else "例示")
            rows.append(["", pid, cap, g, lag, why])
    return "研究者FTE換算", header, rows


def instruments_sheet() -> tuple[str, list[str], list[list]]:
    header = ["施策種別ID / instrument", "内容", "プログラム数"]
    counts = {}
    for p in PROGRAMS:
        counts[p["instrument"]] = counts.get(p["instrument"], 0) + 1
    return "施策種別", header, [[k, v, counts.get(k, 0)] for k, v in INSTRUMENTS.items()]


# =============================================================================================
# Every program fundable on its own
# =============================================================================================
UNLIMITED = 1e7        # 億円: more than any plan can spend


def without_money_limits(data):
    """The model with every money limit dropped: total budget, envelopes and fund deposits unlimited;
    no spend floor, no domain floor, ceiling or critical mass; no cap past the horizon; no floor on private
    co-investment. Start windows, dependencies (requires with their lags, excludes, group counts),
    eligibility shares, partners' match ratios and capacities (with what programs create) are kept."""
    from dataclasses import replace

    n = len(data.years)
    domains = tuple(replace(d, floor=None, ceiling=None, floor_share=None, ceiling_share=None, critical_mass=None)
                    for d in data.domains)
    settings = replace(data.settings, tail_cap=UNLIMITED if data.settings.allow_tail else None,
                       private_investment_floor=None)
    return replace(data, budget=(UNLIMITED,) * n, base_budget=(), spend_floor=(), domains=domains, settings=settings,
                   sources=tuple(replace(s, envelope=(UNLIMITED,) * n) for s in data.sources))


def check_fundable_alone(path=OUT) -> list[str]:
    """Programs that cannot be funded even when forced in with every money limit dropped (see
    without_money_limits): a start window that no prerequisite's start plus lag fits, capacity
    that no plan can provide, an exclusion with a mandatory program, … Empty when all can be."""
    from portfolio.api import load_model
    from portfolio.engine.session import Session
    from portfolio.engine.solver import SolveOptions

    data = without_money_limits(load_model(path))
    session = Session(data, SolveOptions(time_limit=60.0, mip_gap=1.0, threads=1, seed=0))
    problems = []
    for p in data.programs:
        if p.forbidden:
            continue
        with session.changed(force={p.id: "in"}):
            outcome = session.solve(mip_gap=1.0)       # any plan that funds it will do
        if not outcome.has_solution:
            problems.append(f"{p.id}: {outcome.status} when forced in without money limits")
    return problems


# =============================================================================================
# The figures models/README.md quotes, generated (tests/test_default_model.py checks they are current)
# =============================================================================================
README = ROOT / "models" / "README.md"
BEGIN = "<!-- BEGIN figures generated by models/build_default.py; tests/test_default_model.py checks them -->"
END = "<!-- END generated figures -->"


def _ids(ids) -> str:
    return ", ".join(f"{i} ({CURVES[CURVE_OF[i][0]][0]})" for i in ids) or "—"


def readme_figures(cal: dict, result) -> str:
    """The calibration and base-solve figures of models/README.md, as markdown: from calibration()
    and the base solve's result tables, never typed in by hand."""
    progs = result.programs
    funded = progs[progs["funded"]]
    levels = funded["level"].value_counts()
    lines = [
        "| money, FY2026–30 | 億円 |", "|---|---|",
        f"| **total ask**: every candidate at 標準, from its earliest start, cost inside the horizon | **{cal['ask']:,.0f}** |",
        f"| civil total budget (Budget sheet: the seven civil ministries' annual budgets) | {cal['budget']:,.0f} |",
        f"| MOD's research money, set apart from the civil total | {cal['mod']:,.0f} |",
        f"| K Program fund deposits (its projects ask {cal['kprog_ask']:,.0f}) | {cal['kpf']:,.0f} |",
        f"| Space Strategy Fund deposits (its projects ask {cal['ssf_ask']:,.0f}) | {cal['ssf']:,.0f} |",
        f"| partners' yearly caps, as far as their match can use them | {cal['partners']:,.0f} |",
        f"| **money available** | **{cal['available']:,.0f}** |",
        f"| **fundable ratio** = available ÷ ask | **{cal['ratio']:.1%}** |",
        f"| civil ministries' envelopes together (so the civil budget, not the envelopes, binds) | {cal['envelopes_civil']:,.0f} |",
        "",
        f"**Base solve** (`portfolio solve`): status {result.status}, gap {result.gap:.2%}. "
        f"**{len(funded)} of {len(progs)} programs funded ({len(funded) / len(progs):.1%})**: "
        f"{levels.get('拡充', 0)} at 拡充, {levels.get('標準', 0)} at 標準, {levels.get('縮小', 0)} at 縮小.",
        "",
        "| fiscal year | civil spend | civil budget | unused | vs FY2025's 3,649 | MOD (set apart) | funds | partners | all |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result.years.itertuples():
        lines.append(f"| FY{int(r.year)} | {r.annual_spend:,.1f} | {r.total_budget:,.0f} | {r.budget_slack:,.1f} | "
                     f"{r.annual_spend - BUDGET_PREVIOUS:+,.1f} | {r.outside_budget_spend:,.1f} | {r.fund_spend:,.1f} | "
                     f"{r.external_spend:,.1f} | {r.total_spend:,.1f} |")
    b = result.binding
    tight = b[b["tight"].astype(bool)]
    split = tight["split_only"].astype(bool) if "split_only" in tight else tight["tight"] & False

    def limit_list(rows) -> str:
        out = {}
        for r in rows.itertuples():
            name = r.family + (f" {r.key}" if r.key else "")
            out.setdefault(name, []).append(f"{int(r.year)}" if r.year == r.year else "")
        return "; ".join(f"{k} " + ", ".join(v) if any(v) else k for k, v in out.items()) or "—"

    lines += [
        "",
        f"* Not funded ({int((~progs['funded']).sum())}): {_ids(progs[~progs['funded']]['id'])}.",
        f"* At 拡充: {_ids(funded[funded['level'] == '拡充']['id'])}.",
        f"* At 縮小: {_ids(funded[funded['level'] == '縮小']['id'])}.",
        f"* Limits the plan depends on (at their limit, not by the payment split alone): {limit_list(tight[~split])}.",
        f"* At their limit by the payment split only: {limit_list(tight[split])}.",
        f"* Private co-investment attracted (呼び水): {result.private_investment:,.0f} 億円, "
        f"{result.leverage_ratio:.2f} per 億円 of the plan's cost.",
        f"* Committed past FY2030: {float(progs['tail_cost'].sum()):,.0f} 億円 (cap {SETTINGS['tail_cap']:,} 億円).",
    ]
    return "\n".join([BEGIN, *lines, END])


def readme_block(text: str) -> str:
    """The generated block of models/README.md as it stands (empty if it has none)."""
    if BEGIN not in text or END not in text:
        return ""
    return text[text.index(BEGIN):text.index(END) + len(END)]


def update_readme(cal: dict) -> None:
    from portfolio.api import load_model, solve

    result = solve(load_model(OUT))
    text = README.read_text(encoding="utf-8")
    old = readme_block(text)
    if not old:
        raise SystemExit(f"{README.relative_to(ROOT)} has no block between {BEGIN!r} and {END!r}")
    README.write_text(text.replace(old, readme_figures(cal, result)), encoding="utf-8")


def main() -> None:
    rules = eligibility_rows()
    check_references()
    check_eligibility(rules)
    cal = calibration()
    extra = [sources_sheet(cal), score_basis_sheet(), fte_sheet(), instruments_sheet()]
    write_input_workbook(OUT, content(), force=True, extra_sheets=extra)
    problems = check_fundable_alone(OUT)
    if problems:
        raise SystemExit("some programs can never be funded:\n  " + "\n  ".join(problems))
    shutil.copyfile(OUT, EMBEDDED)
    write_input_workbook(GATED_OUT, gated_content(), force=True, extra_sheets=extra)
    update_readme(cal)
    print(f"wrote {OUT.relative_to(ROOT)} and {EMBEDDED.relative_to(ROOT)}; every program is fundable on its own")
    print(f"wrote {GATED_OUT.relative_to(ROOT)}: the default model with {len(GATES)} illustrative stage gates")
    print(f"programs {len(PROGRAMS)}; calibration: {cal}")


if __name__ == "__main__":
    sys.exit(main())
