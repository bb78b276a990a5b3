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
}
