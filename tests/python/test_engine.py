"""isms.Engine and isms.Result: the numbers against the C++ engine's (the
CLI's JSON and text output on acme.json), hand-worked values, and changes +
recalculate against fresh engines."""

import datetime
import random
import sys

import numpy as np
import pytest
from google.protobuf import json_format
from numpy.testing import assert_array_equal

import isms
from isms.v1 import assessment_pb2
from isms.v1 import register_pb2

from conftest import AS_OF

ARRAYS = ("likelihood", "impact", "level", "heatmap", "level_counts")
REDUCTIONS = ("likelihood_reduction", "impact_reduction")


# --- helpers ----------------------------------------------------------------

def snapshot(result):
    """Copies of every array of a Result, to check later that it did not
    change."""
    copy = {"status": result.status.copy()}
    for name in isms.VIEWS:
        view = result.view(name)
        for attr in ARRAYS + REDUCTIONS:
            value = getattr(view, attr)
            copy[name, attr] = None if value is None else value.copy()
        copy[name, "exposure"] = view.exposure
    return copy


def assert_matches_snapshot(result, copy):
    assert_array_equal(result.status, copy["status"])
    for name in isms.VIEWS:
        view = result.view(name)
        for attr in ARRAYS + REDUCTIONS:
            value = getattr(view, attr)
            if copy[name, attr] is None:
                assert value is None
            else:
                assert_array_equal(value, copy[name, attr],
                                   err_msg="%s.%s" % (name, attr))
        assert view.exposure == copy[name, "exposure"]


def assert_same_arrays(a, b):
    """Two Results agree on every array and aggregate."""
    assert a.risk_ids == b.risk_ids
    assert_array_equal(a.status, b.status, err_msg="status")
    for name in isms.VIEWS:
        va, vb = a.view(name), b.view(name)
        for attr in ARRAYS + REDUCTIONS:
            x, y = getattr(va, attr), getattr(vb, attr)
            if x is None or y is None:
                assert x is None and y is None, (name, attr)
            else:
                assert x.dtype == y.dtype, (name, attr)
                assert_array_equal(x, y, err_msg="%s.%s" % (name, attr))
        assert va.exposure == vb.exposure, name


def fresh_result(engine):
    """A new engine built from `engine`'s register (with its changes),
    evaluated from scratch."""
    return isms.Engine(engine.register, as_of=engine.as_of).evaluate()


def assert_equals_fresh(engine, result):
    fresh = fresh_result(engine)
    assert_same_arrays(result, fresh)
    assert result.to_proto() == fresh.to_proto()
    assert result.findings() == fresh.findings()
    assert result.top_risks(43) == fresh.top_risks(43)
    assert engine.whatif() == fresh.whatif()
    return fresh


def index_of(items, item_id):
    for i, item in enumerate(items):
        if item.id == item_id:
            return i
    raise KeyError(item_id)


# --- the C++ engine's numbers (the CLI) ---------------------------------------

@pytest.fixture(scope="module")
def cli_assessment(acme_path, run_cli):
    out = run_cli("assess", acme_path, "--as-of", AS_OF, "--format", "json")
    return json_format.Parse(out, assessment_pb2.Assessment())


@pytest.fixture(scope="module")
def acme_result(acme_path):
    """An evaluated acme engine (module-wide: tests must not change it)."""
    engine = isms.Engine(isms.load(acme_path), as_of=AS_OF)
    return engine, engine.evaluate()


