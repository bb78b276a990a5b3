"""Messages of the criteria trade-off frontier (``portfolio frontier``, its workbook and the report's section)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # errors
    "err.frontier.criteria": ("--criteria「{value}」：モデルの評価基準のIDを2つか3つ、重複なくカンマ区切りで指定してください"
                              "（評価基準：{known}）。",
                              "--criteria {value}: give 2 or 3 distinct ids of the model's criteria, comma-separated "
                              "(criteria: {known})."),
    "err.frontier.not_integer": ("--exact は割引後の評価値が整数の場合に限ります。評価基準「{criterion}」に整数でない値 {value} が"
                                 "あります（開始年の割引や期間外の按分で整数でなくなります）。--points N で格子点を指定してください。",
                                 "--exact needs integer criterion values after discounting; criterion {criterion} has "
                                 "the value {value} (a late-start discount or a share past the horizon makes values "
                                 "fractional). Use --points N for a grid."),
    "err.frontier.too_wide": ("--exact：評価値の範囲 {low}〜{high} は広すぎます（格子点は {most:,} 点まで）。--points N を使ってください。",
                              "--exact: the range of values {low} … {high} is too wide (at most {most:,} grid points). "
                              "Use --points N."),
    "err.frontier.both": ("--points と --exact は同時に指定できません。", "give either --points or --exact, not both."),
    # the command line
    "cli.help.frontier": ("評価基準間のトレードオフ（非劣フロンティア）を AUGMECON2 で求める",
                          "compute the trade-off frontier between criteria (non-dominated plans, AUGMECON2)"),
    "cli.help.frontier_criteria": ("評価基準のID 2つか3つ（カンマ区切り、最初の基準を最大化し残りを ε 制約に）",
                                   "2 or 3 criterion ids, comma-separated (the first is maximised, the others held by "
                                   "ε-constraints)"),
    "cli.help.frontier_points": ("第2・第3基準ごとの格子点の数（既定 9）", "grid points per secondary criterion (default 9)"),
    "cli.help.frontier_exact": ("評価値が整数のとき、全ての非劣解をギャップ0で列挙する",
                                "enumerate every non-dominated point at gap 0 (integer criterion values)"),
    "cli.frontier.point": ("{id}  {values}  目的関数値 {objective}  採択 {n} 件  {status}",
                           "{id}  {values}  objective {objective}  {n} funded  {status}"),
    "cli.frontier.none": ("フロンティアの点はありません。", "The frontier has no point."),
    # what the points are
    "frontier.status.single": ("一つの計画が{names}のいずれでも最大になるため、これらの基準の間にトレードオフはありません。",
                               "One plan is best on each of {names} at once: there is no trade-off between these "
                               "criteria."),
    "frontier.status.exact": ("厳密モード：非劣解 {n} 点をすべて列挙しました（{solves} 回の求解、いずれもギャップ0で最適性を証明）。",
                              "Exact mode: all {n} non-dominated points enumerated ({solves} solves, each proven "
                              "optimal at gap 0)."),
    "frontier.status.exact_incomplete": ("厳密モードですが、{stopped} 回の求解が時間上限（{limit} 秒）で止まり、{unsolved} 回は解が"
                                         "得られなかったため、列挙は完全ではありません。見つかった {n} 点を示します。",
                                         "Exact mode, but {stopped} solves stopped at the time limit ({limit} s) and "
                                         "{unsolved} found no plan in time, so the enumeration is not complete: the {n} "
                                         "points found are shown."),
    "frontier.status.grid": ("格子モード：{n} 点（第2・第3基準ごとに格子 {points} 点、刻み {steps}）。どの非劣解についても、"
                             "{first}が同等以上（ギャップ {gap} 以内）で他の基準の低下が1刻み未満の点がこの中にあります。",
                             "Grid mode: {n} points ({points} grid points per secondary criterion, steps {steps}). "
                             "For every non-dominated plan, one of these is at least as good on {first} (within "
                             "the gap of {gap}) and less than one step worse on each other criterion."),
    "frontier.status.grid_payoff_range": ("3基準の格子は利得表の最小値から最大値までを探索します。利得表の最小値より低い非劣解は"
                                          "探索していません（評価値が整数なら --exact で全点を求められます）。",
                                          "With three criteria the grid spans the payoff table's minima to maxima; "
                                          "non-dominated points below those minima are not searched (with integer "
                                          "criterion values, --exact finds them all)."),
    "frontier.status.stopped": ("{stopped} 回の求解が時間上限（{limit} 秒）で止まり、{unsolved} 回は解が得られませんでした。",
                                "{stopped} solves stopped at the time limit ({limit} s) and {unsolved} found no "
                                "plan in time."),
    "frontier.status.max_gap": ("各点の最適性ギャップは最大 {gap} です。", "Each point is within a gap of at most {gap}."),
    "frontier.status.dominated_found": ("ギャップ内の解のうち {k} 点は他の点に優越されていたため除きました。",
                                        "{k} plans found within the gap were dominated by other points and are "
                                        "left out."),
    "frontier.status.infeasible": ("全ての制約を同時に満たす計画がないため、フロンティアはありません。",
                                   "No plan meets every limit, so there is no frontier."),
    "frontier.status.no_solution": ("時間上限内に利得表の解が得られず、フロンティアを求められませんでした。",
                                    "The payoff table could not be solved within the time limit, so there is no "
                                    "frontier."),
    # where today's weighted optimum sits
    "frontier.position.on": ("現在の重みでの最適解は、フロンティア上の点 {id} です（{values}）。",
                             "Today's weighted optimum is frontier point {id} ({values})."),
    "frontier.position.on_other_plan": ("現在の重みでの最適解は点 {id} と同じ評価値（{values}）ですが、計画は同じ評価値の別の計画です。",
                                        "Today's weighted optimum has the values of frontier point {id} ({values}) "
                                        "with another plan of the same values."),
    "frontier.position.dominated": ("現在の重みでの最適解（{values}）は、これらの基準だけで見ると点 {ids} に優越されています。",
                                    "On these criteria alone, today's weighted optimum ({values}) is dominated by "
                                    "points {ids}."),
    "frontier.position.other_criteria": ("目的関数はほかの基準（{names}）も重み付けしています。",
                                         "The objective also weighs other criteria ({names})."),
    "frontier.position.between": ("現在の重みでの最適解（{values}）はどの点にも優越されず、格子点の間にあります。",
                                  "Today's weighted optimum ({values}) is dominated by no point found and lies "
                                  "between grid points."),
    "frontier.position.not_proven": ("現在の重みでの最適解は時間上限で止まった解です（ギャップ {gap}）。より良い計画がありえます。",
                                     "Today's weighted optimum was stopped at the time limit (gap {gap}): a better "
                                     "plan may exist."),
    "frontier.neighbour": ("点 {id} に移ると {deltas}：{changes}。", "Moving to point {id}: {deltas}; {changes}."),
    "frontier.change.added": ("追加 {programs}", "adds {programs}"),
    "frontier.change.removed": ("除外 {programs}", "drops {programs}"),
    "frontier.change.changed": ("水準・開始年度の変更 {programs}", "changes the level or start of {programs}"),
    "frontier.change.none": ("採択するプログラムは変わりません", "no program changes"),
    # the workbook
    "xlsx.frontier.title": ("評価基準間のトレードオフ（非劣フロンティア）", "Trade-off between criteria (non-dominated frontier)"),
    "xlsx.frontier.criteria": ("評価基準", "Criteria"),
    "xlsx.frontier.mode": ("方法", "Method"),
    "xlsx.frontier.mode.exact": ("厳密（全非劣解、ギャップ0）", "exact (every non-dominated point, gap 0)"),
    "xlsx.frontier.mode.grid": ("格子（AUGMECON2）", "grid (AUGMECON2)"),
    "xlsx.frontier.solves": ("求解回数", "Solves"),
    "xlsx.frontier.bypassed": ("バイパスで省いた格子点", "Grid points skipped by the bypass"),
    "xlsx.frontier.status": ("結果の確かさ", "How sure"),
    "xlsx.frontier.weighted": ("現在の重みでの最適解", "Today's weighted optimum"),
    "xlsx.frontier.chart": ("{a} と {b} のトレードオフ", "Trade-off between {a} and {b}"),
    "xlsx.frontier.series": ("非劣解", "Non-dominated plans"),
    "xlsx.frontier.third": ("図は最初の2基準を示します。第3基準「{c}」の値は表の列にあります。",
                            "The chart shows the first two criteria; the third, {c}, is in its column of the table."),
    "xlsx.frontier.payoff_note": ("各行は、その基準を最初に最大化し、同点の中で残りの基準を順に最大化した計画の評価値です。",
                                  "Each row is the plan that maximises its criterion first and then the others in "
                                  "order among the ties."),
    "xlsx.frontier.low.payoff": ("範囲の下限は利得表の最小値です（2基準ではこれが非劣解の最小値に一致します）。",
                                 "The low ends are the payoff table's minima (with two criteria, exactly the least "
                                 "value of a non-dominated plan)."),
    "xlsx.frontier.low.nadir": ("範囲の下限は、2基準ずつの厳密なフロンティアから求めた、非劣解の最小値の下界です（利得表の最小値"
                                "より低い非劣解も探索します）。",
                                "The low ends are lower bounds on the least value of a non-dominated plan, from the "
                                "exact two-criterion frontiers (points below the payoff table's minima are searched "
                                "too)."),
    # the report's section
    "report.frontier.title": ("9. 評価基準間のトレードオフ", "9. Trade-off between criteria"),
    "report.frontier.intro": ("重みの最も大きい2つの基準、{a}と{b}の間で、一方を上げるには他方をどれだけ下げねばならないかを示します。"
                              "各点は、全ての制約を満たし、両方の基準で同時に上回る計画がない計画（非劣解）です。",
                              "How much of {b} must be given up for more {a}, between the two most-weighted "
                              "criteria. Each point is a plan that meets every limit and that no plan beats on "
                              "both criteria at once (a non-dominated plan)."),
    "report.frontier.skipped": ("評価基準が2つ未満のため、トレードオフは求めていません。",
                                "The model has fewer than two weighted criteria: no trade-off is computed."),
    "report.frontier.off": ("このレポートではトレードオフを求めていません（--frontier-points 0）。",
                            "The trade-off was not computed for this report (--frontier-points 0)."),
    "cli.help.report_frontier_points": ("重みの大きい2基準間のトレードオフを求める格子の点数（既定 {default}、0 で求めない）",
                                        "grid points of the trade-off between the two most-weighted criteria "
                                        "(default {default}; 0: not computed)"),
    "report.frontier.failed": ("トレードオフを計算できませんでした：{error}", "The trade-off could not be computed: {error}"),
    "report.frontier.point": ("点", "Point"),
    "report.frontier.objective": ("目的関数値（現在の重み）", "Objective (today's weights)"),
    "report.frontier.funded": ("採択数", "Funded"),
    "report.frontier.gap": ("ギャップ", "Gap"),
    "report.frontier.change": ("前の点からの変更", "Change from the point before"),
    "report.frontier.chart": ("{a}と{b}のトレードオフ", "Trade-off between {a} and {b}"),
    "report.frontier.current": ("推奨案（現在の重み）", "Recommendation (today's weights)"),
    "report.frontier.caption": ("各点が非劣解（★は推奨案）。右上ほど両基準とも高い。点と点の間の計画は表の「前の点からの変更」を参照。",
                                "Each dot is a non-dominated plan (★ the recommendation); up and to the right is "
                                "better on both. The table's last column says what changes from one point to the "
                                "next."),
    "report.cli.frontier": ("評価基準間のトレードオフ", "trade-off between criteria"),
}
