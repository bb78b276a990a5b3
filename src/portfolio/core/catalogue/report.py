"""Messages of the deliberation report (``report.*``): section titles, sentences, table headings,
chart titles and notes, in Japanese and English."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the deliberation report (portfolio.outputs.report) ------------------------------------
    "report.title": ("R&Dポートフォリオ 審議資料", "R&D portfolio: deliberation report"),
    "report.subtitle": ("総合科学技術・イノベーション会議（CSTI）審議用", "for deliberation at CSTI"),
    "report.toc": ("目次", "Contents"),
    "report.generated": ("作成日時", "Generated"),
    "report.model": ("モデル", "Model"),
    "report.scenario": ("シナリオ", "Scenario"),
    "report.base_scenario": ("（基準）", "(base)"),
    "report.scale": ("予算倍率", "Budget scale"),
    "report.horizon": ("計画期間", "Horizon"),
    "report.page": ("ページ", "page"),
    "report.html_lang": ("ja", "en"),
    # --- report: section titles ----------------------------------------------------------------
    "report.s1": ("1. 概要と推奨", "1. Summary and recommendation"),
    "report.s2": ("2. 配分", "2. Allocation"),
    "report.s2.domain": ("2.1 技術領域別（国家戦略技術領域・新興・基盤技術領域）",
                         "2.1 By technology domain (national strategic and emerging/foundational)"),
    "report.s2.source": ("2.2 財源別", "2.2 By funding source"),
    "report.s2.ministry": ("2.3 府省別（主管府省）", "2.3 By lead ministry"),
    "report.s2.year": ("2.4 年度別", "2.4 By fiscal year"),
    "report.s3": ("3. 予算ラダー", "3. Budget ladder"),
    "report.s3.steps": ("3.1 予算の各水準での最適解", "3.1 The optimum at each budget level"),
    "report.s3.enter": ("3.2 予算を増やすと加わるもの", "3.2 What enters with more budget"),
    "report.s3.leave": ("3.3 予算を減らすと外れるもの", "3.3 What leaves with less budget"),
    "report.s3.swaps": ("3.4 入れ子にならない段（入れ替え）", "3.4 Non-nested steps (swaps)"),
    "report.s4": ("4. 感度分析", "4. Sensitivity"),
    "report.s4.weights": ("4.1 重みの安定性", "4.1 Weight stability"),
    "report.s4.core": ("4.2 コア指標（重み・スコアの不確実性）", "4.2 Core index (uncertain weights and scores)"),
    "report.s4.marginal": ("4.3 制約の限界価値", "4.3 Marginal values of limits"),
    "report.s5": ("5. 採択されなかった理由", "5. Why not funded"),
    "report.s6": ("6. 前提とデータの出典", "6. Assumptions and data sources"),
    "report.s6.assumptions": ("6.1 前提", "6.1 Assumptions"),
    "report.s6.sources": ("6.2 データの出典と例示値", "6.2 Data sources and illustrative figures"),
    "report.s6.warnings": ("6.3 入力の警告", "6.3 Input warnings"),
    "report.s7": ("7. 実行情報", "7. Run details"),
    "report.s7.overrides": ("シナリオによる上書き", "Scenario overrides"),
    "report.s7.versions": ("バージョン", "Versions"),
    # --- report: summary -----------------------------------------------------------------------
    "report.rec": ("総予算 {budget:,.1f} 億円（{horizon}、予算倍率 ×{scale:g}）"
                   "のうち {spend:,.1f} 億円（{util:.1%}）を用い、"
                   "候補 {n} 件のうち {m} 件のプログラムを採択することを推奨します。",
                   "We recommend funding {m} of the {n} candidate programs, using {spend:,.1f} 億円 ({util:.1%}) of "
                   "a total budget of {budget:,.1f} 億円 ({horizon}, budget scale ×{scale:g})."),
    "report.rec.groups": ("計画期間の事業費は、国家戦略技術領域に {ns:,.1f} 億円（{ns_share:.1%}）、"
                          "新興・基盤技術領域に {ef:,.1f} 億円（{ef_share:.1%}）を配分します。",
                          "Over the horizon, program costs go {ns:,.1f} 億円 ({ns_share:.1%}) to national strategic "
                          "domains and {ef:,.1f} 億円 ({ef_share:.1%}) to emerging/foundational domains."),
    "report.rec.robust": ("重み・スコアを {samples} 回抽出した感度分析では、"
                          "推奨案の採択 {m} 件のうち {core} 件がコア（{core_thr:.0%} 以上の抽出で採択）、"
                          "{border} 件が境界です。",
                          "In {samples} draws of weights and scores, {core} of the {m} recommended programs are "
                          "core (funded in at least {core_thr:.0%} of draws) and {border} are borderline."),
    "report.rec.list": ("{n} 件（{names}）", "{n} program(s): {names}"),
    "report.rec.list_more": ("{n} 件（{names} ほか {more} 件）", "{n} programs: {names} and {more} more"),
    "report.rec.up.same": ("予算を ×{scale:g}（{budget:,.1f} 億円）に増やしても、採択も水準・開始年度も変わりません。",
                           "With the budget raised to ×{scale:g} ({budget:,.1f} 億円), nothing changes: the same "
                           "programs at the same levels and start years."),
    "report.rec.up.moved": ("予算を ×{scale:g}（{budget:,.1f} 億円）に増やすと、採択するプログラムは変わらず、"
                            "{moved} の水準または開始年度が変わります。",
                            "With the budget raised to ×{scale:g} ({budget:,.1f} 億円), the same programs are funded; "
                            "{moved} change level or start year."),
    "report.rec.up.add": ("予算を ×{scale:g}（{budget:,.1f} 億円）に増やすと、{added} が加わります。",
                          "With the budget raised to ×{scale:g} ({budget:,.1f} 億円), {added} would enter."),
    "report.rec.up.swap": ("予算を ×{scale:g}（{budget:,.1f} 億円）に増やすと、{added} が加わり、{dropped} が外れます。",
                           "With the budget raised to ×{scale:g} ({budget:,.1f} 億円), {added} would enter and "
                           "{dropped} would leave."),
    "report.rec.up.drop": ("予算を ×{scale:g}（{budget:,.1f} 億円）に増やすと、{dropped} が外れ、加わるプログラムはありません。",
                           "With the budget raised to ×{scale:g} ({budget:,.1f} 億円), {dropped} would leave and "
                           "no program would enter."),
    "report.rec.down.same": ("予算を ×{scale:g}（{budget:,.1f} 億円）に減らしても、採択も水準・開始年度も変わりません。",
                             "With the budget cut to ×{scale:g} ({budget:,.1f} 億円), nothing changes: the same "
                             "programs at the same levels and start years."),
    "report.rec.down.moved": ("予算を ×{scale:g}（{budget:,.1f} 億円）に減らすと、採択するプログラムは変わらず、"
                              "{moved} の水準または開始年度が変わります。",
                              "With the budget cut to ×{scale:g} ({budget:,.1f} 億円), the same programs are funded; "
                              "{moved} change level or start year."),
    "report.rec.down.drop": ("予算を ×{scale:g}（{budget:,.1f} 億円）に減らすと、{dropped} が外れます。",
                             "With the budget cut to ×{scale:g} ({budget:,.1f} 億円), {dropped} would leave."),
    "report.rec.down.swap": ("予算を ×{scale:g}（{budget:,.1f} 億円）に減らすと、{dropped} が外れ、{added} が加わります。",
                             "With the budget cut to ×{scale:g} ({budget:,.1f} 億円), {dropped} would leave and "
                             "{added} would enter."),
    "report.rec.down.add": ("予算を ×{scale:g}（{budget:,.1f} 億円）に減らすと、外れるプログラムはなく、{added} が加わります。",
                            "With the budget cut to ×{scale:g} ({budget:,.1f} 億円), no program would leave and "
                            "{added} would enter."),
    "report.rec.verdict.tie": ("入れ子にしても評価値は変わらない同点です（3.4）。",
                               " This is a tie: the steps can be nested at no loss (3.4)."),
    "report.rec.verdict.within_gap": ("入れ子にする損失 {loss} は許容ギャップ以内です（3.4）。",
                                      " Nesting the steps would lose {loss}, within the gap target (3.4)."),
    "report.rec.verdict.real": ("入れ子にすると評価値が {loss} 下がる、実際の入れ替えです（3.4）。",
                                " This is a real swap: nesting the steps would lose {loss} (3.4)."),
    "report.rec.verdict.real_cannot": ("入れ子にする配分がない、実際の入れ替えです（3.4）。",
                                       " This is a real swap: no plan nests the steps (3.4)."),
    "report.rec.verdict.undecided": ("入れ替えかどうかは時間上限のため未確定です（3.4）。",
                                     " Whether this is a real swap is undecided (a check hit the time limit; 3.4)."),
    "report.rec.verdict.see": ("3.4 を参照してください。", " See 3.4."),
    "report.rec.also_moved": ("ほかに {n} 件の水準または開始年度が変わります。",
                              " {n} other program(s) change level or start year."),
    "report.rec.none": ("このシナリオには解がありません：{status}", "This scenario has no solution: {status}"),
    "report.status": ("求解状況", "Status"),
    "report.objective": ("評価値（目的関数値）", "Objective (weighted score)"),
    "report.bound": ("上界", "Bound"),
    "report.gap": ("相対ギャップ", "Relative gap"),
    "report.budget_total": ("総予算（計画期間）", "Total budget (horizon)"),
    "report.spend_annual": ("支出（年度予算財源）", "Spend from annual sources"),
    "report.utilisation": ("予算の利用率", "Budget used"),
    "report.funded_count": ("採択プログラム数", "Funded programs"),
    "report.top": ("評価値の大きい採択プログラム（上位 {n} 件）", "Funded programs with the largest value (top {n})"),
    "report.why_infeasible": ("実行不能の理由", "Why infeasible"),
    # --- report: common columns ----------------------------------------------------------------
    "report.col.program": ("プログラム", "Program"),
    "report.col.domain": ("技術領域", "Domain"),
    "report.col.group": ("区分", "Group"),
    "report.col.level": ("水準", "Level"),
    "report.col.start": ("開始年度", "Start"),
    "report.col.cost_horizon": ("期間内事業費（億円）", "Cost in horizon (億円)"),
    "report.col.value": ("評価値", "Value"),
    "report.col.share_obj": ("評価値に占める割合", "Share of objective"),
    "report.col.core": ("コア指標", "Core index"),
    "report.col.total": ("計画期間計（億円）", "Horizon total (億円)"),
    "report.col.share": ("構成比", "Share"),
    "report.col.funded": ("採択数", "Funded"),
    "report.col.first_year": ("{fy}（億円）", "{fy} (億円)"),
    "report.col.previous": ("前年度（億円）", "Previous year (億円)"),
    "report.col.change": ("対前年度（億円）", "Change vs previous year (億円)"),
    "report.col.source": ("財源", "Funding source"),
    "report.col.kind": ("種別", "Kind"),
    "report.col.envelope": ("枠（計画期間、億円）", "Envelope (horizon, 億円)"),
    "report.col.use": ("執行率", "Used"),
    "report.col.ministry": ("主管府省", "Lead ministry"),
    "report.col.tail": ("後年度負担（億円）", "Past horizon (億円)"),
    "report.col.year": ("年度", "Fiscal year"),
    "report.col.budget": ("総予算（億円）", "Total budget (億円)"),
    "report.col.annual": ("年度予算財源（億円）", "Annual sources (億円)"),
    "report.col.outside_budget": ("総予算外の年度予算（億円）", "Annual, outside the total budget (億円)"),
    "report.col.fund": ("基金（億円）", "Funds (億円)"),
    "report.col.external": ("外部資金（億円）", "External (億円)"),
    "report.col.spend": ("支出計（億円）", "Total spend (億円)"),
    "report.col.slack": ("予算残（億円）", "Budget slack (億円)"),
    "report.col.change_annual": ("年度予算財源の支出の対前年度（億円）", "Annual-source spend vs previous year (億円)"),
    "report.col.change_budget": ("総予算の対前年度（億円）", "Total budget vs previous year (億円)"),
    "report.subtotal": ("{group} 計", "{group} total"),
    "report.grand_total": ("合計", "Total"),
    "report.none": ("なし", "none"),
    "report.omitted": ("（解がないため省略）", "(omitted: no solution)"),
    # --- report: allocation --------------------------------------------------------------------
    "report.chart.domain.title": ("技術領域別の事業費（計画期間計、億円）",
                                  "Program cost by domain over the horizon (億円)"),
    "report.chart.domain.x": ("事業費（億円）", "Program cost (億円)"),
    "report.chart.domain.caption": ("色は区分（青：国家戦略技術領域、橙：新興・基盤技術領域）。"
                                    "棒の長さが計画期間の事業費で、どの領域に重点を置く案かを示します。",
                                    "Colour shows the group (blue: national strategic, orange: "
                                    "emerging/foundational). Bar length is the program cost over the horizon: where "
                                    "the recommendation puts its weight."),
    "report.chart.source.title": ("財源別・年度別の支出と総予算（億円）",
                                  "Spend by funding source and year, and the total budget (億円)"),
    "report.chart.source.x": ("年度", "Fiscal year"),
    "report.chart.source.y": ("支出（億円）", "Spend (億円)"),
    "report.chart.source.line": ("総予算（年度予算財源の上限）", "Total budget (cap on annual sources)"),
    "report.chart.source.caption": ("積み上げ棒が財源ごとの支出、折れ線が総予算です。"
                                    "総予算は年度予算財源からの支出の上限で、基金・外部資金はその外で支出されます。"
                                    "棒と線の差が予算の余裕です。",
                                    "Stacked bars are spend by source; the line is the total budget, which caps "
                                    "spend from annual sources (funds and external money come on top). The distance "
                                    "between bar and line shows the room left."),
    "report.chart.ministry.title": ("主管府省別の事業費（計画期間計、億円）",
                                    "Program cost by lead ministry over the horizon (億円)"),
    "report.chart.ministry.x": ("事業費（億円）", "Program cost (億円)"),
    "report.chart.ministry.caption": ("主管府省ごとの採択プログラムの事業費（財源を問わない）。"
                                      "どの府省が事業の実施を担うかを示します。",
                                      "Cost of the funded programs each ministry leads, whoever pays: who carries "
                                      "out the portfolio."),
    "report.prev.programs": ("前年度は、{what}の全プログラムの前年度額（入力）の合計で、"
                             "全プログラムに前年度額が入力されている行にだけ示します（入力のあるプログラムは {n} 件中 {known} 件）。"
                             "一部だけの合計は前年度の総額ではないため示しません。"
                             "対前年度は、初年度（{fy}）の事業費（財源を問わない）との差です。",
                             "Previous year: the sum of the previous-year amounts (from the workbook) of every "
                             "program of the {what}, shown only where every one of them has one ({known} of the {n} "
                             "programs have one); a sum of some of them is not the previous year's total, so none is "
                             "shown. Change: the first year ({fy}) program cost, whoever pays, minus that sum."),
    "report.prev.what.domain": ("技術領域", "domain"),
    "report.prev.what.ministry": ("主管府省が主管する", "ministry's programs"),
    "report.prev.sources": ("前年度は、財源ごとに入力された前年度額です（入力のある財源は {n} 件中 {known} 件）。"
                            "対前年度は、初年度（{fy}）にその財源から支出する額との差です。"
                            "2.3 の府省別（主管府省が主管するプログラムの事業費）とは基準が異なります。",
                            "Previous year: each funding source's previous-year amount from the workbook ({known} of "
                            "the {n} sources have one). Change: what the source pays in the first year ({fy}) minus "
                            "it. This differs from 2.3, which counts the cost of the programs a ministry leads."),
    "report.year.note": ("総予算の対前年度は、初年度は入力の前年度総予算（{prev}）との差、"
                         "2年度目以降は前の年度の総予算との差です。"
                         "年度予算財源の支出の対前年度は、初年度は同じ前年度総予算との差（要求額と前年度予算額の比較）、"
                         "2年度目以降は前の年度の支出との差です。",
                         "Total budget vs previous year: the first year against the workbook's previous-year total "
                         "budget ({prev}), later years against the year before. Annual-source spend vs previous "
                         "year: the first year against the same previous-year budget (a request against last "
                         "year's budget), later years against the year before's spend."),
    "report.year.note_none": ("入力に前年度総予算がないため、初年度の対前年度は示しません。"
                              "2年度目以降は前の年度との差です。",
                              "The workbook gives no previous-year total budget, so the first year has no change; "
                              "later years are against the year before."),
    # --- report: ladder ------------------------------------------------------------------------
    "report.ladder.intro": ("総予算に倍率 {scales} を掛けて、各水準で改めて最適化しました（内挿はしていません）。",
                            "Every year's total budget was multiplied by {scales} and each level was optimised "
                            "afresh (nothing interpolated)."),
    "report.ladder.gaps": ("各段で到達した相対ギャップは {lo}〜{hi} です（許容ギャップ {target}）。",
                           "The relative gaps reached at the steps are {lo} to {hi} (gap target {target})."),
    "report.ladder.all_within": ("どの段も許容ギャップ {target} 以内の最適性が確認されています。",
                                 "Every step is proven within the gap target of {target}."),
    "report.ladder.stopped": ("{steps} は1回の求解の時間上限（{limit:g} 秒）で打ち切られ、"
                              "許容ギャップ {target} 以内の最適性は確認されていません（3.1 の「時間上限」）。",
                              "{steps} stopped at the per-solve time limit ({limit:g} s) and are not proven within "
                              "the gap target of {target} (marked \"time limit\" in 3.1)."),
    "report.ladder.gap_stopped": ("{gap}（時間上限）", "{gap} (time limit)"),
    "report.ladder.differs": ("注意：予算ラダーの ×{scale:g} の段は、推奨案と評価値がほぼ同じ（差 {diff}、許容ギャップ {gap} 以内）"
                              "別の組合せです（異なるもの：{programs}）。3.1 と 3.4 の段どうしの比較はラダーの段によります。",
                              "Note: the ladder's ×{scale:g} step funds another plan of about the same value as the "
                              "recommendation (a difference of {diff}, within the gap of {gap}; they differ in "
                              "{programs}). The step-to-step comparisons in 3.1 and 3.4 are between ladder steps."),
    "report.ladder.skipped": ("予算ラダーは実行していません（--ladder off）。",
                              "The budget ladder was not run (--ladder off)."),
    "report.ladder.failed": ("予算ラダーを計算できませんでした：{error}",
                             "The budget ladder could not be computed: {error}"),
    "report.chart.frontier.title": ("予算と評価値のフロンティア", "Budget against objective: the frontier"),
    "report.chart.frontier.x": ("総予算（計画期間計、億円）", "Total budget over the horizon (億円)"),
    "report.chart.frontier.y": ("評価値（目的関数値）", "Objective (weighted score)"),
    "report.chart.frontier.current": ("推奨案", "recommendation"),
    "report.chart.frontier.caption": ("各点が予算の1水準での最適解、星が推奨案です。"
                                      "傾きが予算1億円あたりの評価値の増分で、"
                                      "傾きが緩くなる所から先は予算を増やしても得られるものが小さくなります。",
                                      "Each point is the optimum at one budget level; the star is the "
                                      "recommendation. The slope is the value gained per 億円: where it flattens, "
                                      "more budget buys less."),
    "report.col.step": ("倍率", "Scale"),
    "report.col.step_budget": ("総予算（億円）", "Total budget (億円)"),
    "report.col.marginal": ("1億円あたりの増分", "Gain per 億円"),
    "report.col.added": ("加わる", "Added"),
    "report.col.dropped": ("外れる", "Dropped"),
    "report.col.enters_at": ("採択される最小の段", "Enters at"),
    "report.col.stays": ("以降の段でも採択", "Stays funded above"),
    "report.col.leaves_at": ("外れる段", "Leaves at"),
    "report.yes": ("はい", "yes"),
    "report.no": ("いいえ", "no"),
    "report.ladder.enter_none": ("ラダーの上側の段で新たに加わるプログラムはありません。",
                                 "No program enters on the higher steps."),
    "report.ladder.leave_none": ("ラダーの下側の段でも推奨案のプログラムは外れません。",
                                 "No recommended program leaves on the lower steps."),
    "report.ladder.no_higher": ("推奨案より上の段がありません（--ladder の上限を上げてください）。",
                                "There is no step above the recommendation (raise the top of --ladder)."),
    "report.ladder.step_at": ("×{scale:g}（{budget} 億円）", "×{scale:g} ({budget} 億円)"),
    "report.ladder.no_lower": ("推奨案より下の段がありません（--ladder の下限を下げてください）。",
                               "There is no step below the recommendation (lower the bottom of --ladder)."),
    "report.swap.tie": ("×{lo:g}→×{hi:g}：{dropped} が外れて見えますが、"
                        "上の段で残すか下の段で外すかすれば、評価値を落とさずに入れ子にできます（同点）。",
                        "×{lo:g}→×{hi:g}: {dropped} appear(s) to leave, but keeping them above or leaving them out "
                        "below nests the steps at no loss (a tie)."),
    "report.swap.within_gap": ("×{lo:g}→×{hi:g}：予算が増えると {dropped} が外れます（加わるもの：{added}）。"
                               "入れ子にする最小の損失 {loss} は許容ギャップ（{gap}）以内で、"
                               "ギャップによる差の可能性があります。",
                               "×{lo:g}→×{hi:g}: with more budget {dropped} leave(s) (entering: {added}). The "
                               "least loss of nesting, {loss}, is within the gap target ({gap}): it may be gap "
                               "noise."),
    "report.swap.real": ("×{lo:g}→×{hi:g}：予算が増えると {dropped} が外れます（加わるもの：{added}）。"
                         "入れ子にすると評価値が {loss} 下がる（許容ギャップ {gap} を超える）、実際の入れ替えです。",
                         "×{lo:g}→×{hi:g}: with more budget {dropped} leave(s) (entering: {added}). Nesting the "
                         "steps would lower the objective by {loss}, more than the gap target ({gap}): a real "
                         "swap."),
    "report.swap.undecided": ("×{lo:g}→×{hi:g}：予算が増えると {dropped} が外れます（加わるもの：{added}）。"
                              "確認の再求解が時間上限で打ち切られたため、入れ替えかどうかは未確定です"
                              "（これまでに分かった損失 {loss}）。",
                              "×{lo:g}→×{hi:g}: with more budget {dropped} leave(s) (entering: {added}). A check "
                              "stopped at the time limit, so whether this is a real swap is undecided (loss found "
                              "so far: {loss})."),
    "report.swap.real_cannot": ("×{lo:g}→×{hi:g}：予算が増えると {dropped} が外れます（加わるもの：{added}）。"
                                "上の段で残すことも下の段で外すこともできない（制約を満たす配分がない）、実際の入れ替えです。",
                                "×{lo:g}→×{hi:g}: with more budget {dropped} leave(s) (entering: {added}). They can "
                                "neither be kept above nor left out below (no plan meets every limit): a real swap."),
    "report.badge.tie": ("同点", "tie"),
    "report.badge.within_gap": ("ギャップ内", "within gap"),
    "report.badge.real": ("入れ替え", "swap"),
    "report.badge.undecided": ("未確定", "undecided"),
    "report.swap.none": ("すべての段で採択は入れ子になっています（予算が増えて外れるプログラムはありません）。",
                         "Every step is nested: no program leaves as the budget rises."),
    "report.swap.note": ("入れ替えは、外れたプログラムを残して上の段を、外して下の段を解き直して確かめています。"
                         "どちらかが評価値を落とさなければ同点、入れ子にする最小の損失が許容ギャップ以内ならギャップ内、"
                         "それを超えれば実際の入れ替えです。",
                         "Each swap was checked by re-solving the higher step with the dropped programs kept and "
                         "the lower step without them: if either loses nothing it is a tie; if the smaller loss is "
                         "within the gap target, within the gap; if more, a real swap."),
    "report.non_monotone": ("注意："
                            "×{lo:g}→×{hi:g} で評価値が許容ギャップを超えて下がっています（時間上限で打ち切られた段がある可能性）"
                            "。",
                            "Note: the objective falls from ×{lo:g} to ×{hi:g} by more than the gaps allow (a step "
                            "may have stopped at the time limit)."),
    # --- report: sensitivity -------------------------------------------------------------------
    "report.sens.skipped": ("感度分析は実行していません。", "The sensitivity analysis was not run."),
    "report.sens.failed": ("感度分析を計算できませんでした：{error}",
                           "The sensitivity analysis could not be computed: {error}"),
    "report.sens.part_off": ("この項目は計算していません。", "This part was not computed."),
    "report.sens.base_differs": ("注意：感度分析の基準解（ギャップ {gap}）"
                                 "は推奨案と {n} 件のプログラムで異なります（{programs}）。"
                                 "許容ギャップ内の別解です。",
                                 "Note: the sensitivity analysis's base solution (gap {gap}) differs from the "
                                 "recommendation in {n} programs ({programs}): another solution within the gap."),
    "report.sens.intro": ("各分析はMIPを解き直して求めています（{solves} 回の求解、{seconds:,.1f} 秒。"
                          "差を取る求解の許容ギャップ {gap}、1回の時間上限 {limit:g} 秒）。",
                          "Every figure comes from re-solving the MIP ({solves} solves, {seconds:,.1f} s; solves "
                          "that differences are taken from run to a gap of {gap}, each for at most {limit:g} s)."),
    "report.chart.tornado.title": ("重みを ±{f:.0%} 変えたときの評価値の変化",
                                   "Change in the objective with each weight ±{f:.0%}"),
    "report.chart.tornado.x": ("基準からの評価値の変化（目的関数値）",
                               "Change in the objective from the base (weighted score)"),
    "report.chart.tornado.minus": ("重み −{f:.0%}", "weight −{f:.0%}"),
    "report.chart.tornado.plus": ("重み +{f:.0%}", "weight +{f:.0%}"),
    "report.chart.tornado.changed": ("採択するプログラムが変わる", "the set of programs changes"),
    "report.chart.tornado.caption": ("評価基準ごとに重みを基準値の ±{f:.0%} にして（他の重みは比例して調整）"
                                     "解き直した評価値の変化。棒が長い基準ほど結論が重みの置き方に左右されます。"
                                     "斜線は採択するプログラムの組合せ（G1）が変わることを示します。",
                                     "Each criterion's weight set to ±{f:.0%} of its base value (others rescaled in "
                                     "proportion) and re-optimised. Longer bars: the result depends more on that "
                                     "weight. Hatching: the set of programs funded (G1) changes."),
    "report.chart.intervals.title": ("推奨案と同じ採択が続く重みの範囲（G1・G2・G3）",
                                     "Weight ranges over which the recommendation's choices hold (G1, G2, G3)"),
    "report.chart.intervals.x": ("正規化した重み（合計1、単位なし）", "Normalised weight (sums to 1; no unit)"),
    "report.chart.intervals.base": ("現在の重み", "current weight"),
    "report.chart.intervals.caption": ("帯の範囲内で1つの基準の重みを動かしても（他は比例して調整）、"
                                       "最も薄い帯では採択するプログラムが、中間の帯では水準までが、最も濃い帯では開始年度まで推奨案と同じです。"
                                       "縦線が現在の重みで、帯の端が近い基準ほど結論が重みに敏感です。",
                                       "Moving one criterion's weight inside its band (the others rescaled in "
                                       "proportion): in the lightest band the same programs are funded, in the "
                                       "middle one also at the same levels, in the darkest one also with the same "
                                       "start years. The tick is the current weight: the closer it sits to an end, "
                                       "the more sensitive the result."),
    "report.grain.G1.band": ("同じプログラム（G1）", "same programs (G1)"),
    "report.grain.G2.band": ("水準も同じ（G2）", "same levels too (G2)"),
    "report.grain.G3.band": ("開始年度も同じ（G3）", "same starts too (G3)"),
    "report.grain.G1.col": ("同じプログラム（G1）", "Same programs (G1)"),
    "report.grain.G2.col": ("水準も同じ（G2）", "Same levels (G2)"),
    "report.grain.G3.col": ("開始年度も同じ（G3）", "Same starts (G3)"),
    "report.grain.G1.means": ("G1：採択するプログラムの組合せが推奨案と同じである重みの範囲です。",
                              "G1: the weights at which the same set of programs is funded."),
    "report.grain.G2.means": ("G2：さらに各プログラムの水準（縮小・標準・拡充など）も同じである範囲です。",
                              "G2: also each program at the same funding level."),
    "report.grain.G3.means": ("G3：さらに開始年度も同じ、つまり推奨案そのものが最適である範囲です。"
                              "G1・G2 の範囲は求解した重みで確かめたもので、G3 は線形性により範囲全体で成り立ちます。",
                              "G3: also the same start years: the recommendation itself stays optimal. The G1 and "
                              "G2 ranges were checked at the weights solved; G3 holds over the whole range by "
                              "linearity."),
    "report.stability.proven": ("重みの範囲は、各点を相対ギャップ {gap} で解き直して求めました（端の精度 {tol:g}）。",
                                "The weight ranges come from re-solving each point to a relative gap of {gap} (ends "
                                "to within {tol:g})."),
    "report.stability.rests": ("注意：重みの範囲は、各点を相対ギャップ {gap} で解き直して求めたもので、"
                               "範囲の内側でも評価値が最大 {gap} 高い別の組合せがありうるため、実際の範囲より広く見えることがあります"
                               "（端の精度 {tol:g}）。証明された範囲は、portfolio sensitivity（既定のギャップ 1e-6）"
                               "または report --tight-gap 1e-6 で求められます。",
                               "Note: the weight ranges come from re-solving each point to a relative gap of {gap}: "
                               "inside a range another plan up to {gap} better may exist, so a range can look wider "
                               "than it is (ends to within {tol:g}). Proven ranges come from portfolio sensitivity "
                               "(gap 1e-6 by default) or report --tight-gap 1e-6."),
    "report.col.criterion": ("評価基準", "Criterion"),
    "report.col.weight": ("重み（正規化）", "Weight (normalised)"),
    "report.col.low": ("下限", "Low end"),
    "report.col.high": ("上限", "High end"),
    "report.col.flips_low_set": ("G1 の下限を超えると変わるもの", "Changes below the G1 low end"),
    "report.col.flips_high_set": ("G1 の上限を超えると変わるもの", "Changes above the G1 high end"),
    "report.flips.legend": ("プログラムIDの前の記号：+ 新たに採択、− 採択から外れる、± 水準または開始年度が変わる。",
                            "Before each program id: + newly funded, − dropped, ± other level or start year."),
    "report.chart.core.title": ("コア指標：抽出のうち採択された割合",
                                "Core index: share of draws in which each program is funded"),
    "report.chart.core.x": ("採択された抽出の割合（%）", "Share of draws funded (%)"),
    "report.chart.core.funded": ("推奨案で採択", "in the recommendation"),
    "report.chart.core.caption": ("重み（とスコアの幅）を {samples} 回抽出して解き直し、"
                                  "各プログラムが採択された割合。{core:.0%} 以上がコア（どの前提でも採択）、"
                                  "{ext:.0%} 以下が外側、その間が境界で、"
                                  "境界のプログラムが審議で議論すべき候補です。{more}",
                                  "Weights (and score ranges) drawn {samples} times and re-optimised: the share of "
                                  "draws in which each program is funded. At least {core:.0%}: core (funded "
                                  "whatever the assumptions); at most {ext:.0%}: exterior; in between: borderline, "
                                  "the programs worth debating. {more}"),
    "report.chart.core.more": ("図には {shown} 件を示し、残り {rest} 件は下の表にあります。",
                               "The chart shows {shown} programs; the other {rest} are in the table below."),
    "report.class.core": ("コア", "core"),
    "report.class.borderline": ("境界", "borderline"),
    "report.class.exterior": ("外側", "exterior"),
    "report.core.draws": ("抽出方法：{mode}、{samples} 回（乱数シード {seed}）{scores}。"
                          "基準解と同じ採択になった抽出：{same:.0%}。",
                          "Draws: {mode}, {samples} (seed {seed}){scores}. Draws with the same portfolio as the "
                          "base: {same:.0%}."),
    "report.core.scores": ("、スコアの幅も抽出", ", score ranges drawn too"),
    "report.mode.dirichlet": ("ディリクレ分布（現在の重みが中心）", "Dirichlet around the current weights"),
    "report.mode.intervals": ("入力の重みの範囲で一様", "uniform within the workbook's weight ranges"),
    "report.mode.ranks": ("重要度順位を保つ範囲で一様", "uniform among weights that keep the rank order"),
    "report.marginal.intro": ("各制約値を ±{delta:.0%} 動かして厳密なギャップで解き直した評価値の変化です（有限差分）"
                              "。値が大きい制約ほど、緩めたときの効果が大きい（または締めたときの損失が大きい）"
                              "制約です。",
                              "Each limit moved by ±{delta:.0%} and the MIP re-solved to a tight gap (finite "
                              "differences). The larger the value, the more loosening the limit gains (or "
                              "tightening it costs)."),
    "report.marginal.more": ("効果の大きい {shown} 件を示しました。"
                             "他に {n} 件の制約で評価値が変わります（portfolio sensitivity の出力に全件あります）。",
                             "The {shown} largest are shown; {n} more limits change the objective (portfolio "
                             "sensitivity lists them all)."),
    "report.marginal.zero": ("他の {n} 件の制約は ±{delta:.0%} 動かしても評価値が変わりません。",
                             "Moving any of the other {n} limits by ±{delta:.0%} leaves the objective unchanged."),
    "report.col.limit": ("制約", "Limit"),
    "report.col.limit_value": ("制約値", "Limit value"),
    "report.col.delta": ("Δ", "Δ"),
    "report.col.plus": ("+Δ での増分", "Gain at +Δ"),
    "report.col.minus": ("−Δ での減少", "Loss at −Δ"),
    "report.col.per_unit": ("単位あたり（+Δ ／ −Δ）", "Per unit (+Δ / −Δ)"),
    "report.col.note": ("備考", "Note"),
    # --- report: why not funded ----------------------------------------------------------------
    "report.why.intro": ("採択されなかったプログラムのうち、採択に近いもの（採択を強制したときの損失が小さい順）"
                         "を1行ずつ説明します。",
                         "Unfunded programs, the closest to being funded first (smallest loss when forced in), one "
                         "line each."),
    "report.why.more": ("他に {n} 件の不採択プログラムがあります（強制採択時の損失がより大きいもの）。",
                        "{n} more unfunded programs are not listed (forcing them in costs more)."),
    "report.why.none": ("すべてのプログラムが採択されています。", "Every program is funded."),
    "report.why.price": ("採択を強制すると評価値が {loss:,.2f}（{share:.2%}）下がる",
                         "forcing it in lowers the objective by {loss:,.2f} ({share:.2%})"),
    "report.why.price_zero": ("採択を強制しても評価値はほぼ下がらない（許容ギャップ内の別解）",
                              "forcing it in costs next to nothing (another optimum within the gap)"),
    "report.why.displaces": ("外れるもの：{names}", "it displaces {names}"),
    "report.why.enters": ("総予算 ×{scale:g}（{budget:,.1f} 億円）なら採択される",
                          "it is funded at ×{scale:g} the budget ({budget:,.1f} 億円)"),
    "report.why.never": ("予算ラダーの最上段（×{scale:g}）でも採択されない",
                         "it is not funded even at the top of the ladder (×{scale:g})"),
    "report.why.was_funded": ("予算 ×{scale:g} では採択されていた（入れ替え）", "it is funded at ×{scale:g} (a swap)"),
    "report.why.core": ("重み・スコアの抽出の {share:.0%} で採択",
                        "funded in {share:.0%} of the weight and score draws"),
    "report.why.note.forbidden": ("除外指定されている", "it is marked forbidden"),
    "report.why.note.unfundable": ("支出可能な財源の割合の合計が100%未満で経費を賄えない",
                                   "its eligible sources cannot cover its whole cost"),
    "report.why.note.no_option": ("計画期間内に開始・完了できる開始年度がない",
                                  "no start year lets it run inside the horizon"),
    "report.why.limits": ("推奨案で使い切っている関連制約：{items}", "limits it needs are used up: {items}"),
    "report.why.more_limits": ("ほか {n} 件", "{n} more"),
    "report.why.limit_named": ("{what}「{name}」", "{what} {name}"),
    "report.why.limit_year": ("{what}（FY{year!s}）", "{what} (FY{year!s})"),
    "report.why.sep": ("。", "; "),
    "report.why.line": ("{text}。", "{text}."),
    "report.why.dep_requires": ("前提の「{name}」が不採択", "its prerequisite {name} is not funded"),
    "report.why.dep_excludes": ("排他関係の「{name}」が採択済み", "it excludes {name}, which is funded"),
    "report.why.unknown": ("同じ資金でより評価値の高い組合せがある", "the same money buys more value elsewhere"),
    # --- report: assumptions -------------------------------------------------------------------
    "report.as.money": ("金額の単位は億円、年度は会計年度（4月〜翌3月）です。",
                        "Money is in 億円; years are fiscal years (April to March)."),
    "report.as.horizon": ("計画期間：{first}〜{last}（{n} 年度）。", "Horizon: {first} to {last} ({n} fiscal years)."),
    "report.as.budget": ("総予算（倍率適用後）：{items}。総予算は年度予算財源からの支出の上限で、"
                         "基金と外部資金はその外です。",
                         "Total budget (after scaling): {items}. It caps spend from annual sources; funds and "
                         "external money come on top."),
    "report.as.weights": ("評価基準と重み（合計1に正規化）：{items}。",
                          "Criteria and weights (normalised to sum to 1): {items}."),
    "report.as.objective": ("評価値は、"
                            "採択したプログラムの水準ごとのスコアを重み付けして合計したものです（開始が遅れる場合は年 {disc:.1%} 割り引き、"
                            "計画期間を超える部分は期間内の割合で按分）。",
                            "The objective adds up the weighted scores of the funded programs at their levels (less "
                            "{disc:.1%} a year for a late start, and pro rata for the part past the horizon)."),
    "report.as.tail": ("計画期間を超える後年度負担：{text}。", "Commitments past the horizon: {text}."),
    "report.as.tail_yes": ("許可（上限 {cap:,.1f} 億円）", "allowed (up to {cap:,.1f} 億円)"),
    "report.as.tail_no": ("不許可", "not allowed"),
    "report.as.scores": ("スコアと重みは専門家の判断に基づく値です。出典の付いた数値以外は例示として扱ってください。",
                         "Scores and weights are expert judgements; treat every figure without a source as "
                         "illustrative."),
    "report.as.model_name": ("モデル名：{name}", "Model name: {name}"),
    "report.as.sens": ("感度分析：重みの抽出 {samples} 回、重みの感度 ±{tornado:.0%}、制約の限界価値 ±{delta:.0%}。",
                       "Sensitivity: {samples} weight draws, weights ±{tornado:.0%}, limits ±{delta:.0%}."),
    "report.src.intro": ("モデルのシート「{sheet}」の記載です。「例示」の行は、"
                         "計画担当者の値に置き換えるまで参考値です。",
                         "From the model's sheet {sheet}. Rows marked illustrative are placeholders until planners "
                         "replace them."),
    "report.src.illustrative": ("例示", "illustrative"),
    "report.src.none": ("このモデルには出典シート（「出典」または「Sources」）がありません。"
                        "各数値の出典はモデルの作成者に確認してください。"
                        "スコア・重みなど判断に基づく数値は例示として扱ってください。",
                        "This model has no sources sheet (出典 or Sources). Ask the model's author where each "
                        "figure comes from, and treat judgement figures such as scores and weights as illustrative."),
    "report.src.counts": ("出典のある行 {sourced} 件、例示を含む行 {illustrative} 件。",
                          "{sourced} sourced rows, {illustrative} rows with illustrative figures."),
    "report.warnings.none": ("入力の警告はありません。", "No input warnings."),
    # --- report: run ---------------------------------------------------------------------------
    "report.run.input": ("入力ファイル", "Input file"),
    "report.run.model_name": ("モデル名", "Model name"),
    "report.run.time_limit": ("時間上限（秒／1回の求解）", "Time limit (s per solve)"),
    "report.run.analysis_time_limit": ("ラダー・感度分析の時間上限（秒／1回の求解）",
                                       "Ladder and sensitivity time limit (s per solve)"),
    "report.run.gap_target": ("許容ギャップ", "Gap target"),
    "report.run.threads": ("スレッド数", "Threads"),
    "report.run.seed": ("乱数シード", "Seed"),
    "report.run.solve_seconds": ("求解時間（秒）", "Solve time (s)"),
    "report.run.ladder": ("予算ラダー", "Budget ladder"),
    "report.run.ladder_text": ("{n} 段（{scales}）、{seconds:,.1f} 秒", "{n} steps ({scales}), {seconds:,.1f} s"),
    "report.run.sens": ("感度分析", "Sensitivity"),
    "report.run.sens_text": ("{solves} 回の求解、{seconds:,.1f} 秒", "{solves} solves, {seconds:,.1f} s"),
    "report.run.samples": ("抽出数", "Draws"),
    "report.run.workers": ("並列ワーカー数", "Workers"),
    "report.run.total": ("レポート作成の所要時間（秒）", "Report time (s)"),
    "report.run.command": ("コマンド", "Command"),
    "report.run.not_run": ("実行せず", "not run"),
    "report.col.key": ("項目", "Key"),
    "report.col.value_text": ("値", "Value"),
    "report.col.origin": ("出典（記載箇所）", "Origin"),
    "report.overrides.none": ("上書きはありません（基準シナリオ）。", "No overrides (base scenario)."),
    "report.marking.top": ("取扱区分：{marking}", "Marking: {marking}"),
}
