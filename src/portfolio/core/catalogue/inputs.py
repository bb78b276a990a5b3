"""Messages about the input: where a problem is (``loc.*``), input errors (``err.*``) and warnings (``warn.*``),
what a valid value looks like (``schema.*``, ``inputs.*``), the blank template's words (``template.*``) and
a fiscal year as every output names it (``wareki.*``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "loc.sheet": ("シート「{sheet}」", "sheet {sheet}"),
    "loc.cell": ("セル {cell}", "cell {cell}"),
    "loc.row": ("{row}行目", "row {row}"),
    "loc.line": ("{line}行目", "line {line}"),
    "loc.column": ("列「{column}」", "column {column}"),
    "loc.key": ("項目「{key}」", "key {key}"),
    "loc.sep": ("、", ", "),
    "inputs.sheet_name": ("シート「{ja}」", "sheet {id}"),
    # --- what a valid value looks like (portfolio.core.schema.Column.expectation) ----------------
    "schema.choice": ("{id}（{ja}）", "{id}"),
    "schema.expect.choices": ("{text}：{values}", "{text}: {values}"),
    "schema.expect.at_least": ("{n}以上", "≥ {n}"),
    "schema.expect.more_than": ("{n}より大", "> {n}"),
    "schema.expect.at_most": ("{n}以下", "≤ {n}"),
    "schema.expect.and": ("・", " and "),
    "schema.expect.range": ("{text}、{range}", "{text}, {range}"),
    "schema.expect.ref": ("{text}（{sheet_ja}シートのID）", "{text} (an id on sheet {sheet_id})"),
    # --- the blank template's instructions sheet (portfolio.inputs.template) ---------------------
    "template.instructions.sheet": ("説明", "Instructions"),
    "template.instructions.title": ("portfolio 入力ブック（テンプレート）", "portfolio input workbook (template)"),
    # --- a fiscal year as every output names it (portfolio.core.wareki.fy_label) ----------------
    "wareki.fy_label": ("FY{year!s}（{era}）", "FY{year!s}"),
    "err.file_missing": ("ファイルが見つかりません。パスを確認してください。", "file not found; check the path."),
    "err.file_empty": ("ファイルが空です（0バイト）。Excel で .xlsx として保存し直してください。",
                       "the file is empty (0 bytes); save it again from Excel as .xlsx."),
    "err.file_too_large": ("ファイルが大きすぎます（{size:,} バイト、上限 {limit:,} バイト）。",
                           "the file is too large ({size:,} bytes; the limit is {limit:,} bytes)."),
    "err.file_xls": ("旧形式の .xls ファイルです。Excel で「名前を付けて保存」から .xlsx 形式で保存してください。",
                     "this is an old .xls file; use Save As in Excel to save it as .xlsx."),
    "err.file_encrypted": ("パスワードで保護（暗号化）されています。パスワードを解除して .xlsx で保存してください。",
                           "the file is password-protected (encrypted); remove the password and save it as .xlsx."),
    "err.file_csv": ("CSV などのテキストファイルで、Excel ブック（.xlsx）ではありません。CSV は1シートしか持てないため、"
                     "portfolio template で作った入力ブックに貼り付け、.xlsx 形式で保存してください。",
                     "this is a text (CSV) file, not an Excel workbook (.xlsx); a CSV holds one sheet only, so paste "
                     "it into an input workbook made by portfolio template and save it as .xlsx."),
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
    "err.unknown_ref": ("「{value}」は{target}に存在しません{near}。{expected} が必要です。",
                        "\"{value}\" does not exist in {target}{near}; expected {expected}."),
    "inputs.near_ids": ("（近いID：{ids}）", " (nearest ids: {ids})"),
    "err.unknown_setting": ("設定項目「{value}」は不明です（有効な項目：{names}）。",
                            "unknown setting \"{value}\" (valid settings: {names})."),
    "err.horizon_order": ("開始年度 {first} が終了年度 {last} より後です。", "first year {first} is after last year {last}."),
    "err.horizon_too_long": ("計画期間が長すぎます（{years} 年、上限 {limit} 年）。", "the horizon is too long ({years} years; the limit is {limit})."),
    "err.budget_year_missing": ("{year}年度の総予算の行がありません。{row}行目などに追加してください（計画期間 {first}〜{last} の各年度に1行必要です）。",
                                "no total budget row for FY{year}; add one (e.g. on row {row}): one row is needed for "
                                "each year {first}–{last}."),
    "err.spend_floor_above_budget": ("{year}年度の最低執行額 {floor:,.1f} 億円が総予算 {budget:,.1f} 億円を超えています。"
                                     "最低執行額は総予算以下にしてください。",
                                     "the FY{year} spend floor of {floor:,.1f} 億円 is above that year's total budget of "
                                     "{budget:,.1f} 億円; a floor must be at most the total budget."),
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
    "err.match_ratio_kind": ("マッチング比率は外部資金（external）の財源にのみ設定できます（この財源の種別は {kind}）。",
                             "a match ratio applies to external sources only (this source's kind is {kind})."),
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
                                 "経費を賄えません。制約している規則：{rules}。支出可能範囲を見直してください。",
                                 "mandatory or ongoing program {program} can never be paid for: its eligible shares add "
                                 "up to {total}, less than 1, limited by {rules}; review the Eligibility rules."),
    "err.dep_columns": ("種別 {kind} には {need} が必要です。", "kind {kind} needs {need}."),
    "err.dep_self": ("プログラム「{value}」が自分自身を参照しています。", "program \"{value}\" refers to itself."),
    "err.dep_cycle": ("前提関係が循環しています：{cycle}。", "the requires dependencies form a cycle: {cycle}."),
    "err.group_k": ("件数 k={k} はメンバー数 {n} を超えています。", "k={k} is larger than the number of members ({n})."),
    "err.mandatory_forbidden_dep": ("必須プログラム「{program}」の前提「{target}」が除外されています。",
                                    "mandatory program {program} requires {target}, which is forbidden."),
    "err.eligibility_target": ("対象種別 {kind} では対象は{expected}です。", "for target type {kind} the target must be {expected}."),
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
    "err.compare_unsolved": ("このシナリオは解が得られませんでした（{status}）。比較できません。",
                             "this scenario has no solution ({status}); it cannot be compared."),
    "err.template_option": ("{option} の値「{value}」は {low}〜{high} の整数で指定してください。",
                            "{option} {value}: give a whole number from {low} to {high}."),
    "err.compare_few": ("比較には2つ以上の入力が必要です。", "compare needs at least two inputs."),
    "err.unknown_program": ("プログラム「{value}」はモデルにありません。", "program \"{value}\" is not in the model."),
    "warn.unknown_column": ("不明な列「{column}」は無視します。", "unknown column \"{column}\" ignored."),
    "warn.unknown_sheet": ("不明なシート「{value}」は無視します。", "unknown sheet \"{value}\" ignored."),
    "warn.hidden_rows": ("非表示の行 {rows} も通常どおり読み込みます。プログラムを外すには「除外」列を使ってください。",
                         "hidden rows {rows} are read like any others; use the forbidden flag to switch a program off."),
    "warn.normalised": ("{count} 個のセルの値を正規化しました（全角→半角、前後の空白、桁区切りのカンマなど）。例：{examples}",
                        "{count} cell values were normalised (full-width characters, surrounding spaces, thousands "
                        "separators). For example: {examples}"),
    "warn.macros": ("マクロ（VBA）が含まれていますが、実行も読み込みもしません。", "the workbook contains macros (VBA); they are neither run nor read."),
    "warn.unfundable": ("プログラム「{program}」は支出可能な財源の割合の合計が {total} で1未満のため、採択されません。"
                        "制約している規則：{rules}。",
                        "program {program} can never be funded: its eligible shares add up to {total}, less than 1, "
                        "limited by {rules}."),
    "inputs.rule": ("支出可能範囲シート {row}行目（{source} | {kind} | {target} | {share}）",
                    "Eligibility row {row} ({source} | {kind} | {target} | {share})"),
    "warn.unused_instrument": ("施策種別「{value}」を使うプログラムがないため、この規則はどのプログラムにも適用されません（近い施策種別：{near}）。",
                               "no program uses instrument \"{value}\", so this rule applies to no program (nearest "
                               "instruments: {near})."),
    "warn.weights_normalised": ("重みの合計が {total} のため、合計1に正規化しました。", "weights summed to {total}; they were normalised to sum to 1."),
    "warn.late_starts_dropped": ("期間内に終わらない開始年度 {years} は候補から除きます（後年度負担は不許可）。",
                                 "start years {years} would run past the horizon, which is not allowed; they are not considered."),
    # --- reading exactly what Excel shows, or refusing (issue 16) ------------------------------
    "err.cell_type": ("セルの型「{value}」は Excel にない型です（ファイルが壊れているか、Excel 以外で作られています）。Excel で開いて保存し直してください。",
                      "unknown cell type \"{value}\" (the file is damaged or was not written by Excel); open it in "
                      "Excel and save it again."),
    "err.cell_address": ("セル番地「{value}」は Excel のシートの範囲外か不正です（ファイルが壊れています）。Excel で開いて保存し直してください。",
                         "cell address \"{value}\" is invalid or off the sheet (the file is damaged); open it in "
                         "Excel and save it again."),
    "err.shared_string": ("文字列の番号 {value} が文字列表（{count} 件）の範囲外です。ファイルが壊れているため、別の文字列として読むことはしません。"
                          "Excel で開いて保存し直してください。",
                          "string index {value} is outside the shared-string table ({count} items); the file is "
                          "damaged and the cell is not read as another string. Open it in Excel and save it again."),
    "err.formula_stale": ("数式 {formula} の保存済みの結果は、開くたびに再計算するよう指定されたブックでは Excel の表示と一致する保証がありません。"
                          "Excel で開いて保存するか、値として貼り付けてください。",
                          "the formula {formula} is in a workbook marked to be recalculated whenever it is opened, so "
                          "its saved result may not be what Excel shows; open and save it in Excel, or paste it as a "
                          "value."),
    # --- files that are not .xlsx, named as what they are (issue 16) ----------------------------
    "err.file_not_regular": ("通常のファイルではありません（フォルダ、デバイス、パイプなど）。.xlsx ファイルを指定してください。",
                             "not a regular file (a folder, a device, a pipe …); give an .xlsx file."),
    "err.file_unreadable": ("ファイルを読めません（{detail}）。", "cannot read the file ({detail})."),
    "err.file_ole": ("Excel ブックではない旧形式の Office ファイル（Word の .doc など）です。入力ブック（.xlsx）を指定してください。",
                     "this is an old-format Office file that is not a workbook (a Word .doc or similar); give the "
                     "input workbook (.xlsx)."),
    "err.file_xlsb": ("Excel バイナリブック（.xlsb）です。Excel で「名前を付けて保存」から「Excel ブック (*.xlsx)」で保存してください。",
                      "this is an Excel binary workbook (.xlsb); use Save As in Excel and choose Excel Workbook "
                      "(*.xlsx)."),
    "err.file_ods": ("OpenDocument スプレッドシート（.ods）です。LibreOffice Calc または Excel で開き、"
                     "「名前を付けて保存」から Excel 2007-365 (.xlsx) 形式で保存してください。",
                     "this is an OpenDocument spreadsheet (.ods); open it in LibreOffice Calc or Excel and use Save "
                     "As to save it in Excel 2007-365 (.xlsx) format."),
    "err.file_fods": ("フラット XML 形式の OpenDocument スプレッドシート（.fods）です。LibreOffice Calc で開き、"
                      "「名前を付けて保存」から Excel 2007-365 (.xlsx) 形式で保存してください。",
                      "this is a flat XML OpenDocument spreadsheet (.fods); open it in LibreOffice Calc and use Save "
                      "As to save it in Excel 2007-365 (.xlsx) format."),
    "err.file_odf": ("スプレッドシートではない OpenDocument ファイル（文書やプレゼンテーション）です。入力ブック（.xlsx）を指定してください。",
                     "this is an OpenDocument file that is not a spreadsheet (a text document or presentation); "
                     "give the input workbook (.xlsx)."),
    "err.file_xml2003": ("Excel 2003 XML スプレッドシートです。Excel で開き、「名前を付けて保存」から「Excel ブック (*.xlsx)」で保存してください。",
                         "this is an Excel 2003 XML spreadsheet; open it in Excel and use Save As to save it as an "
                         "Excel Workbook (*.xlsx)."),
    "err.file_html": ("HTML（Web ページ）のファイルで、Excel ブックではありません。Excel で開き、「名前を付けて保存」から"
                      "「Excel ブック (*.xlsx)」で保存してください。",
                      "this is an HTML (web page) file, not a workbook; open it in Excel and use Save As to save it "
                      "as an Excel Workbook (*.xlsx)."),
    "err.file_xml": ("XML ファイルで、Excel ブック（.xlsx）ではありません。入力ブック（.xlsx）を指定してください。",
                     "this is an XML file, not an Excel workbook (.xlsx); give the input workbook (.xlsx)."),
    "err.file_docx": ("Word 文書（.docx）で、Excel ブックではありません。入力ブック（.xlsx）を指定してください。",
                      "this is a Word document (.docx), not a workbook; give the input workbook (.xlsx)."),
    "err.file_pptx": ("PowerPoint ファイル（.pptx）で、Excel ブックではありません。入力ブック（.xlsx）を指定してください。",
                      "this is a PowerPoint file (.pptx), not a workbook; give the input workbook (.xlsx)."),
    "err.file_numbers": ("Apple Numbers のファイルです。Numbers で「書き出す」から Excel (.xlsx) 形式で書き出してください。",
                         "this is an Apple Numbers file; in Numbers use Export To and choose Excel (.xlsx)."),
    # --- which sheet is read (issue 16) --------------------------------------------------------
    "inputs.sheet_hidden": ("{title}（非表示）", "{title} (hidden)"),
    "inputs.sheet_very_hidden": ("{title}（完全に非表示）", "{title} (very hidden)"),
    "err.sheet_ambiguous": ("シート「{first}」と「{second}」のどちらも{table}シートとして読めるため、どちらを読むか決められません。"
                            "使わない方のシートの名前を変えるか、削除してください。",
                            "sheets \"{first}\" and \"{second}\" could both be the {table} sheet, so which one to read "
                            "cannot be decided; rename or delete the one that is not meant."),
    "warn.hidden_sheet": ("シート「{sheet}」は非表示ですが、{table}シートとして読み込みます。",
                          "sheet \"{sheet}\" is hidden, but it is read as the {table} sheet."),
    "warn.hidden_columns": ("非表示の列 {columns} も通常どおり読み込みます。", "hidden columns {columns} are read like any others."),
    # --- ids: exact, visible, case-sensitive (issue 16) -----------------------------------------
    "err.invisible_char": ("ID「{value}」に見えない文字 {char} が含まれています。この文字を削除してください。",
                           "id \"{value}\" holds the invisible character {char}; delete it."),
    "err.unknown_ref_case": ("「{value}」は{target}に存在しません。ID は大文字と小文字を区別します。「{id}」のことですか。",
                             "\"{value}\" does not exist in {target}; ids are case-sensitive. Did you mean \"{id}\"?"),
    "err.unknown_instrument_case": ("施策種別「{value}」を使うプログラムはありません。施策種別は大文字と小文字を区別します。「{id}」のことですか。",
                                    "no program uses instrument \"{value}\"; instruments are case-sensitive. Did you "
                                    "mean \"{id}\"?"),
    "err.scenario_id_case": ("「{value}」はモデルにありません。ID は大文字と小文字を区別します。「{id}」のことですか。",
                             "\"{value}\" is not in the model; ids are case-sensitive. Did you mean \"{id}\"?"),
    # --- every problem at once (issue 16) -------------------------------------------------------
    "err.more": ("ほかに {n} 件の問題があります（最初の {listed} 件を表示しました）。",
                 "{n} more problems (the first {listed} are listed)."),
    "err.marking_too_long": ("取扱区分が長すぎます（{length} 文字。& は2文字と数えます）。Excel の印刷ヘッダーに入るのは {limit} 文字までで、"
                             "超えると全ページから消えるため読み込みません。短くしてください。",
                             "the confidentiality marking is too long ({length} characters, each & counted twice): a printed "
                             "page header holds at most {limit}, and Excel would drop it from every page. Shorten it."),
    "err.no_programs": ("プログラムが1件もありません。最初のプログラムをこの行に入力してください。",
                        "there is no program; enter the first program on this row."),
    # --- writing outputs safely (issue 16) ------------------------------------------------------
    "err.output_not_regular": ("出力先は通常のファイルではありません（デバイス、パイプ、ソケット、フォルダなど）。--force でも置き換えません。別のファイル名を指定してください。",
                               "the output path is not a regular file (a device, pipe, socket or folder); it is "
                               "never replaced, even with --force. Choose another file name."),
    "err.output_name_too_long": ("出力ファイル名が長すぎます（{size} バイト、上限 {limit} バイト）。短い名前にしてください。",
                                 "the output file name is too long ({size} bytes; the limit is {limit}); choose a "
                                 "shorter name."),
    "err.output_path_too_long": ("出力先のパスが長すぎます（{detail}）。短いパスにしてください。",
                                 "the output path is too long ({detail}); choose a shorter path."),
    "err.output_symlink_loop": ("出力先のシンボリックリンクが循環しています。リンクを直すか、別のファイル名を指定してください。",
                                "the output path is a symbolic link that loops; fix the link or choose another file "
                                "name."),
    "err.output_open": ("出力ファイルは Excel または LibreOffice で開かれています（{owner} があります）。ファイルを閉じてから再実行してください。",
                        "the output file is open in Excel or LibreOffice ({owner} exists); close the file and run "
                        "again."),
    "err.output_busy": ("同じ出力ファイルに別の portfolio の実行が書き込み中です。終わってから再実行するか、別のファイル名を指定してください。",
                        "another portfolio run is writing the same output file; run again when it has finished, or "
                        "choose another file name."),
    "err.output_disk_full": ("ディスクの空きがないため出力ファイルを書き込めません（{detail}）。空きを作ってから再実行してください。何も書き込んでいません。",
                             "the disk is full, so the output file cannot be written ({detail}); free some space and "
                             "run again. Nothing was written."),
    "err.output_too_big": ("出力ファイルがファイルシステムの上限を超えます（{detail}）。何も書き込んでいません。",
                           "the output file is larger than the file system allows ({detail}); nothing was written."),
    "err.output_read_only": ("出力先は読み取り専用のファイルシステムです（{detail}）。書き込めるフォルダを指定してください。",
                             "the output folder is on a read-only file system ({detail}); choose a folder that can be "
                             "written."),
    "err.output_io": ("出力ファイルの書き込み中に入出力エラーが起きました（{detail}）。ディスクやネットワークドライブを確認してください。何も書き込んでいません。",
                      "an input/output error occurred while writing the output file ({detail}); check the disk or "
                      "network drive. Nothing was written."),
    "err.output_failed": ("出力ファイルを書き込めません（{detail}）。何も書き込んでいません。",
                          "cannot write the output file ({detail}); nothing was written."),
    "err.results_payload": ("結果ブックに埋め込まれたデータが壊れています（{detail}）。portfolio solve で結果ブックを作り直してください。",
                            "the data embedded in the results workbook is broken ({detail}); make the results "
                            "workbook again with portfolio solve."),
}
