"""Messages of the core index at three grains (issue 20, section 4): the sensitivity workbook's and
the report's words for "the same plan as the base" at G1 (programs), G2 (levels) and G3 (starts)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "grain.G1": ("同じプログラムを採択（G1）", "the same programs funded (G1)"),
    "grain.G2": ("さらに同じ水準（G2）", "also at the same levels (G2)"),
    "grain.G3": ("さらに同じ開始年度（G3：案全体）", "also with the same start years (G3: the whole plan)"),
    "xlsx.sens.core.same_grain": ("基準解と同じ抽出の割合：{grain}", "Share of draws equal to the base: {grain}"),
    "xlsx.sens.core.index_G2": ("コア指数（G2：基準の水準で採択）", "Core index (G2: funded at the base level)"),
    "xlsx.sens.core.funded_G2": ("基準の水準で採択された回数", "Funded at the base level in draws"),
    "xlsx.sens.draws.same_G1": ("基準解と同じプログラム（G1）", "Same programs as base (G1)"),
    "xlsx.sens.draws.same_G2": ("基準解と同じ水準（G2）", "Same levels as base (G2)"),
    "report.core.grains.caption": (
        "抽出した重み・スコアで解き直した案が基準解と一致した割合（解けた抽出 {solved} 回のうち）。"
        "粒度が細かいほど一致は厳しくなります。",
        "Share of the draws whose re-optimised plan equals the base plan ({solved} solved draws). The finer "
        "the grain, the stricter the match."),
    "report.core.grains.col_grain": ("一致の粒度", "Grain of the match"),
    "report.core.grains.col_share": ("割合", "Share"),
    "report.core.levels.intro": (
        "基準解で採択されているが、抽出によっては別の水準で採択されるプログラム（コア指数 G1：いずれかの水準で"
        "採択された割合、G2：基準の水準で採択された割合）：",
        "Programs the base plan funds that some draws fund at another level (core index G1: share funded at "
        "any level; G2: share funded at the base level):"),
    "report.core.levels.none": (
        "基準解で採択されているプログラムは、採択された抽出ではすべて基準の水準で採択されています（G1 と G2 の"
        "コア指数が一致）。",
        "Every program the base plan funds is funded at its base level whenever a draw funds it (the core "
        "index at G1 and G2 agree)."),
    "report.core.levels.col_g1": ("コア指数 G1", "Core index G1"),
    "report.core.levels.col_g2": ("コア指数 G2", "Core index G2"),
    "report.core.levels.col_level": ("基準の水準", "Base level"),
}
