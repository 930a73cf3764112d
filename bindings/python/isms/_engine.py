"""The risk engine: Engine compiles a register, Result holds what one
evaluation found as numpy arrays."""

import os
import threading

import numpy as np

from isms import _api
from isms import _isms
from isms._errors import StaleResultError
from isms.v1 import assessment_pb2
from isms.v1 import compliance_pb2
from isms.v1 import quant_pb2
from isms.v1 import register_pb2

__all__ = ["Engine", "LossSimulation", "Result", "RiskView", "VIEWS"]

# The three views of a risk, in the engine's order.
VIEWS = ("inherent", "current", "target")

_RISK_STATUS_NAMES = {
    assessment_pb2.RISK_STATUS_UNSPECIFIED: "unspecified",
    assessment_pb2.RISK_STATUS_ACCEPTABLE: "acceptable",
    assessment_pb2.RISK_STATUS_ACCEPTED: "accepted",
    assessment_pb2.RISK_STATUS_TREATMENT_PLANNED: "treatment_planned",
    assessment_pb2.RISK_STATUS_UNTREATED: "untreated",
}


def _enum_value(enum_type, prefix, value):
    """An enum value from its number, its full name ("CONTROL_STATUS_PLANNED")
    or its short name ("planned", "in-progress")."""
    if isinstance(value, bool):
        # bool is an int in Python; True would quietly mean value 1.
        raise TypeError("%r is not an enum value: give a number or a name" % (value,))
    if isinstance(value, int):
        return value
    name = str(value).strip().upper().replace("-", "_").replace(" ", "_")
    if not name.startswith(prefix):
        name = prefix + name
    try:
        return enum_type.Value(name)
    except ValueError:
        choices = ", ".join(
            n[len(prefix):].lower() for n in enum_type.keys() if not n.endswith("UNSPECIFIED")
        )
        raise ValueError("%r is not one of %s" % (value, choices)) from None


def _dimension(value):
    short = {"C": "CONFIDENTIALITY", "I": "INTEGRITY", "A": "AVAILABILITY"}
    if isinstance(value, str) and value.upper() in short:
        value = short[value.upper()]
    return _enum_value(register_pb2.Dimension, "DIMENSION_", value)


class RiskView:
    """One view (inherent, current or target) of every risk.

    Attributes (numpy arrays indexed like Register.risks unless noted):
      name: "inherent", "current" or "target".
      likelihood, impact, level: uint8 level indexes (0 = lowest) on the
        likelihood scale, the impact scale and the risk levels.
      likelihood_reduction, impact_reduction: float64 combined reductions R of
        the controls (None for the inherent view).
      heatmap: int64, shape (likelihood levels, impact levels): risks per
        cell; row 0 is the lowest likelihood, column 0 the lowest impact.
      level_counts: int64 risks per risk level, lowest first.
      exposure: sum of the levels' weights over all risks (float).
    """

    def __init__(self, name, arrays):
        self.name = name
        self.likelihood = arrays["likelihood"]
        self.impact = arrays["impact"]
        self.level = arrays["level"]
        self.likelihood_reduction = arrays.get("likelihood_reduction")
        self.impact_reduction = arrays.get("impact_reduction")
        self.heatmap = arrays["heatmap"]
        self.level_counts = arrays["level_counts"]
        self.exposure = arrays["exposure"]
        for array in (self.likelihood, self.impact, self.level, self.heatmap,
                      self.level_counts, self.likelihood_reduction,
                      self.impact_reduction):
            if array is not None:
                array.flags.writeable = False

    def __repr__(self):
        return "<isms.RiskView %s exposure=%g risks=%d>" % (
            self.name, self.exposure, len(self.level))


