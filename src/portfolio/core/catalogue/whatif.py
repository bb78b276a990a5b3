"""Messages of the report's what-if page (``report.whatif.*``): the sliders, what the page shows, and
how honest each view is (exact, or chosen among the plans computed). The page's script receives the
dynamic ones (``report.whatif.js.*``) with their ``{placeholders}`` and fills them in itself."""

MESSAGES: dict[str, tuple[str, str]] = {
    "report.whatif.title": ("8. もしも：予算と重みを動かす", "8. What if: move the budget and the weights"),
    "report.whatif.intro": (
        "会議の場で「予算が1割少なければ」「不可欠性をもっと重視すれば」に答えるためのページです。"
        "スライダーを動かすと、あらかじめ計算した案（予算ラダーの各段、重みの安定性分析、"
        "モンテカルロ抽出、準最適な代替案）の中から、その予算・重みで最も評価値の高い案を表示します。"
        "新たな最適化は行いません。",
        "This page answers \"and if the budget were 10% lower?\" or \"and if we weighted indispensability "
        "more?\" during the meeting. Moving a slider shows, among the plans computed beforehand (the budget "
        "ladder's steps, the weight-stability analysis, the Monte Carlo draws and the near-optimal "
        "alternatives), the one worth most at that budget and those weights. Nothing is re-optimised."),
    "report.whatif.exactness": (
        "表示が「厳密」となるのは、予算ラダーで計算した予算と基準の重みの組合せ、または基準の予算で、"
        "表示中の案が（感度分析の許容ギャップの範囲で）最適と証明された重みの点（基準の重みと各基準の"
        "安定区間の両端）の凸包の内側にある重みのときだけです。それ以外は「近似（計算済みの案から選択）」と表示し、厳密に計算するための"
        "コマンドを示します。",
        "A view is marked exact only for a budget of the ladder at the base weights, or at the base budget "
        "for weights inside the convex hull of the weightings at which the plan shown was proven optimal "
        "(to the sensitivity analysis's gap: the base weights and both ends of each criterion's stability "
        "interval). Anywhere else it is marked "
        "\"approximate (chosen among the plans computed)\", with the command that would compute it exactly."),
    "report.whatif.noscript": (
        "このページのスライダーにはブラウザーのスクリプトが必要です。スクリプトなしでも、"
        "予算ごとの最適解は3章、重みの安定性とコア指標は4章にすべて示しています。",
        "The sliders on this page need the browser's scripts. Without them, the optimum at each budget is in "
        "section 3, and the weight stability and core index are in section 4."),
    "report.whatif.print": ("印刷すると、その時点でスライダーが示している状態が印刷されます。",
                            "Printing prints the view the sliders show at that moment."),
    "report.whatif.budget": ("予算（予算ラダーの段）", "Budget (the ladder's steps)"),
    "report.whatif.weights": ("評価基準の重み（1つを動かすと他は比率を保って調整）",
                              "Criterion weights (moving one rescales the others in proportion)"),
    "report.whatif.reset": ("基準の予算・重みに戻す", "Back to the base budget and weights"),
    "report.whatif.summary": ("表示中の案", "The plan shown"),
    "report.whatif.h.domain": ("技術領域別の事業費（計画期間計）", "Program cost by domain (horizon total)"),
    "report.whatif.h.ministry": ("主管府省別の事業費（計画期間計）", "Program cost by lead ministry (horizon total)"),
    "report.whatif.no_source": ("財源別の支出は、どの財源が支払うかを求解で決めるため、このページでは示しません"
                                "（2章・3章を参照）。",
                                "Spending by funding source is not shown here: who pays is settled by a solve "
                                "(see sections 2 and 3)."),
    "report.whatif.col.ministry": ("主管府省", "Lead ministry"),
    "report.whatif.h.programs": ("プログラム（基準案から変わるものを強調）",
                                 "Programs (those that differ from the base plan highlighted)"),
    "report.whatif.col.domain": ("技術領域", "Domain"),
    "report.whatif.col.spend": ("事業費（億円）", "Cost (億円)"),
    "report.whatif.col.delta": ("基準案との差（億円）", "Against the base plan (億円)"),
    "report.whatif.col.program": ("プログラム", "Program"),
    "report.whatif.col.view": ("表示中の案", "Plan shown"),
    "report.whatif.col.base": ("基準案", "Base plan"),
    "report.whatif.col.core": ("コア指標", "Core index"),
    "report.whatif.col.change": ("変化", "Change"),
    # --- filled in by the page's script -----------------------------------------------------------
    "report.whatif.js.exact": ("厳密（計算で確認済み）", "Exact (proven by the computation)"),
    "report.whatif.js.approx": ("近似（計算済みの案から選択）", "Approximate (chosen among the plans computed)"),
    "report.whatif.js.hint": ("厳密に計算するには、次の1行をシナリオファイル（例 whatif.yaml）に書き、次のコマンドで求解してください。",
                              "To compute it exactly, write this line in a scenario file (say whatif.yaml) and solve "
                              "with the command below."),
    "report.whatif.js.hint_scenario": ("このレポートはシナリオ「{scenario}」で作成しています。その上書きも同じファイルに書いてください。",
                                       "This report was made with the scenario \"{scenario}\": write its overrides in "
                                       "the same file."),
    "report.whatif.js.budget": ("×{scale}（計画期間計 {budget} 億円）", "×{scale} ({budget} 億円 over the horizon)"),
    "report.whatif.js.weight": ("{value}（基準案が最適な範囲 {low}–{high}）",
                                "{value} (the base plan is optimal from {low} to {high})"),
    "report.whatif.js.objective": ("評価値 {objective}（基準案との差 {delta}）",
                                   "Objective {objective} ({delta} against the base plan)"),
    "report.whatif.js.funded": ("採択 {n} 件、事業費 {spend} 億円", "{n} programs funded, costing {spend} 億円"),
    "report.whatif.js.changes": ("基準案から 追加 {added} 件・除外 {removed} 件・水準または開始年度の変更 {changed} 件",
                                 "Against the base plan: {added} added, {removed} removed, {changed} at another "
                                 "level or start"),
    "report.whatif.js.marginal": ("前の段からの限界価値 {value}（評価値／億円）",
                                  "Marginal value from the step below: {value} (objective per 億円)"),
    "report.whatif.js.source": ("この案の出所：{kind}", "Where this plan comes from: {kind}"),
    "report.whatif.js.kind.base": ("感度分析の基準解", "the sensitivity analysis's base solve"),
    "report.whatif.js.kind.ladder": ("予算ラダーの段", "a budget-ladder step"),
    "report.whatif.js.kind.stability": ("重みの安定性分析（区間の外側で基準案を上回った案）",
                                        "the weight-stability analysis (a plan that beat the base just outside "
                                        "an interval)"),
    "report.whatif.js.kind.draw": ("モンテカルロ抽出", "a Monte Carlo draw"),
    "report.whatif.js.kind.alternative": ("準最適な代替案", "a near-optimal alternative"),
    "report.whatif.js.added": ("追加", "added"),
    "report.whatif.js.removed": ("除外", "removed"),
    "report.whatif.js.changed": ("変更", "changed"),
    "report.whatif.js.not_funded": ("不採択", "not funded"),
    "report.whatif.js.level": ("{level}・{start}年度開始", "{level}, from FY{start}"),
}
