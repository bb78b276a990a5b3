"""``portfolio compare``: scenarios or saved results side by side, with charts."""

from __future__ import annotations

from pathlib import Path

from .cli import Console, add_output_args, add_solver_args, command, solver_kwargs
from .compare import Comparison, compare, load_run
from .errors import EXIT_OK, InputError
from .excel import Col, ExcelWriter
from .i18n import MESSAGES

MESSAGES.update({
    "err.compare_unsolved": ("このシナリオは解が得られませんでした（{status}）。比較できません。",
                             "this scenario has no solution ({status}); it cannot be compared."),
    "err.compare_few": ("比較には2つ以上の入力が必要です。", "compare needs at least two inputs."),
})


def _configure(p):
    p.add_argument("inputs", nargs="+", help="results workbooks, model workbooks, scenario YAML files or "
                                             "Scenarios-sheet names (the first is the baseline)")
    p.add_argument("--model", default=None, help="model for Scenarios-sheet names and YAML files without a base")
    add_solver_args(p)
    add_output_args(p)


@command("compare", "compare scenarios or saved results side by side")(_configure)
def run_compare(args, console: Console) -> int:
    from .safeio import check_output

    if len(args.inputs) < 2:
        raise InputError("err.compare_few")
    kw = solver_kwargs(args)
    out = Path(args.output) if args.output else Path.cwd() / "compare.xlsx"
    inputs = [*args.inputs, *([args.model] if args.model else [])]
    check_output(out, force=args.force, inputs=inputs)
    runs = [load_run(a, args.model, kw, console.lang) for a in args.inputs]
    comp = compare(runs)
    write_comparison(comp, out, lang=console.lang, force=args.force, inputs=inputs)
    if console.json_mode:
        console.emit_json(comp.to_json(str(out)))
    else:
        ja = console.lang == "ja"
        for r in comp.summary.itertuples():
            console.info(f"{r.name}: {r.objective:,.3f} ({r.status}), {r.funded}{' プログラム' if ja else ' programs'}")
        for r in comp.runs[1:]:
            sub = comp.differences[comp.differences["run"] == r.name]
            parts = [f"{k}: {', '.join(sub.loc[sub['kind'] == k, 'program'])}" for k in
                     ("gained", "lost", "level_changed", "start_changed") if (sub["kind"] == k).any()]
            console.info(f"{comp.runs[0].name} → {r.name}: " + ("; ".join(parts) or ("差異なし" if ja else "no change")))
        console.info(("出力: " if ja else "output: ") + str(out))
    return EXIT_OK


KIND_LABELS = {"gained": ("追加採択", "gained"), "lost": ("不採択に", "lost"),
               "level_changed": ("水準変更", "level changed"), "start_changed": ("開始年度変更", "start changed")}


def write_comparison(comp: Comparison, path, *, lang: str = "ja", force: bool = False, inputs=()) -> Path:
    ja = lang == "ja"
    names = [r.name for r in comp.runs]
    marking = next((r.summary.get("confidentiality") for r in comp.runs if r.summary.get("confidentiality")), "")
    with ExcelWriter(path, lang=lang, marking=marking, force=force, inputs=inputs) as xw:
        ws = xw.sheet("比較概要", "Summary")
        r0 = xw.title_block(ws, "シナリオ比較" if ja else "Scenario comparison",
                            [("基準" if ja else "Baseline", names[0])])
        cols = [Col("name", "シナリオ", "Scenario"), Col("source", "入力", "Input"), Col("status", "求解状況", "Status"),
                Col("objective", "目的関数値", "Objective", "number"), Col("gap", "ギャップ", "Gap", "share"),
                Col("budget_total", "総予算", "Total budget", "money"), Col("spend_total", "支出", "Spend", "money"),
                Col("funded", "採択数", "Funded", "int"), Col("budget_scale", "予算倍率", "Budget scale", "number")]
        hr, last = xw.table(ws, comp.summary, cols, first_row=r0, freeze=False)
        ch = xw.chart("column", "目的関数値" if ja else "Objective", x_title="", y_title="", money_axis=False)
        ch.add_series({"name": [ws.get_name(), hr, 3], "categories": [ws.get_name(), hr + 1, 0, last, 0],
                       "values": [ws.get_name(), hr + 1, 3, last, 3]})
        ch.set_legend({"none": True})
        ws.insert_chart(last + 2, 0, ch)
        r = last + 24
        ws.write_string(r, 0, "評価基準ごとの寄与" if ja else "Contribution by criterion", xw.f["sub"])
        _side(xw, ws, comp.criteria, names, r + 1, "number", ja)

        for (sheet_ja, sheet_en, df, title_ja, title_en) in (
                ("技術領域別", "Domains", comp.domains, "技術領域別の支出（億円）", "Spend by domain (億円)"),
                ("財源別", "Sources", comp.sources, "財源別の支出（億円）", "Spend by source (億円)"),
                ("府省別", "Ministries", comp.ministries, "主管府省別の事業費（億円）", "Program cost by lead ministry (億円)"),
                ("年度別", "Years", comp.years, "年度別の支出（億円）", "Spend by year (億円)")):
            ws = xw.sheet(sheet_ja, sheet_en)
            hr, last = _side(xw, ws, df, names, 0, "money", ja)
            if last > hr:
                ch = xw.chart("column", title_ja if ja else title_en, x_title="", y_title="億円")
                for j, n in enumerate(names, start=1):
                    ch.add_series({"name": [ws.get_name(), hr, j], "categories": [ws.get_name(), hr + 1, 0, last, 0],
                                   "values": [ws.get_name(), hr + 1, j, last, j]})
                ch.set_size({"width": 900, "height": 440})
                ws.insert_chart(last + 2, 0, ch)

        ws = xw.sheet("プログラム", "Programs")
        cols = [Col("id", "ID", "ID"), Col("name", "名称", "Name")] + [Col(n, n, n) for n in names]
        xw.table(ws, comp.programs, cols)

        ws = xw.sheet("差異", "Differences")
        diff = comp.differences.copy()
        diff["kind_label"] = [KIND_LABELS[k][0 if ja else 1] for k in diff["kind"]]
        xw.table(ws, diff, [Col("run", "シナリオ", "Scenario"), Col("kind_label", "区分", "Change"),
                            Col("program", "ID", "ID"), Col("name", "名称", "Name"),
                            Col("before", f"基準（{names[0]}）", f"Baseline ({names[0]})"),
                            Col("after", "比較先", "This scenario"),
                            Col("cost_before", "基準の総事業費", "Life cost (baseline)", "money"),
                            Col("cost_after", "比較先の総事業費", "Life cost (this)", "money")])

        ws = xw.sheet("上書きの違い", "Overrides")
        cols = [Col("key", "項目", "Key")] + [Col(f"v{i}", n, n) for i, n in enumerate(names)]
        xw.table(ws, comp.overrides, cols, widths={"key": 30})
    return Path(path)


def _side(xw, ws, df, names, first_row, kind, ja):
    cols = [Col("id", "ID", "ID")] + [Col(n, n, n, kind) for n in names]
    if "change" in df.columns:
        cols.append(Col("change", f"増減（{names[-1]}−{names[0]}）", f"Change ({names[-1]} − {names[0]})", kind))
    return xw.table(ws, df, cols, first_row=first_row, freeze=False, autofilter=False)
