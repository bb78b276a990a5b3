"""Messages about a solve: its status (``status.*``) and the one-line outcomes (``msg.*``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "program.note.forbidden": ("除外指定", "forbidden"),
    "program.note.unfundable": ("支出可能な財源の割合が不足", "eligible shares < 1"),
    "program.note.no_option": ("開始可能な年度なし", "no start possible"),
    "status.optimal": ("最適（許容ギャップ内）", "optimal (within the gap)"),
    "status.feasible": ("実行可能解（時間上限で打ち切り、最適性未確認）", "feasible (stopped at the time limit; not proven optimal)"),
    "status.infeasible": ("実行不能（全ての制約を同時に満たす配分がない）", "infeasible (no allocation meets every limit)"),
    "status.no_solution": ("時間上限内に解が見つからない", "no solution within the time limit"),
    "status.invalid_input": ("入力エラー", "invalid input"),
    "status.with_gap": ("{status}（ギャップ {gap:.4%}）", "{status} (gap {gap:.4%})"),
    "status.gap_unknown": ("{status}（ギャップ 不明）", "{status} (gap unknown)"),
    "msg.infeasible": ("このシナリオには全ての制約を満たす配分がありません。", "no allocation meets every limit in this scenario."),
    "msg.no_solution": ("時間上限（{limit} 秒）内に実行可能な配分が見つかりませんでした。--time-limit を延ばしてください。",
                        "no feasible allocation was found within the time limit ({limit} s); raise --time-limit."),
    "msg.unexpected": ("予期しないエラーが発生しました：{detail}（--debug で詳細を表示）",
                       "unexpected error: {detail} (run with --debug for details)"),
}
