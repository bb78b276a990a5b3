"""Words of the analysis workbooks: the sensitivity workbook (``xlsx.sens.*``, written by
:mod:`portfolio.outputs.sensitivity_xlsx`) and the budget-ladder workbook (``xlsx.ladder.*``, written by
:mod:`portfolio.outputs.sweep_xlsx`): sheet titles, title-block labels and values, notes, chart titles and
axis names, and the short phrases of their cells. Column headers and sheet names stay with the writers,
as (Japanese, English) pairs in their tables.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the sensitivity workbook: Summary ----------------------------------------------------------------------
    "xlsx.sens.title": ("感度分析", "Sensitivity analysis"),
    "xlsx.sens.model": ("モデル", "Model"),
    "xlsx.sens.scenario": ("シナリオ", "Scenario"),
    "xlsx.sens.base_scenario": ("（基準）", "(base)"),
    "xlsx.sens.scale": ("予算倍率", "Budget scale"),
    "xlsx.sens.objective": ("基準解の目的関数値", "Base objective"),
    "xlsx.sens.bound": ("基準解の上界", "Base bound"),
    "xlsx.sens.gap": ("基準解のギャップ", "Base gap"),
    "xlsx.sens.tight_gap": ("差分に用いる求解の許容ギャップ", "Gap of every solve a difference is taken from"),
    "xlsx.sens.solves": ("求解回数", "Solves"),
    "xlsx.sens.seconds": ("計算時間（秒）", "Seconds"),
    "xlsx.sens.weights": ("重み", "Weights"),
    "xlsx.sens.weights_shown": ("合計1に正規化して表示", "shown normalised to sum to 1"),
    "xlsx.sens.warning": ("警告", "Warning"),
    "xlsx.sens.base_portfolio": ("基準解の採択プログラム", "Base portfolio"),
    # Title-block labels more than one sheet uses.
    "xlsx.sens.method": ("方法", "Method"),
    "xlsx.sens.note": ("注記", "Note"),
    # -- a change of the portfolio at the end of a weight's stability interval (WeightStability) -------------------
    "xlsx.sens.flip.in": ("+{program}（{level}/{start}）", "+{program} ({level}/{start})"),
    "xlsx.sens.flip.out": ("−{program}", "−{program}"),
    "xlsx.sens.flip.change": ("{program}: {level_before}/{start_before}→{level}/{start}",
                              "{program}: {level_before}/{start_before}→{level}/{start}"),
    "xlsx.sens.flip.sep": ("、", ", "),
    # -- WeightStability ------------------------------------------------------------------------------------------
    "xlsx.sens.stability.grains": ("下限・上限は G3（採択・水準・開始年度がすべて同じ＝基準解が最適）の範囲。"
                                   "G2 は採択と水準が同じ、G1 は採択するプログラムが同じ範囲（求解した重みで確認）。",
                                   "Low and high are the G3 range (programs, levels and starts all the same: the base "
                                   "portfolio stays optimal). G2: the same programs at the same levels; G1: the same "
                                   "programs (checked at the weights solved)."),
    "xlsx.sens.stability.title": ("重みの安定区間とトルネード図", "Weight stability and tornado"),
    "xlsx.sens.stability.method": ("他の重みを比例配分で調整し、基準解（採択・水準・開始年度）が最適のままである区間を二分法で求めた",
                                   "other weights rescaled in proportion; the interval in which the base portfolio "
                                   "(program, level, start) stays optimal, found by bisection"),
    "xlsx.sens.stability.tolerance": ("許容誤差", "Tolerance"),
    "xlsx.sens.stability.tornado": ("トルネード", "Tornado"),
    "xlsx.sens.tornado.table": ("トルネード（目的関数値の変化）", "Tornado (change in the objective)"),
    "xlsx.sens.tornado.chart": ("トルネード図：重み ±{tornado:.0%} での目的関数値の変化",
                                "Tornado: change in the objective at ±{tornado:.0%} of each weight"),
    "xlsx.sens.tornado.axis": ("目的関数値の変化", "Change in the objective"),
    # -- CoreIndex ------------------------------------------------------------------------------------------------
    "xlsx.sens.core.title": ("コア指数（モンテカルロ）", "Core index (Monte Carlo)"),
    "xlsx.sens.core.draws": ("抽出回数", "Draws"),
    "xlsx.sens.core.seed": ("乱数シード", "Seed"),
    "xlsx.sens.core.weight_draws": ("重みの抽出", "Weight draws"),
    "xlsx.sens.core.concentration": ("集中度", "Concentration"),
    "xlsx.sens.core.scores": ("スコアの抽出", "Scores drawn"),
    "xlsx.sens.core.scores_drawn": ("下限〜上限の範囲で一様", "uniform within low–high"),
    "xlsx.sens.core.scores_fixed": ("なし", "no"),
    "xlsx.sens.core.thresholds": ("コア／外部の閾値", "Core / exterior thresholds"),
    "xlsx.sens.core.chart": ("コア指数", "Core index"),
    # How the weights were drawn, by the analysis's draw mode.
    "xlsx.sens.draws.dirichlet": ("ディリクレ分布（基準の重みが中心）", "Dirichlet around the base weights"),
    "xlsx.sens.draws.intervals": ("重みの区間内で一様", "uniform within the weight intervals"),
    "xlsx.sens.draws.ranks": ("重要度順位を満たす範囲で一様", "uniform over weights in the rank order"),
    # A program's class by its core index.
    "xlsx.sens.class.core": ("コア", "core"),
    "xlsx.sens.class.borderline": ("境界", "borderline"),
    "xlsx.sens.class.exterior": ("外部", "exterior"),
    # -- PriceOfChange --------------------------------------------------------------------------------------------
    "xlsx.sens.price.title": ("採択・除外を強制した場合の代償", "Price of inclusion and exclusion"),
    "xlsx.sens.price.method": ("基準解で不採択のものは採択を、採択のものは除外を強制して再求解した目的関数値の低下",
                               "the fall in the objective when an unfunded program is forced in, or a funded one "
                               "forced out"),
    "xlsx.sens.price.forced_in": ("採択を強制", "forced in"),
    "xlsx.sens.price.forced_out": ("除外を強制", "forced out"),
    # -- MarginalValues -------------------------------------------------------------------------------------------
    "xlsx.sens.mv.title": ("制約の限界価値（±Δの有限差分）", "Marginal values of limits (±Δ finite differences)"),
    "xlsx.sens.mv.delta": ("{delta:.0%}（制約値に対する割合。制約値が0の年は最大年度値に対する割合）",
                           "{delta:.0%} of the limit (of the largest year's value where the limit is 0)"),
    # -- Alternatives ---------------------------------------------------------------------------------------------
    "xlsx.sens.alt.title": ("最適に近い代替案", "Near-optimal alternatives"),
    "xlsx.sens.alt.within": ("許容範囲", "Within"),
    "xlsx.sens.alt.requested": ("件数", "Requested"),
    "xlsx.sens.alt.distance": ("距離", "Distance"),
    "xlsx.sens.alt.distance_rule": ("採否の違い1.5、水準・開始年度の違い1",
                                    "1.5 per program funded or dropped, 1 per level/start change"),
    "xlsx.sens.alt.by_program": ("プログラム別の比較（水準/開始年度）", "By program (level/start)"),

    # -- the budget-ladder workbook: Frontier ---------------------------------------------------------------------
    "xlsx.ladder.frontier.title": ("予算水準別の最適ポートフォリオ", "Optimal portfolio by budget level"),
    "xlsx.ladder.model": ("モデル", "Model"),
    "xlsx.ladder.scenario": ("シナリオ", "Scenario"),
    "xlsx.ladder.base_scenario": ("（基準）", "(base)"),
    "xlsx.ladder.steps": ("段数", "Steps"),
    "xlsx.ladder.workers": ("並列数", "Workers"),
    "xlsx.ladder.gap_target": ("許容ギャップ", "Gap target"),
    "xlsx.ladder.caution": ("注意", "Note"),
    "xlsx.ladder.non_monotone": ("予算増で目的関数値が下がった段（ギャップの範囲外）: {steps}",
                                 "objective fell with more budget beyond the gaps at: {steps}"),
    "xlsx.ladder.frontier.chart": ("予算と目的関数値（効率的フロンティア）", "Budget and objective (frontier)"),
    "xlsx.ladder.frontier.x_axis": ("総予算（億円）", "Total budget (億円)"),
    "xlsx.ladder.frontier.y_axis": ("目的関数値", "Objective"),
    # -- Ladder, EntryBudget, NonNested ---------------------------------------------------------------------------
    "xlsx.ladder.cells": ("セルは「水準@開始年度」。空欄は不採択。", "Cells show level@start year; blank = not funded."),
    "xlsx.ladder.none": ("なし", "none"),
    "xlsx.ladder.entry.never": ("どの段でも採択されない", "funded at no step"),
    "xlsx.ladder.entry.some": ("一部の段のみ採択（{steps}）、最上段では不採択",
                               "funded only at some steps ({steps}), not at the top step"),
    "xlsx.ladder.entry.from": ("{scale} 以上の全段で採択", "funded at {scale} and every step above"),
    "xlsx.ladder.swap.tie": ("同値：損失なしで入れ子にできる（入れ替えではない）",
                             "tie: the steps could be nested at no loss (not a swap)"),
    "xlsx.ladder.swap.within_gap": ("許容ギャップ内の差：入れ子にする損失が許容ギャップ以下（ギャップ由来の可能性）",
                                    "within the gap: nesting loses no more than the gap target allows (may be gap "
                                    "noise)"),
    "xlsx.ladder.swap.real": ("入れ替え（実際）：入れ子にすると許容ギャップを超えて損失",
                              "real swap: nesting loses more than the gap target"),
    "xlsx.ladder.swap.undecided": ("未確定：確認の再求解が時間上限で打ち切り（入れ替えとして表示）",
                                   "undecided: a check stopped at the time limit (shown as a swap)"),
    "xlsx.ladder.swap.checked": ("各行は、外れたプログラムを高い段で残して、低い段で外して解き直した結果です。"
                                 "どちらかで損失がなければ同値、入れ子にする最小の損失が許容ギャップ以下ならギャップ内の差、"
                                 "それを超えれば実際の入れ替えです。",
                                 "Each row re-solves the higher step with the dropped programs kept and the lower step "
                                 "without them. No loss either way: a tie; the smaller loss within the gap target: "
                                 "within the gap; more: a real swap."),
    # -- DomainsByBudget ------------------------------------------------------------------------------------------
    "xlsx.ladder.domains.chart": ("予算水準別・技術領域別の支出（億円）", "Spend by domain at each budget level (億円)"),
    "xlsx.ladder.domains.x_axis": ("予算倍率", "Budget scale"),
    "xlsx.ladder.domains.y_axis": ("億円", "億円"),
}
