"""Catalogs, validation, Statement of Applicability, coverage, readiness and
migration, compared with the CLI."""

import pytest
from google.protobuf import json_format

import isms
from isms.v1 import assessment_pb2
from isms.v1 import catalog_pb2
from isms.v1 import compliance_pb2
from isms.v1 import diagnostics_pb2

from conftest import AS_OF

# A register with one fault of each of several kinds (in METHOD_TEXT's
# method), in the order `isms validate` reports them.
BROKEN_BODY = """
assets { id: "A-1" }
assets { id: "A-1" }
threats { id: "T-1" likelihood: "likely" }
controls { id: "C-1" implementation: 1.5 catalog_refs: "iso27001:2022/99.1" }
risks {
  id: "R-1"
  asset_ids: "A-99"
  threat_id: "T-1"
  impact: "huge"
  mitigations { control_id: "C-7" }
}
"""
BROKEN_DIAGNOSTICS = [
    ("DUPLICATE_ID", "assets[1].id"),
    ("UNKNOWN_CATALOG_CONTROL", "controls[0].catalog_refs[0]"),
    ("OUT_OF_RANGE", "controls[0].implementation"),
    ("UNKNOWN_ASSET", "risks[0].asset_ids[0]"),
    ("UNKNOWN_LEVEL", "risks[0].impact"),
    ("UNKNOWN_CONTROL", "risks[0].mitigations[0].control_id"),
]


@pytest.fixture(scope="module")
def acme_engine_evaluated(acme_path):
    engine = isms.Engine(acme_path, as_of=AS_OF)
    engine.evaluate()
    return engine


# --- catalogs -------------------------------------------------------------------

def test_catalog_ids():
    ids = isms.catalog_ids()
    assert "iso27001:2022" in ids and "iso27001:2013" in ids


def test_catalogs_have_their_controls():
    c2022 = isms.catalog("iso27001:2022")
    assert isinstance(c2022, catalog_pb2.Catalog)
    assert c2022.id == "iso27001:2022"
    assert len(c2022.controls) == 93
    assert isms.catalog() == c2022  # the default
    c2013 = isms.catalog("iso27001:2013")
    assert len(c2013.controls) == 114
    ids = [c.id for c in c2022.controls]
    assert len(set(ids)) == 93 and "8.24" in ids and "5.1" in ids


def test_catalog_json_equals_the_cli(run_cli):
    cli = json_format.Parse(
        run_cli("catalog", "show", "iso27001:2022", "--format", "json"),
        catalog_pb2.Catalog())
    assert cli == isms.catalog("iso27001:2022")


def test_find_control():
    control = isms.find_control("iso27001:2022/8.24")
    assert isinstance(control, catalog_pb2.CatalogControl)
    assert control.id == "8.24"
    assert control.title == "Use of cryptography"
    assert isms.find_control("iso27001:2022/A.8.24") == control
    assert isms.find_control("8.24") == control  # the default catalog
    assert isms.find_control("iso27001:2022/5.15").title == "Access control"
    assert isms.find_control("iso27001:2013/A.10.1.1").id == "A.10.1.1"
    assert isms.find_control("iso27001:2022/99.99") is None


def test_map_control():
    assert isms.map_control("A.10.1.1") == ["8.24"]
    assert isms.map_control("A.9.1.1") == ["5.15"]
    assert sorted(isms.map_control("A.18.2.3")) == ["5.36", "8.8"]
    assert isms.map_control("A.99.1") == []


def test_map_control_equals_the_cli(run_cli):
    out = run_cli("catalog", "map", "iso27001:2013/A.18.2.3")
    mapped = sorted(line.split()[0] for line in out.splitlines() if line.strip())
    assert mapped == sorted("iso27001:2022/" + c
                            for c in isms.map_control("A.18.2.3"))


# --- validation ---------------------------------------------------------------

def test_validate_acme(acme, acme_path, run_cli):
    diagnostics = isms.validate(acme)
    assert isinstance(diagnostics, isms.Diagnostics)
    assert diagnostics.ok
    assert diagnostics.error_count == 0 and diagnostics.warning_count == 0
    assert len(diagnostics) == 0
    assert isinstance(diagnostics.report, diagnostics_pb2.ValidationReport)
    cli = json_format.Parse(run_cli("validate", acme_path, "--format", "json"),
                            diagnostics_pb2.ValidationReport())
    assert cli == diagnostics.report


