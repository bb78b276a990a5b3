/* The report's what-if page (section 8): choose, among the plans computed beforehand, the one to show
   for the budget step and weights the sliders set. Data: the JSON in #whatif-data, built by
   portfolio.analysis.whatif. A plan's value is linear in the weights, so the best known plan is the
   one with the largest dot product. Text goes in with textContent only; nothing is loaded. */
(function () {
  "use strict";
  var app = document.getElementById("whatif-app");
  var D = JSON.parse(document.getElementById("whatif-data").textContent);
  var nCrit = D.crit.length;
  var basePlan = D.cand[0];
  var state = { step: D.bs, w: D.w0.slice() };

  function fill(key, params) {
    return D.txt[key].replace(/\{(\w+)\}/g, function (m, k) { return params[k]; });
  }
  function fmt(x, digits) {
    return x.toLocaleString(D.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function pct(x) { return fmt(100 * x, 1) + "%"; }
  function value(p, w) {
    var v = D.plans[p][1], s = 0;
    for (var c = 0; c < nCrit; c++) { s += v[c] * w[c]; }
    return s;
  }
  function near(a, b, tol) {
    for (var i = 0; i < a.length; i++) { if (Math.abs(a[i] - b[i]) > tol) { return false; } }
    return true;
  }

  /* As the stability analysis moves a weight: criterion c at lam, the others in proportion. */
  function shifted(w, c, lam) {
    var rest = 1 - w[c], out = [];
    for (var j = 0; j < nCrit; j++) {
      if (j === c) { out.push(lam); }
      else if (rest > 1e-15) { out.push(w[j] * (1 - lam) / rest); }
      else { out.push((1 - lam) / (nCrit - 1)); }
    }
    return out;
  }

  /* Inside the convex hull of the weightings where the base plan was proven optimal. */
  function proven(w) {
    if (near(w, D.w0, 1e-12)) { return true; }
    var f = D.exact.facets;
    if (f.length) {
      var inside = f.every(function (row) {
        var s = 0;
        for (var c = 0; c < nCrit; c++) { s += row[c] * w[c]; }
        return s <= row[nCrit] + 1e-9;
      });
      if (inside) { return true; }
    }
    return D.exact.seg.some(function (sg) {
      var c = sg[0];
      return w[c] >= sg[1] - 1e-12 && w[c] <= sg[2] + 1e-12 && near(shifted(D.w0, c, w[c]), w, 1e-9);
    });
  }

  function choose() {
    if (state.step !== D.bs) {
      return { plan: D.steps[state.step][2], exact: near(state.w, D.w0, 1e-12) };
    }
    if (proven(state.w)) { return { plan: basePlan, exact: true }; }
    var best = basePlan, top = value(basePlan, state.w);
    D.cand.forEach(function (p) {
      var v = value(p, state.w);
      if (v > top + 1e-9 * Math.max(1, Math.abs(top))) { best = p; top = v; }
    });
    return { plan: best, exact: false };
  }

  function byProgram(p) {
    var out = {};
    D.plans[p][0].forEach(function (k) { out[D.opt[k][0]] = D.opt[k]; });
    return out;
  }
  /* A plan's cost by the program's domain (col 2) or lead ministry (col 3). */
  function spendBy(p, col, names) {
    var out = names.map(function () { return 0; });
    D.plans[p][0].forEach(function (k) {
      var at = D.prog[D.opt[k][0]][col];
      if (at >= 0) { out[at] += D.opt[k][3]; }
    });
    return out;
  }
  function levelText(o) {
    return o ? fill("level", { level: D.lv[o[1]], start: o[2] }) : D.txt.not_funded;
  }

  function showControls() {
    var step = D.steps[state.step];
    var out = document.getElementById("wi-budget-out");
    if (out) { out.textContent = fill("budget", { scale: "" + step[0], budget: fmt(step[1], 1) }); }
    for (var c = 0; c < nCrit; c++) {
      var o = document.getElementById("wi-w" + c + "-out");
      if (!o) { continue; }
      var iv = D.iv && D.iv[c];
      o.textContent = iv ? fill("weight", { value: pct(state.w[c]), low: pct(iv[0]), high: pct(iv[1]) })
        : pct(state.w[c]);
    }
  }

  /* What computes the view exactly: the weights as a scenario line, and the solve command. */
  function showExactly(exact) {
    var parts = D.crit.map(function (c, i) { return c[0] + ": " + state.w[i].toFixed(4); });
    document.getElementById("wi-exactly").hidden = exact;
    document.getElementById("wi-hint").textContent = exact ? "" :
      D.txt.hint + (D.scenario ? " " + fill("hint_scenario", { scenario: D.scenario }) : "");
    document.getElementById("wi-yaml").textContent = "weights: {" + parts.join(", ") + "}";
    document.getElementById("wi-command").textContent = ["portfolio solve", D.model, "--scenario whatif.yaml",
      "--scale " + D.steps[state.step][0]].filter(Boolean).join(" ");
  }

  function showSummary(plan, exact) {
    var mode = document.getElementById("wi-mode");
    mode.textContent = exact ? D.txt.exact : D.txt.approx;
    mode.className = "badge " + (exact ? "wi-exact" : "wi-approx");
    showExactly(exact);
    var z = value(plan, state.w), dz = z - value(basePlan, state.w);
    var spend = spendBy(plan, 2, D.dom).reduce(function (a, b) { return a + b; }, 0);
    document.getElementById("wi-objective").textContent =
      fill("objective", { objective: fmt(z, 3), delta: (dz >= 0 ? "+" : "") + fmt(dz, 3) });
    document.getElementById("wi-funded").textContent =
      fill("funded", { n: D.plans[plan][0].length, spend: fmt(spend, 1) });
    var mv = "";
    if (state.step > 0 && near(state.w, D.w0, 1e-12)) {
      var lo = D.steps[state.step - 1], hi = D.steps[state.step];
      if (hi[1] !== lo[1]) {
        mv = fill("marginal", { value: fmt((value(hi[2], D.w0) - value(lo[2], D.w0)) / (hi[1] - lo[1]), 4) });
      }
    }
    document.getElementById("wi-marginal").textContent = mv;
    var kind = state.step === D.bs ? D.plans[plan][2] : "ladder";
    document.getElementById("wi-source").textContent = fill("source", { kind: D.txt["kind." + kind] });
  }

  function showTables(plan) {
    var view = byProgram(plan), base = byProgram(basePlan), counts = { added: 0, removed: 0, changed: 0 };
    var rows = document.querySelectorAll("#wi-programs tbody tr");
    Array.prototype.forEach.call(rows, function (tr) {
      var i = +tr.getAttribute("data-program"), a = view[i], b = base[i], change = "";
      if (a && !b) { change = "added"; } else if (b && !a) { change = "removed"; }
      else if (a && b && (a[1] !== b[1] || a[2] !== b[2])) { change = "changed"; }
      if (change) { counts[change] += 1; }
      tr.className = change ? "wi-" + change : "";
      if (a) { tr.setAttribute("data-funded", "1"); } else { tr.removeAttribute("data-funded"); }
      tr.cells[2].textContent = levelText(a);
      tr.cells[4].textContent = change ? D.txt[change] : "";
    });
    document.getElementById("wi-changes").textContent = fill("changes", counts);
    spendTable("wi-domains", spendBy(plan, 2, D.dom), spendBy(basePlan, 2, D.dom));
    spendTable("wi-ministries", spendBy(plan, 3, D.ministry), spendBy(basePlan, 3, D.ministry));
  }

  function spendTable(id, now, then) {
    Array.prototype.forEach.call(document.querySelectorAll("#" + id + " tbody tr"), function (tr) {
      var d = +tr.getAttribute("data-row"), delta = now[d] - then[d];
      tr.cells[1].textContent = fmt(now[d], 1);
      tr.cells[2].textContent = Math.abs(delta) < 0.05 ? "—" : (delta > 0 ? "+" : "") + fmt(delta, 1);
    });
  }

  function update() {
    var got = choose();
    showControls();
    showSummary(got.plan, got.exact);
    showTables(got.plan);
    app.setAttribute("data-plan", "" + got.plan);
    app.setAttribute("data-mode", got.exact ? "exact" : "approx");
    app.setAttribute("data-weights", JSON.stringify(state.w));
    app.setAttribute("data-step", "" + state.step);
  }

  function setSliders() {
    var b = document.getElementById("wi-budget");
    if (b) { b.value = state.step; }
    for (var c = 0; c < nCrit; c++) {
      var s = document.getElementById("wi-w" + c);
      if (s) { s.value = Math.round(100 * state.w[c]); }
    }
  }

  var budget = document.getElementById("wi-budget");
  if (budget) {
    budget.addEventListener("input", function () { state.step = +budget.value; update(); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("input.wi-weight"), function (s) {
    s.addEventListener("input", function () {
      var c = +s.getAttribute("data-criterion");
      state.w = shifted(state.w, c, +s.value / 100);
      setSliders();
      update();
    });
  });
  document.getElementById("wi-reset").addEventListener("click", function () {
    state = { step: D.bs, w: D.w0.slice() };
    setSliders();
    update();
  });
  app.hidden = false;
  update();
}());
