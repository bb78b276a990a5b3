"""Words of the output workbooks: the results workbook of one solve (``xlsx.results.*``), the
comparison workbook of ``portfolio compare`` (``xlsx.compare.*``) and what every workbook shares
(``xlsx.*``): titles, key/value labels, chart titles and sub-headings. Column headers and sheet names
stay beside the tables they head, as (Japanese, English) pairs."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- every workbook (portfolio.outputs.excel) ----------------------------------------------
    "xlsx.bool.yes": ("○", "yes"),
    # --- the results workbook: Summary sheet ---------------------------------------------------
    "xlsx.results.title": ("ポートフォリオ最適化 結果", "Portfolio optimisation result"),
    "xlsx.results.model": ("モデル", "Model"),
    "xlsx.results.scenario": ("シナリオ", "Scenario"),
    "xlsx.results.base_scenario": ("（基準）", "(base)"),
    "xlsx.results.scale": ("予算倍率", "Budget scale"),
    "xlsx.results.status": ("求解状況", "Status"),
    "xlsx.results.objective": ("目的関数値", "Objective"),
    "xlsx.results.bound": ("上界（最良限界）", "Bound"),
    "xlsx.results.gap": ("相対ギャップ", "Relative gap"),
    "xlsx.results.gap_target": ("許容ギャップ", "Gap target"),
    "xlsx.results.solve_seconds": ("求解時間（秒）", "Solve seconds"),
    "xlsx.results.budget_total": ("総予算（計画期間、億円）", "Total budget (horizon, 億円)"),
    "xlsx.results.spend_annual": ("支出（年度予算財源、億円）", "Spend from annual sources (億円)"),
    "xlsx.results.funded": ("採択プログラム数", "Funded programs"),
    "xlsx.results.private_investment": ("民間投資誘発額（呼び水、億円）", "Private co-investment attracted (億円)"),
    "xlsx.results.leverage_ratio": ("民間投資誘発率（経費1億円あたり）", "Private co-investment per 億円 of cost"),
    "xlsx.results.weights": ("重み", "Weights"),
    "xlsx.results.weights_note": ("重みは合計1に正規化しています", "weights are normalised to sum to 1"),
    "xlsx.results.why_infeasible": ("実行不能の理由", "Why infeasible"),
    "xlsx.results.contribution": ("評価基準ごとの寄与", "Contribution by criterion"),
    # --- the results workbook: charts -----------------------------------------------------------
    "xlsx.results.axis.year": ("年度", "Fiscal year"),
    "xlsx.results.chart.spend_by_year": ("年度別の支出と総予算（億円）", "Spend and total budget by year (億円)"),
    "xlsx.results.note.previous_programs": (
        "前年度額は全プログラムの前年度額（入力）の合計で、全プログラムに入力がある行にだけ示します"
        "（一部だけの合計は前年度の総額ではないため）。対前年度は初年度の事業費（財源を問わない）との差です。",
        "Previous year: the sum of every program's previous-year amount (from the workbook), shown only where all "
        "of them have one (a sum of some is not the previous year's total). Change: the first-year program cost, "
        "whoever pays, minus it."),
    "xlsx.results.note.previous_sources": (
        "前年度額は財源ごとに入力された額、対前年度は初年度にその財源から支出する額との差です"
        "（府省別シートの主管府省ベースとは基準が異なります）。",
        "Previous year: the source's own previous-year amount from the workbook. Change: what the source pays in "
        "the first year minus it (a different basis from the Ministries sheet, which counts the programs a "
        "ministry leads)."),
    "xlsx.results.note.year_change": (
        "対前年度：初年度は入力の前年度総予算との差（支出は要求額と前年度予算額の比較）、2年度目以降は前の年度との差。",
        "Change vs previous year: the first year against the workbook's previous-year total budget (for spend, a "
        "request against last year's budget); later years against the year before."),
    "xlsx.results.chart.domains": ("技術領域別の支出（計画期間、億円）", "Spend by domain over the horizon (億円)"),
    "xlsx.results.chart.sources": ("財源別・年度別の支出（億円）", "Spend by source and year (億円)"),
    "xlsx.results.chart.ministries": ("主管府省別・年度別の事業費（億円）", "Program cost by lead ministry and year (億円)"),
    # --- the results workbook: Run sheet --------------------------------------------------------
    "xlsx.results.run.title": ("実行情報", "Run details"),
    "xlsx.results.run.input_file": ("入力ファイル", "Input file"),
    "xlsx.results.run.model_name": ("モデル名", "Model name"),
    "xlsx.results.run.horizon": ("計画期間", "Horizon"),
    "xlsx.results.run.money_unit": ("金額単位（入力）", "Money unit (input)"),
    "xlsx.results.run.late_start": ("開始遅延割引率", "Late-start discount"),
    "xlsx.results.run.tail": ("後年度負担", "Commitments past horizon"),
    "xlsx.results.run.tail_allowed": ("許可 ≤ {cap:,.1f} 億円", "allowed ≤ {cap:,.1f} 億円"),
    "xlsx.results.run.tail_not_allowed": ("不許可", "not allowed"),
    "xlsx.results.run.time_limit": ("時間上限（秒）", "Time limit (s)"),
    "xlsx.results.run.threads": ("スレッド数", "Threads"),
    "xlsx.results.run.seed": ("乱数シード", "Seed"),
    "xlsx.results.run.solver_status": ("ソルバー状態", "Solver status"),
    "xlsx.results.run.run_at": ("実行日時", "Run at"),
    "xlsx.results.run.overrides": ("適用した上書き（シナリオ）", "Overrides applied (scenario)"),
    "xlsx.results.run.warnings": ("警告", "Warnings"),
    "xlsx.results.run.budget": ("総予算（入力）", "Total budget (input)"),
    # --- the comparison workbook (portfolio.outputs.compare_xlsx) -------------------------------
    "xlsx.compare.title": ("シナリオ比較", "Scenario comparison"),
    "xlsx.compare.baseline": ("基準", "Baseline"),
    "xlsx.compare.note": ("目的関数値は、重みの異なるシナリオどうしでは比較できないため、すべての案を基準シナリオの重み"
                          "（スコアは各案のもの）で再評価して並べています。各シナリオ自身の重みでの値は参考です。",
                          "Objectives under different weights are not comparable: every plan is rescored under the "
                          "baseline's weights (with its own scores). Each scenario's objective under its own weights "
                          "is shown for reference."),
    "xlsx.compare.weights.same": ("基準と同じ", "same as the baseline"),
    "xlsx.compare.weights.own": ("基準と異なる（自身の重みの値は比較不可）", "differ from the baseline (own objective not comparable)"),
    "xlsx.compare.chart.objective": ("目的関数値（基準の重みで再評価）", "Objective at the baseline's weights"),
    "xlsx.compare.contribution": ("評価基準ごとの寄与", "Contribution by criterion"),
    "xlsx.compare.chart.domains": ("技術領域別の支出（億円）", "Spend by domain (億円)"),
    "xlsx.compare.chart.sources": ("財源別の支出（億円）", "Spend by source (億円)"),
    "xlsx.compare.chart.ministries": ("主管府省別の事業費（億円）", "Program cost by lead ministry (億円)"),
    "xlsx.compare.chart.years": ("年度別の支出（億円）", "Spend by year (億円)"),
    # The kinds of change between the baseline and a scenario (portfolio.analysis.compare.KINDS).
    "xlsx.compare.kind.gained": ("追加採択", "gained"),
    "xlsx.compare.kind.lost": ("不採択に", "lost"),
    "xlsx.compare.kind.level_changed": ("水準変更", "level changed"),
    "xlsx.compare.kind.start_changed": ("開始年度変更", "start changed"),
    # --- ties: the Summary's line and the Frontier's column ---
    "xlsx.results.tie": ("同じ評価値の別解", "Plans of the same value"),
}
