"""The cache of analysis results kept across runs (:mod:`portfolio.analysis.cache`) and the explain
probes that use it and run in worker processes.

* What is cached, or solved in a worker, is the same answer as a plain re-solve: ``explain`` on
  small random models gives the same explanation (every field of its JSON) with no cache and one
  process, with two worker processes, and again from the cache.
* The cache is never trusted blindly: a changed model, option or version is a miss; a file that
  is corrupt, edited, hostile (huge, deeply nested, NaN, wrong types, out-of-range plans),
  written under another user's secret, a folder or a symlink is a miss (never a crash), and it
  is never written over the model.
"""

from __future__ import annotations

import json
import os
import random

import pytest
from builders import Model

from portfolio.analysis import cache as cache_mod
from portfolio.analysis.cache import (
    FILE_NAME,
    Cache,
    cache_at,
    fingerprint,
    make_key,
    solved_from_json,
    solved_to_json,
)
from portfolio.analysis.sensitivity import Solved
from portfolio.api import explain_program, load_model, solve_options
from portfolio.cli.main import main


@pytest.fixture(autouse=True)
def cache_on(tmp_path, monkeypatch):
    """Caches on (conftest turns them off for every other test), with this test's own secret."""
    monkeypatch.delenv(cache_mod.OFF_ENV, raising=False)
    monkeypatch.setenv(cache_mod.KEY_FILE_ENV, str(tmp_path / "secret" / "key"))


def _random_model(seed: int) -> Model:
    rng = random.Random(seed)
    m = Model(years=(2026, 2027), budget=[rng.randint(25, 40), rng.randint(25, 40)])
    m.capacity("R", rng.randint(8, 14), unit="人年")
    for i in range(6):
        m.program(f"P{i}", cost=[rng.randint(4, 15), rng.randint(0, 12)], value=rng.randint(3, 30),
                  use={"R": rng.randint(0, 6)} if rng.random() < 0.5 else None)
    return m


def _solved(funded=(0, 2)) -> Solved:
    return Solved(status="optimal", objective=12.5, bound=12.5, gap=0.0, funded=tuple(funded), seconds=0.1,
                  gap_target=1e-6)


def _untimed(explained: dict) -> dict:
    """An explanation's JSON without the seconds its margins took (the one field a rerun changes)."""
    margins = explained.get("margins")
    if isinstance(margins, dict):
        explained = {**explained, "margins": {k: v for k, v in margins.items() if k != "seconds"}}
    return explained


# -- the same answers ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 7])
def test_explain_cached_and_parallel_equal_a_plain_run(tmp_path, seed):
    data = _random_model(seed).load(tmp_path)
    opts = solve_options(data, mip_gap=0.0)
    ladder = (0.8, 1.0, 1.2)
    plain = {p.id: _untimed(explain_program(data, opts, p.id, ladder=ladder).to_json("en"))
             for p in data.programs}
    cache = cache_at(tmp_path / FILE_NAME)
    first = {p.id: _untimed(explain_program(data, opts, p.id, ladder=ladder, cache=cache).to_json("en"))
             for p in data.programs}
    assert first == plain
    assert cache.hits > 0             # the ladder and the limit tests are shared between programs
    assert cache.save()
    again = cache_at(tmp_path / FILE_NAME)
    second = {p.id: _untimed(explain_program(data, opts, p.id, ladder=ladder, cache=again).to_json("en"))
              for p in data.programs}
    assert second == plain and again.misses == 0 and not again.rejected


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_limit_screens_give_the_answers_of_full_solves(tmp_path, monkeypatch, seed):
    """A limit test is screened by a decision solve (the program forced in, only plans worth the base
    portfolio looked for); with the screens made to rule nothing out, every test is a full solve."""
    import portfolio.analysis.explain as explain_mod

    m = _random_model(seed)
    m.capacity("S", 9, unit="人年")
    for i in range(0, 6, 2):
        m.use(f"P{i}", "S", 4)
    data = m.load(tmp_path)
    opts = solve_options(data, mip_gap=0.0)
    screened = {p.id: _untimed(explain_program(data, opts, p.id, ladder=(1.0,)).to_json("en"))
                for p in data.programs}
    monkeypatch.setattr(explain_mod, "_rules_out", lambda r, cutoff: False)
    full = {p.id: _untimed(explain_program(data, opts, p.id, ladder=(1.0,)).to_json("en"))
            for p in data.programs}
    for pid in full:
        full[pid].pop("solves"), screened[pid].pop("solves")
    assert screened == full
    assert any(c["loosening_brings_it_in"] is False for e in full.values() for c in e["binding_limits"])


def test_explain_with_worker_processes_equals_one_process(tmp_path):
    data = _random_model(3).load(tmp_path)
    opts = solve_options(data, mip_gap=0.0)
    for pid in ("P0", "P5"):
        one = _untimed(explain_program(data, opts, pid, ladder=(0.7, 1.0, 1.3)).to_json("en"))
        two = _untimed(explain_program(data, opts, pid, ladder=(0.7, 1.0, 1.3), workers=2).to_json("en"))
        auto = _untimed(explain_program(data, opts, pid, ladder=(0.7, 1.0, 1.3), workers=None).to_json("en"))
        assert one == two == auto