class Result:
    """What one evaluation of an Engine found.

    The numpy arrays (per view: Result.inherent / .current / .target, plus
    .status and .asset_values) are a snapshot: later changes to the engine do not alter them.
    What is computed on demand from the engine (top_risks, findings, whatif,
    to_proto, report, coverage, readiness) needs the engine unchanged since
    this result was made, and raises StaleResultError otherwise.

    str(result) is the text report that `isms assess` prints.
    """

    def __init__(self, engine):
        core = engine._core
        self._engine = engine
        self._generation = engine._generation
        self.as_of = core.as_of()
        self.scales = core.scales()
        self.inherent, self.current, self.target = (
            RiskView(name, core.view(index)) for index, name in enumerate(VIEWS)
        )
        self.status = core.status()
        self.status.flags.writeable = False
        # Accumulated asset values, shape (assets, 3): confidentiality,
        # integrity, availability as impact level indexes.
        self.asset_values = core.asset_values()
        self.asset_values.flags.writeable = False

    # --- the snapshot ---------------------------------------------------------
    @property
    def risk_ids(self):
        """Risk ids, in the order of the arrays."""
        return list(self._engine._ids())

    def view(self, name):
        """The RiskView called "inherent", "current" or "target"."""
        if name not in VIEWS:
            raise ValueError("view %r is not one of %s" % (name, ", ".join(VIEWS)))
        return getattr(self, name)

    @property
    def exposure(self):
        """{"inherent": ..., "current": ..., "target": ...}."""
        return {name: self.view(name).exposure for name in VIEWS}

    def status_names(self):
        """Per risk: "acceptable", "accepted", "treatment_planned" or
        "untreated"."""
        return [_RISK_STATUS_NAMES.get(int(s), str(int(s))) for s in self.status]

    def risks_frame(self):
        """The per-risk results as a pandas DataFrame indexed by risk id
        (pandas is optional: ImportError if it is not installed)."""
        try:
            import pandas
        except ImportError as e:
            raise ImportError("Result.risks_frame() needs pandas "
                              "(Debian: apt-get install python3-pandas)") from e
        columns = {}
        for name in VIEWS:
            view = self.view(name)
            columns[name + "_likelihood"] = view.likelihood
            columns[name + "_impact"] = view.impact
            columns[name + "_level"] = view.level
        columns["status"] = self.status_names()
        return pandas.DataFrame(columns, index=pandas.Index(self.risk_ids, name="risk_id"))

    # --- computed from the engine, while it is unchanged ----------------------
    def _core(self):
        if self._engine._generation != self._generation:
            raise StaleResultError(
                "the engine changed after this result was made; "
                "call Engine.recalculate() for a new one")
        return self._engine._core

    def top_risks(self, n=10):
        """Ids of the n highest current risks (level, impact, likelihood,
        then id)."""
        ids = self._engine._ids()
        with self._engine._lock:
            return [ids[i] for i in self._core().top_risks(n)]

    def findings(self):
        """isms.v1.Finding messages at as_of."""
        with self._engine._lock:
            raw = self._core().findings()
        return [assessment_pb2.Finding.FromString(b) for b in raw]

    def whatif(self):
        """isms.v1.WhatIfEntry messages: controls not fully implemented,
        ranked by the current exposure they would remove."""
        with self._engine._lock:
            raw = self._core().whatif()
        return [assessment_pb2.WhatIfEntry.FromString(b) for b in raw]

    def to_proto(self, *, risks=True, top_n=10, exposure_groups=True,
                 findings=True, whatif=True, asset_values=True, coverage=True,
                 catalog=None):
        """The assessment as an isms.v1.Assessment message, with coverage of
        the register's catalog (as `isms assess --format json`)."""
        options = _isms.AssessmentOptions()
        options.risks = risks
        options.top_n = top_n
        options.exposure_groups = exposure_groups
        options.findings = findings
        options.whatif = whatif
        options.asset_values = asset_values
        with self._engine._lock:
            data = self._core().assessment(options, coverage, catalog or "")
        return assessment_pb2.Assessment.FromString(data)

    def report(self, format="text", *, top_n=10, whatif_only=False, catalog=None):
        """The report `isms assess` (or `isms whatif`) prints: "text", "md",
        "html" or "json"."""
        with self._engine._lock:
            return self._core().report(format, top_n, whatif_only, catalog or "")

    def __str__(self):
        return self.report("text")

    def __repr__(self):
        return "<isms.Result as_of=%s risks=%d exposure inherent=%g current=%g target=%g>" % (
            self.as_of, len(self.status), self.inherent.exposure,
            self.current.exposure, self.target.exposure)


