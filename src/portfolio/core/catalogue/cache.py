"""Messages of the cache of analysis results kept across runs (``cache.*``, :mod:`portfolio.analysis.cache`)
and of the options that control it and the worker processes of ``explain``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cache.help.cache": (
        "解析結果のキャッシュファイル（既定：出力と同じフォルダ、explain は現在のフォルダの portfolio-cache.json）。"
        "モデル・シナリオ・オプション・バージョンが同じときだけ再利用します",
        "cache file of analysis results (default: portfolio-cache.json beside the output; for explain, in the "
        "current folder). Reused only for the same model, scenario, options and version"),
    "cache.help.no_cache": ("キャッシュを読み書きしない（すべて求解し直す）",
                            "neither read nor write the cache (solve everything again)"),
    "cache.help.explain_workers": (
        "予算ラダーと制約の検証を並列に解くワーカープロセス数：数値、または auto（既定）。auto は基準解の求解時間から"
        "見込んだ作業が {seconds:g} 秒未満なら1プロセス、それ以上なら CPU コアごとに1つ（最大 {most}）",
        "worker processes solving the budget ladder and the limit tests in parallel: a number, or auto (default): "
        "one process when the work, estimated from the base solve's time, is under {seconds:g} s, else one per "
        "CPU core (at most {most})"),
    "cache.rejected": (
        "キャッシュファイル {path} は検証できなかったため使用しません（壊れているか、別の利用者・版が書いたものです）。"
        "すべて求解し直します",
        "The cache file {path} could not be verified and is not used (it is damaged, or was written by another "
        "user or version); everything is solved again"),
    "cache.used": ("キャッシュから {hits} 回分の求解結果を再利用しました（{path}）",
                   "{hits} solve results reused from the cache ({path})"),
}