def test_validate_lists_every_fault(text_register, run_cli, tmp_path):
    reg = text_register(BROKEN_BODY)
    diagnostics = isms.validate(reg)
    assert not diagnostics.ok
    assert diagnostics.error_count == 6 and diagnostics.warning_count == 0
    assert [(d.code, d.path) for d in diagnostics] == BROKEN_DIAGNOSTICS
    assert all(isinstance(d, diagnostics_pb2.Diagnostic) for d in diagnostics)
    assert all(d.severity == diagnostics_pb2.SEVERITY_ERROR
               for d in diagnostics)
    assert diagnostics[3].message == 'unknown asset "A-99"'
    # The same as `isms validate`, as messages and as text.
    path = tmp_path / "broken.txtpb"
    isms.save(reg, path)
    cli = json_format.Parse(
        run_cli("validate", path, "--format", "json", ok_codes=(1,)),
        diagnostics_pb2.ValidationReport())
    assert cli == diagnostics.report
    lines = run_cli("validate", path, ok_codes=(1,)).splitlines()
    assert diagnostics.format(str(path)).splitlines() == lines[:-1]
    assert lines[3] == ('%s: risks[0].asset_ids[0]: error: unknown asset '
                        '"A-99" [UNKNOWN_ASSET]' % path)
    assert str(diagnostics).splitlines()[3] == \
        'risks[0].asset_ids[0]: error: unknown asset "A-99" [UNKNOWN_ASSET]'


def test_validate_max_diagnostics_keeps_the_counts(text_register):
    diagnostics = isms.validate(text_register(BROKEN_BODY), max_diagnostics=2)
    assert len(diagnostics) == 2
    assert diagnostics.error_count == 6
    assert not diagnostics.ok


def test_validate_strict_cycles(text_register):
    reg = text_register("""
        assets { id: "A" depends_on { asset_id: "B" } }
        assets { id: "B" depends_on { asset_id: "A" } }
    """)
    lenient = isms.validate(reg)
    assert lenient.ok and lenient.warning_count == 1
    assert lenient[0].code == "DEPENDENCY_CYCLE"
    strict = isms.validate(reg, strict_cycles=True)
    assert not strict.ok and strict[0].code == "DEPENDENCY_CYCLE"
    assert strict[0].severity == diagnostics_pb2.SEVERITY_ERROR
    # The engine follows the same rule.
    isms.Engine(reg, as_of=AS_OF).evaluate()
    with pytest.raises(isms.ValidationError, match="cycle"):
        isms.Engine(reg, as_of=AS_OF, strict_cycles=True)


# --- Statement of Applicability -------------------------------------------------

def test_soa_equals_the_cli(acme, acme_path, run_cli, acme_engine_evaluated):
    cli = json_format.Parse(run_cli("soa", acme_path, "--format", "json"),
                            compliance_pb2.StatementOfApplicabilityReport())
    soa = isms.soa(acme)
    assert isinstance(soa, compliance_pb2.StatementOfApplicabilityReport)
    assert soa == cli
    assert acme_engine_evaluated.soa() == cli
    assert soa.catalog == "iso27001:2022"
    assert len(soa.rows) == 93
    assert soa.applicable == 89  # README: "SoA 93 rows (89 applicable)"
    assert soa.applicable + soa.excluded + soa.undecided == 93
    row = next(r for r in soa.rows if r.control_id == "8.24")
    assert row.title == "Use of cryptography"


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "json"])
def test_render_soa_equals_the_cli(acme, acme_path, run_cli, fmt):
    soa = isms.soa(acme)
    expected = run_cli("soa", acme_path, "--format", fmt)
    assert isms.render_soa(soa, fmt) == expected
    if fmt == "csv":
        assert isms.render_soa(soa) == run_cli("soa", acme_path)
        assert len(expected.splitlines()) >= 94  # header + 93 rows