class LossSimulation:
    """What Engine.simulate_losses() found (a FAIR-style Monte Carlo).

    Attributes:
      summary: an isms.v1.QuantAssessment: per view (inherent, current,
        target) the mean annual loss, standard deviation, percentiles, VaR,
        expected shortfall and loss exceedance curve, for the portfolio and
        each simulated risk.
      inherent, current, target: read-only float64 numpy arrays, the
        portfolio's annual loss in each simulated year (summary.years
        entries); e.g. numpy.percentile(sim.current, 99) equals
        summary.portfolio_current.var99.
    """

    def __init__(self, summary, inherent, current, target):
        self.summary = summary
        self.inherent = inherent
        self.current = current
        self.target = target
        for array in (inherent, current, target):
            array.flags.writeable = False

    def view(self, name):
        """The annual losses of "inherent", "current" or "target"."""
        if name not in VIEWS:
            raise ValueError("view %r is not one of %s" % (name, ", ".join(VIEWS)))
        return getattr(self, name)

    def __repr__(self):
        s = self.summary
        return ("<isms.LossSimulation years=%d risks=%d mean annual loss %s "
                "inherent=%.0f current=%.0f target=%.0f>" % (
                    s.years, s.simulated_risks, s.currency or "(no currency)",
                    s.portfolio_inherent.mean, s.portfolio_current.mean,
                    s.portfolio_target.mean))