def test_hand_known_values_on_acme(acme_result):
    engine, result = acme_result
    assert len(result.status) == 43
    assert len(engine.risk_ids) == 43
    assert result.exposure == {"inherent": 152.0, "current": 95.0,
                               "target": 83.0}
    assert result.inherent.exposure == 152
    assert result.current.exposure == 95
    assert result.target.exposure == 83
    assert result.as_of == engine.as_of == AS_OF
    # Risks per level (low, medium, high, critical), from the README's
    # report: inherent 4/12/23/4, current 5/31/7/0, target 5/37/1/0.
    assert result.inherent.level_counts.tolist() == [4, 12, 23, 4]
    assert result.current.level_counts.tolist() == [5, 31, 7, 0]
    assert result.target.level_counts.tolist() == [5, 37, 1, 0]
    names = result.status_names()
    assert {n: names.count(n) for n in set(names)} == {
        "acceptable": 36, "accepted": 2, "treatment_planned": 4,
        "untreated": 1}
    assert result.top_risks(2) == ["R-007", "R-004"]
    assert engine.last_recomputed == 43


def test_to_proto_equals_the_cli_json(acme_result, cli_assessment):
    _, result = acme_result
    proto = result.to_proto()
    assert isinstance(proto, assessment_pb2.Assessment)
    assert proto == cli_assessment
    assert len(proto.risks) == 43
    assert proto.coverage.catalog == "iso27001:2022"


def test_per_risk_arrays_equal_the_cli(acme_result, cli_assessment, acme):
    engine, result = acme_result
    # Arrays follow the register's order.
    assert result.risk_ids == engine.risk_ids == [r.id for r in acme.risks]
    by_id = {r.risk_id: r for r in cli_assessment.risks}
    assert set(by_id) == set(result.risk_ids)
    for i, risk_id in enumerate(result.risk_ids):
        cli = by_id[risk_id]
        for name in isms.VIEWS:
            view, point = result.view(name), getattr(cli, name)
            assert view.level[i] == point.level_index, (risk_id, name)
            assert view.likelihood[i] == point.likelihood_index, (risk_id, name)
            assert view.impact[i] == point.impact_index, (risk_id, name)
            assert result.scales["risk"][view.level[i]] == point.level
            assert result.scales["likelihood"][view.likelihood[i]] == \
                point.likelihood
            assert result.scales["impact"][view.impact[i]] == point.impact
        assert result.current.likelihood_reduction[i] == \
            cli.current_likelihood_reduction
        assert result.current.impact_reduction[i] == \
            cli.current_impact_reduction
        assert result.target.likelihood_reduction[i] == \
            cli.target_likelihood_reduction
        assert result.target.impact_reduction[i] == cli.target_impact_reduction
        assert result.status[i] == cli.status, risk_id


def test_heatmaps_and_aggregates_equal_the_cli(acme_result, cli_assessment):
    _, result = acme_result
    rows, cols = len(result.scales["likelihood"]), len(result.scales["impact"])
    assert (rows, cols) == (5, 5)
    for name in isms.VIEWS:
        view, cli = result.view(name), getattr(cli_assessment, name + "_heatmap")
        assert (cli.rows, cli.cols) == (rows, cols)
        assert view.heatmap.shape == (rows, cols)
        assert view.heatmap.dtype == np.int64
        assert_array_equal(view.heatmap,
                           np.array(cli.cells, dtype=np.int64).reshape(rows, cols))
        # Row = likelihood, column = impact, counted from the per-risk arrays.
        counted = np.zeros((rows, cols), dtype=np.int64)
        np.add.at(counted, (view.likelihood, view.impact), 1)
        assert_array_equal(view.heatmap, counted)
        assert view.heatmap.sum() == 43
        assert view.exposure == getattr(cli_assessment, name + "_exposure")
        assert view.level_counts.tolist() == [
            getattr(c, name) for c in cli_assessment.level_counts]
        assert view.level_counts.tolist() == np.bincount(
            view.level, minlength=4).tolist()
    assert [c.level for c in cli_assessment.level_counts] == \
        result.scales["risk"] == ["low", "medium", "high", "critical"]
    # The acme current heatmap of the README's report (rows lowest
    # likelihood first).
    assert result.current.heatmap.tolist() == [
        [0, 1, 1, 1, 2],
        [0, 2, 5, 15, 1],
        [1, 2, 4, 5, 0],
        [0, 2, 1, 0, 0],
        [0, 0, 0, 0, 0],
    ]


