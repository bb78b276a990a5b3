"""Messages of the robust plans (``portfolio robust``, its workbook and its report section): errors,
warnings, the command's lines, sheet titles and columns, and the report's sentences (``report.robust.*``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- errors and warnings ------------------------------------------------------------------------
    "robust.err.no_set": (
        "許容される重みの集合が定義されていません。Criteria シートで重みの下限・上限（weight_low / weight_high、"
        "正規化前）または重要度順位（rank）を与えるか、--band 0.2 のように各重みの変動幅（±20%）を指定してください。"
        "どの重み付けを許容するかは審議で決める判断であり、本ツールが勝手に定めることはしません。",
        "the model defines no admissible set of weightings. Give weight intervals (weight_low / weight_high, before "
        "normalisation) or a rank order (rank) on the Criteria sheet, or a band around every weight with --band "
        "(e.g. --band 0.2 for ±20%). Which weightings are admissible is the council's judgement; the tool does not "
        "make one up."),
    "robust.err.empty_set": (
        "重みの区間と重要度順位を同時に満たす重み付けがありません（区間：{intervals}／順位：{ranks}）。"
        "区間を広げるか、順位を見直してください。",
        "no weighting satisfies both the weight intervals and the rank order (intervals: {intervals}; ranks: "
        "{ranks}). Widen the intervals or revise the ranks."),
    "robust.warn.base_outside": (
        "現在の重み（シナリオ適用後）は許容集合の外にあります。頑健な案は許容集合について計算し、"
        "比較は現在の重みで行います。",
        "the weights in force (after the scenario) lie outside the admissible set: the robust plans are computed "
        "over the admissible set and compared at the weights in force."),
    "robust.warn.not_converged": (
        "ミニマックス・リグレット案の計算は {rounds} 回の反復で上下界が一致しませんでした"
        "（最大リグレットは {low:,.3f} 以上 {high:,.3f} 以下）。--max-iterations を増やすか、--gap を小さくしてください。",
        "the minimax-regret bounds did not meet in {rounds} rounds (the least largest regret lies between "
        "{low:,.3f} and {high:,.3f}). Raise --max-iterations or lower --gap."),
    "robust.warn.not_optimal": (
        "一部の求解は時間上限で打ち切られたか許容ギャップ内で終了しました。各値の上界・ギャップを確認してください。",
        "some solves stopped within the gap or at the time limit: each value carries its bound and gap."),
    "robust.band_expect": ("0より大きく1未満の数値（例 0.2）", "a number above 0 and below 1 (e.g. 0.2)"),
    # -- the command line -----------------------------------------------------------------------------
    "cli.help.robust": ("許容される全ての重み付けで頑健な案（マックスミン案とミニマックス・リグレット案）",
                        "Plans robust over every admissible weighting (max-min and minimax regret)"),
    "cli.help.robust_band": (
        "Criteria の区間の代わりに各重みを ±F の幅で動かす（例 0.2）。区間も順位もないモデルで必要",
        "let every weight vary by ±F instead of the Criteria intervals (e.g. 0.2); needed when the model gives "
        "neither intervals nor ranks"),
    "cli.help.robust_iterations": ("点数に幅があるときのリグレット計算の最大反復回数（既定 20）",
                                   "most rounds of the regret computation when scores have ranges (default 20)"),
    "cli.robust.set": ("許容集合：{source}、頂点 {n} 個", "Admissible set: {source}, {n} vertices"),
    "cli.robust.plan": ("{name}：基準重みで {base:,.3f}（{gives:+,.3f}）、最悪値 {worst:,.3f}、最大リグレット {regret}、"
                        "異なるプログラム {n} 件",
                        "{name}: {base:,.3f} at the base weights ({gives:+,.3f}), worst case {worst:,.3f}, "
                        "largest regret {regret}, {n} programs differ"),
    "cli.robust.solves": ("求解 {solves} 回、{seconds:,.1f} 秒", "{solves} solves, {seconds:,.1f} s"),
    # -- names of the plans and of the sources of the admissible set --------------------------------
    "robust.plan.weighted": ("基準重みの最適案", "Weighted optimum"),
    "robust.plan.max_min": ("マックスミン案", "Max-min plan"),
    "robust.plan.min_max_regret": ("ミニマックス・リグレット案", "Minimax-regret plan"),
    "robust.source.intervals": ("重みの区間", "weight intervals"),
    "robust.source.ranks": ("重要度順位", "rank order"),
    "robust.source.intervals+ranks": ("重みの区間と重要度順位", "weight intervals and rank order"),
    "robust.source.band": ("各重み ±{band:.0%}", "every weight ±{band:.0%}"),
    "robust.source.band+ranks": ("各重み ±{band:.0%} と重要度順位", "every weight ±{band:.0%} and rank order"),
    "robust.between": ("{low:,.3f}〜{high:,.3f}", "{low:,.3f} to {high:,.3f}"),
    # -- the workbook ------------------------------------------------------------------------------------
    "robust.xlsx.title": ("頑健な案：許容される全ての重み付けに対して", "Robust plans: over every admissible weighting"),
    "robust.xlsx.set": ("許容集合", "Admissible set"),
    "robust.xlsx.vertices": ("許容集合の頂点の数", "Vertices of the admissible set"),
    "robust.xlsx.scores": ("評価点の幅", "Score ranges"),
    "robust.xlsx.scores_ranged": ("あり（最悪値は点数の下限、リグレットは幅の全体で評価）",
                                  "given (worst case at the low scores; regret over the whole ranges)"),
    "robust.xlsx.scores_fixed": ("なし（点数は入力どおり）", "none (scores as given)"),
    "robust.xlsx.max_min_bound": ("どの案も保証できない評価値（最悪値の上界）",
                                  "No plan guarantees more than (bound on the worst-case value)"),
    "robust.xlsx.regret_bounds": ("最小の最大リグレット（証明された範囲）", "Least largest regret (proven range)"),
    "robust.xlsx.chart": ("基準重みでの評価値と最悪の評価値", "Value at the base weights and worst-case value"),
    "robust.xlsx.chart_y": ("評価値", "Value"),
    "robust.xlsx.not_funded": ("不採択", "not funded"),
    "robust.xlsx.differences_note": (
        "基準重みの最適案と採択・水準・開始年度のいずれかが異なるプログラムを示します（水準 / 開始年度）。",
        "Programs funded, at a level or from a year, differently from the weighted optimum (level / start)."),
    "robust.xlsx.no_differences": ("3つの案は同じです。", "The three plans are the same."),
    "robust.xlsx.vertices_note": (
        "許容集合の各頂点（正規化した重み）での最適値と、各案の評価値（点数の下限）・リグレット（最適値との差）。"
        "最悪の評価値と最大リグレットは、いずれかの頂点でとられます。",
        "At each vertex of the admissible set (normalised weights): the best value there, and each plan's value "
        "(at the low scores) and regret (shortfall against the best). The worst-case value and the largest regret "
        "are both reached at a vertex."),
    # -- the report's section (``report.robust.*``; the report's ``tr`` adds the prefix) -----------------
    "report.robust.title": ("10. 頑健な案：重み付けに左右されにくい選択", "10. Robust plans: choices that hold under any weighting"),
    "report.robust.part": ("頑健な案", "robust plans"),
    "cli.help.report_robust": ("頑健な案（マックスミン案とミニマックス・リグレット案）の節を加える（求解回数が増えます）",
                               "add the section on the robust plans (max-min and minimax regret; more solves)"),
    "report.robust.failed": ("頑健な案は計算できませんでした：{error}", "The robust plans could not be computed: {error}"),
    "report.robust.intro": (
        "審議で許容される重み付け（{source}。頂点 {n} 個）のどれに対しても崩れにくい2つの案を、基準重みの最適案と並べて示します。"
        "マックスミン案は最悪の場合の評価値が最も高い案、ミニマックス・リグレット案は各重み付けでの最適案との差（リグレット）の最大が"
        "最も小さい案です。",
        "Two plans that hold up under every weighting the council may accept ({source}; {n} vertices), beside the "
        "weighted optimum. The max-min plan has the highest worst-case value; the minimax-regret plan has the smallest "
        "largest shortfall (regret) against the best plan for each weighting."),
    "report.robust.intro_scores": ("最悪の評価値は各評価点の下限で、リグレットは評価点の幅の全体で評価しています。",
                                   "Worst-case values are at the low ends of the score ranges; regrets range over "
                                   "the whole score ranges."),
    "report.robust.col.plan": ("案", "Plan"),
    "report.robust.col.base": ("基準重みでの評価値", "Value at the base weights"),
    "report.robust.col.gives": ("基準重みで失う評価値", "Given up at the base weights"),
    "report.robust.col.share": ("失う割合", "Share given up"),
    "report.robust.col.worst": ("最悪の評価値（保証値）", "Worst-case value (guaranteed)"),
    "report.robust.col.regret": ("最大リグレット", "Largest regret"),
    "report.robust.col.differ": ("最適案と異なるプログラム", "Programs that differ"),
    "report.robust.col.status": ("求解状況", "Status"),
    "report.robust.gap": ("{status}（ギャップ {gap}）", "{status} (gap {gap})"),
    "report.robust.max_min": (
        "マックスミン案は、許容される全ての重み付けで評価値 {worst} 以上を保証します（基準重みの最適案の保証は {base_worst}）。"
        "基準重みでの評価値は {value} で、最適案より {gives}（{share}）低く、{n} 件のプログラムで最適案と異なります。",
        "The max-min plan is worth at least {worst} under every admissible weighting (the weighted optimum: "
        "{base_worst}). At the base weights it is worth {value}, {gives} ({share}) less than the weighted optimum, "
        "and it differs from it in {n} programs."),
    "report.robust.max_min_same": (
        "基準重みの最適案がそのままマックスミン案です：許容される全ての重み付けで評価値 {worst} 以上を保証します。",
        "The weighted optimum is itself a max-min plan: it is worth at least {worst} under every admissible "
        "weighting."),
    "report.robust.max_min_bound": ("どの案も、最悪の場合に {bound} を超える評価値は保証できません（証明された上界）。",
                                    "No plan can guarantee more than {bound} (a proven bound)."),
    "report.robust.regret": (
        "ミニマックス・リグレット案は、どの許容される重み付けでも、その重み付けでの最適案を {regret} より下回りません"
        "（基準重みの最適案は最大 {base_regret} 下回ります）。基準重みでの評価値は {value} で、最適案より {gives}（{share}）"
        "低く、{n} 件のプログラムで最適案と異なります。",
        "The minimax-regret plan never falls more than {regret} below the best plan for any admissible weighting "
        "(the weighted optimum can fall {base_regret} below). At the base weights it is worth {value}, {gives} "
        "({share}) less than the weighted optimum, and it differs from it in {n} programs."),
    "report.robust.regret_same": (
        "基準重みの最適案がそのままミニマックス・リグレット案です：どの許容される重み付けでも、その最適案を {regret} より"
        "下回りません。",
        "The weighted optimum is itself a minimax-regret plan: it never falls more than {regret} below the best plan "
        "for any admissible weighting."),
    "report.robust.regret_bounds": (
        "最小の最大リグレットは {low} 以上 {high} 以下であることが証明されています（上下界は一致していません）。",
        "The least possible largest regret is proven to lie between {low} and {high} (the bounds did not meet)."),
    "report.robust.h.differences": ("最適案と異なるプログラム", "Programs that differ from the weighted optimum"),
    "report.robust.not_funded": ("不採択", "not funded"),
    "report.robust.place": ("{level}・{year}年度開始", "{level}, from FY{year}"),
    "report.robust.note": (
        "評価値・リグレットは目的関数と同じ単位（重み付き評価点、開始遅延の割引後）です。範囲で示した値は、求解の上下界で"
        "証明された範囲です。詳細は portfolio robust の出力（頂点ごとの値）を参照してください。",
        "Values and regrets are in the objective's units (weighted scores, after the late-start discount). A range is "
        "what the solves' bounds prove. The output of portfolio robust has the values at every vertex."),
}