def test_soa_against_the_2013_catalog(acme, acme_path, run_cli,
                                      acme_engine_evaluated):
    cli = json_format.Parse(
        run_cli("soa", acme_path, "--catalog", "iso27001:2013", "--format",
                "json"),
        compliance_pb2.StatementOfApplicabilityReport())
    assert isms.soa(acme, catalog="iso27001:2013") == cli
    assert acme_engine_evaluated.soa("iso27001:2013") == cli
    assert len(cli.rows) == 114


def test_traceability_equals_the_cli(acme, acme_path, run_cli):
    csv = isms.traceability_csv(acme)
    assert csv == run_cli("traceability", acme_path)
    assert csv.splitlines()[0].startswith("control")
    assert len(csv.splitlines()) >= 67  # header + 66 controls


# --- coverage and readiness -----------------------------------------------------

def test_coverage_equals_the_assessment(acme_path, run_cli,
                                        acme_engine_evaluated):
    cli = json_format.Parse(
        run_cli("assess", acme_path, "--as-of", AS_OF, "--format", "json"),
        assessment_pb2.Assessment())
    coverage = acme_engine_evaluated.coverage()
    assert isinstance(coverage, compliance_pb2.Coverage)
    assert coverage == cli.coverage
    assert coverage.catalog == "iso27001:2022"
    assert coverage.applicable == 89
    assert 0 < coverage.implemented_share < 1
    # 1 - 95 / 152 of the inherent exposure is removed by current controls.
    assert coverage.exposure_removed_share == pytest.approx(1 - 95 / 152)
    assert coverage.above_appetite_risks == 27  # 23 high + 4 critical
    assert acme_engine_evaluated.coverage("iso27001:2013").catalog == \
        "iso27001:2013"


def test_readiness_equals_the_cli(acme_path, run_cli, acme_engine_evaluated):
    cli = json_format.Parse(
        run_cli("readiness", acme_path, "--as-of", AS_OF, "--format", "json",
                ok_codes=(1,)),
        compliance_pb2.Readiness())
    readiness = acme_engine_evaluated.readiness()
    assert isinstance(readiness, compliance_pb2.Readiness)
    assert readiness == cli
    # README: acme.json at 2026-11-22 meets 38 of 39: OBJ-05 has no
    # measurement yet.
    assert (readiness.met, readiness.total, readiness.ready) == (38, 39, False)
    assert readiness.as_of == AS_OF
    missing = [item for item in readiness.items if not item.met]
    assert len(missing) == 1 and "OBJ-05" in missing[0].object_ids
    for fmt in ("text", "md", "json"):
        assert isms.render_readiness(readiness, fmt) == run_cli(
            "readiness", acme_path, "--as-of", AS_OF, "--format", fmt,
            ok_codes=(1,))


# --- migration ------------------------------------------------------------------

def test_migrate_equals_the_cli(legacy_path, run_cli, tmp_path):
    legacy = isms.load(legacy_path)
    assert legacy.risk_method.catalog == "iso27001:2013"
    assert legacy.soa.catalog == "iso27001:2013"
    migrated, report = isms.migrate(legacy)
    assert isinstance(migrated, isms.register_pb2.Register)
    assert isinstance(report, compliance_pb2.MigrationReport)
    assert migrated.risk_method.catalog == "iso27001:2022"
    assert migrated.soa.catalog == "iso27001:2022"
    assert len(migrated.soa.entries) == 93
    # README: 11 new controls, 3 conflicts; A.18.2.3 becomes 5.36 and 8.8.
    assert (report.from_catalog, report.to_catalog) == ("iso27001:2013",
                                                        "iso27001:2022")
    assert len(report.new_controls) == 11 and "5.7" in report.new_controls
    assert sorted(c.target_control_id for c in report.conflicts) == \
        ["5.31", "7.10", "7.2"]
    # The CLI writes the same register.
    out = tmp_path / "migrated.json"
    stdout = run_cli("migrate", legacy_path, "--to", "iso27001:2022", "-o", out)
    assert isms.load(out) == migrated
    assert "%d control references and %d SoA rows mapped" % (
        report.control_refs_mapped, report.soa_rows_mapped) in stdout
    # The result validates with only the 11 undecided rows.
    diagnostics = isms.validate(migrated)
    assert diagnostics.ok and diagnostics.warning_count == 11
    assert {d.code for d in diagnostics} == {"SOA_UNDECIDED"}
    # The input message is not changed.
    assert legacy == isms.load(legacy_path)