def test_top_risks_findings_whatif_equal_the_cli(acme_result, cli_assessment):
    engine, result = acme_result
    assert result.top_risks(10) == list(cli_assessment.top_risk_ids)
    assert result.top_risks() == result.top_risks(10)
    assert result.top_risks(3) == result.top_risks(10)[:3]
    assert sorted(result.top_risks(100)) == sorted(result.risk_ids)
    assert result.top_risks(0) == []
    assert result.findings() == list(cli_assessment.findings)
    assert all(isinstance(f, assessment_pb2.Finding) for f in result.findings())
    assert result.whatif() == list(cli_assessment.whatif)
    assert engine.whatif() == result.whatif()


def test_asset_values_equal_the_cli(acme_result, cli_assessment):
    engine, result = acme_result
    impact = result.scales["impact"]
    assert result.asset_values.shape == (60, 3)
    assert not result.asset_values.flags.writeable
    ids = [a.id for a in engine.register.assets]
    by_id = {v.asset_id: v for v in cli_assessment.asset_values}
    assert len(by_id) == 60
    for i, asset_id in enumerate(ids):
        c, i_, a = (impact[x] for x in result.asset_values[i])
        expected = by_id[asset_id]
        assert (c, i_, a) == (expected.confidentiality, expected.integrity,
                              expected.availability), asset_id


def test_text_report_equals_the_cli(acme_result, acme_path, run_cli):
    engine, result = acme_result
    expected = run_cli("assess", acme_path, "--as-of", AS_OF)
    assert str(result) == expected
    assert result.report("text") == expected
    assert engine.report() == expected
    assert "Risks:        43 (7 above risk appetite now)" in expected


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_other_reports_equal_the_cli(acme_result, acme_path, run_cli, fmt):
    _, result = acme_result
    assert result.report(fmt) == run_cli("assess", acme_path, "--as-of", AS_OF,
                                         "--format", fmt)


def test_whatif_report_and_top_n_equal_the_cli(acme_result, acme_path, run_cli):
    _, result = acme_result
    assert result.report(whatif_only=True) == run_cli(
        "whatif", acme_path, "--as-of", AS_OF)
    top5 = json_format.Parse(
        run_cli("assess", acme_path, "--as-of", AS_OF, "--format", "json",
                "--top", "5"), assessment_pb2.Assessment())
    assert result.to_proto(top_n=5) == top5
    assert len(top5.top_risk_ids) == 5


def test_risk_ids_are_copies(acme_engine):
    # Changing the list one gets must not reorder what top_risks() maps
    # indexes through.
    engine = acme_engine
    result = engine.evaluate()
    ids = result.risk_ids
    ids.reverse()
    engine.risk_ids.sort(reverse=True)
    engine.risk_ids.clear()
    assert result.top_risks(2) == ["R-007", "R-004"]
    assert result.risk_ids[0] == engine.risk_ids[0] == "R-001"
    assert len(result.risk_ids) == 43


def test_to_proto_options(acme_result):
    _, result = acme_result
    full = result.to_proto()
    bare = result.to_proto(risks=False, findings=False, whatif=False,
                           exposure_groups=False, asset_values=False,
                           coverage=False)
    assert len(bare.risks) == len(bare.findings) == len(bare.whatif) == 0
    assert len(bare.asset_values) == len(bare.exposure_by_asset) == 0
    assert not bare.HasField("coverage")
    assert bare.current_exposure == full.current_exposure == 95
    assert list(bare.top_risk_ids) == list(full.top_risk_ids)
    assert len(full.asset_values) == 60


def test_arrays_are_read_only_numpy(acme_result):
    _, result = acme_result
    for name in isms.VIEWS:
        view = result.view(name)
        for attr in ("likelihood", "impact", "level"):
            array = getattr(view, attr)
            assert array.dtype == np.uint8 and array.shape == (43,)
            with pytest.raises(ValueError):
                array[0] = 1
        assert view.level_counts.dtype == np.int64
        with pytest.raises(ValueError):
            view.heatmap[0, 0] = 7
    assert result.inherent.likelihood_reduction is None
    assert result.current.likelihood_reduction.dtype == np.float64
    assert result.status.dtype == np.uint8
    assert result.view("current") is result.current
    with pytest.raises(ValueError):
        result.view("residual")


