"""Messages of the engine: why a scenario is infeasible, in the planner's terms (``infeas.*``), the
phrases naming each row of an irreducible infeasible subsystem (``iis.*``), and the pieces both are
made of (``engine.*``: where a limit was set, what an Eligibility rule names). Each limit family's
sentence is keyed by its Pyomo component (:data:`portfolio.model.families.LIMITS`)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- pieces of the sentences below (portfolio.engine.infeasibility) ------------------------
    "engine.ref": ("［{sheet_ja}{row} {ident}］", " [{sheet_id}{row}: {ident}]"),
    "engine.ref.row": (" {row}行目", " row {row}"),
    "engine.ref.scenario": ("［シナリオ {origin} {ident}］", " [scenario {origin}: {ident}]"),
    "engine.target.program": ("プログラム「{name}」", "program {name}"),
    "engine.target.domain": ("技術領域「{name}」", "domain {name}"),
    "engine.target.instrument": ("施策種別「{name}」", "instrument {name}"),
    "engine.target.all": ("全てのプログラム", "every program"),
    "engine.sep": ("／", "; "),
    "infeas.total_budget_limit": ("{year}：総予算{ref} {limit:,.1f} 億円が {amount:,.1f} 億円不足",
                                  "{year}: the total budget{ref} of {limit:,.1f} 億円 is {amount:,.1f} 億円 short"),
    "infeas.spend_floor_limit": ("{year}：総予算に計上する財源からの最低執行額{ref} {limit:,.1f} 億円に {amount:,.1f} 億円届かない",
                                 "{year}: the spend floor{ref} of {limit:,.1f} 億円 from the sources in the total budget "
                                 "is missed by {amount:,.1f} 億円"),
    "infeas.source_envelope": ("{year}：財源「{name}」{ref}の枠 {limit:,.1f} 億円が {amount:,.1f} 億円不足",
                               "{year}: the envelope of {name}{ref}, {limit:,.1f} 億円, is {amount:,.1f} 億円 short"),
    "infeas.fund_balance": ("基金「{name}」{ref}の{year}までの累積積立額 {limit:,.1f} 億円が {amount:,.1f} 億円不足",
                            "fund {name}{ref}: deposits up to {year}, {limit:,.1f} 億円, are {amount:,.1f} 億円 short"),
    "infeas.capacity_limit": ("{year}：資源「{name}」{ref}の容量 {limit:,.1f}{unit} を {amount:,.1f}{unit} 超過",
                              "{year}: the capacity of {name}{ref}, {limit:,.1f}{unit}, is exceeded by {amount:,.1f}{unit}"),
    "infeas.domain_floor": ("技術領域「{name}」{ref}の下限 {limit:,.1f} 億円に {amount:,.1f} 億円届かない",
                            "the floor of {limit:,.1f} 億円 on domain {name}{ref} is missed by {amount:,.1f} 億円"),
    "infeas.domain_floor_share": ("技術領域「{name}」{ref}の下限（総予算の割合）{limit:,.1f} 億円に {amount:,.1f} 億円届かない",
                                  "the share-based floor of {limit:,.1f} 億円 on domain {name}{ref} is missed by "
                                  "{amount:,.1f} 億円"),
    "infeas.domain_ceiling": ("技術領域「{name}」{ref}の上限 {limit:,.1f} 億円を {amount:,.1f} 億円超過",
                              "the ceiling of {limit:,.1f} 億円 on domain {name}{ref} is exceeded by {amount:,.1f} 億円"),
    "infeas.domain_ceiling_share": ("技術領域「{name}」{ref}の上限（総予算の割合）{limit:,.1f} 億円を {amount:,.1f} 億円超過",
                                    "the share-based ceiling of {limit:,.1f} 億円 on domain {name}{ref} is exceeded by "
                                    "{amount:,.1f} 億円"),
    "infeas.critical_mass": ("技術領域「{name}」{ref}のクリティカルマス {limit:,.1f} 億円（「{program}」を採択する場合）に "
                             "{amount:,.1f} 億円届かない",
                             "the critical mass of {limit:,.1f} 億円 for domain {name}{ref} (with {program} funded) is "
                             "missed by {amount:,.1f} 億円"),
    "infeas.group_count": ("依存関係（{row}行目）{kind} {limit:g} 件（{members}）を {amount:g} 件満たせない",
                           "dependency (row {row}) {kind} {limit:g} of {members} is missed by {amount:g}"),
    "infeas.private_investment_floor": ("民間投資誘発額の下限 {limit:,.1f} 億円に {amount:,.1f} 億円届かない",
                                        "the floor of {limit:,.1f} 億円 on private co-investment is missed by {amount:,.1f} 億円"),
    "infeas.tail_cap": ("後年度負担の上限{ref} {limit:,.1f} 億円を {amount:,.1f} 億円超過",
                        "the cap on commitments past the horizon{ref}, {limit:,.1f} 億円, is exceeded by "
                        "{amount:,.1f} 億円"),
    "infeas.one_choice": ("必須・継続プログラム「{name}」{ref}を採択できない",
                          "mandatory or ongoing program {name}{ref} cannot be funded"),
    "infeas.summary": ("次の制約を同時に満たすことはできません（最小の緩和量を併記）：{items}",
                       "these limits cannot all hold (with the smallest relaxation that would make room): {items}"),
    "infeas.mandatory_shortfall": ("必須・継続プログラムだけで{year}の総予算を {amount:,.1f} 億円超えます（必要額 {need:,.1f} 億円、"
                                   "総予算 {limit:,.1f} 億円）",
                                   "the mandatory and ongoing programs alone exceed the {year} total budget by "
                                   "{amount:,.1f} 億円 (they need {need:,.1f} 億円; the budget is {limit:,.1f} 億円)"),
    "infeas.mandatory_shortfall_total": ("必須・継続プログラムだけで計画期間（{first}〜{last}）の総予算を {amount:,.1f} 億円超えます"
                                         "（必要額 {need:,.1f} 億円以上、総予算 {limit:,.1f} 億円）",
                                         "the mandatory and ongoing programs alone exceed the total budget of the "
                                         "horizon ({first}–{last}) by {amount:,.1f} 億円 (they need at least "
                                         "{need:,.1f} 億円; the budget is {limit:,.1f} 億円)"),
    "iis.total_budget_limit": ("{year}の総予算{ref} {limit:,.1f} 億円", "the {year} total budget{ref} of {limit:,.1f} 億円"),
    "iis.spend_floor_limit": ("{year}の最低執行額{ref} {limit:,.1f} 億円", "the {year} spend floor{ref} of {limit:,.1f} 億円"),
    "iis.source_envelope": ("{year}の財源「{name}」{ref}の枠 {limit:,.1f} 億円",
                            "the {year} envelope of {name}{ref}, {limit:,.1f} 億円"),
    "iis.fund_balance": ("基金「{name}」{ref}の{year}までの累積積立額 {limit:,.1f} 億円",
                         "deposits of fund {name}{ref} up to {year}, {limit:,.1f} 億円"),
    "iis.capacity_limit": ("{year}の資源「{name}」{ref}の容量 {limit:,.1f}{unit}",
                           "the {year} capacity of {name}{ref}, {limit:,.1f}{unit}"),
    "iis.domain_floor": ("技術領域「{name}」{ref}の下限 {limit:,.1f} 億円", "the floor of {limit:,.1f} 億円 on domain {name}{ref}"),
    "iis.domain_floor_share": ("技術領域「{name}」{ref}の下限（割合）{limit:,.1f} 億円",
                               "the share floor of {limit:,.1f} 億円 on domain {name}{ref}"),
    "iis.domain_ceiling": ("技術領域「{name}」{ref}の上限 {limit:,.1f} 億円",
                           "the ceiling of {limit:,.1f} 億円 on domain {name}{ref}"),
    "iis.domain_ceiling_share": ("技術領域「{name}」{ref}の上限（割合）{limit:,.1f} 億円",
                                 "the share ceiling of {limit:,.1f} 億円 on domain {name}{ref}"),
    "iis.critical_mass": ("技術領域「{name}」{ref}のクリティカルマス {limit:,.1f} 億円",
                          "the critical mass of {limit:,.1f} 億円 on domain {name}{ref}"),
    "iis.group_count": ("依存関係（{row}行目）{kind} {limit:g} 件", "the dependency on row {row} ({kind} {limit:g})"),
    "iis.private_investment_floor": ("民間投資誘発額の下限 {limit:,.1f} 億円", "the floor of {limit:,.1f} 億円 on private co-investment"),
    "iis.partner_match": ("財源「{source}」が「{name}」{ref}に支出できるのは日本側の支出の {ratio:g} 倍まで（マッチング）",
                          "{source} pays {name}{ref} at most {ratio:g} × what Japanese sources pay (match)"),
    "iis.tail_cap": ("後年度負担の上限{ref} {limit:,.1f} 億円", "the cap{ref} of {limit:,.1f} 億円 past the horizon"),
    "iis.one_choice": ("「{name}」{ref}は1回まで採択", "{name}{ref} is funded at most once"),
    "iis.mandatory": ("「{name}」{ref}は{kind}", "{name}{ref} is {kind}"),
    "iis.cost_covered": ("「{name}」{ref}の経費は全額を支出可能な財源で賄う",
                         "the cost of {name}{ref} is paid in full by eligible sources"),
    "iis.share_cap": ("財源「{source}」が「{name}」{ref}に支出できる割合の上限", "the share of {name}{ref} that {source} may pay"),
    "iis.eligibility": ("支出可能範囲（{row}行目）：財源「{source}」→ {target} は上限割合 {share:g}",
                        "the Eligibility rule on row {row}: {source} → {target}, share at most {share:g}"),
    "iis.eligibility_none": ("「{name}」{ref}に支出できる財源は {sources} のみ（支出可能範囲）",
                             "only {sources} may pay for {name}{ref} (Eligibility)"),
    "iis.requires": ("「{name}」{ref}の前提プログラムと開始年度の順序（依存関係 {row}行目）",
                     "the prerequisite of {name}{ref} and its start order (Dependencies row {row})"),
    "iis.excludes": ("依存関係（{row}行目）の排他", "the exclusion on Dependencies row {row}"),
    "infeas.iis": ("小数の選択を許しても、次の制約は同時に満たせません（LP緩和のIIS）：{items}",
                   "these cannot all hold even with fractional choices (IIS of the LP relaxation): {items}"),
    "infeas.integrality": ("小数の選択なら全ての制約を満たせます。矛盾はプログラムを丸ごと採択するか否か（クリティカルマス・件数など）から生じています。",
                           "with fractional choices every limit could hold: the conflict comes from funding programs "
                           "whole or not at all (a critical mass, a group count and the like)."),
    "infeas.structural": ("必須・継続プログラムの間の依存関係・排他関係が矛盾しています。",
                          "the dependencies between mandatory or ongoing programs contradict each other."),
}