def test_explain_cli_reuses_the_cache_and_no_cache_writes_none(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _random_model(5).write(tmp_path, "m.xlsx")
    assert main(["explain", "P1", str(path), "--json", "--lang", "en", "--workers", "1"]) == 0
    out1 = capsys.readouterr()
    assert (tmp_path / FILE_NAME).is_file()
    assert main(["explain", "P1", str(path), "--json", "--lang", "en", "--workers", "1"]) == 0
    out2 = capsys.readouterr()
    assert _untimed(json.loads(out1.out)) == _untimed(json.loads(out2.out))
    assert "reused from the cache" in out2.err
    (tmp_path / FILE_NAME).unlink()
    assert main(["explain", "P1", str(path), "--json", "--lang", "en", "--no-cache", "--workers", "1"]) == 0
    assert _untimed(json.loads(capsys.readouterr().out)) == _untimed(json.loads(out1.out))
    assert not (tmp_path / FILE_NAME).exists()


def test_a_tampered_cache_file_is_a_miss_with_a_warning_and_the_same_answer(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _random_model(5).write(tmp_path, "m.xlsx")
    argv = ["explain", "P2", str(path), "--json", "--lang", "en", "--workers", "1"]
    assert main(argv) == 0
    good = _untimed(json.loads(capsys.readouterr().out))
    raw = json.loads((tmp_path / FILE_NAME).read_text())
    for entry in raw["entries"].values():      # a plan that funds nothing, objective 0: a lie
        if entry["value"]["status"] == "optimal":
            entry["value"].update(funded=[], objective=0.0, bound=0.0)
    (tmp_path / FILE_NAME).write_text(json.dumps(raw))
    assert main(argv) == 0
    out = capsys.readouterr()
    assert _untimed(json.loads(out.out)) == good
    assert "could not be verified" in out.err


def test_the_cache_is_never_written_over_the_model(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _random_model(2).write(tmp_path, "m.xlsx")
    before = path.read_bytes()
    assert main(["explain", "P0", str(path), "--cache", str(path), "--workers", "1", "--lang", "en"]) == 0
    assert path.read_bytes() == before


# -- keys: a change is a miss ----------------------------------------------------------------------


def test_a_changed_model_option_or_version_is_another_key(tmp_path, monkeypatch):
    m = _random_model(4)
    path = m.write(tmp_path, "m.xlsx")
    data = load_model(path)
    fp = fingerprint(data)
    assert fp == fingerprint(load_model(path))                          # the same model: the same
    assert fingerprint(data.with_scale(1.1)) != fp                      # --scale
    m.programs[0]["name_en"] = "renamed"
    assert fingerprint(load_model(m.write(tmp_path, "m.xlsx"))) != fp   # the model file
    opts = solve_options(data, mip_gap=0.0)
    key = make_key("explain.probe", fp, options=cache_mod.options_key(opts), changes={"scale": 1.0})
    other = make_key("explain.probe", fp, options=cache_mod.options_key(solve_options(data, mip_gap=1e-3)),
                     changes={"scale": 1.0})
    assert key != other
    monkeypatch.setattr(cache_mod, "VERSION", "99.0")
    assert make_key("explain.probe", fp, options=cache_mod.options_key(opts), changes={"scale": 1.0}) != key


def test_a_missing_model_file_means_no_key(tmp_path):
    data = _random_model(4).load(tmp_path)
    os.unlink(data.path)
    assert fingerprint(data) is None


# -- the file: hostile and broken ones are misses ----------------------------------------------


def _written(tmp_path) -> Cache:
    c = cache_at(tmp_path / FILE_NAME)
    c.put("k1", solved_to_json(_solved()))
    assert c.save()
    return cache_at(tmp_path / FILE_NAME)


def test_round_trip(tmp_path):
    c = _written(tmp_path)
    assert solved_from_json(c.get("k1"), 5) == _solved() and not c.rejected


@pytest.mark.parametrize("content", [
    b"", b"{", b"\xff\xfe garbage", b"[]", b'{"schema": "other", "entries": {}}', b"NaN",
    b'{"schema": "portfolio-cache/1", "entries": {"k1": {"value": NaN, "mac": "x", "seq": 1}}}',
    b'{"schema": "portfolio-cache/1", "entries": []}',
    b'{"schema": "portfolio-cache/1", "entries": {"k1": 5}}',
    b"[" * 100000 + b"]" * 100000,
])
def test_a_corrupt_file_is_a_miss_never_a_crash(tmp_path, content):
    (tmp_path / FILE_NAME).write_bytes(content)
    c = cache_at(tmp_path / FILE_NAME)
    assert c.get("k1") is None and c.rejected


def test_an_edited_entry_or_another_users_secret_is_a_miss(tmp_path, monkeypatch):
    _written(tmp_path)
    raw = json.loads((tmp_path / FILE_NAME).read_text())
    raw["entries"]["k1"]["value"]["objective"] = 99.0
    (tmp_path / FILE_NAME).write_text(json.dumps(raw))
    c = cache_at(tmp_path / FILE_NAME)
    assert c.get("k1") is None and c.rejected
    _written(tmp_path)
    monkeypatch.setenv(cache_mod.KEY_FILE_ENV, str(tmp_path / "other-user" / "key"))
    c = cache_at(tmp_path / FILE_NAME)
    assert c.get("k1") is None and c.rejected


def test_a_secret_others_can_read_is_not_used(tmp_path):
    key = tmp_path / "secret" / "key"
    cache_at(tmp_path / FILE_NAME).put("k", 1)          # creates the secret
    os.chmod(key, 0o644)
    c = cache_at(tmp_path / FILE_NAME)
    assert not c.enabled and c.get("k") is None
    c.put("k", 1)
    assert not c.save()


def test_a_folder_a_symlink_or_a_huge_file_is_not_used(tmp_path, monkeypatch):
    (tmp_path / "d").mkdir()
    c = cache_at(tmp_path / "d")
    c.put("k", 1)
    assert c.get("k") == 1 and not c.save()          # in memory only: a folder is never replaced
    target = tmp_path / "elsewhere.json"
    target.write_text("keep")
    (tmp_path / FILE_NAME).symlink_to(target)
    c = cache_at(tmp_path / FILE_NAME)
    c.put("k", 1)
    assert not c.save() and target.read_text() == "keep"
    (tmp_path / FILE_NAME).unlink()
    _written(tmp_path)
    monkeypatch.setattr(cache_mod, "MAX_BYTES", 10)
    c = cache_at(tmp_path / FILE_NAME)
    assert c.get("k1") is None and c.rejected


def test_a_file_that_is_not_a_cache_is_left_alone(tmp_path):
    other = tmp_path / "notes.json"
    other.write_text('{"mine": 1}')
    c = cache_at(other)
    c.put("k", 1)
    assert not c.save() and other.read_text() == '{"mine": 1}'


@pytest.mark.parametrize("value", [
    None, 5, {}, {**solved_to_json(_solved()), "extra": 1},
    {**solved_to_json(_solved()), "status": "great"},
    {**solved_to_json(_solved()), "funded": [0, 9]},            # an option the model does not have
    {**solved_to_json(_solved()), "funded": [-1]},
    {**solved_to_json(_solved()), "funded": [1, 1]},
    {**solved_to_json(_solved()), "funded": [True]},
    {**solved_to_json(_solved()), "objective": "12"},
    {**solved_to_json(_solved()), "objective": None},           # optimal without a value
    {**solved_to_json(_solved()), "status": "infeasible"},      # infeasible with a plan
])
def test_a_verified_entry_that_does_not_fit_the_model_is_a_miss(value):
    assert solved_from_json(value, 5) is None


def test_off_reads_and_writes_nothing(tmp_path, monkeypatch):
    c = cache_at(tmp_path / FILE_NAME, enabled=False)
    c.put("k", 1)
    assert c.get("k") is None and not c.save() and not (tmp_path / FILE_NAME).exists()
    monkeypatch.setenv(cache_mod.OFF_ENV, "1")
    assert not cache_at(tmp_path / FILE_NAME).enabled


def test_the_newest_entries_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_mod, "MAX_ENTRIES", 3)
    c = cache_at(tmp_path / FILE_NAME)
    for i in range(5):
        c.put(f"k{i}", i)
    assert c.save()
    c = cache_at(tmp_path / FILE_NAME)
    assert [c.get(f"k{i}") for i in range(5)] == [None, None, 2, 3, 4]


def test_two_runs_writing_one_file_keep_both_runs_entries(tmp_path):
    a, b = cache_at(tmp_path / FILE_NAME), cache_at(tmp_path / FILE_NAME)
    a.put("from-a", 1)
    b.put("from-b", 2)
    assert a.save() and b.save()
    c = cache_at(tmp_path / FILE_NAME)
    assert c.get("from-a") == 1 and c.get("from-b") == 2


def test_a_cached_base_that_does_not_fit_the_model_is_a_miss():
    from portfolio.analysis.cache import outcome_from_json

    good = {"status": "optimal", "objective": 5.0, "bound": 5.0, "gap": 0.0, "seconds": 0.1, "wall_seconds": 0.1,
            "mip_gap_target": 1e-6, "time_limit": 60.0, "choose": [1, 0, 1], "pay": [1.0, 2.0]}
    assert outcome_from_json(good, 3, 2).funded_options() == [0, 2]
    for bad in ({**good, "choose": [1, 0]}, {**good, "choose": [1, 0, 2]}, {**good, "choose": [True, 0, 1]},
                {**good, "pay": [1.0]}, {**good, "pay": [1.0, None]}, {**good, "status": "infeasible"},
                {**good, "objective": None}, {**good, "extra": 1}, [], None):
        assert outcome_from_json(bad, 3, 2) is None