def test_engine_from_path_equals_engine_from_message(acme_path, acme_result):
    _, result = acme_result
    from_path = isms.Engine(acme_path, as_of=AS_OF).evaluate()
    from_str = isms.Engine(str(acme_path), as_of=datetime.date(2026, 11, 22),
                           threads=1).evaluate()
    assert_same_arrays(from_path, result)
    assert_same_arrays(from_str, result)
    assert from_path.to_proto() == result.to_proto()


def test_engine_copies_the_message(acme, acme_result):
    _, result = acme_result
    engine = isms.Engine(acme, as_of=AS_OF)
    for control in acme.controls:
        control.status = register_pb2.CONTROL_STATUS_RETIRED
    assert_same_arrays(engine.evaluate(), result)
    # And the register it gives out is a copy too.
    reg = engine.register
    reg.risks[0].likelihood = "almost_certain"
    assert engine.register.risks[0].likelihood != "almost_certain"


def test_as_of_changes_statuses(acme_path):
    # The acceptances of acme are dated: well before them nothing is
    # accepted yet.
    early = isms.Engine(acme_path, as_of="2020-01-01").evaluate()
    assert early.as_of == "2020-01-01"
    assert "accepted" not in early.status_names()
    assert early.current.exposure == 95  # levels do not depend on the date


def test_hand_worked_tiny_register(tiny):
    # See conftest.TINY_BODY for the arithmetic.
    engine = isms.Engine(tiny, as_of=AS_OF)
    result = engine.evaluate()
    assert result.risk_ids == ["R-1", "R-2"]
    assert result.inherent.likelihood.tolist() == [3, 0]
    assert result.inherent.impact.tolist() == [3, 2]
    assert result.inherent.level.tolist() == [2, 0]
    assert result.current.likelihood.tolist() == [2, 0]
    assert result.current.impact.tolist() == [3, 1]
    assert result.current.level.tolist() == [2, 0]
    assert result.target.likelihood.tolist() == [1, 0]
    assert result.target.impact.tolist() == [1, 0]
    assert result.target.level.tolist() == [0, 0]
    assert result.current.likelihood_reduction.tolist() == [0.5, 0.5]
    assert result.current.impact_reduction.tolist() == [0.0, 0.5]
    assert result.target.likelihood_reduction == pytest.approx([0.9, 1.0])
    assert result.target.impact_reduction == pytest.approx([0.8, 1.0])
    assert result.exposure == {"inherent": 4.0, "current": 4.0, "target": 2.0}
    assert result.status_names() == ["treatment_planned", "acceptable"]
    assert result.current.heatmap[2, 3] == 1 and result.current.heatmap[0, 1] == 1
    assert [w.control_id for w in result.whatif()] == ["C-2", "C-3"]
    # C-2 would take R-1 from high to medium (likelihood 1 x impact 1 is
    # low, so 2 of exposure).
    assert result.whatif()[0].exposure_removed == 2
    assert result.whatif()[0].risks_improved == 1


# --- changes and recalculation ----------------------------------------------

