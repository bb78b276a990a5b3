"""Messages of stage gates (issue #21): input checks of the Gates and GateOptions sheets, the
gated solve's output and the report's decision trees."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- input checks (portfolio.inputs.gates) -------------------------------------------------
    "err.gate_probability_sum": (
        "プログラム「{program}」のゲートの確率の合計が {total} です。合計は1（許容誤差 {tol}）にしてください。",
        "the probabilities of program {program}'s gate sum to {total}; they must sum to 1 (tolerance {tol})."),
    "err.gate_year_differs": (
        "プログラム「{program}」のゲート年度が行によって異なります（{value} と {first}）。1つのゲートの年度は1つです。",
        "program {program}'s gate year differs between rows ({value} and {first}); a gate has one year."),
    "err.gate_year_horizon": (
        "ゲート年度 {value} は計画期間 {first}〜{last} の最終年度より前の年度にしてください（後続段階がゲートの翌年度に始まるため）。",
        "gate year {value} must lie in the horizon {first}–{last}, before its last year (the follow-on starts the "
        "year after the gate)."),
    "err.gate_year_run": (
        "ゲート年度 {value} はプログラム「{program}」の実施期間内にしてください（開始年度がいつでも実施中：{low}〜{high}）。",
        "gate year {value} must fall within program {program}'s run whatever its start ({low}–{high})."),
    "err.gate_forbidden": (
        "プログラム「{program}」は除外（forbidden）のため、ゲートを設定できません。",
        "program {program} is forbidden: it cannot have a gate."),
    "err.gate_no_options": (
        "プログラム「{program}」のゲートに後続段階の選択肢がありません（ゲート後の選択肢シート）。選択肢を加えるか、ゲートの行を削除してください。",
        "program {program}'s gate has no follow-on option (GateOptions sheet): add one, or remove the gate's rows."),
    "err.gate_option_no_gate": (
        "プログラム「{program}」にはゲートがありません（ステージゲートシート）。",
        "program {program} has no gate (Gates sheet)."),
    "err.gate_unknown_outcome": (
        "プログラム「{program}」のゲートに結果「{value}」はありません（結果：{outcomes}）。",
        "program {program}'s gate has no outcome {value!r} (outcomes: {outcomes})."),
    "err.gate_option_empty": (
        "選択肢「{value}」のスコアがありません。基準ごとのスコアを入力するか、水準を指定してください。",
        "option {value!r} has no score: give a score per criterion, or name a level."),
    "err.gate_option_tail": (
        "選択肢「{value}」は {end}年度まで続き、計画期間（{last}年度まで）を超えます。後年度負担を許可するか、経費を短くしてください。",
        "option {value!r} runs to FY{end}, past the horizon (to FY{last}): allow commitments past the horizon, or "
        "shorten its cost."),
    "err.gate_group_differs": (
        "グループ「{group}」のゲートは同じ年度・結果・確率でなければなりません（プログラム「{program}」と「{first}」が異なる）。",
        "the gates of group {group} must share year, outcomes and probabilities (programs {program} and {first} "
        "differ)."),
    "err.gate_sheet_missing": (
        "{sheet} シートがありません。ステージゲートとゲート後の選択肢は両方必要です。",
        "the {sheet} sheet is missing: Gates and GateOptions go together."),
    "err.gated_model": (
        "このモデルにはステージゲート（{gates}）があります。予算ラダー・感度分析・explain・what-if・比較・トレードオフ・頑健な案はまだステージゲートを"
        "扱えないため、ゲートのないモデルとして黙って計算することはしません。方策は `portfolio solve`（報告書は `portfolio report` のステージゲートの節）で求め、これらの分析は"
        "ゲートを外すシナリオ（gates: none）で実行してください。",
        "this model has stage gates ({gates}). The budget ladder, sensitivity analysis, explain, what-if, "
        "compare, frontier and robust do not handle stage gates yet, and will not silently treat the model as one without them: "
        "solve the policy with `portfolio solve` (or see the stage-gate section of `portfolio report`), and run "
        "these analyses on a scenario that removes the gates "
        "(gates: none)."),
    "err.gated_results_compare": (
        "ステージゲート付きの結果ブック（最適方策）は、1つの計画どうしの比較（compare）には使えません。方策とゲートなしのモデルの比較は"
        "その結果ブックの「ゲート概要」シートにあります。",
        "a results workbook of a gated solve (a policy) cannot be compared as one plan: the policy against the "
        "model without gates is on its Gates summary sheet."),
    # --- names (portfolio.model.gates) ----------------------------------------------------------
    "gates.followon_name": ("{name}（ゲート後）", "{name} (after the gate)"),
    # --- the gated solve: which model, the runs, the figures (portfolio.analysis.gates) --------------
    "gates.method.exact": ("厳密なシナリオ木（{paths}経路）", "exact scenario tree ({paths} outcome paths)"),
    "gates.method.saa": ("標本平均近似（全{total}経路から{samples}回抽出した{paths}経路、シード {seed}）",
                         "sample average approximation ({paths} distinct paths in {samples} draws out of {total}, "
                         "seed {seed})"),
    "gates.run.policy": ("最適方策", "optimal policy"),
    "gates.run.committed": ("全段階を今決める計画", "committed plan (every phase decided now)"),
    "gates.run.perfect": ("完全情報（全ゲートの結果が最初から分かる）", "perfect information (every outcome known at the start)"),
    "gates.run.evpi": ("ゲート「{gate}」の結果が最初から分かる場合", "gate {gate}'s outcome known at the start"),
    "gates.run.no_gates": ("ゲートなし（後続段階を考えない従来のモデル、シナリオ gates: none と同じ）",
                           "without gates (no follow-on phases: today's model, as scenario gates: none)"),
    "gates.decision.stop": ("中止", "stop"),
    "gates.decision.not_funded": ("第1段階を実施しない", "phase 1 not funded"),
    "gates.stage.now": ("今決める", "decided now"),
    "gates.stage.contingent": ("結果次第", "contingent on outcomes"),
    "gates.cli.validate": ("ステージゲート {gates} 件（結果の経路 {paths}）", "{gates} stage gates ({paths} outcome paths)"),
    "gates.cli.help.worst_floor": ("ステージゲートのあるモデルで、全ての結果の経路の価値をこの値以上にする（リスク回避型、任意）",
                                   "with stage gates: keep the value in every outcome path at least this (risk-averse "
                                   "variant; optional)"),
    "gates.cli.worst": ("最悪の結果の経路での価値 {worst:,.3f}", "value in the worst outcome path {worst:,.3f}"),
    "gates.cli.worst_floor": ("最悪の結果の経路での価値 {worst:,.3f}（下限 {floor:,.3f} を全経路で課した）",
                              "value in the worst outcome path {worst:,.3f} (a floor of {floor:,.3f} imposed in every "
                              "path)"),
    "err.worst_floor_no_gates": ("--worst-path-floor {value} はステージゲートのあるモデルにだけ使えます（このモデルにはゲートがありません）。",
                                 "--worst-path-floor {value} applies to a model with stage gates only (this one has "
                                 "none)."),
    "gates.cli.model": ("ステージゲート：{method}", "stage gates: {method}"),
    "gates.cli.policy": ("最適方策の期待価値 {value:,.3f}（{status}、上界 {bound}）",
                         "expected value of the optimal policy {value:,.3f} ({status}, bound {bound})"),
    "gates.cli.flexibility": ("柔軟性の価値 {value:,.3f}（証明できる範囲 {low:,.3f}〜{high:,.3f}）。"
                              "全段階を今決める計画の期待価値は {committed:,.3f}",
                              "value of flexibility {value:,.3f} (proven range {low:,.3f} to {high:,.3f}); "
                              "the committed "
                              "plan's expected value is {committed:,.3f}"),
    "gates.cli.evpi": ("ゲート「{gate}」の完全情報の期待価値（EVPI） {value:,.3f}（証明できる範囲 {low:,.3f}〜{high:,.3f}）",
                       "expected value of perfect information on gate {gate} (EVPI) {value:,.3f} (proven range "
                       "{low:,.3f} to {high:,.3f})"),
    "gates.evpi.not_computed": ("ゲートごとの完全情報の期待価値（EVPI）は計算していません（ゲートごとに1回の求解が要るため）。"
                                "計算するには portfolio solve に --evpi を付けてください",
                                "per-gate expected value of perfect information (EVPI) was not computed (it takes one "
                                "solve per gate); run portfolio solve with --evpi to compute it"),
    "gates.cli.help.evpi": ("ゲートごとの完全情報の期待価値（EVPI）も計算する（ゲートごとに1回の求解が増える）",
                            "also compute the expected value of perfect information per gate (one more solve per gate)"),
    "gates.cli.unknown": ("{what}：求解で値が得られなかったため不明", "{what}: unknown, a solve found no plan"),
    "gates.cli.saa_bound": ("統計的な評価（{batches}バッチ×{samples}経路）：上側推定 {upper:,.3f}±{uhw:,.3f}、"
                            "下側推定 {lower:,.3f}±{lhw:,.3f}、"
                            "差 {gap:,.3f}（95%で {gap_bound:,.3f} 以下）{note}",
                            "statistical bound ({batches} batches of {samples} paths): upper estimate {upper:,.3f} ± "
                            "{uhw:,.3f}, lower estimate {lower:,.3f} ± {lhw:,.3f}, gap {gap:,.3f} (at most "
                            "{gap_bound:,.3f} at 95%){note}"),
    "gates.saa.lower_indicative": ("。ゲート年度が複数あるため下側推定は参考値", "; with gates in several years the lower estimate "
                                   "is indicative only"),
    "gates.saa.no_bound": ("統計的な評価：バッチの求解で値が得られず算出できない", "statistical bound: not available (a batch "
                           "solve found no plan)"),
    "gates.cli.decision": ("  {program}（{year}年度末ゲート）結果「{outcome}」（確率 {probability:.0%}）→ {decision}{share}",
                           "  {program} (gate at the end of FY{year}) outcome {outcome} "
                           "(probability {probability:.0%}) → "
                           "{decision}{share}"),
    "gates.cli.share": ("（他のゲートの結果により {share:.0%} の経路で）", " (in {share:.0%} of its paths, depending on other gates)"),
    # --- the report's section (portfolio.outputs.report.gates) ------------------------------------
    "report.s_gates": ("ステージゲート：最適方策", "Stage gates: the optimal policy"),
    "report.gates.model": ("解いたモデル：{method}。", "Model solved: {method}."),
    "report.gates.scope": ("この節はステージゲート付きのモデルの最適方策です。他の節（配分、予算ラダー、感度分析、不採択の理由、what-if）は"
                           "ゲートを外したモデル（第1段階のみ、後続段階なし）についての結果で、ゲート後の判断は含みません。",
                           "This section is the optimal policy of the model with its stage gates. The other sections "
                           "(allocation, budget ladder, sensitivity, why not, what-if) are about the model without its "
                           "gates (phase 1 only, no follow-on phases) and do not include the decisions at the gates."),
    "report.gates.flexibility": ("最適方策の期待価値 {policy:,.1f}（{status}）は、全段階を今決める計画 {committed:,.1f} を {value:,.1f} 上回ります"
                                 "（柔軟性の価値。求解の上界から証明できる範囲 {low:,.1f}〜{high:,.1f}）。",
                                 "The optimal policy's expected value, {policy:,.1f} ({status}), exceeds the committed "
                                 "plan's, {committed:,.1f}, by {value:,.1f} (the value of flexibility; "
                                 "the solves' bounds "
                                 "prove {low:,.1f} to {high:,.1f})."),
    "report.gates.evpi": ("ゲート「{gate}」の結果が最初から分かれば、期待価値は {value:,.1f} 高くなります（完全情報の期待価値、範囲 {low:,.1f}〜{high:,.1f}）。",
                          "Knowing gate {gate}'s outcome at the start would raise the expected value by {value:,.1f} "
                          "(expected value of perfect information; range {low:,.1f} to {high:,.1f})."),
    "report.gates.no_gates": ("ゲートを外したモデル（第1段階のみ）の価値は {value:,.1f}、最適方策の期待価値は {policy:,.1f} です。",
                              "The model without gates (phase 1 only) is worth {value:,.1f}; the optimal policy's "
                              "expected value is {policy:,.1f}."),
    "report.gates.unknown": ("値が得られなかった求解があり、この値は示せません。", "A solve found no plan: this figure cannot be given."),
    "report.gates.outcome": ("{name}（{p:.0%}）", "{name} ({p:.0%})"),
    "report.gates.phase1": ("第1段階（実施確率 {p:.0%}）", "phase 1 (funded: {p:.0%})"),
    "report.gates.gate": ("{year}年度末", "end of FY{year}"),
    "report.gates.share": ("（経路の{share:.0%}）", " ({share:.0%} of paths)"),
    "warn.gates_removed": ("このモデルにはステージゲート（{gates}）があります。この分析はゲートを外したモデル（シナリオ gates: none と同じ、"
                           "第1段階のみで後続段階は含みません）について行いました。最適方策は portfolio solve で求められます。",
                           "this model has stage gates ({gates}): this analysis is of the model without its gates "
                           "(as the scenario gates: none; phase 1 only, follow-on phases left out). portfolio solve "
                           "finds the optimal policy."),
    "warn.gates_report": ("このモデルにはステージゲート（{gates}）があります。レポートのステージゲートの節が最適方策を示し、他の節はゲートを外したモデル"
                          "（第1段階のみ）について計算しています。",
                          "this model has stage gates ({gates}): the report's stage-gate section shows the optimal "
                          "policy; the other sections are computed on the model without its gates (phase 1 only)."),
    # --- the gates workbook (portfolio.outputs.gates_xlsx) ------------------------------------------
    "xlsx.gates.title": ("ステージゲート付きの最適方策", "Optimal policy with stage gates"),
    "xlsx.gates.model": ("モデル", "Model"),
    "xlsx.gates.flexibility": ("柔軟性の価値（最適方策 − 全段階を今決める計画）", "Value of flexibility (policy − committed plan)"),
    "xlsx.gates.range": ("{value:,.3f}（範囲 {low:,.3f}〜{high:,.3f}）", "{value:,.3f} (range {low:,.3f} to {high:,.3f})"),
    "xlsx.gates.worst": ("最悪の結果の経路での価値（最適方策）", "Value in the worst outcome path (optimal policy)"),
    "xlsx.gates.worst_floor": ("全経路に課した価値の下限（リスク回避型）", "Floor on every path's value (risk-averse variant)"),
    "xlsx.gates.unknown": ("不明（求解で値が得られなかった）", "unknown (a solve found no plan)"),
    "xlsx.gates.note.range": ("差の範囲は、2つの求解の上界（ギャップ）から証明できる範囲です。値はそれぞれの求解の状態とともに読んでください。",
                              "A difference's range is what the bounds (gaps) of its two solves prove; read each "
                              "value with its solve's status."),
    "xlsx.gates.note.payments": ("支払は経路間で連動するため、経路ごとの支払の再配分（精算）は行っていません。",
                                 "Payments are linked across outcome paths, so they are not settled again "
                                 "path by path."),
    "xlsx.gates.chart.spend": ("年度別支出：期待値と結果の経路による範囲", "Spend per year: expected, and its range over outcome paths"),
    "xlsx.gates.axis.year": ("年度", "Fiscal year"),
}
