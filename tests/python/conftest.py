"""Fixtures of the isms Python tests.

The environment (set by tests/CMakeLists.txt for ctest):
  PYTHONPATH       the package root of the build (build/<preset>/python)
  ISMS_SOURCE_DIR  the source tree (for examples/registers/*.json)
  ISMS_CLI         the `isms` command-line tool of the same build, whose
                   output is the reference the bindings are compared with
"""

import os
import pathlib
import subprocess

import pytest

import isms

# The assessment date of every comparison with the CLI.
AS_OF = "2026-11-22"

# A 5 x 5 risk method (the one of tests/risk_engine_test.cc): the risk level
# is fixed by likelihood index + impact index: 0-2 low, 3-4 medium, 5-6 high,
# 7-8 critical; weights default to index + 1.
METHOD_TEXT = """
schema_version: "1"
organization { name: "Tiny" }
risk_method {
  likelihood {
    levels { id: "rare" }
    levels { id: "unlikely" }
    levels { id: "possible" }
    levels { id: "likely" }
    levels { id: "certain" }
  }
  impact {
    levels { id: "negligible" }
    levels { id: "minor" }
    levels { id: "moderate" }
    levels { id: "major" }
    levels { id: "severe" }
  }
  risk_levels { id: "low" acceptable: true }
  risk_levels { id: "medium" }
  risk_levels { id: "high" }
  risk_levels { id: "critical" }
  grid: [
    "low",    "low",    "low",      "medium",  "medium",
    "low",    "low",    "medium",   "medium",  "high",
    "low",    "medium", "medium",   "high",    "high",
    "medium", "medium", "high",     "high",    "critical",
    "medium", "high",   "high",     "critical", "critical"
  ]
}
"""

# A small valid register on METHOD_TEXT: a service on a server (the server
# inherits the service's value), one threat, two risks, three controls.
#   likelihood likely (3, the threat's), impact major (3, from SVC's
#        confidentiality) -> high; C-1 (implemented, strength 0.5) halves the
#        likelihood: ceil(3 * 0.5) = 2 -> possible x major = high (5).
#   on SRV, likelihood rare (0), impact moderate (2) -> low.
TINY_BODY = """
assets {
  id: "SVC"
  type: ASSET_TYPE_SERVICE
  value { confidentiality: "major" integrity: "moderate" availability: "minor" }
  depends_on { asset_id: "SRV" }
}
assets { id: "SRV" type: ASSET_TYPE_HARDWARE }
threats { id: "T-1" likelihood: "likely" }
controls { id: "C-1" status: CONTROL_STATUS_IMPLEMENTED }
controls { id: "C-2" status: CONTROL_STATUS_PLANNED }
controls { id: "C-3" status: CONTROL_STATUS_IN_PROGRESS implementation: 0.5 }
risks {
  id: "R-1"
  asset_ids: "SVC"
  threat_id: "T-1"
  mitigations { control_id: "C-1" reduces: REDUCES_LIKELIHOOD strength: 0.5 }
  mitigations { control_id: "C-2" strength: 0.8 }
}
risks {
  id: "R-2"
  asset_ids: "SRV"
  threat_id: "T-1"
  likelihood: "rare"
  impact: "moderate"
  mitigations { control_id: "C-3" }
}
"""


def _required_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail("%s is not set (run the tests through ctest, or set "
                    "PYTHONPATH, ISMS_SOURCE_DIR and ISMS_CLI)" % name,
                    pytrace=False)
    return value


@pytest.fixture(scope="session")
def source_dir():
    path = pathlib.Path(_required_env("ISMS_SOURCE_DIR"))
    assert (path / "examples" / "registers").is_dir(), path
    return path


@pytest.fixture(scope="session")
def acme_path(source_dir):
    """examples/registers/acme.json."""
    path = source_dir / "examples" / "registers" / "acme.json"
    assert path.is_file(), path
    return path


@pytest.fixture(scope="session")
def legacy_path(source_dir):
    """examples/registers/legacy2013.json (a register on the 2013 catalog)."""
    path = source_dir / "examples" / "registers" / "legacy2013.json"
    assert path.is_file(), path
    return path


@pytest.fixture(scope="session")
def cli_path():
    """The `isms` tool of the build under test."""
    path = pathlib.Path(_required_env("ISMS_CLI"))
    assert os.access(path, os.X_OK), path
    return path


@pytest.fixture(scope="session")
def run_cli(cli_path):
    """run_cli(*args, ok_codes=(0,), binary=False) -> the tool's stdout."""

    def run(*args, ok_codes=(0,), binary=False):
        proc = subprocess.run(
            [str(cli_path)] + [str(a) for a in args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        assert proc.returncode in ok_codes, (
            "isms %s exited %d:\n%s" % (" ".join(map(str, args)),
                                        proc.returncode,
                                        proc.stderr.decode(errors="replace")))
        return proc.stdout if binary else proc.stdout.decode("utf-8")

    return run


@pytest.fixture
def acme(acme_path):
    """A fresh copy of the acme register (tests may change it)."""
    return isms.load(acme_path)


@pytest.fixture(scope="session")
def acme_bytes(acme_path):
    """acme.json as a serialized Register, to make fresh copies quickly."""
    return isms.load(acme_path).SerializeToString()


@pytest.fixture
def acme_engine(acme_path):
    """An acme engine at AS_OF, not evaluated yet."""
    return isms.Engine(isms.load(acme_path), as_of=AS_OF)


@pytest.fixture(scope="session")
def tiny_text():
    """METHOD_TEXT + TINY_BODY: a small valid register in text format."""
    return METHOD_TEXT + TINY_BODY


@pytest.fixture(scope="session")
def text_register():
    """text_register(body) -> a Register: METHOD_TEXT followed by body,
    parsed by the library's text-format reader."""

    def make(body, method=True):
        return isms.loads((METHOD_TEXT if method else "") + body, "text",
                          source_name="tiny.txtpb")

    return make


@pytest.fixture
def tiny(text_register):
    return text_register(TINY_BODY)


@pytest.fixture(scope="session")
def as_of():
    return AS_OF