def test_implementing_the_best_whatif_control(acme_engine):
    engine = acme_engine
    before = engine.evaluate()
    kept = snapshot(before)
    best = engine.whatif()[0]
    assert isinstance(best, assessment_pb2.WhatIfEntry)
    # README: "With C-049 implemented: current exposure 95 -> 91".
    assert (best.control_id, best.exposure_removed, best.risks_improved) == \
        ("C-049", 4.0, 2)

    engine.set_control_status(best.control_id, "implemented")
    engine.set_control_implementation(best.control_id, 1.0)
    after = engine.recalculate()

    assert after.current.exposure == before.current.exposure - best.exposure_removed
    assert after.current.exposure == 91
    assert int(np.sum(after.current.level < before.current.level)) == \
        best.risks_improved
    assert not np.any(after.current.level > before.current.level)
    # Inherent and target risk do not depend on the control's progress.
    for name in ("inherent", "target"):
        assert_array_equal(after.view(name).level, before.view(name).level)
    assert 0 < engine.last_recomputed < 43

    # The engine's register carries the change.
    control = engine.register.controls[index_of(engine.register.controls,
                                                best.control_id)]
    assert control.status == register_pb2.CONTROL_STATUS_IMPLEMENTED
    assert control.HasField("implementation") and control.implementation == 1.0
    # It is no longer a what-if candidate.
    assert best.control_id not in [w.control_id for w in engine.whatif()]

    # Equal to a fresh engine on the changed register, evaluated from scratch.
    fresh = assert_equals_fresh(engine, after)
    assert fresh.current.exposure == 91

    # The old result is a snapshot, but what it computes on demand is stale.
    assert_matches_snapshot(before, kept)
    assert before.current.exposure == 95
    with pytest.raises(isms.StaleResultError):
        before.to_proto()
    with pytest.raises(isms.StaleResultError):
        before.findings()
    with pytest.raises(isms.StaleResultError):
        before.top_risks(10)
    with pytest.raises(isms.StaleResultError):
        before.whatif()
    with pytest.raises(isms.FailedPreconditionError):
        str(before)
    # The new one works.
    assert len(after.to_proto().risks) == 43


def test_results_become_stale_at_the_change(acme_engine):
    engine = acme_engine
    result = engine.evaluate()
    assert result.top_risks(1) == ["R-007"]
    engine.set_control_effectiveness("C-001", 0.5)
    # Stale as soon as the engine changed, before recalculate().
    with pytest.raises(isms.StaleResultError) as info:
        result.top_risks(1)
    assert isinstance(info.value, isms.Error)
    assert "recalculate" in str(info.value)
    assert engine.recalculate().top_risks(1) == ["R-007"]


def test_evaluating_again_without_a_change_keeps_results_valid(acme_engine):
    engine = acme_engine
    first = engine.evaluate()
    second = engine.evaluate()
    third = engine.recalculate()
    assert first.top_risks(1) == second.top_risks(1) == third.top_risks(1) == ["R-007"]
    assert first.to_proto() == third.to_proto()


def test_enum_setters_refuse_bools(acme_engine):
    with pytest.raises(TypeError):
        acme_engine.set_control_status("C-001", True)
    with pytest.raises(TypeError):
        acme_engine.set_asset_value(acme_engine.register.assets[0].id, False, None)


def test_a_failed_change_changes_nothing(acme_engine):
    engine = acme_engine
    result = engine.evaluate()
    register = engine.register
    with pytest.raises(isms.ValidationError):
        engine.set_control_implementation("C-001", 1.5)
    with pytest.raises(isms.NotFoundError):
        engine.set_risk_mitigations("R-001", [{"control_id": "C-001"},
                                              {"control_id": "C-999"}])
    with pytest.raises(isms.ValidationError):
        engine.set_risk_impact("R-001", "catastrophic")
    assert engine.register == register
    # The result is still current.
    assert result.to_proto().current_exposure == 95
    after = engine.recalculate()
    assert engine.last_recomputed == 0
    assert_same_arrays(after, result)


def test_recalculate_without_changes_recomputes_nothing(acme_engine):
    engine = acme_engine
    first = engine.recalculate()  # a new engine evaluates fully
    assert engine.last_recomputed == 43
    second = engine.recalculate()
    assert engine.last_recomputed == 0
    assert_same_arrays(first, second)
    engine.evaluate()
    assert engine.last_recomputed == 43


