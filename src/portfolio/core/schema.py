"""The input schema: one table describing every sheet and column of a model workbook.

This table is the single source of truth. The reader (:mod:`portfolio.inputs.reader`) uses it to find
headers and convert cells, validation messages quote its labels and expectations, the blank
template (:mod:`portfolio.inputs.template`) is written from it, and ``docs/input-reference.md`` is
generated from it (:func:`portfolio.inputs.docgen.input_reference`). Never describe a column anywhere
else.

Three kinds of column group repeat with the model's contents rather than being fixed:

* ``FY`` year series (one column per fiscal year of the horizon: ``FY2026``, ``2026``,
  ``2026年度`` or ``令和8年度``);
* program-year series (``y1``, ``y2``, … or ``1年目``, ``2年目``, …) for cost profiles;
* one score column per criterion (header = criterion id or its name), optionally with
  ``<criterion>_low`` / ``<criterion>_high`` bounds for sensitivity analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .i18n import t

#: The hidden sheet in which every results workbook carries its JSON payload (written by
#: :mod:`portfolio.outputs.excel`, read back by :mod:`portfolio.inputs.results_workbook`).
EMBED_SHEET = "_portfolio_json"

# Cell types. The reader converts each cell with the converter for its type.
ID = "id"            # short identifier; NFKC-normalised, trimmed, case kept
TEXT = "text"        # free text; trimmed, never width-normalised (Japanese punctuation is kept)
INT = "int"          # whole number
NUMBER = "number"    # real number
MONEY = "money"      # 億円 by default; converted from Settings.money_unit
SHARE = "share"      # fraction 0..1; "50%" (or "５０％") is read as 0.5; a value > 1 (e.g. 50 meant as percent) is refused
BOOL = "bool"        # TRUE/FALSE, 1/0, yes/no, はい/いいえ, ○/×
YEAR = "year"        # fiscal year, e.g. 2026, FY2026, 令和8年度
ENUM = "enum"        # one of `allowed` (an English id or its Japanese label)
IDLIST = "idlist"    # comma-separated ids (、 and ， also separate)
ANY = "any"          # a number stays a number, text is trimmed (scenario values)

# How many of each unit make 1 億円. Money is divided by it on reading (exact for whole amounts,
# where multiplying by 0.00001 gives 49000.00000000001 for 4,900,000,000 千円).
MONEY_UNITS = {"億円": 1, "百万円": 100, "千円": 100_000}

TYPE_LABELS = {
    ID: ("識別子 (ID)", "identifier"),
    TEXT: ("文字列", "text"),
    INT: ("整数", "whole number"),
    NUMBER: ("数値", "number"),
    MONEY: ("金額 (億円)", "money (億円)"),
    SHARE: ("割合 (0〜1)", "share (0 to 1)"),
    BOOL: ("真偽 (TRUE/FALSE)", "TRUE/FALSE"),
    YEAR: ("年度 (西暦)", "fiscal year"),
    ENUM: ("選択肢", "one of the listed values"),
    IDLIST: ("IDのカンマ区切り", "comma-separated ids"),
    ANY: ("数値または文字列", "number or text"),
}


@dataclass(frozen=True)
class Choice:
    """An allowed value of an ENUM column: its id, the Japanese label also accepted, and the label
    English outputs show (the id when not given)."""

    id: str
    ja: str
    en: str = ""

    def label(self, lang: str) -> str:
        return self.ja if lang == "ja" else (self.en or self.id)


@dataclass(frozen=True)
class Column:
    id: str
    ja: str
    en: str
    type: str
    desc_ja: str
    desc_en: str
    required: bool = False
    default: Any = None
    unit: str = ""
    allowed: tuple[Choice, ...] = ()
    ref: str = ""            # "Sheet.column" this value must exist in
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    aliases: tuple[str, ...] = ()

    def headers(self) -> tuple[str, ...]:
        """Every header spelling accepted for this column."""
        return (self.id, self.ja, self.en, *self.aliases)

    def expectation(self, lang: str) -> str:
        """What a valid value looks like, for error messages and the docs."""
        text = type_label(self.type, lang)
        if self.allowed:
            values = " / ".join(t("schema.choice", lang, id=c.id, ja=c.ja) for c in self.allowed)
            text = t("schema.expect.choices", lang, text=text, values=values)
        lo, hi = self.min, self.max
        if lo is not None or hi is not None:
            parts = []
            if lo is not None:
                parts.append(t("schema.expect.more_than" if self.min_exclusive else "schema.expect.at_least", lang,
                               n=_num(lo)))
            if hi is not None:
                parts.append(t("schema.expect.at_most", lang, n=_num(hi)))
            text = t("schema.expect.range", lang, text=text, range=t("schema.expect.and", lang).join(parts))
        if self.ref:
            sheet = SHEETS_BY_ID[self.ref.split(".")[0]]
            text = t("schema.expect.ref", lang, text=text, sheet_ja=sheet.ja, sheet_id=sheet.id)
        return text


def type_label(type_: str, lang: str) -> str:
    """What a cell of type `type_` holds, in words (:data:`TYPE_LABELS`)."""
    ja, en = TYPE_LABELS[type_]
    return ja if lang == "ja" else en


def at_least(text: str, n: str, lang: str) -> str:
    """An expectation `text` with a lower bound `n` (already formatted): 金額 (億円)、0以上 / money (億円), ≥ 0."""
    return t("schema.expect.range", lang, text=text, range=t("schema.expect.at_least", lang, n=n))


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class SeriesGroup:
    """A repeating column group whose headers depend on the model (years, program years, criteria)."""

    kind: str                 # "fiscal_year" | "program_year" | "criterion"
    ja: str
    en: str
    desc_ja: str
    desc_en: str
    type: str = NUMBER
    unit: str = ""
    required: bool = True     # every expected column of the group must be present
    min: float | None = 0.0
    max: float | None = None
    min_exclusive: bool = False
    allowed: tuple = ()


@dataclass(frozen=True)
class Sheet:
    id: str
    ja: str
    en: str
    desc_ja: str
    desc_en: str
    columns: tuple[Column, ...] = ()
    key: tuple[str, ...] = ()           # columns whose combination must be unique
    required: bool = True
    layout: str = "table"               # "table" or "keyvalue" (Settings)
    series: tuple[SeriesGroup, ...] = ()

    def column(self, cid: str) -> Column:
        for c in self.columns:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def label(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.id


def col(id, ja, en, type, desc_ja, desc_en, **kw) -> Column:
    return Column(id=id, ja=ja, en=en, type=type, desc_ja=desc_ja, desc_en=desc_en, **kw)


GROUPS = (Choice("national_strategic", "国家戦略技術領域", "national strategic"),
          Choice("emerging_foundational", "新興・基盤技術領域", "emerging/foundational"))
SOURCE_KINDS = (Choice("annual", "年度予算"), Choice("fund", "基金"), Choice("external", "外部資金"))
TARGET_TYPES = (Choice("program", "プログラム"), Choice("instrument", "施策種別"), Choice("domain", "技術領域"),
                Choice("all", "全て"))
DEPENDENCY_KINDS = (Choice("requires", "前提"), Choice("excludes", "排他"), Choice("at_least", "最低選定数"),
                    Choice("at_most", "最大選定数"))
MONEY_UNIT_CHOICES = tuple(Choice(u, u) for u in MONEY_UNITS)

# --------------------------------------------------------------------------------------------
# Settings: a key/value sheet. Each "column" below is one row of the Settings sheet.
# --------------------------------------------------------------------------------------------
SETTINGS = Sheet(
    "Settings", "設定", "Settings",
    "計画期間、金額単位、割引率、後年度負担、ソルバー設定、取扱区分。1行に1項目（項目・値）。",
    "Horizon, money unit, late-start discount, commitments past the horizon, solver settings and "
    "confidentiality marking. One item per row (key, value).",
    layout="keyvalue",
    columns=(
        col("model_name", "モデル名", "Model name", TEXT, "出力に表示するモデル名。", "Model name shown on outputs."),
        col("first_year", "開始年度", "First fiscal year", YEAR, "計画期間の最初の年度（西暦）。",
            "First fiscal year of the horizon.", required=True, min=1990, max=2100),
        col("last_year", "終了年度", "Last fiscal year", YEAR, "計画期間の最後の年度（西暦）。",
            "Last fiscal year of the horizon.", required=True, min=1990, max=2100),
        col("money_unit", "金額単位", "Money unit", ENUM,
            "ブック内の金額の単位。億円以外は読み込み時に億円へ換算する。",
            "Unit of every money cell in the workbook; converted to 億円 on reading.",
            default="億円", allowed=MONEY_UNIT_CHOICES),
        col("late_start_discount", "開始遅延割引率", "Late-start discount", SHARE,
            "開始が1年遅れるごとの価値の割引率 d。価値 ×(1−d)^(開始年度−開始年度初年)。",
            "Value discount d per year of later start: value × (1 − d)^(start − first year).",
            default=0.0, min=0, max=1, unit="/年"),
        col("allow_tail", "後年度負担を許可", "Allow commitments past horizon", BOOL,
            "計画期間を超えて続くプログラムを認めるか（後年度負担）。",
            "Whether a program may run past the horizon (後年度負担).", default=False),
        col("tail_cap", "後年度負担上限", "Cap on commitments past horizon", MONEY,
            "計画期間後に残る経費（後年度負担）の合計上限。後年度負担を許可する場合は必須。",
            "Cap on total costs committed past the horizon. Required when such commitments are allowed.",
            unit="億円", min=0),
        col("time_limit", "計算時間上限", "Solver time limit", NUMBER, "1回の求解の時間上限（秒）。",
            "Time limit per solve (seconds).", default=60.0, unit="秒", min=0, min_exclusive=True),
        col("mip_gap", "許容ギャップ", "Relative MIP gap", NUMBER,
            "求解を打ち切る相対ギャップ（例 0.001 = 0.1%）。", "Relative MIP gap at which a solve stops (0.001 = 0.1%).",
            default=1e-4, min=0, max=1),
        col("confidentiality", "取扱区分", "Confidentiality marking", TEXT,
            "全ての出力に表示する取扱区分（例：取扱注意）。", "Marking printed on every output (e.g. 取扱注意).", default=""),
        col("private_investment_floor", "民間投資誘発額の下限", "Floor on private co-investment", MONEY,
            "採択プログラムが誘発する民間投資（プログラムの民間投資誘発係数×計画期間内の経費）の計画期間合計の下限（任意）。",
            "Floor on the private co-investment the funded programs attract over the horizon (each program's "
            "private leverage × its cost inside the horizon), optional.", unit="億円", min=0),
    ),
)

BUDGET = Sheet(
    "Budget", "予算", "Budget",
    "年度ごとの総予算（年度予算の財源のうち総予算に計上するものの支出合計の上限）と、任意でその支出の下限（最低執行額）。"
    "計画期間の各年度に1行。",
    "Total budget per fiscal year: the cap on spending from `annual` funding sources (those not set apart with "
    "`in_total_budget` = FALSE), and optionally a floor on that spending (`spend_floor`). One row per year of the "
    "horizon.",
    key=("fiscal_year",),
    columns=(
        col("fiscal_year", "年度", "Fiscal year", YEAR, "年度（西暦、FY2026、令和8年度 などの表記可）。",
            "Fiscal year (2026, FY2026 and 令和8年度 are all accepted).", required=True, min=1990, max=2100),
        col("total_budget", "総予算", "Total budget", MONEY, "その年度の総予算。年度予算の財源からの支出の合計上限。",
            "Total budget that year: the cap on spending from annual sources.", required=True, unit="億円", min=0),
        col("previous_year", "前年度額", "Previous-year amount", MONEY, "対前年度比較用の前年度総額（任意）。",
            "Previous year's total, for 対前年度 comparisons (optional).", unit="億円", min=0),
        col("spend_floor", "最低執行額", "Spend floor", MONEY,
            "その年度に総予算に計上する年度予算の財源から最低限支出する額（任意、空欄は下限なし）。総予算以下。"
            "予算の倍率（--scale、予算ラダー）に比例して動く。",
            "The least that must be spent that year from the annual sources counted in the total budget "
            "(optional; empty: no floor). At most the total budget; it moves with the budget's scale "
            "(--scale, the budget ladder).", unit="億円", min=0),
    ),
)

CRITERIA = Sheet(
    "Criteria", "評価基準", "Criteria",
    "評価基準と重み。重みは合計1に正規化される。スコアは資金水準シートで基準ごとに与える。",
    "Criteria and weights. Weights are normalised to sum to 1. Scores are given per criterion on FundingLevels.",
    key=("id",),
    columns=(
        col("id", "ID", "ID", ID, "基準の識別子（資金水準シートの列見出しになる）。",
            "Criterion id (also the header of its score column on FundingLevels).", required=True),
        col("name_ja", "名称", "Name (Japanese)", TEXT, "基準名（日本語）。", "Criterion name in Japanese.", required=True),
        col("name_en", "英語名", "Name (English)", TEXT, "基準名（英語）。", "Criterion name in English."),
        col("weight", "重み", "Weight", NUMBER, "重み（0以上）。合計1に正規化される。",
            "Weight (≥ 0); normalised so the weights sum to 1.", required=True, min=0),
        col("weight_low", "重み下限", "Weight low", NUMBER, "感度分析で用いる重みの下限（任意、正規化前）。",
            "Lower end of the weight for sensitivity analysis (optional, before normalisation).", min=0),
        col("weight_high", "重み上限", "Weight high", NUMBER, "感度分析で用いる重みの上限（任意、正規化前）。",
            "Upper end of the weight for sensitivity analysis (optional, before normalisation).", min=0),
        col("rank", "重要度順位", "Rank", INT, "重要度の順位（1が最重要、任意）。感度分析で用いる。",
            "Importance rank (1 = most important; optional), used by sensitivity analysis.", min=1),
    ),
)

DOMAINS = Sheet(
    "Domains", "技術領域", "Domains",
    "技術領域。計画期間の支出合計に下限・上限（億円または総予算に対する割合）とクリティカルマスを設定できる。",
    "Technology domains, with optional floors and ceilings on horizon spend (億円 or share of the horizon's "
    "total budget) and a critical mass. Domain spend counts money from every kind of source.",
    key=("id",),
    columns=(
        col("id", "ID", "ID", ID, "領域の識別子。", "Domain id.", required=True),
        col("name_ja", "名称", "Name (Japanese)", TEXT, "領域名（日本語）。", "Domain name in Japanese.", required=True),
        col("name_en", "英語名", "Name (English)", TEXT, "領域名（英語）。", "Domain name in English."),
        col("group", "区分", "Group", ENUM, "国家戦略技術領域 または 新興・基盤技術領域。",
            "National strategic or emerging/foundational.", required=True, allowed=GROUPS),
        col("floor", "下限額", "Floor", MONEY, "計画期間の領域支出の下限（任意）。",
            "Floor on the domain's horizon spend (optional).", unit="億円", min=0),
        col("ceiling", "上限額", "Ceiling", MONEY, "計画期間の領域支出の上限（任意）。",
            "Ceiling on the domain's horizon spend (optional).", unit="億円", min=0),
        col("floor_share", "下限割合", "Floor share", SHARE, "計画期間総予算（倍率適用後）に対する下限割合（任意）。",
            "Floor as a share of the horizon's total budget after any scaling (optional).", min=0, max=1),
        col("ceiling_share", "上限割合", "Ceiling share", SHARE, "計画期間総予算（倍率適用後）に対する上限割合（任意）。",
            "Ceiling as a share of the horizon's total budget after any scaling (optional).", min=0, max=1),
        col("critical_mass", "クリティカルマス", "Critical mass", MONEY,
            "領域内のプログラムを1つでも採択するなら、領域支出をこの額以上にする（任意）。",
            "If any program in the domain is funded, the domain's horizon spend is at least this (optional).",
            unit="億円", min=0),
    ),
)

FUNDING_SOURCES = Sheet(
    "FundingSources", "財源", "Funding sources",
    "財源（府省の年度予算、基金、外部資金）と年度ごとの枠。基金は各年度の積立額で、累積支出は累積積立額を超えない。",
    "Funding sources (a ministry's annual budget, a fund, external co-funding) with an envelope per year. "
    "For a fund the envelope is the deposit each year; cumulative draws never exceed cumulative deposits.",
    key=("id",),
    columns=(
        col("id", "ID", "ID", ID, "財源の識別子。", "Funding source id.", required=True),
        col("name_ja", "名称", "Name (Japanese)", TEXT, "財源名（日本語）。", "Source name in Japanese.", required=True),
        col("name_en", "英語名", "Name (English)", TEXT, "財源名（英語）。", "Source name in English."),
        col("kind", "種別", "Kind", ENUM,
            "annual（年度予算：総予算に計上）、fund（基金：複数年の残高から支出）、external（外部資金：総予算外）。",
            "annual (counts toward the total budget), fund (multi-year balance), external (outside the total).",
            required=True, allowed=SOURCE_KINDS),
        col("previous_year", "前年度額", "Previous-year amount", MONEY, "対前年度比較用の前年度額（任意）。",
            "Previous year's amount, for 対前年度 comparisons (optional).", unit="億円", min=0),
        col("in_total_budget", "総予算に計上", "In the total budget", BOOL,
            "年度予算（annual）の支出を総予算に計上するか（既定 TRUE）。FALSE の府省予算は自らの年度枠だけで上限が決まり、"
            "総予算に上乗せされる（例：民生の総予算とは別枠の防衛省の研究資金）。annual 以外の財源は常に総予算外。",
            "Whether an annual source's spending counts toward the total budget (default TRUE). With FALSE the "
            "ministry's money is capped by its own envelope only and comes on top of the total budget (e.g. MOD's "
            "research money beside the civil budget). Other kinds never count.", default=True),
        col("match_ratio", "マッチング比率", "Match ratio", NUMBER,
            "external の財源のみ：相手国などの資金が、各年度・各プログラムで日本側（年度予算・基金）の支出額の何倍まで"
            "支出できるか（任意）。空欄なら比率の制約なし。日本側が支出しないプログラムには支出しない。",
            "external sources only: in each year and program, this source pays at most this ratio × what Japanese "
            "sources (annual and fund) pay that program that year, so nothing where Japan pays nothing (optional; "
            "empty: no ratio).", min=0),
    ),
    series=(SeriesGroup("fiscal_year", "年度枠", "Envelope per year",
                        "年度ごとの枠（基金は積立額）。計画期間の各年度に1列（FY2026、令和8年度 など）。",
                        "Envelope each year (deposit, for a fund). One column per fiscal year (FY2026, 令和8年度, …).",
                        type=MONEY, unit="億円"),),
)

ELIGIBILITY = Sheet(
    "Eligibility", "支出可能範囲", "Eligibility",
    "どの財源がどのプログラム・施策種別・技術領域に、年度経費の何割まで支出できるか。プログラム→施策種別→技術領域→全て"
    "の順に最も具体的な規則が適用される。規則に該当しないプログラムは主管府省のみが全額まで支出できる。",
    "Which source may fund which program, instrument or domain, and the largest share of a program's yearly "
    "cost it may pay. For each (program, source) pair the most specific rule naming that source applies: "
    "program, then instrument, then domain, then all. A program no rule matches is paid by its lead ministry only.",
    key=("source", "target_type", "target"),
    required=False,
    columns=(
        col("source", "財源", "Source", ID, "財源ID。", "Funding source id.", required=True, ref="FundingSources.id"),
        col("target_type", "対象種別", "Target type", ENUM, "program / instrument / domain / all。",
            "What the rule names.", required=True, allowed=TARGET_TYPES),
        col("target", "対象", "Target", ID, "対象のプログラムID・施策種別・領域ID（all の場合は空欄）。",
            "Program id, instrument or domain id (empty for all).", default=""),
        col("max_share", "上限割合", "Max share", SHARE, "年度経費に対する支出割合の上限（0で支出不可）。",
            "Largest share of the program's yearly cost this source may pay (0 forbids it).", default=1.0,
            min=0, max=1),
    ),
)

PROGRAMS = Sheet(
    "Programs", "プログラム", "Programs",
    "候補プログラム。開始年度の範囲、期間、必須・除外・継続の別、前年度額。",
    "Candidate programs: start window, duration, mandatory / forbidden / ongoing flags and previous-year amount.",
    key=("id",),
    columns=(
        col("id", "ID", "ID", ID, "プログラムの識別子。", "Program id.", required=True),
        col("name_ja", "名称", "Name (Japanese)", TEXT, "プログラム名（日本語）。", "Program name in Japanese.", required=True),
        col("name_en", "英語名", "Name (English)", TEXT, "プログラム名（英語）。", "Program name in English."),
        col("domain", "技術領域", "Domain", ID, "技術領域ID。", "Domain id.", required=True, ref="Domains.id"),
        col("instrument", "施策種別", "Instrument", ID, "施策種別（Kプログラム、SBIR など。支出可能範囲の規則で参照）。",
            "Instrument (K Program, SBIR, …), referred to by eligibility rules.", default=""),
        col("lead", "主管府省", "Lead ministry", ID, "主管府省（年度予算の財源ID）。",
            "Lead ministry: the id of an annual funding source.", required=True, ref="FundingSources.id"),
        col("earliest_start", "最早開始年度", "Earliest start", YEAR, "開始できる最も早い年度。",
            "Earliest fiscal year the program may start.", required=True, min=1990, max=2100),
        col("latest_start", "最遅開始年度", "Latest start", YEAR, "開始できる最も遅い年度（空欄は最早開始年度と同じ）。",
            "Latest fiscal year the program may start (empty: same as earliest).", min=1990, max=2100),
        col("duration", "期間", "Duration", INT,
            "実施年数。継続プログラムは計画期間の開始年度から数えた残りの年数（資金水準の y1 が開始年度の経費）。",
            "Duration in years. For an ongoing program: the years remaining, counted from the first year of the "
            "horizon (its y1 cost is the first year's).", required=True, unit="年", min=1, max=50),
        col("mandatory", "必須", "Mandatory", BOOL, "必ず採択する。", "Must be funded.", default=False),
        col("forbidden", "除外", "Forbidden", BOOL, "採択しない。", "Must not be funded.", default=False),
        col("ongoing", "継続", "Ongoing", BOOL,
            "計画期間前に開始済み（継続）。期間と資金水準の経費は計画期間の開始年度からの残りの年数・経費で、必ず採択される。",
            "Started before the horizon (継続). Its duration and cost profile are what remains from the first year "
            "of the horizon; it is always funded.", default=False),
        col("previous_year", "前年度額", "Previous-year amount", MONEY, "対前年度比較用の前年度予算額（任意）。",
            "Previous year's allocation, for 対前年度 comparisons (optional).", unit="億円", min=0),
        col("private_leverage", "民間投資誘発係数", "Private leverage", NUMBER,
            "公的資金1億円あたりに誘発される民間投資（億円、呼び水効果）。評価基準ではなく、設定の民間投資誘発額の下限と"
            "結果の集計に使う（既定0）。",
            "Private co-investment attracted per 億円 of the program's (public) cost, in 億円 (呼び水). Not a "
            "criterion: it counts toward the floor on private co-investment in Settings (default 0).",
            default=0.0, min=0, unit="億円/億円"),
        col("note", "備考", "Note", TEXT, "備考（計算には使わない）。", "Note (not used in the calculation)."),
    ),
)

FUNDING_LEVELS = Sheet(
    "FundingLevels", "資金水準", "Funding levels",
    "プログラムごとの資金水準（縮小・標準・拡充など）。プログラム年次ごとの経費と基準ごとのスコア。",
    "Funding levels per program (e.g. 縮小 / 標準 / 拡充): cost by program year and a score per criterion.",
    key=("program", "level"),
    columns=(
        col("program", "プログラム", "Program", ID, "プログラムID。", "Program id.", required=True, ref="Programs.id"),
        col("level", "水準", "Level", ID, "水準の識別子（例：縮小・標準・拡充）。", "Level id (e.g. 縮小 / 標準 / 拡充).",
            required=True),
    ),
    series=(
        SeriesGroup("program_year", "年次経費", "Cost by program year",
                    "プログラム開始からの年次ごとの経費（y1、y2 … または 1年目、2年目 …）。期間を超える年次は空欄か0。",
                    "Cost in each program year (y1, y2, … or 1年目, 2年目, …). Years beyond the duration are empty or 0.",
                    type=MONEY, unit="億円", required=False),
        SeriesGroup("criterion", "基準スコア", "Score per criterion",
                    "評価基準ごとのスコア（列見出しは基準IDまたは名称）。スコアはその水準全体の便益で、0以上の値をそのまま用いる"
                    "（例示モデルは0〜100）。<基準ID>_low / _high で不確実性の幅を与えられる。",
                    "Score per criterion (header: criterion id or name). A score is the benefit of the whole level, any "
                    "non-negative number, used as given (the example models use 0–100). <criterion>_low / _high give "
                    "an uncertainty range.",
                    type=NUMBER, unit="点"),
    ),
)

CAPACITIES = Sheet(
    "Capacities", "能力制約", "Capacities",
    "研究者FTE、共用試験施設、セキュアな研究拠点などの資源と年度ごとの容量。",
    "Resources such as researcher FTE, shared test facilities and secure research sites, with a capacity per year.",
    key=("id",),
    required=False,
    columns=(
        col("id", "ID", "ID", ID, "資源の識別子。", "Resource id.", required=True),
        col("name_ja", "名称", "Name (Japanese)", TEXT, "資源名（日本語）。", "Resource name in Japanese.", required=True),
        col("name_en", "英語名", "Name (English)", TEXT, "資源名（英語）。", "Resource name in English."),
        col("unit", "単位", "Unit", TEXT, "容量の単位（人年、施設 など）。", "Unit of capacity (FTE, facilities, …).", default=""),
    ),
    series=(SeriesGroup("fiscal_year", "年度容量", "Capacity per year",
                        "年度ごとの容量。計画期間の各年度に1列。", "Capacity each year. One column per fiscal year."),),
)

#: The key columns of a sheet with one row per (program, level, resource): CapacityUse, CapacityGain.
_PER_LEVEL_KEY = (
        col("program", "プログラム", "Program", ID, "プログラムID。", "Program id.", required=True, ref="Programs.id"),
        col("level", "水準", "Level", ID, "水準ID（空欄は全水準）。", "Level id (empty: every level).", default=""),
        col("capacity", "資源", "Resource", ID, "資源ID。", "Resource id.", required=True, ref="Capacities.id"),
)

CAPACITY_USE = Sheet(
    "CapacityUse", "資源使用量", "Capacity use",
    "資金水準ごとの資源使用量（実施中の各年度に同量を使用）。水準が空欄なら全水準に適用。",
    "Use of a resource by a funding level, the same in every year the program is active. An empty level means "
    "every level of the program.",
    key=("program", "level", "capacity"),
    required=False,
    columns=(
        *_PER_LEVEL_KEY,
        col("use", "使用量", "Use", NUMBER, "実施中の各年度の使用量。", "Use in each active year.", required=True, min=0),
    ),
)

CAPACITY_GAIN = Sheet(
    "CapacityGain", "能力創出", "Capacity gain",
    "プログラムが生み出す資源（人材育成による研究者FTE、セキュア拠点の研究者席など）。開始年度＋ラグの年度から、"
    "実施中もその後も計画期間の終わりまで毎年その量だけ容量が増える。水準が空欄なら全水準に適用。",
    "Capacity a program creates (researchers trained or brought in, secure research seats built, …): from its "
    "start year plus the lag, while it runs and after, to the end of the horizon, the resource's capacity is "
    "higher by this amount every year. An empty level means every level of the program.",
    key=("program", "level", "capacity"),
    required=False,
    columns=(
        *_PER_LEVEL_KEY,
        col("gain", "創出量", "Gain", NUMBER, "開始年度＋ラグ以降の各年度に増える容量。",
            "Capacity added in every year from the start plus the lag.", required=True, min=0),
        col("lag", "ラグ", "Lag", INT, "開始年度から容量が増え始めるまでの年数（既定0）。",
            "Years from the program's start until the capacity it creates is there (default 0).",
            default=0, min=0, unit="年"),
    ),
)

DEPENDENCIES = Sheet(
    "Dependencies", "依存関係", "Dependencies",
    "前提（requires：プログラムは対象の採択が前提で、対象の開始年度＋ラグ以降に開始）、排他（excludes：どちらか一方まで）、"
    "選定数（at_least / at_most：メンバーのうち k 件以上／以下）。",
    "requires: the program needs the target funded and starts no earlier than the target's start plus lag. "
    "excludes: at most one of the two. at_least / at_most: at least / at most k of the members are funded.",
    required=False,
    columns=(
        col("kind", "種別", "Kind", ENUM, "requires / excludes / at_least / at_most。", "Kind of dependency.",
            required=True, allowed=DEPENDENCY_KINDS),
        col("program", "プログラム", "Program", ID, "requires・excludes のプログラムID。", "Program id (requires, excludes).",
            default="", ref="Programs.id"),
        col("target", "対象", "Target", ID, "requires・excludes の相手のプログラムID。",
            "The other program's id (requires, excludes).", default="", ref="Programs.id"),
        col("members", "メンバー", "Members", IDLIST, "at_least・at_most のメンバー（プログラムIDのカンマ区切り）。",
            "Members of an at_least / at_most group (comma-separated program ids).", default=()),
        col("k", "件数", "k", INT, "at_least・at_most の件数 k。", "The k of at_least / at_most.", min=0),
        col("lag", "ラグ", "Lag", INT, "requires の開始年度の差の最小値（年、既定0）。",
            "requires: least number of years between the target's start and the program's start (default 0).",
            default=0, min=0, unit="年"),
    ),
)

GATES = Sheet(
    "Gates", "ステージゲート", "Stage gates",
    "プログラムのステージゲート：ゲート年度（その年度末に結果が判明する）と、起こりうる結果とその確率。1行に1つの結果。"
    "確率はプログラムごとに合計1（許容誤差 1e-6）。ゲート年度は計画期間内で、開始年度がいつでもプログラムの実施期間内"
    "（最遅開始年度以上、最早開始年度＋期間−1以下）、かつ計画期間の最終年度より前。同じグループのゲートは同じ結果を共有する"
    "（同じ年度・同じ結果・同じ確率）。グループが空欄のゲートは互いに独立。",
    "Stage gates on programs: the gate year (its outcome is known at the end of that year) and the possible "
    "outcomes with their probabilities, one outcome per row. Probabilities sum to 1 per program (tolerance 1e-6). "
    "The gate year lies in the horizon, before its last year, and within the program's run whatever its start "
    "(latest start ≤ gate year ≤ earliest start + duration − 1). Gates in the same group share one outcome "
    "(same year, outcomes and probabilities); gates without a group are independent of each other.",
    key=("program", "outcome"),
    required=False,
    columns=(
        col("program", "プログラム", "Program", ID, "ゲートのあるプログラムのID（第1段階）。",
            "Id of the gated program (phase 1).", required=True, ref="Programs.id"),
        col("gate_year", "ゲート年度", "Gate year", YEAR, "ゲートの年度。その年度末に結果が判明し、翌年度から後続段階を始められる。",
            "Gate year: the outcome is known at its end; a follow-on phase may start the next year.",
            required=True, min=1990, max=2100),
        col("outcome", "結果", "Outcome", ID, "結果の識別子（例：成功・部分的・不調）。",
            "Outcome id (e.g. 成功 / 部分的 / 不調).", required=True),
        col("probability", "確率", "Probability", SHARE, "その結果の確率。", "Probability of the outcome.",
            required=True, min=0, max=1),
        col("name_ja", "名称", "Name (Japanese)", TEXT, "結果の名称（日本語、任意）。", "Outcome name in Japanese (optional)."),
        col("name_en", "英語名", "Name (English)", TEXT, "結果の名称（英語、任意）。", "Outcome name in English (optional)."),
        col("group", "グループ", "Group", ID,
            "同じ結果を共有するゲートのグループ（任意）。空欄なら他のゲートと独立。",
            "Group of gates sharing one outcome (optional); empty: independent of every other gate.", default=""),
    ),
)

GATE_OPTIONS = Sheet(
    "GateOptions", "ゲート後の選択肢", "Gate options",
    "ゲートの結果ごとの後続段階の選択肢（継続・規模変更・方向転換など）。ゲート年度の翌年度に始まり、経費はその年からの"
    "年次ごと、スコアは基準ごと（資金水準シートと同じ）。水準を指定すると、その水準の資源使用量を引き継ぎ、経費またはスコアが"
    "空欄ならその水準の値を用いる。「中止」は常に選べる（行は不要）。",
    "Follow-on options per gate outcome (continue, rescale, pivot, …). A follow-on phase starts the year after "
    "the gate; its cost is given by program year from then and its score per criterion, as on FundingLevels. "
    "With a level named, the option uses that level's capacity use, and its cost or scores where those cells are "
    "empty. Stopping is always possible (no row needed).",
    key=("program", "outcome", "option"),
    required=False,
    columns=(
        col("program", "プログラム", "Program", ID, "ゲートのあるプログラムのID。", "Id of the gated program.",
            required=True, ref="Programs.id"),
        col("outcome", "結果", "Outcome", ID, "ゲートの結果ID（ステージゲートシート）。", "Outcome id (Gates sheet).",
            required=True),
        col("option", "選択肢", "Option", ID, "選択肢の識別子（例：継続・拡充・転換）。", "Option id (e.g. continue / scale / pivot).",
            required=True),
        col("level", "水準", "Level", ID, "引き継ぐ資金水準のID（任意）。", "A level of the program to take after (optional).",
            default=""),
    ),
    series=(
        SeriesGroup("program_year", "年次経費", "Cost by program year",
                    "後続段階の開始（ゲート年度の翌年度）からの年次ごとの経費（y1、y2 …）。",
                    "Cost in each year of the follow-on phase, from the year after the gate (y1, y2, …).",
                    type=MONEY, unit="億円", required=False),
        SeriesGroup("criterion", "基準スコア", "Score per criterion",
                    "評価基準ごとの後続段階のスコア（空欄は水準の値）。",
                    "Score of the follow-on phase per criterion (empty: the level's).", type=NUMBER, unit="点",
                    required=False),
    ),
)

SCENARIOS = Sheet(
    "Scenarios", "シナリオ", "Scenarios",
    "ブック内のシナリオ。1行に1つの上書き（シナリオ名・項目・対象・値）。YAMLのシナリオファイルと同じ項目を使う。",
    "Scenarios kept in the workbook: one override per row (scenario, setting, target, value), with the same "
    "settings as a YAML scenario file.",
    key=("scenario", "setting", "target"),
    required=False,
    columns=(
        col("scenario", "シナリオ", "Scenario", ID, "シナリオ名（--scenario で指定）。", "Scenario name (given to --scenario).",
            required=True),
        col("setting", "項目", "Setting", ID, "上書きする項目（docs/scenarios.md 参照）。",
            "Setting to override (see docs/scenarios.md).", required=True),
        col("target", "対象", "Target", ID, "対象のID（年度・財源・基準・領域・プログラムなど）。",
            "Id the setting applies to (year, source, criterion, domain, program, …).", default=""),
        col("value", "値", "Value", ANY, "値。", "Value.", default=""),
        col("description", "説明", "Description", TEXT, "シナリオの説明（任意）。", "Description (optional)."),
    ),
)

SHEETS: tuple[Sheet, ...] = (SETTINGS, BUDGET, CRITERIA, DOMAINS, FUNDING_SOURCES, ELIGIBILITY, PROGRAMS,
                             FUNDING_LEVELS, CAPACITIES, CAPACITY_USE, CAPACITY_GAIN, DEPENDENCIES, GATES, GATE_OPTIONS,
                             SCENARIOS)
SHEETS_BY_ID = {s.id: s for s in SHEETS}

# Header spellings of the series groups.
PROGRAM_YEAR_HEADER_FORMS = ("y{k}", "Y{k}", "cost_y{k}", "{k}年目", "{k}年次")
