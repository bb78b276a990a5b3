"""Messages of the analyses: ``portfolio explain`` (``exp.*``) and the sensitivity analysis (``sens.*``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "exp.err.unknown_program": ("プログラム「{value}」が見つかりません（IDまたは名称を正確に指定してください。ID：{ids}）。",
                                "program {value} not found (give its id or exact name; ids: {ids})."),
    "exp.funded": ("「{name}」（{id}）は採択されています：水準「{level}」、{start}開始（{end}まで）、総事業費 {cost:,.1f} 億円、"
                   "評価値 {value:,.2f}（目的関数値 {objective:,.2f} の {share:.1%}）。",
                   "{name} ({id}) is funded at level {level}, starting {start} (to {end}); life cost {cost:,.1f} 億円, "
                   "value {value:,.2f} ({share:.1%} of the objective {objective:,.2f})."),
    "exp.unfunded": ("「{name}」（{id}）は採択されていません（目的関数値 {objective:,.2f}）。",
                     "{name} ({id}) is not funded (objective {objective:,.2f})."),
    "exp.fixed": ("{reason}。重みや予算を変えても採択から外れることはありません。",
                  "{reason}. No change of weights or budget can drop it."),
    "exp.cannot": ("{reason}。", "{reason}."),
    "exp.limits_head": ("採択を妨げている制約（基準解で使い切られていて、このプログラムが必要とする分）：",
                        "Limits that keep it out (used up in the base portfolio, and needed by this program):"),
    "exp.limit_line": ("  ・{limit}：このプログラムに必要 {requires} {unit}、残り {left} {unit}、不足 {short} {unit} — {test}",
                       "  • {limit}: it needs {requires} {unit}, {left} {unit} is left, {short} {unit} short — "
                       "{test}"),
    "exp.bullet": ("  ・{text}", "  • {text}"),
    "exp.program": ("{name}（{id}）", "{name} ({id})"),
    "exp.sep": ("、", ", "),
    "exp.test_enters": ("この制約だけを {need} {unit} 緩めれば採択される",
                        "loosening this limit alone by {need} {unit} brings it in"),
    "exp.test_not_enough": ("この制約だけを緩めても採択されない（他の制約や価値の比較が効いている）",
                            "loosening this limit alone does not bring it in (other limits or the value trade-off "
                            "also matter)"),
    "exp.test_none": ("（固定の制約）", "(a fixed rule)"),
    "exp.no_limits": ("使い切られている関連制約はありません。採択されないのは、同じ資金でより価値の高い組合せがあるためです。",
                      "No limit it needs is used up: it is left out because the same money buys more value elsewhere."),
    "exp.dep_requires": ("前提プログラム「{target}」が採択されていない（このプログラムはその採択が前提）",
                         "it requires {target}, which is not funded"),
    "exp.dep_excludes": ("採択済みの「{target}」と排他関係にある", "it excludes {target}, which is funded"),
    "exp.dep_at_most": ("選定数の上限（{members} のうち {k} 件以下）に達している",
                        "the group maximum ({k} of {members}) is already reached"),
    "exp.force_in": ("採択を強制すると目的関数値は {loss:,.2f}（{share:.2%}）下がります。{what}",
                     "Forcing it in lowers the objective by {loss:,.2f} ({share:.2%}). {what}"),
    "exp.force_out": ("採択から外すと目的関数値は {loss:,.2f}（{share:.2%}）下がります。{what}",
                      "Forcing it out lowers the objective by {loss:,.2f} ({share:.2%}). {what}"),
    "exp.force_infeasible_in": ("採択を強制すると全ての制約を満たす配分がありません。{why}",
                                "Forced in, no allocation meets every limit. {why}"),
    "exp.force_infeasible_out": ("外すと全ての制約を満たす配分がありません。{why}",
                                 "Forced out, no allocation meets every limit. {why}"),
    "exp.displaces": ("外れるもの：{removed}。", "It displaces: {removed}."),
    "exp.replaced_by": ("代わりに採択されるもの：{added}。", "Funded instead: {added}."),
    "exp.comes_in": ("新たに採択されるもの：{added}。", "Also funded: {added}."),
    "exp.moves": ("水準・開始年度が変わるもの：{changed}。", "Level or start changes for: {changed}."),
    "exp.nothing_moves": ("他のプログラムは変わりません。", "No other program changes."),
    "exp.ladder_enters": ("予算ラダー（{ladder}）では、総予算を ×{step:g} に増やすと採択されます（採択される倍率：{steps}）。",
                          "On the budget ladder {ladder} it enters at ×{step:g} the budget (funded at: {steps})."),
    "exp.ladder_only_below": ("予算ラダー（{ladder}）で予算を増やしても採択されません。採択されるのは予算を減らした {steps} のときだけです"
                              "（予算が減ると他の組合せが成り立たなくなるため）。",
                              "On the budget ladder {ladder} no larger budget brings it in; it is funded only at the "
                              "smaller budgets {steps}, where other combinations no longer fit."),
    "exp.ladder_never": ("予算ラダー（{ladder}）のどの倍率でも採択されません。",
                         "It is not funded at any step of the budget ladder {ladder}."),
    "exp.ladder_leaves": ("予算を ×{step:g} まで減らすと採択から外れます（採択される倍率：{steps}）。",
                          "A budget cut to ×{step:g} drops it (funded at: {steps})."),
    "exp.ladder_stays": ("予算ラダー（{ladder}）の全ての倍率で採択されます。",
                         "It stays funded at every step of the budget ladder {ladder}."),
    "exp.ladder_infeasible": ("（×{steps} では全ての制約を満たす配分がありません）",
                              "(no allocation meets every limit at ×{steps})"),
    "exp.score_rise": ("採択されるには、全ての評価基準のスコアがそれぞれ約 {d:,.2f} 点（重み付きスコア {base:,.2f} → {new:,.2f}、"
                       "+{pct:.1%}）上がる必要があります。",
                       "To enter, its score on every criterion would have to rise by about {d:,.2f} points (weighted "
                       "score {base:,.2f} → {new:,.2f}, +{pct:.1%})."),
    "exp.score_rise_from_zero": ("採択されるには、全ての評価基準のスコアがそれぞれ約 {d:,.2f} 点上がる必要があります（現在の重み付きスコアは0）。",
                                 "To enter, its score on every criterion would have to rise by about {d:,.2f} points "
                                 "(its weighted score is 0 now)."),
    "exp.score_rise_none": ("スコアを上げても採択されません（制約上、採択できない）。",
                            "No rise in its scores brings it in (the limits do not allow it)."),
    "exp.score_fall": ("スコアが約 {pct:.1%} 下がる（重み付きスコア {base:,.2f} → {new:,.2f}）と採択から外れます。",
                       "A fall of about {pct:.1%} in its scores (weighted score {base:,.2f} → {new:,.2f}) drops it."),
    "exp.score_fall_all": ("スコアが0近くまで下がらない限り採択から外れません（外すと失われる価値はこのプログラム自身の価値と同じで、"
                           "空いた資金・資源を使える他の候補がないため）。",
                           "Only a fall of its scores to about zero would drop it: forcing it out loses exactly its "
                           "own value, so nothing else could use what it frees."),
    "exp.score_fall_none": ("スコアが0になっても採択されたままです（他の制約がこのプログラムを必要としている）。",
                            "It stays funded even with a score of zero (other limits need it)."),
    "exp.tie": ("（同じ目的関数値の別解があります：採否は同点の扱いで決まっています）",
                "(another portfolio ties with the optimum: its selection is decided by a tie)"),
    # --- sensitivity: stability ---
    "sens.reason.single_criterion": ("評価基準が1つだけのため重みは常に1", "the only criterion: its weight is always 1"),
    # --- sensitivity: core_index ---
    "sens.warn.auto_dirichlet": ("現在の重みが評価基準シートの重みの区間の外にある（{criteria}）か、重要度順位に反する（{ranks}）ため、"
                                 "重みは現在の重みを中心とするディリクレ分布から抽出した",
                                 "the weights in force lie outside the Criteria sheet's intervals ({criteria}) or "
                                 "break its rank order ({ranks}), so weights were drawn from a Dirichlet around them"),
    "sens.warn.weights_outside": ("現在の重みが重みの区間の外にある（{criteria}）が、指定どおり区間内で抽出した",
                                  "the weights in force lie outside their intervals ({criteria}); draws are within the "
                                  "intervals as asked"),
    "sens.warn.no_ranks": ("重要度順位が与えられていないため、重みは単体上で一様に抽出した",
                           "no rank is given, so weights were drawn uniformly over all weightings"),
    # --- sensitivity: price ---
    "sens.reason.mandatory": ("必須プログラムのため採択を外せない", "mandatory: cannot be forced out"),
    "sens.reason.ongoing": ("継続プログラムのため採択を外せない", "ongoing: cannot be forced out"),
    "sens.reason.locked": ("シナリオで水準・開始年度が固定されているため外せない",
                           "locked by the scenario: cannot be forced out"),
    "sens.reason.forbidden": ("除外プログラムのため採択できない", "forbidden: cannot be forced in"),
    "sens.reason.unfundable": ("支出可能な財源の割合の合計が100%未満のため採択できない",
                               "its eligible sources cannot cover its whole cost, so it cannot be funded"),
    "sens.reason.no_start": ("計画期間内に開始・完了できる開始年度がないため採択できない",
                             "no start year lets it run inside the horizon, so it cannot be funded"),
    "sens.reason.requires": ("前提プログラム {target} を採択できないため採択できない",
                             "it requires {target}, which cannot be funded"),
    "sens.reason.requires_start": ("前提プログラム {target} の開始（最早 {target_start} 年度）＋ラグ {lag} 年より後に開始できない"
                                   "（最遅開始 {latest} 年度）ため採択できない",
                                   "cannot start after its prerequisite {target} (earliest start FY{target_start}) plus "
                                   "the lag of {lag} years: its latest start is FY{latest}"),
    "sens.reason.excludes_mandatory": ("必須・継続プログラム {target} と排他関係にあるため採択できない",
                                       "it excludes {target}, which is mandatory or ongoing"),
    "sens.reason.required_by": ("必須・継続プログラム {target} の前提のため外せない",
                                "mandatory or ongoing program {target} requires it"),
    "sens.reason.group_min": ("選定数の下限（{members} のうち {k} 件以上）を満たせなくなるため外せない",
                              "the group minimum ({k} of {members}) cannot be met without it"),
    "sens.reason.group_max": ("選定数の上限（{members} のうち {k} 件以下）を必須プログラムだけで満たしているため採択できない",
                              "mandatory programs already fill the group maximum ({k} of {members})"),
    "sens.reason.infeasible_in": ("採択を強制すると全ての制約を満たす配分がない（予算・枠・容量・領域の制約など）",
                                  "no allocation meets every limit with it funded (budget, envelopes, capacity, "
                                  "domain limits, …)"),
    "sens.reason.infeasible_out": ("外すと全ての制約を満たす配分がない（領域下限・クリティカルマス・選定数など）",
                                   "no allocation meets every limit without it (domain floor, critical mass, group "
                                   "minimum, …)"),
    "sens.reason.no_solution": ("時間上限内に解が得られなかった", "no solution within the time limit"),
    "sens.reason.base_beaten": ("強制した解が基準解を上回った：基準解が時間上限で打ち切られ最適でない（値は負のまま示す）",
                                "the forced solve beat the base: the base solve stopped at the time limit short of "
                                "optimal (the value is kept, negative)"),
    # --- sensitivity: marginal ---
    "sens.reason.zero_limit": ("制約値が全年度で0のため相対的なΔを定められない",
                               "the limit is zero in every year, so a relative Δ is undefined"),
    "sens.reason.minus_infeasible": ("−Δでは全ての制約を満たす配分がない", "no allocation meets every limit at −Δ"),
    "sens.reason.minus_below_zero": ("制約値が0のため−Δは負になる", "the limit is zero, so −Δ would be negative"),
    "sens.reason.plus_no_solution": ("+Δで時間上限内に解が得られなかった", "no solution within the time limit at +Δ"),
    "sens.reason.minus_no_solution": ("−Δで時間上限内に解が得られなかった", "no solution within the time limit at −Δ"),
    "sens.mv_note": ("有限差分：制約値を±Δ動かしてMIPを厳密なギャップで再求解した目的関数値の差。LP緩和の双対値は参考値に過ぎない。",
                     "finite differences: the change in the objective when the limit moves by ±Δ, from MIP re-solves "
                     "at a tight gap. LP-relaxation duals are indicative only."),
    # --- sensitivity: alternatives ---
    "sens.reason.alternative_no_solution": ("代替案の探索が時間上限（{limit} 秒）内に解を得られなかった",
                                            "the search for an alternative found no solution within the time limit "
                                            "({limit} s)"),
    "sens.reason.no_alternative": ("最適値の {within} 以内に異なる配分がこれ以上ない",
                                   "no further different portfolio lies within {within} of the optimum"),
    # --- sensitivity: run ---
    "sens.warn.base_not_tight": ("基準解は時間上限（{limit} 秒）内に許容ギャップ {target} に達しなかった（ギャップ {gap}）。差分にはギャップ分の誤差が含まれうる",
                                 "the base solve did not reach the gap {target} within the time limit ({limit} s; gap "
                                 "{gap}): differences may include that much noise"),
    "sens.warn.draws_not_optimal": ("{total} 回の抽出のうち {n} 回は時間上限で打ち切られ、最適性が保証されない（結果は計算機の速度に依存しうる）",
                                    "{n} of {total} draws stopped at the time limit without proven optimality (their "
                                    "result may depend on machine speed)"),
    # --- ties: another plan of the same value (portfolio.analysis.ties) ---
    "tie.tie": ("同じ評価値（{objective:,.3f}）の別の採択案があり、どちらも最適です（別案では {differences}）。"
                "求解の条件（予算ラダーの段、スレッド数など）によっては別案が選ばれることがあります。",
                "Another plan has the same value ({objective:,.3f}) and both are optimal (the other {differences}). "
                "Another run (a step of the budget ladder, another thread count) may return the other plan."),
    "tie.better": ("評価値のより高い採択案（{objective:,.3f}）があります（別案では {differences}）："
                   "この解は許容ギャップ以内の解で、最適であるとは証明されていません。",
                   "A plan of higher value ({objective:,.3f}) exists (it {differences}): this plan is within the "
                   "gap target, not proven optimal."),
    "tie.unique": ("同じ評価値の別の採択案はありません。", "No other plan has the same value."),
    "tie.unknown": ("同じ評価値の別の採択案があるかは、時間上限内に確かめられませんでした。",
                    "Whether another plan has the same value could not be settled within the time limit."),
    "tie.added": ("{programs} を採択", "adds {programs}"),
    "tie.dropped": ("{programs} を外す", "drops {programs}"),
    "tie.changed": ("{programs} の水準・開始年度が異なる", "funds {programs} at another level or start"),
    "tie.part_sep": ("、", "; "),
}