def test_set_control_effectiveness(acme_engine):
    engine = acme_engine
    before = engine.evaluate()
    # C-049 is a planned control: at effectiveness 0 it would do nothing in
    # the target view.
    engine.set_control_effectiveness("C-049", 0.0)
    after = engine.recalculate()
    reg = engine.register
    control = reg.controls[index_of(reg.controls, "C-049")]
    assert control.HasField("effectiveness") and control.effectiveness == 0.0
    assert after.target.exposure > before.target.exposure
    assert after.current.exposure == before.current.exposure
    assert 0 < engine.last_recomputed < 43
    assert_equals_fresh(engine, after)


@pytest.mark.parametrize("dimension", ["C", "confidentiality", "CONFIDENTIALITY",
                                       "DIMENSION_CONFIDENTIALITY", 1])
def test_set_asset_value(acme_engine, dimension):
    engine = acme_engine
    before = engine.evaluate()
    # A-025 (the laptop fleet, confidentiality "major") carries
    # and R-029: at "severe" inherent exposure rises from 152 to 158.
    engine.set_asset_value("A-025", dimension, "severe")
    after = engine.recalculate()
    reg = engine.register
    assert reg.assets[index_of(reg.assets, "A-025")].value.confidentiality == \
        "severe"
    assert after.inherent.exposure == 158
    changed = [engine.risk_ids[i] for i in
               np.flatnonzero(after.inherent.impact != before.inherent.impact)]
    assert set(changed) <= {"R-005", "R-016", "R-029"} and changed
    assert 0 < engine.last_recomputed < 43
    assert_equals_fresh(engine, after)
    # Back to "major": the original numbers.
    engine.set_asset_value("A-025", dimension, "major")
    assert_same_arrays(engine.recalculate(), before)


def test_set_asset_value_propagates_and_clears(acme_engine):
    engine = acme_engine
    before = engine.evaluate()
    # A-014 (the web application) has no confidentiality of its own; the
    # assets it depends on inherit what it gets.
    reg = engine.register
    assert reg.assets[index_of(reg.assets, "A-014")].value.confidentiality == ""
    engine.set_asset_value("A-014", "C", "severe")
    after = engine.recalculate()
    assert 1 < engine.last_recomputed < 43
    assert not np.array_equal(after.inherent.impact, before.inherent.impact)
    assert_equals_fresh(engine, after)
    # None clears the asset's own value again.
    engine.set_asset_value("A-014", "confidentiality", None)
    cleared = engine.recalculate()
    reg = engine.register
    assert reg.assets[index_of(reg.assets, "A-014")].value.confidentiality == ""
    assert_same_arrays(cleared, before)
    assert_equals_fresh(engine, cleared)


def test_set_asset_value_other_dimensions(tiny):
    engine = isms.Engine(tiny, as_of=AS_OF)
    engine.evaluate()
    engine.set_asset_value("SVC", "I", "severe")
    engine.set_asset_value("SRV", "availability", "major")
    result = engine.recalculate()
    reg = engine.register
    assert reg.assets[0].value.integrity == "severe"
    assert reg.assets[1].value.availability == "major"
    # R-1's impact is now SVC's integrity (severe = 4).
    assert result.inherent.impact.tolist() == [4, 2]
    assert_equals_fresh(engine, result)


def test_set_risk_likelihood_and_impact(tiny):
    engine = isms.Engine(tiny, as_of=AS_OF)
    engine.evaluate()
    engine.set_risk_likelihood("R-1", "certain")
    engine.set_risk_impact("R-1", "minor")
    result = engine.recalculate()
    assert engine.last_recomputed == 1
    assert (result.inherent.likelihood[0], result.inherent.impact[0]) == (4, 1)
    # certain x minor = 5 -> high.
    assert result.inherent.level[0] == 2
    risk = engine.register.risks[0]
    assert (risk.likelihood, risk.impact) == ("certain", "minor")
    assert_equals_fresh(engine, result)
    # None goes back to the threat's likelihood and the assets' impact.
    engine.set_risk_likelihood("R-1", None)
    engine.set_risk_impact("R-1", None)
    result = engine.recalculate()
    assert (result.inherent.likelihood[0], result.inherent.impact[0]) == (3, 3)
    risk = engine.register.risks[0]
    assert (risk.likelihood, risk.impact) == ("", "")
    assert_equals_fresh(engine, result)