class Engine:
    """A compiled register: evaluates risk, takes changes and recalculates
    only what they touch.

        reg = isms.load("examples/registers/acme.json")
        eng = isms.Engine(reg, as_of="2026-11-22")
        before = eng.evaluate()
        print(before.current.heatmap)           # 2-D numpy array
        best = eng.whatif()[0]
        eng.set_control_status(best.control_id, "implemented")
        eng.set_control_implementation(best.control_id, 1.0)
        after = eng.recalculate()
        print(before.current.exposure, "->", after.current.exposure)

    `register` is an isms.v1.Register or a path (loaded by the C++ library
    directly, which for a large register is much faster than going through
    Python messages). The engine copies what it needs; the message may change
    afterwards. Changes made with the set_* methods are also applied to the
    engine's own copy of the register (Engine.register), so that coverage,
    readiness and reports agree with them. For a path, ignore_unknown_fields and
    limits apply as in isms.load().

    Raises ValidationError (naming the place of the fault) when a reference
    does not resolve or the risk method is incomplete.

    Thread safety: calls on one engine are serialised by a lock; the C++ work
    runs without the GIL, so other Python threads keep running meanwhile.
    """

    def __init__(self, register, *, as_of=None, strict_cycles=False, threads=0,
                 ignore_unknown_fields=False, limits=None):
        as_of = _api._as_of(as_of)
        if isinstance(register, (str, os.PathLike)):
            self._core = _isms._Engine.from_file(
                os.fspath(register), as_of, strict_cycles, threads,
                ignore_unknown_fields, dict(limits or {}))
        else:
            self._core = _isms._Engine.from_bytes(
                _api._register_bytes(register), as_of, strict_cycles, threads)
        self._lock = threading.RLock()
        self._generation = 0
        # Changes not yet applied by recalculate(); a new engine has never
        # been evaluated.
        self._dirty = True
        self._risk_ids = None

    # --- evaluation -----------------------------------------------------------
    def evaluate(self):
        """Evaluates everything from scratch and returns a Result."""
        with self._lock:
            self._core.evaluate()
            return self._settled()

    def recalculate(self):
        """Applies the pending changes (only the risks they touch are
        recomputed) and returns a Result. Evaluates fully the first time."""
        with self._lock:
            self._core.recalculate()
            return self._settled()

    def _settled(self):
        # Only a change moves the generation: evaluating again without one
        # gives the same results, so earlier Results stay valid.
        self._dirty = False
        return Result(self)

    def _fresh_core(self):
        """The C++ engine with every change applied."""
        if self._dirty:
            self.recalculate()
        return self._core

    # --- changes --------------------------------------------------------------
    def _change(self, method, *args):
        with self._lock:
            method(*args)
            self._generation += 1
            self._dirty = True

    def set_control_status(self, control_id, status):
        """status: a ControlStatus number or name ("implemented",
        "in_progress", "planned", "retired")."""
        self._change(self._core.set_control_status, control_id,
                     _enum_value(register_pb2.ControlStatus, "CONTROL_STATUS_", status))

    def set_control_implementation(self, control_id, implementation):
        """implementation: 0..1."""
        self._change(self._core.set_control_implementation, control_id,
                     float(implementation))

    def set_control_effectiveness(self, control_id, effectiveness):
        """effectiveness: 0..1."""
        self._change(self._core.set_control_effectiveness, control_id,
                     float(effectiveness))

    def set_asset_value(self, asset_id, dimension, level):
        """dimension: "confidentiality"/"C", "integrity"/"I",
        "availability"/"A" (or a Dimension number); level: an impact level id,
        or None to clear the asset's own value."""
        self._change(self._core.set_asset_value, asset_id, _dimension(dimension),
                     level or "")

    def set_risk_likelihood(self, risk_id, level):
        """level: a likelihood level id, or None to take the threat's."""
        self._change(self._core.set_risk_likelihood, risk_id, level or "")

    def set_risk_impact(self, risk_id, level):
        """level: an impact level id, or None to derive it from the assets."""
        self._change(self._core.set_risk_impact, risk_id, level or "")

    def set_risk_mitigations(self, risk_id, mitigations):
        """Replaces a risk's mitigations: isms.v1.Mitigation messages or dicts
        like {"control_id": "C-012", "reduces": "REDUCES_LIKELIHOOD",
        "strength": 0.5}."""
        serialized = []
        for m in mitigations:
            if isinstance(m, dict):
                m = register_pb2.Mitigation(**m)
            if not isinstance(m, register_pb2.Mitigation):
                raise TypeError("a mitigation must be an isms.v1.Mitigation or a dict")
            serialized.append(m.SerializeToString())
        self._change(self._core.set_risk_mitigations, risk_id, serialized)

    # --- results that need the changes applied --------------------------------
    def whatif(self):
        """Controls not fully implemented, ranked by the current exposure they
        would remove at implementation 1 (isms.v1.WhatIfEntry messages)."""
        with self._lock:
            raw = self._fresh_core().whatif()
        return [assessment_pb2.WhatIfEntry.FromString(b) for b in raw]

    def report(self, format="text", *, top_n=10, catalog=None):
        """The assessment report (see Result.report)."""
        with self._lock:
            return self._fresh_core().report(format, top_n, False, catalog or "")

    def coverage(self, catalog=None):
        """Coverage of the catalog by the applied controls and of the risks
        and assets by the assessment (isms.v1.Coverage)."""
        with self._lock:
            data = self._fresh_core().coverage(catalog or "")
        return compliance_pb2.Coverage.FromString(data)

    def readiness(self, catalog=None):
        """Readiness for certification at as_of (isms.v1.Readiness)."""
        with self._lock:
            data = self._fresh_core().readiness(catalog or "")
        return compliance_pb2.Readiness.FromString(data)

    def simulate_losses(self, years=10000, seed=1, threads=0, *, per_risk=True,
                        curve_points=40):
        """Monte Carlo of annual losses from the risks' quant parameters
        (FAIR), with the controls of the engine (changes applied): returns a
        LossSimulation. The same seed gives the same result for any number
        of threads (0 = all cores). Risks without quant are skipped; invalid
        parameters or mixed currencies raise ValidationError naming the
        place."""
        with self._lock:
            data, inherent, current, target = self._fresh_core().simulate_losses(
                int(years), int(seed), int(threads), bool(per_risk), int(curve_points))
        return LossSimulation(quant_pb2.QuantAssessment.FromString(data),
                              inherent, current, target)

    def soa(self, catalog=None):
        """The Statement of Applicability of the engine's register."""
        with self._lock:
            data = self._core.soa(catalog or "")
        return compliance_pb2.StatementOfApplicabilityReport.FromString(data)

    # --- state ----------------------------------------------------------------
    @property
    def register(self):
        """The engine's register, with every change made through set_*."""
        with self._lock:
            return register_pb2.Register.FromString(self._core.register())

    @property
    def risk_ids(self):
        """Risk ids in register order (the order of every per-risk array)."""
        return list(self._ids())

    def _ids(self):
        # Cached, and immutable: callers get copies (a caller sorting the
        # list it got must not reorder the ids top_risks() maps through).
        if self._risk_ids is None:
            self._risk_ids = tuple(self._core.risk_ids())
        return self._risk_ids

    @property
    def as_of(self):
        return self._core.as_of()

    @property
    def last_recomputed(self):
        """Risks recomputed by the last evaluate() or recalculate()."""
        return self._core.last_recomputed()

    def __repr__(self):
        return "<isms.Engine as_of=%s risks=%d>" % (self.as_of, len(self._ids()))
