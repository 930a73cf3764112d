"""Engine.simulate_losses (the FAIR Monte Carlo of include/isms/quant.h):
the summary against numpy on the returned arrays, against the CLI's
`isms quant --format json`, determinism and errors."""

import numpy as np
import pytest
from google.protobuf import json_format
from numpy.testing import assert_array_equal

import isms
from isms.v1 import quant_pb2

from conftest import AS_OF

PERCENTILES = (5, 10, 50, 90, 95, 99)


@pytest.fixture(scope="module")
def acme_simulation(acme_path):
    engine = isms.Engine(acme_path, as_of=AS_OF)
    return engine.simulate_losses(years=20000, seed=3)


def test_arrays_are_the_simulated_years(acme_simulation):
    sim = acme_simulation
    assert sim.summary.years == 20000
    assert sim.summary.seed == 3
    assert sim.summary.currency == "GBP"
    assert sim.summary.as_of == AS_OF
    assert [r.risk_id for r in sim.summary.risks] == ["R-001", "R-007", "R-019"]
    for name in isms.VIEWS:
        array = sim.view(name)
        assert array.dtype == np.float64
        assert array.shape == (20000,)
        assert not array.flags.writeable
    # Common random numbers: year by year, controls never add loss.
    assert np.all(sim.inherent >= sim.current)
    assert np.all(sim.current >= sim.target)


@pytest.mark.parametrize("view", isms.VIEWS)
def test_summary_equals_numpy_on_the_arrays(acme_simulation, view):
    losses = acme_simulation.view(view)
    stats = getattr(acme_simulation.summary, "portfolio_" + view)
    # Pairwise sums, as numpy's: equal up to the last few bits.
    assert stats.mean == pytest.approx(np.mean(losses), rel=1e-12)
    assert stats.stddev == pytest.approx(np.std(losses), rel=1e-12)
    # Linear interpolation between order statistics, numpy's default.
    assert [p.p for p in stats.percentiles] == list(PERCENTILES)
    for percentile in stats.percentiles:
        assert percentile.loss == np.percentile(losses, percentile.p)
    assert stats.var95 == np.percentile(losses, 95)
    assert stats.var99 == np.percentile(losses, 99)
    tail = losses[losses >= stats.var99]
    assert stats.expected_shortfall99 == pytest.approx(tail.mean(), rel=1e-12)
    assert stats.max == losses.max()
    # The exceedance curve: log-spaced from the smallest positive loss to the
    # largest, P(loss > x) counted on the years.
    curve = stats.curve
    assert len(curve) == 40
    assert curve[0].loss == losses[losses > 0].min()
    assert curve[-1].loss == losses.max()
    assert np.allclose(np.diff(np.log([p.loss for p in curve])),
                       np.log(curve[-1].loss / curve[0].loss) / 39)
    for point in curve:
        assert point.probability == np.mean(losses > point.loss)


def test_portfolio_is_the_sum_of_the_risks(acme_simulation):
    summary = acme_simulation.summary
    for view in isms.VIEWS:
        risks = sum(getattr(r, view).mean for r in summary.risks)
        assert getattr(summary, "portfolio_" + view).mean == pytest.approx(risks, rel=1e-9)


def test_cli_json_equals_the_summary(acme_path, run_cli):
    engine = isms.Engine(acme_path, as_of=AS_OF)
    summary = engine.simulate_losses(years=5000, seed=7, threads=1).summary
    text = run_cli("quant", acme_path, "--as-of", AS_OF, "--years", 5000,
                   "--seed", 7, "--format", "json")
    from_cli = json_format.Parse(text, quant_pb2.QuantAssessment())
    assert from_cli == summary


def test_same_for_any_thread_count_and_seeded(acme_path):
    engine = isms.Engine(acme_path, as_of=AS_OF)
    one = engine.simulate_losses(years=30000, seed=11, threads=1)
    three = engine.simulate_losses(years=30000, seed=11, threads=3)
    other = engine.simulate_losses(years=30000, seed=12, threads=3)
    assert one.summary == three.summary
    for name in isms.VIEWS:
        assert_array_equal(one.view(name), three.view(name))
    assert not np.array_equal(one.current, other.current)


def test_changes_are_applied_before_simulating(acme_path):
    # Retiring every control that mitigates R-001 leaves it unreduced: its
    # current and target losses become its inherent ones, year by year.
    engine = isms.Engine(acme_path, as_of=AS_OF)
    before = engine.simulate_losses(years=2000)
    r001 = next(r for r in engine.register.risks if r.id == "R-001")
    for mitigation in r001.mitigations:
        engine.set_control_status(mitigation.control_id, "retired")
    after = engine.simulate_losses(years=2000).summary.risks[0]
    assert after.risk_id == "R-001"
    assert after.current == after.inherent
    assert after.target == after.inherent
    assert after.current.mean > before.summary.risks[0].current.mean


def test_without_per_risk_results(acme_path):
    engine = isms.Engine(acme_path, as_of=AS_OF)
    full = engine.simulate_losses(years=3000)
    portfolio_only = engine.simulate_losses(years=3000, per_risk=False, curve_points=0)
    assert len(portfolio_only.summary.risks) == 0
    assert len(portfolio_only.summary.portfolio_current.curve) == 0
    assert portfolio_only.summary.portfolio_current.var99 == full.summary.portfolio_current.var99
    assert_array_equal(portfolio_only.current, full.current)


def test_errors(acme, text_register):
    engine = isms.Engine(acme, as_of=AS_OF)
    with pytest.raises(isms.ValidationError, match=r"years 0 is outside 1\.\.10000000"):
        engine.simulate_losses(years=0)

    # Two currencies cannot be summed.
    quant_risks = [r for r in acme.risks if r.HasField("quant")]
    quant_risks[1].quant.currency = "EUR"
    with pytest.raises(isms.ValidationError, match=r'risks\[\d+\]\.quant\.currency: "EUR" differs'):
        isms.Engine(acme, as_of=AS_OF).simulate_losses(years=10)

    # Invalid parameters name the place, as validation does.
    reg = text_register("""
assets { id: "A" }
threats { id: "T" likelihood: "likely" }
risks { id: "R" asset_ids: "A" threat_id: "T"
        quant { loss_event_frequency { constant: 1 } } }
""")
    with pytest.raises(isms.ValidationError,
                       match=r"risks\[0\]\.quant\.primary_loss: no primary loss"):
        isms.Engine(reg, as_of=AS_OF).simulate_losses(years=10)


def test_no_quant_is_not_an_error(tiny):
    sim = isms.Engine(tiny, as_of=AS_OF).simulate_losses(years=100)
    assert list(sim.summary.skipped_risk_ids) == ["R-1", "R-2"]
    assert sim.summary.simulated_risks == 0
    assert_array_equal(sim.current, np.zeros(100))