def test_set_risk_mitigations_with_dicts_and_messages(tiny):
    engine = isms.Engine(tiny, as_of=AS_OF)
    engine.evaluate()
    engine.set_risk_mitigations("R-1", [
        {"control_id": "C-1", "reduces": "REDUCES_IMPACT", "strength": 1.0},
        register_pb2.Mitigation(control_id="C-3",
                                reduces=register_pb2.REDUCES_LIKELIHOOD),
    ])
    result = engine.recalculate()
    assert engine.last_recomputed == 1
    risk = engine.register.risks[0]
    assert [(m.control_id, m.reduces) for m in risk.mitigations] == [
        ("C-1", register_pb2.REDUCES_IMPACT),
        ("C-3", register_pb2.REDUCES_LIKELIHOOD)]
    assert not risk.mitigations[1].HasField("strength")
    # C-1 (implemented, strength 1) removes the whole impact: ceil(0) = 0;
    # C-3 (in progress at 0.5) halves the likelihood: ceil(1.5) = 2.
    assert (result.current.likelihood[0], result.current.impact[0]) == (2, 0)
    assert_equals_fresh(engine, result)
    # No mitigations at all: current = inherent.
    engine.set_risk_mitigations("R-1", [])
    result = engine.recalculate()
    assert len(engine.register.risks[0].mitigations) == 0
    assert result.current.level[0] == result.inherent.level[0]
    assert_equals_fresh(engine, result)
    with pytest.raises(TypeError):
        engine.set_risk_mitigations("R-1", ["C-1"])


@pytest.mark.parametrize("status,code", [
    ("planned", register_pb2.CONTROL_STATUS_PLANNED),
    ("in-progress", register_pb2.CONTROL_STATUS_IN_PROGRESS),
    ("IN_PROGRESS", register_pb2.CONTROL_STATUS_IN_PROGRESS),
    ("CONTROL_STATUS_RETIRED", register_pb2.CONTROL_STATUS_RETIRED),
    (register_pb2.CONTROL_STATUS_IMPLEMENTED,
     register_pb2.CONTROL_STATUS_IMPLEMENTED),
])
def test_set_control_status_names(tiny, status, code):
    engine = isms.Engine(tiny, as_of=AS_OF)
    engine.evaluate()
    engine.set_control_status("C-2", status)
    result = engine.recalculate()
    assert engine.register.controls[1].status == code
    assert_equals_fresh(engine, result)


def test_pending_changes_apply_to_whatif_coverage_and_readiness(acme_engine):
    engine = acme_engine
    before = engine.evaluate()
    coverage_before = engine.coverage()
    for control_id in ("C-049", "C-012"):
        engine.set_control_status(control_id, "implemented")
        engine.set_control_implementation(control_id, 1.0)
    # No recalculate(): these apply the pending changes first.
    fresh_engine = isms.Engine(engine.register, as_of=AS_OF)
    fresh = fresh_engine.evaluate()
    assert engine.whatif() == fresh.whatif()
    assert engine.coverage() == fresh_engine.coverage()
    assert engine.coverage() != coverage_before
    assert engine.readiness() == fresh_engine.readiness()
    assert engine.soa() == fresh_engine.soa()
    assert engine.report() == str(fresh)
    assert fresh.current.exposure < before.current.exposure


