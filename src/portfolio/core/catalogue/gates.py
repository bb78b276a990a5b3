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
    # --- names (portfolio.model.gates) ----------------------------------------------------------
    "gates.followon_name": ("{name}（ゲート後）", "{name} (after the gate)"),
}
