"""Messages of each program's margins (``margin.*``): ``sensitivity --parts margins``, ``explain`` and the
report's margins section."""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- why a margin is missing ----------------------------------------------------------------------
    "margin.reason.no_weight": ("この評価基準の重みが0のため、スコアを変えても採否は変わらない",
                                "this criterion's weight is 0: its score cannot change the plan"),
    "margin.reason.not_converged": ("{n} 回の求解で閾値が定まらなかった",
                                    "the threshold was not settled within {n} solves"),
    # -- sentences, one per margin ------------------------------------------------------------------
    "margin.fixed": ("規則で採否が固定されている（{reason}）ため、余裕はありません。",
                     "Its status is fixed by rule ({reason}): no margin."),
    "margin.held": ("{reason}：費用やスコアを変えても採否は変わりません。",
                    "{reason}: no change of its cost or scores changes its status."),
    "margin.head": ("一項目ずつの余裕（他は現状のまま再最適化し、採否が変わるまで）：",
                    "Margins, one at a time (re-optimised with everything else as it is, until its status changes):"),
    "margin.value": ("  ・価値の差：採択する最良の計画と採択しない最良の計画の目的関数値の差は {margin:+,.3f}"
                     "（許容差 {tol:.2g}）",
                     "  • Value margin: the best plan funding it minus the best plan without it is {margin:+,.3f} "
                     "(tolerance {tol:.2g})"),
    "margin.tie": ("  ・同値：採択する計画としない計画が許容差内で同じ価値です（採否は同点の扱いで決まっています）",
                   "  • A tie: plans with and without it are worth the same within the tolerance (its status is "
                   "decided by the tie-break)"),
    "margin.cost.rise": ("  ・費用：全水準・全年度の費用が ×{holds:.3g} までは採択のまま、×{flips:.3g} では外れます",
                         "  • Cost: still funded with every level's cost in every year ×{holds:.3g}; dropped at "
                         "×{flips:.3g}"),
    "margin.cost.rise_never": ("  ・費用：×{searched:g} まで上がっても採択のままです（探索範囲の上限）",
                               "  • Cost: still funded at ×{searched:g} (the end of the searched range)"),
    "margin.cost.fall": ("  ・費用：全水準・全年度の費用が ×{flips:.3g} まで下がれば採択されます（×{holds:.3g} では不採択のまま）",
                         "  • Cost: enters if every level's cost in every year falls to ×{flips:.3g} (still out at "
                         "×{holds:.3g})"),
    "margin.cost.fall_now": ("  ・費用：現在の費用のままでも採択する計画が同じ価値です",
                             "  • Cost: at today's cost a plan funding it is already as good"),
    "margin.cost.fall_never": ("  ・費用：0 になっても採択されません（他の制約や依存関係が効いている）",
                               "  • Cost: not funded even at no cost (other limits or dependencies keep it out)"),
    "margin.cost.undecided": ("  ・費用：×{at:g} での判定が時間上限内に終わらず、×{holds:g} までしか確かめられていません",
                              "  • Cost: the decision at ×{at:g} stopped at the time limit; shown only up to "
                              "×{holds:g}"),
    "margin.score.fall": ("  ・{criterion}：スコアが {d:,.2f} 点下がる（{score:,.2f} → {new:,.2f}）と外れます{extra}",
                          "  • {criterion}: a fall of {d:,.2f} points ({score:,.2f} → {new:,.2f}) drops it{extra}"),
    "margin.score.rise": ("  ・{criterion}：スコアが {d:,.2f} 点上がる（{score:,.2f} → {new:,.2f}）と採択されます{extra}",
                          "  • {criterion}: a rise of {d:,.2f} points ({score:,.2f} → {new:,.2f}) brings it in{extra}"),
    "margin.score.held": ("  ・スコア：{reason}（スコアを上げても採択されません）",
                          "  • Scores: {reason} (no rise in a score brings it in)"),
    "margin.score.none": ("  ・{criterion}：{reason}", "  • {criterion}: {reason}"),
    "margin.score.bracket": ("（{low:,.3f}〜{high:,.3f} 点の間）", " (between {low:,.3f} and {high:,.3f} points)"),
    "margin.score.below_zero": ("（閾値のスコアは0未満）", " (the threshold score is below 0)"),
    "margin.score.in_range": ("（専門家の評価幅 {low:,.1f}〜{high:,.1f} の内側）",
                              " (inside the experts' range {low:,.1f}–{high:,.1f})"),
    "margin.entry": ("  ・予算：予算ラダーで ×{scale:g}（{budget:,.0f} 億円）以上なら採択されます",
                     "  • Budget: funded from ×{scale:g} ({budget:,.0f} 億円) up on the budget ladder"),
    "margin.entry_never": ("  ・予算：予算ラダーの上限でも採択されません", "  • Budget: not funded at the top of the budget ladder"),
    "margin.gap": ("  （一部の求解が許容ギャップに達していないため、上の値は目安です）",
                   "  (some solves did not reach their gap: the figures above are indicative)"),
    "margin.cli.head": ("採否の余裕（{n} プログラム、採択の境界に近い順。詳細はブックの「採否の余裕」シート）：",
                        "Margins ({n} programs; the closest to the line below, the rest in the Margins sheet):"),
    # -- the sensitivity workbook -------------------------------------------------------------------
    "margin.xlsx.title": ("一項目ずつの余裕（費用・スコア）", "Margins, one at a time (cost and scores)"),
    "margin.xlsx.method": ("費用：倍率の格子と二分法による判定求解（許容幅 {tol:g}、上限 ×{max:g}、下限 ×0）。スコア：強制採択の"
                           "求解による厳密な直線の交点（ニュートン法）。価値の許容差は目的関数値 × {gap:g}。",
                           "Cost: decision solves on a grid of factors, then bisection (width {tol:g}, up to ×{max:g}, "
                           "down to ×0). Scores: exact line crossings from forced-in solves (Newton steps). Value "
                           "tolerance: objective × {gap:g}."),
    "margin.xlsx.chart": ("価値の差（採択する最良の計画 − 採択しない最良の計画）", "Value margin (best plan with − best plan without)"),
    "margin.xlsx.words_title": ("採否の余裕（文章）", "Margins in words"),
    "margin.xlsx.status_funded": ("採択", "funded"),
    "margin.xlsx.status_unfunded": ("不採択", "not funded"),
    # -- the report ---------------------------------------------------------------------------------
    "margin.report.title": ("採否の余裕", "How close each choice is"),
    "margin.report.intro": ("採択の境界に近いプログラムについて、費用・各評価基準のスコア・予算を一項目ずつ動かし、再最適化で採否が"
                            "変わる点を示します。費用は判定求解の二分法、スコアは強制採択の求解による厳密な値です。",
                            "For the programs nearest the line, each of cost, the score on each criterion and the "
                            "budget is moved alone until the re-optimised plan changes the program's status. Cost "
                            "ends come from decision solves and bisection, score ends are exact (forced-in solves)."),
    "margin.report.note": ("価値の差は、採択する最良の計画と採択しない最良の計画の目的関数値の差（許容差 {tol:.2g} 以内は同値）。"
                           "費用の倍率は試した点で採否が保たれる／変わることを確かめたもので、その間は幅が倍率の {width:g} 倍"
                           "（最小 {width:g}）になるまで絞り込み、試した点の間については主張しません。スコアの閾値は許容差の範囲で厳密です。",
                           "The value margin is the best plan funding the program minus the best plan without it "
                           "(within {tol:.2g}: a tie). Cost factors are where the status was shown to hold and to "
                           "change, narrowed to a width of {width:g} × the factor (at least {width:g}); nothing is "
                           "claimed between the factors tried. Score thresholds are exact to the tolerance."),
    "margin.report.near": ("採択に最も近い不採択プログラム", "Unfunded programs closest to entry"),
    "margin.report.cheap": ("失っても損失の最も小さい採択プログラム", "Funded programs cheapest to lose"),
    "margin.report.none": ("該当するプログラムはありません。", "None."),
    "report.cli.margins": ("採否の余裕", "the margins"),
    "margin.report.col.program": ("プログラム", "Program"),
    "margin.report.col.value": ("価値の差", "Value margin"),
    "margin.report.col.cost": ("費用", "Cost"),
    "margin.report.col.scores": ("評価基準ごとのスコア", "Score on each criterion"),
    "margin.report.col.budget": ("予算", "Budget"),
}