def test_random_changes_match_fresh_engines(acme_engine):
    """Property-style: batches of random changes of every kind, each batch
    recalculated incrementally and compared with a fresh engine."""
    rng = random.Random(20261122)
    engine = acme_engine
    engine.evaluate()
    reg = engine.register
    control_ids = [c.id for c in reg.controls]
    asset_ids = [a.id for a in reg.assets]
    risk_ids = [r.id for r in reg.risks]
    likelihoods = [l.id for l in reg.risk_method.likelihood.levels]
    impacts = [l.id for l in reg.risk_method.impact.levels]
    statuses = ["planned", "in_progress", "implemented", "retired"]
    dimensions = ["C", "I", "A", "confidentiality", "integrity",
                  "availability"]
    reduces = ["REDUCES_LIKELIHOOD", "REDUCES_IMPACT", "REDUCES_BOTH",
               "REDUCES_UNSPECIFIED"]

    def mitigation():
        m = {"control_id": rng.choice(control_ids),
             "reduces": rng.choice(reduces)}
        if rng.random() < 0.7:
            m["strength"] = rng.choice([0.0, 0.3, 0.5, 0.9, 1.0])
        return m if rng.random() < 0.5 else register_pb2.Mitigation(**m)

    changes = [
        lambda: engine.set_control_status(rng.choice(control_ids),
                                          rng.choice(statuses)),
        lambda: engine.set_control_implementation(
            rng.choice(control_ids), rng.choice([0.0, 0.25, 0.5, 1.0])),
        lambda: engine.set_control_effectiveness(
            rng.choice(control_ids), rng.choice([0.0, 0.4, 0.75, 1.0])),
        lambda: engine.set_asset_value(rng.choice(asset_ids),
                                       rng.choice(dimensions),
                                       rng.choice(impacts + [None])),
        lambda: engine.set_risk_likelihood(rng.choice(risk_ids),
                                           rng.choice(likelihoods + [None])),
        lambda: engine.set_risk_impact(rng.choice(risk_ids),
                                       rng.choice(impacts + [None])),
        lambda: engine.set_risk_mitigations(
            rng.choice(risk_ids),
            [mitigation() for _ in range(rng.randint(0, 3))]),
    ]
    applied = failed = 0
    for batch in range(20):
        for _ in range(rng.randint(1, 6)):
            before = engine.register
            try:
                rng.choice(changes)()
                applied += 1
            except isms.ValidationError:
                # E.g. clearing the likelihood of a risk whose threat has
                # none: refused, and nothing changed.
                failed += 1
                assert engine.register == before
        result = engine.recalculate()
        assert engine.last_recomputed <= 43
        assert_equals_fresh(engine, result)
    assert applied >= 50
    assert engine.register != reg


def test_risks_frame_without_pandas(acme_result, monkeypatch):
    # pandas is optional: without it (None in sys.modules makes the import
    # fail even where pandas is installed) a helpful ImportError.
    monkeypatch.setitem(sys.modules, "pandas", None)
    _, result = acme_result
    with pytest.raises(ImportError, match="needs pandas") as info:
        result.risks_frame()
    assert "python3-pandas" in str(info.value)


def test_risks_frame_with_pandas(acme_result):
    pandas = pytest.importorskip("pandas")
    _, result = acme_result
    frame = result.risks_frame()
    assert isinstance(frame, pandas.DataFrame)
    assert frame.shape == (43, 10)
    assert list(frame.index) == result.risk_ids
    assert frame.index.name == "risk_id"
    for name in isms.VIEWS:
        view = result.view(name)
        assert_array_equal(frame[name + "_level"].to_numpy(), view.level)
        assert_array_equal(frame[name + "_likelihood"].to_numpy(),
                           view.likelihood)
        assert_array_equal(frame[name + "_impact"].to_numpy(), view.impact)
    assert list(frame["status"]) == result.status_names()
    assert frame.loc["R-007", "current_level"] == result.current.level[
        result.risk_ids.index("R-007")]


def test_reprs(acme_result):
    engine, result = acme_result
    assert repr(engine) == "<isms.Engine as_of=2026-11-22 risks=43>"
    assert repr(result) == ("<isms.Result as_of=2026-11-22 risks=43 exposure "
                            "inherent=152 current=95 target=83>")
    assert repr(result.current) == "<isms.RiskView current exposure=95 risks=43>"
