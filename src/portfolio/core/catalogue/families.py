"""The words of each limit family (:data:`portfolio.model.families.LIMITS`): its label
(``family.<id>``) and one of its rows in running text (``family.<id>.one``, with ``{year}`` and
``{key}``, the name of the source, capacity or domain). The infeasibility sentences of the families
are in :mod:`.engine`, keyed by Pyomo component."""

MESSAGES: dict[str, tuple[str, str]] = {
    "family.total_budget": ("総予算", "total budget"),
    "family.spend_floor": ("最低執行額", "spend floor"),
    "family.source_envelope": ("財源の年度枠", "source envelope"),
    "family.fund_balance": ("基金の累積残高", "fund balance"),
    "family.capacity": ("能力制約", "capacity"),
    "family.domain_floor": ("領域下限", "domain floor"),
    "family.domain_ceiling": ("領域上限", "domain ceiling"),
    "family.domain_floor_share": ("領域下限（割合）", "domain floor (share)"),
    "family.domain_ceiling_share": ("領域上限（割合）", "domain ceiling (share)"),
    "family.critical_mass": ("クリティカルマス", "critical mass"),
    "family.tail_cap": ("後年度負担上限", "cap past horizon"),
    "family.private_investment_floor": ("民間投資誘発額の下限", "floor on private co-investment"),
    "family.group_at_least": ("最低選定数", "at least k"),
    "family.group_at_most": ("最大選定数", "at most k"),
    "family.total_budget.one": ("{year}の総予算", "the {year} total budget"),
    "family.spend_floor.one": ("{year}の最低執行額", "the {year} spend floor"),
    "family.source_envelope.one": ("{year}の財源「{key}」の枠", "the {year} envelope of {key}"),
    "family.fund_balance.one": ("基金「{key}」の{year}までの残高", "the balance of fund {key} up to {year}"),
    "family.capacity.one": ("{year}の資源「{key}」の容量", "the {year} capacity of {key}"),
    "family.domain_floor.one": ("技術領域「{key}」の下限", "the floor of domain {key}"),
    "family.domain_ceiling.one": ("技術領域「{key}」の上限", "the ceiling of domain {key}"),
    "family.domain_floor_share.one": ("技術領域「{key}」の下限（総予算の割合）", "the share-based floor of domain {key}"),
    "family.domain_ceiling_share.one": ("技術領域「{key}」の上限（総予算の割合）", "the share-based ceiling of domain {key}"),
    "family.critical_mass.one": ("技術領域「{key}」のクリティカルマス", "the critical mass of domain {key}"),
    "family.tail_cap.one": ("後年度負担の上限", "the cap on commitments past the horizon"),
    "family.private_investment_floor.one": ("民間投資誘発額の下限", "the floor on private co-investment"),
    "family.group_at_least.one": ("選定数の下限（{key}）", "the group minimum ({key})"),
    "family.group_at_most.one": ("選定数の上限（{key}）", "the group maximum ({key})"),
}
