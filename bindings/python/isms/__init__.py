"""isms: an ISO/IEC 27001:2022 ISMS model and risk engine.

    import isms

    reg = isms.load("examples/registers/acme.json")   # an isms.v1.Register
    for d in isms.validate(reg):
        print(d.code, d.path, d.message)

    eng = isms.Engine(reg, as_of="2026-11-22")
    result = eng.evaluate()
    print(result)                       # the report `isms assess` prints
    result.current.heatmap              # 2-D numpy array, likelihood x impact
    result.current.level                # per-risk uint8 level indexes
    result.to_proto()                   # an isms.v1.Assessment message
    sim = eng.simulate_losses()         # FAIR Monte Carlo of annual losses
    sim.summary.portfolio_current.var99 # sim.summary: isms.v1.QuantAssessment
    sim.current                         # the portfolio's loss per year, numpy

    eng.set_control_status("C-012", "implemented")
    after = eng.recalculate()           # only the affected risks recompute

Registers, results and reports are the library's own isms.v1 protobuf
messages (isms.v1.register_pb2 and friends). Errors raise isms.Error
subclasses (ValidationError, NotFoundError, ResourceExhaustedError, ...)
carrying the library's message, which names the place of the fault.
Long computations release the GIL.
"""

from isms._errors import *  # noqa: F401,F403
from isms._errors import __all__ as _error_names
from isms._api import *  # noqa: F401,F403
from isms._api import __all__ as _api_names
from isms._engine import Engine, LossSimulation, Result, RiskView, VIEWS
from isms import v1  # noqa: F401
from isms.v1 import assessment_pb2, catalog_pb2, compliance_pb2  # noqa: F401
from isms.v1 import diagnostics_pb2, quant_pb2, register_pb2  # noqa: F401

__version__ = version()  # noqa: F405

__all__ = list(_error_names) + list(_api_names) + [
    "Engine",
    "LossSimulation",
    "Result",
    "RiskView",
    "VIEWS",
    "v1",
]
