"""Message catalogue: every sentence a planner sees, in Japanese (default) and English.

Keys are grouped by where they are used: ``loc.*`` location parts, ``err.*`` input errors,
``warn.*`` warnings, ``infeas.*`` infeasibility explanations, ``status.*`` solve statuses,
``out.*`` output labels.
"""

from __future__ import annotations

import string

LANGS = ("ja", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # --- locations ---------------------------------------------------------------------------
    "loc.sheet": ("シート「{sheet}」", "sheet {sheet}"),
    "loc.cell": ("セル {cell}", "cell {cell}"),
    "loc.row": ("{row}行目", "row {row}"),
    "loc.line": ("{line}行目", "line {line}"),
    "loc.column": ("列「{column}」", "column {column}"),
    "loc.key": ("項目「{key}」", "key {key}"),
    "loc.sep": ("、", ", "),
    # --- file-level input errors --------------------------------------------------------------
    "err.file_missing": ("ファイルが見つかりません。パスを確認してください。", "file not found; check the path."),
    "err.file_empty": ("ファイルが空です（0バイト）。Excel で .xlsx として保存し直してください。",
                       "the file is empty (0 bytes); save it again from Excel as .xlsx."),
    "err.file_too_large": ("ファイルが大きすぎます（{size:,} バイト、上限 {limit:,} バイト）。",
                           "the file is too large ({size:,} bytes; the limit is {limit:,} bytes)."),
    "err.file_xls": ("旧形式の .xls ファイルです。Excel で「名前を付けて保存」から .xlsx 形式で保存してください。",
                     "this is an old .xls file; use Save As in Excel to save it as .xlsx."),
    "err.file_encrypted": ("パスワードで保護（暗号化）されています。パスワードを解除して .xlsx で保存してください。",
                           "the file is password-protected (encrypted); remove the password and save it as .xlsx."),
    "err.file_csv": ("CSV などのテキストファイルです（拡張子だけが .xlsx）。Excel で開いて .xlsx 形式で保存してください。",
                     "this is a text (CSV) file renamed to .xlsx; open it in Excel and save it as .xlsx."),
    "err.file_not_xlsx": ("Excel の .xlsx ファイルではありません（先頭バイト {magic}）。.xlsx 形式で保存してください。",
                          "not an Excel .xlsx file (starts with bytes {magic}); save it as .xlsx."),
    "err.file_corrupt": ("ファイルを .xlsx として読み込めません（{detail}）。Excel で開いて保存し直してください。",
                         "cannot read the file as .xlsx ({detail}); open it in Excel and save it again."),
    "err.zip_bomb": ("展開後のサイズが異常に大きいため読み込みを中止しました（{size:,} バイト、上限 {limit:,} バイト）。",
                     "refused: the file expands to an abnormal size ({size:,} bytes; the limit is {limit:,} bytes)."),
    "err.xml_bomb": ("ファイル内の XML に危険な構造（エンティティ展開など）があるため読み込みを中止しました。",
                     "refused: the XML inside the file has a dangerous construct (entity expansion or similar)."),
    "err.too_many_rows": ("行数が多すぎます（{rows:,} 行、上限 {limit:,} 行）。",
                          "too many rows ({rows:,}; the limit is {limit:,})."),
    # --- sheet and column structure ------------------------------------------------------------
    "err.sheet_missing": ("必須のシート「{sheet}」がありません（シート名は {names} のいずれか）。",
                          "required sheet {sheet} is missing (name it one of {names})."),
    "err.header_missing": ("見出し行が見つかりません。最初の{rows}行に「{column}」などの列見出しが必要です。",
                           "no header row found; the first {rows} rows must hold column headers such as {column}."),
    "err.column_missing": ("必須の列「{column}」がありません（見出しは {names} のいずれか）。",
                           "required column {column} is missing (header one of {names})."),
    "err.column_duplicate": ("列見出し「{column}」が2回あります（{first} 列と {second} 列）。",
                             "column header {column} appears twice (columns {first} and {second})."),
    "err.series_missing": ("「{group}」の列「{header}」がありません（{years} の各年度に1列必要です）。",
                           "the {group} column {header} is missing (one column is needed for each of {years})."),
    "err.series_extra_year": ("列「{header}」の年度 {year} は計画期間（{first}〜{last}年度）の外です。",
                              "column {header}: fiscal year {year} is outside the horizon ({first}–{last})."),
    "err.merged": ("データ範囲に結合セル {range} があります。結合を解除し、各セルに値を入力してください。",
                   "merged cells {range} in the data area; unmerge them and fill every cell."),
    "err.formula_no_value": ("数式 {formula} の計算結果が保存されていません。Excel で再計算（F9）してから保存してください。",
                             "the formula {formula} has no saved result; recalculate in Excel (F9) and save again."),
    "err.formula_error": ("数式の結果がエラー値 {value} です。数式を修正してください。",
                          "the formula result is the error value {value}; fix the formula."),
    # --- cell values ---------------------------------------------------------------------------
    "err.required": ("必須の値が空欄です。{expected} を入力してください。",
                     "a required value is empty; expected {expected}."),
    "err.bad_value": ("値「{value}」は不正です。{expected} が必要です。",
                      "bad value \"{value}\"; expected {expected}."),
    "err.out_of_range": ("値 {value} は範囲外です。{expected} が必要です。",
                         "value {value} is out of range; expected {expected}."),
    "err.huge": ("値 {value} は大きすぎます（絶対値 {limit:,} 以下が必要です）。単位を確認してください。",
                 "value {value} is too large (expected at most {limit:,} in absolute value); check the unit."),
    "err.duplicate_id": ("ID「{value}」が重複しています（{first}行目と同じ{note}）。IDは一意にしてください。",
                         "duplicate id \"{value}\" (same as row {first}{note}); ids must be unique."),
    "err.dup_after_norm": ("。全角・半角や空白を統一すると同じになります", "; they are equal after normalising full-width characters and spaces"),
    "err.unknown_ref": ("「{value}」は{target}に存在しません。{expected} が必要です。",
                        "\"{value}\" does not exist in {target}; expected {expected}."),
    "err.unknown_setting": ("設定項目「{value}」は不明です（有効な項目：{names}）。",
                            "unknown setting \"{value}\" (valid settings: {names})."),
    # --- cross-sheet rules ---------------------------------------------------------------------
    "err.horizon_order": ("開始年度 {first} が終了年度 {last} より後です。", "first year {first} is after last year {last}."),
    "err.horizon_too_long": ("計画期間が長すぎます（{years} 年、上限 {limit} 年）。", "the horizon is too long ({years} years; the limit is {limit})."),
    "err.budget_year_missing": ("{year}年度の総予算の行がありません。{row}行目などに追加してください（計画期間 {first}〜{last} の各年度に1行必要です）。",
                                "no total budget row for FY{year}; add one (e.g. on row {row}): one row is needed for "
                                "each year {first}–{last}."),
    "err.budget_year_outside": ("年度 {value} は計画期間（{first}〜{last}年度）の外です。",
                                "fiscal year {value} is outside the horizon ({first}–{last})."),
    "err.weights_zero": ("全ての評価基準の重みが0です。少なくとも1つの重みを正にしてください。",
                         "every criterion weight is 0; give at least one criterion a positive weight."),
    "err.weight_range": ("重み {weight} が下限 {low}〜上限 {high} の範囲外です。", "weight {weight} is outside its range {low}–{high}."),
    "err.score_range": ("スコア {score} が下限 {low}〜上限 {high} の範囲外です。", "score {score} is outside its range {low}–{high}."),
    "err.tail_cap_required": ("後年度負担を許可する場合は「後年度負担上限」が必要です。",
                              "a cap on commitments past the horizon (tail_cap) is required when they are allowed."),
    "err.lead_not_annual": ("主管府省「{value}」は年度予算（annual）の財源ではありません（種別 {kind}）。",
                            "lead ministry \"{value}\" is not an annual funding source (kind {kind})."),
    "err.start_order": ("最早開始年度 {earliest} が最遅開始年度 {latest} より後です。",
                        "earliest start {earliest} is after latest start {latest}."),
    "err.start_outside": ("開始年度 {value} は計画期間（{first}〜{last}年度）の外です。",
                          "start year {value} is outside the horizon ({first}–{last})."),
    "err.ongoing_start": ("継続プログラムの開始年度 {value} は計画期間の開始（{first}年度）より前でなければなりません。",
                          "an ongoing program must have started before the horizon; start {value} is not before {first}."),
    "err.duration_too_long": ("期間 {duration} 年は計画期間（{years} 年）より長く、後年度負担が許可されていません。"
                              "設定で後年度負担を許可するか、期間を短くしてください。",
                              "duration {duration} years is longer than the horizon ({years} years) and commitments past "
                              "the horizon are not allowed; allow them in Settings or shorten the program."),
    "err.never_fits": ("開始可能などの年度でも計画期間内に終わらず、後年度負担が許可されていません（開始 {earliest}〜{latest}、期間 {duration} 年）。",
                       "no allowed start lets the program end within the horizon, and commitments past it are not "
                       "allowed (start {earliest}–{latest}, duration {duration} years)."),
    "err.flag_conflict": ("「{a}」と「{b}」を同時に指定できません。", "\"{a}\" and \"{b}\" cannot both be set."),
    "err.no_levels": ("プログラム「{value}」に資金水準がありません（資金水準シートに1行以上必要です）。",
                      "program \"{value}\" has no funding level (at least one row on FundingLevels is needed)."),
    "err.cost_beyond_duration": ("期間 {duration} 年を超える年次 {year} に経費 {value} があります。",
                                 "cost {value} in program year {year}, beyond the duration of {duration} years."),
    "err.cost_columns_missing": ("期間 {duration} 年に対して年次経費の列が {have} 年分しかありません（「y{need}」などの列を追加してください）。",
                                 "the duration is {duration} years but cost columns exist for only {have} program years "
                                 "(add columns such as y{need})."),
    "err.score_missing": ("評価基準「{criterion}」のスコア列がありません（見出しは基準IDまたは名称）。",
                          "no score column for criterion {criterion} (header: the criterion id or its name)."),
    "err.unknown_level": ("プログラム「{program}」に水準「{value}」はありません（水準：{levels}）。",
                          "program {program} has no level \"{value}\" (levels: {levels})."),
    "err.mandatory_unfundable": ("必須・継続プログラム「{program}」は支出可能な財源の割合の合計が {total} で1未満のため、"
                                 "経費を賄えません。支出可能範囲を見直してください。",
                                 "mandatory or ongoing program {program} can never be paid for: its eligible shares add "
                                 "up to {total}, less than 1; review the Eligibility rules."),
    "err.dep_columns": ("種別 {kind} には {need} が必要です。", "kind {kind} needs {need}."),
    "err.dep_self": ("プログラム「{value}」が自分自身を参照しています。", "program \"{value}\" refers to itself."),
    "err.dep_cycle": ("前提関係が循環しています：{cycle}。", "the requires dependencies form a cycle: {cycle}."),
    "err.group_k": ("件数 k={k} はメンバー数 {n} を超えています。", "k={k} is larger than the number of members ({n})."),
    "err.mandatory_forbidden_dep": ("必須プログラム「{program}」の前提「{target}」が除外されています。",
                                    "mandatory program {program} requires {target}, which is forbidden."),
    "err.eligibility_target": ("対象種別 {kind} では対象は{expected}です。", "for target type {kind} the target must be {expected}."),
    # --- scenarios -----------------------------------------------------------------------------
    "err.scenario_unknown_key": ("不明な項目「{value}」です（有効な項目：{names}）。", "unknown key \"{value}\" (valid keys: {names})."),
    "err.scenario_conflict": ("「{what}」が2回設定されています（{first} と {second}）。上書きは1か所にしてください。",
                              "\"{what}\" is set twice ({first} and {second}); set each override once."),
    "err.scenario_base_missing": ("基準モデル「{value}」が見つかりません（パスはシナリオファイルのフォルダからの相対パス、"
                                  "default は組み込みの既定モデル）。",
                                  "base model \"{value}\" not found (a path is relative to the scenario file's folder; "
                                  "default means the embedded model)."),
    "err.scenario_base_mismatch": ("シナリオの基準モデル「{scenario}」とコマンドで指定したモデル「{cli}」が異なります。",
                                   "the scenario's base model {scenario} differs from the model given on the command line {cli}."),
    "err.scenario_not_found": ("シナリオ「{value}」はファイルとしても、シナリオシートの名前としても見つかりません（シナリオシートの名前：{names}）。",
                               "scenario \"{value}\" is neither a file nor a row name on the Scenarios sheet (names there: {names})."),
    "err.scenario_yaml": ("YAML として読めません（{detail}）。", "not valid YAML ({detail})."),
    "err.scenario_alias": ("YAML のアンカー・エイリアス（& と *）はシナリオでは使えません。値をそのまま書いてください。",
                           "YAML anchors and aliases (& and *) are not allowed in a scenario; write each value out."),
    "err.scenario_tag": ("YAML のタグ {tag} はシナリオでは使えません（値は文字列・数値・真偽・リスト・対応だけ）。",
                         "the YAML tag {tag} is not allowed in a scenario (only text, numbers, booleans, lists and "
                         "mappings)."),
    "err.scenario_encoding": ("UTF-8 のテキストとして読めません。UTF-8 で保存してください。",
                              "cannot read the file as UTF-8 text; save it as UTF-8."),
    "err.scenario_type": ("値「{value}」は不正です。{expected} が必要です。", "bad value \"{value}\"; expected {expected}."),
    "err.scenario_lock": ("プログラム「{program}」を水準「{level}」・{start}年度開始に固定できません（{reason}）。",
                          "cannot lock program {program} at level {level} starting FY{start} ({reason})."),
    # --- command line and output ---------------------------------------------------------------
    "err.output_exists": ("出力ファイルが既に存在します。上書きするには --force を指定してください。",
                          "the output file already exists; give --force to overwrite it."),
    "err.output_is_input": ("出力先が入力ファイルと同じです。別のファイル名を指定してください。",
                            "the output path is one of the inputs; choose another file name."),
    "err.output_locked": ("出力ファイルに書き込めません（{detail}）。Excel で開いている場合はファイルを閉じてから再実行してください。",
                          "cannot write the output file ({detail}); if it is open in Excel, close the file in Excel "
                          "and run again."),
    "err.output_dir": ("出力先のフォルダがありません。", "the output folder does not exist."),
    "err.bad_option": ("オプション {option} の値「{value}」は不正です。{expected} が必要です。",
                       "option {option}: bad value \"{value}\"; expected {expected}."),
    "sens.err.parts": ("--parts の「{value}」は不明です（{names} のいずれかをカンマ区切りで）。",
                       "unknown part {value} in --parts (use a comma-separated list of {names})."),
    "err.compare_unsolved": ("このシナリオは解が得られませんでした（{status}）。比較できません。",
                             "this scenario has no solution ({status}); it cannot be compared."),
    "err.compare_few": ("比較には2つ以上の入力が必要です。", "compare needs at least two inputs."),
    "err.unknown_program": ("プログラム「{value}」はモデルにありません。", "program \"{value}\" is not in the model."),
    # --- warnings ------------------------------------------------------------------------------
    "warn.unknown_column": ("不明な列「{column}」は無視します。", "unknown column \"{column}\" ignored."),
    "warn.unknown_sheet": ("不明なシート「{value}」は無視します。", "unknown sheet \"{value}\" ignored."),
    "warn.hidden_rows": ("非表示の行 {rows} も通常どおり読み込みます。プログラムを外すには「除外」列を使ってください。",
                         "hidden rows {rows} are read like any others; use the forbidden flag to switch a program off."),
    "warn.normalised": ("{count} 個のセルの値を正規化しました（全角→半角、前後の空白、桁区切りのカンマなど）。例：{examples}",
                        "{count} cell values were normalised (full-width characters, surrounding spaces, thousands "
                        "separators). For example: {examples}"),
    "warn.macros": ("マクロ（VBA）が含まれていますが、実行も読み込みもしません。", "the workbook contains macros (VBA); they are neither run nor read."),
    "warn.unfundable": ("プログラム「{program}」は支出可能な財源の割合の合計が {total} で1未満のため、採択されません。",
                        "program {program} can never be funded: its eligible shares add up to {total}, less than 1."),
    "warn.unused_instrument": ("施策種別「{value}」を使うプログラムがありません。", "no program uses instrument \"{value}\"."),
    "warn.weights_normalised": ("重みの合計が {total} のため、合計1に正規化しました。", "weights summed to {total}; they were normalised to sum to 1."),
    "warn.late_starts_dropped": ("期間内に終わらない開始年度 {years} は候補から除きます（後年度負担は不許可）。",
                                 "start years {years} would run past the horizon, which is not allowed; they are not considered."),
    # --- solve status --------------------------------------------------------------------------
    "status.optimal": ("最適（許容ギャップ内）", "optimal (within the gap)"),
    "status.feasible": ("実行可能解（時間上限で打ち切り、最適性未確認）", "feasible (stopped at the time limit; not proven optimal)"),
    "status.infeasible": ("実行不能（全ての制約を同時に満たす配分がない）", "infeasible (no allocation meets every limit)"),
    "status.no_solution": ("時間上限内に解が見つからない", "no solution within the time limit"),
    "status.invalid_input": ("入力エラー", "invalid input"),
    "msg.infeasible": ("このシナリオには全ての制約を満たす配分がありません。", "no allocation meets every limit in this scenario."),
    "msg.no_solution": ("時間上限（{limit} 秒）内に実行可能な配分が見つかりませんでした。--time-limit を延ばしてください。",
                        "no feasible allocation was found within the time limit ({limit} s); raise --time-limit."),
    "report.cli.written": ("レポートを書き出しました: {path}", "report written: {path}"),
    "report.cli.part_failed": ("{part}を計算できませんでした（{error}）。レポートにはその旨を記載します。",
                               "the {part} could not be computed ({error}); the report says so."),
    "report.cli.ladder": ("予算ラダー", "budget ladder"),
    "report.cli.sensitivity": ("感度分析", "sensitivity analysis"),
    "report.cli.estimate": ("予算ラダーと感度分析で約 {solves:,} 回の求解を行います（1回 約 {each:.1f} 秒、ワーカー {workers}）。"
                            "目安 約 {minutes:.0f} 分。短くするには --samples、--parts、--ladder、--workers を調整してください。",
                            "the budget ladder and sensitivity analysis make about {solves:,} solves (about {each:.1f} s "
                            "each, {workers} worker(s)): roughly {minutes:.0f} min. To shorten, adjust --samples, "
                            "--parts, --ladder or --workers."),
    "report.cli.no_solution": ("解がないため、概要・前提・実行情報だけのレポートを書き出します。",
                               "no solution: the report has the summary, assumptions and run details only."),
    "msg.unexpected": ("予期しないエラーが発生しました：{detail}（--debug で詳細を表示）",
                       "unexpected error: {detail} (run with --debug for details)"),
}


class _Formatter(string.Formatter):
    """Numbers without a format spec are shown compactly (400, 0.3, 1.5e+12), never 0.30000000000000004."""

    def format_field(self, value, format_spec):
        if not format_spec and isinstance(value, float):
            return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.3e}"
        return super().format_field(value, format_spec)


_FMT = _Formatter()


def t(key: str, lang: str = "ja", /, **params) -> str:
    """Translate `key` into `lang` and fill in `params` (which may include one named "key")."""
    ja, en = MESSAGES[key]
    text = ja if lang == "ja" else en
    try:
        return _FMT.format(text, **params)
    except (KeyError, ValueError, IndexError, TypeError):
        # A message must never crash the error path itself.
        return text + " " + ", ".join(f"{k}={v}" for k, v in params.items())
