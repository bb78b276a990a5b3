"""Words of the analysis workbooks: the budget-ladder workbook (``xlsx.ladder.*``, written by
:mod:`portfolio.outputs.sweep_xlsx`): sheet titles, title-block labels and values, notes, chart titles and
axis names, and the short phrases of their cells. Column headers and sheet names stay with the writers,
as (Japanese, English) pairs in their tables.
"""

MESSAGES: dict[str, tuple[str, str]] = {
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
    "xlsx.ladder.entry.never": ("採択されない", "never"),
    "xlsx.ladder.swap.real": ("入れ替え（実際）", "real swap"),
    "xlsx.ladder.swap.tie": ("ギャップ内の同値（入れ替えではない）", "tie within the gap"),
    "xlsx.ladder.swap.checked": ("両段を厳密ギャップ（1e-6）で再求解し、外れたプログラムを高い段で強制採択して損失を確認済み。",
                                 "Both steps were re-solved to a tight gap (1e-6) and the dropped programs forced in at "
                                 "the higher step to measure the loss."),
    # -- DomainsByBudget ------------------------------------------------------------------------------------------
    "xlsx.ladder.domains.chart": ("予算水準別・技術領域別の支出（億円）", "Spend by domain at each budget level (億円)"),
    "xlsx.ladder.domains.x_axis": ("予算倍率", "Budget scale"),
    "xlsx.ladder.domains.y_axis": ("億円", "億円"),
}
