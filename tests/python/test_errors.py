"""Bad input raises the isms.Error subclass of the library's status, with
the library's message naming the file and the place of the fault."""

import pytest

import isms
from isms.v1 import register_pb2

from conftest import AS_OF


def test_error_hierarchy():
    assert issubclass(isms.ValidationError, isms.Error)
    assert issubclass(isms.ValidationError, ValueError)
    assert isms.InvalidArgumentError is isms.ValidationError
    assert issubclass(isms.NotFoundError, LookupError)
    assert issubclass(isms.StaleResultError, isms.FailedPreconditionError)
    assert isms.ValidationError.code == "INVALID_ARGUMENT"
    assert isms.NotFoundError.code == "NOT_FOUND"


# --- files --------------------------------------------------------------------

def test_missing_file(tmp_path):
    path = tmp_path / "nope.json"
    with pytest.raises(isms.NotFoundError) as info:
        isms.load(path)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, isms.Error)
    assert info.value.code == "NOT_FOUND"
    assert str(path) in str(info.value)
    assert info.value.message == str(info.value)
    with pytest.raises(isms.NotFoundError, match="nope.json"):
        isms.Engine(path)


def test_malformed_json_names_file_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "schemaVersion": "1",\n  "assets": [\n'
                    '    {"id": "A" "name": "x"}\n  ]\n}\n')
    with pytest.raises(isms.ValidationError) as info:
        isms.load(path)
    # Line 4, column 16: the second string where ',' or '}' belongs.
    assert str(info.value) == "%s:4:16: expected ',' or '}'" % path
    with pytest.raises(isms.ValidationError, match=r"^mem\.json:1:22: "):
        isms.loads('{"schemaVersion": "1"', source_name="mem.json")
    with pytest.raises(isms.ValidationError, match="broken.json:4:16"):
        isms.Engine(path)


def test_malformed_text_format_names_line_and_column():
    with pytest.raises(isms.ValidationError) as info:
        isms.loads('schema_version: "1"\nbogus: 1\n', "text",
                   source_name="t.txtpb")
    assert str(info.value).startswith("t.txtpb:2:")
    assert "bogus" in str(info.value)


def test_unknown_field(tmp_path):
    path = tmp_path / "unknown.json"
    path.write_text('{"schemaVersion": "1", "organisation": {"name": "X"}}')
    with pytest.raises(isms.ValidationError) as info:
        isms.load(path)
    assert str(info.value).startswith(str(path) + ": organisation: ")
    with pytest.raises(isms.ValidationError, match="organisation"):
        isms.loads('{"organisation": {}}')


def test_bad_binary_and_empty_input():
    with pytest.raises(isms.ValidationError, match="not a valid binary"):
        isms.loads(b"\xff\xff\xff\xff", "binary")
    # Zero bytes are an empty message in binary; JSON needs an object.
    assert isms.loads(b"", "binary") == isms.v1.register_pb2.Register()
    with pytest.raises(isms.ValidationError, match="empty"):
        isms.loads("", "json")


def test_non_utf8_in_messages_still_raises_the_isms_error(tmp_path):
    # The library's message quotes the bad input; it must not turn into a
    # UnicodeDecodeError on the way to Python.
    with pytest.raises(isms.ValidationError) as info:
        isms.loads(b"\xff\xfe{}", "json", source_name="raw.json")
    assert str(info.value).startswith("raw.json:1:1:")
    missing = bytes(tmp_path) + b"/\xff.json"
    with pytest.raises(isms.NotFoundError) as info:
        isms.load(missing)
    assert "\\xff.json" in str(info.value)


def test_unknown_format_names():
    with pytest.raises(isms.ValidationError, match='unknown format "yaml"'):
        isms.loads("{}", "yaml")
    with pytest.raises(isms.ValidationError, match='unknown format "yaml"'):
        isms.dumps(register_pb2.Register(), "yaml")
    with pytest.raises(ValueError):
        isms.dumps(register_pb2.Register(), None)


# --- non-messages -------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda x: isms.dumps(x),
    lambda x: isms.save(x, "/tmp/never-written.json"),
    lambda x: isms.validate(x),
    lambda x: isms.soa(x),
    lambda x: isms.migrate(x),
    lambda x: isms.traceability_csv(x),
    lambda x: isms.Engine(x),
])
@pytest.mark.parametrize("value", [
    {"organization": {"name": "X"}},
    42,
    b"\n\x011",
    register_pb2.Risk(id="R-1"),
])
def test_non_register_is_a_type_error(call, value):
    with pytest.raises(TypeError, match="expected an isms.v1.Register"):
        call(value)


# --- the engine ---------------------------------------------------------------

def test_dangling_reference_names_the_place(text_register, tmp_path):
    reg = text_register("""
        assets { id: "A-1" }
        threats { id: "T-1" likelihood: "likely" }
        risks { id: "R-1" asset_ids: "A-99" threat_id: "T-1" }
    """)
    with pytest.raises(isms.ValidationError) as info:
        isms.Engine(reg, as_of=AS_OF)
    assert str(info.value) == 'risks[0].asset_ids[0]: unknown asset "A-99"'
    # From a file, the message names the file too (as `isms assess` does).
    path = tmp_path / "dangling.txtpb"
    isms.save(reg, path)
    with pytest.raises(isms.ValidationError) as info:
        isms.Engine(path, as_of=AS_OF)
    assert str(info.value) == \
        '%s: risks[0].asset_ids[0]: unknown asset "A-99"' % path


@pytest.mark.parametrize("body,place", [
    ('risks { id: "R-1" asset_ids: "A-1" threat_id: "T-9" }',
     "risks[0].threat_id"),
    ('risks { id: "R-1" asset_ids: "A-1" threat_id: "T-1" '
     'mitigations { control_id: "C-9" } }',
     "risks[0].mitigations[0].control_id"),
    ('risks { id: "R-1" asset_ids: "A-1" threat_id: "T-1" likelihood: "often" }',
     "risks[0].likelihood"),
])
def test_engine_names_other_faults(text_register, body, place):
    reg = text_register('assets { id: "A-1" }\n'
                        'threats { id: "T-1" likelihood: "likely" }\n' + body)
    with pytest.raises(isms.ValidationError, match="^" + place.replace(
            "[", r"\[").replace("]", r"\]") + ": "):
        isms.Engine(reg, as_of=AS_OF)


def test_bad_as_of(acme):
    with pytest.raises(isms.ValidationError, match='as_of: bad date "2026-13-45"'):
        isms.Engine(acme, as_of="2026-13-45")


@pytest.fixture
def engine(tiny):
    engine = isms.Engine(tiny, as_of=AS_OF)
    engine.evaluate()
    return engine


def test_unknown_ids_in_setters(engine):
    cases = [
        (engine.set_control_status, ("C-999", "implemented"), 'control "C-999"'),
        (engine.set_control_implementation, ("C-999", 0.5), 'control "C-999"'),
        (engine.set_control_effectiveness, ("C-999", 0.5), 'control "C-999"'),
        (engine.set_asset_value, ("A-999", "C", "minor"), 'asset "A-999"'),
        (engine.set_risk_likelihood, ("R-999", "rare"), 'risk "R-999"'),
        (engine.set_risk_impact, ("R-999", "minor"), 'risk "R-999"'),
        (engine.set_risk_mitigations, ("R-999", []), 'risk "R-999"'),
        (engine.set_risk_mitigations, ("R-1", [{"control_id": "C-999"}]),
         r'mitigations\[0\]: unknown control "C-999"'),
    ]
    for method, args, match in cases:
        with pytest.raises(isms.NotFoundError, match=match):
            method(*args)


@pytest.mark.parametrize("method,value,match", [
    ("set_control_implementation", 1.5, "implementation 1.5 is outside 0..1"),
    ("set_control_implementation", -0.5, "outside 0..1"),
    ("set_control_effectiveness", 1.01, "effectiveness 1.01 is outside 0..1"),
    ("set_control_effectiveness", float("nan"), "effectiveness"),
])
def test_values_out_of_range(engine, method, value, match):
    with pytest.raises(isms.ValidationError, match=match):
        getattr(engine, method)("C-1", value)


def test_unknown_levels(engine):
    with pytest.raises(isms.ValidationError,
                       match='unknown likelihood level "often"'):
        engine.set_risk_likelihood("R-1", "often")
    # An impact level is not a likelihood level.
    with pytest.raises(isms.ValidationError, match="likelihood level"):
        engine.set_risk_likelihood("R-1", "severe")
    with pytest.raises(isms.ValidationError, match='unknown impact level "huge"'):
        engine.set_risk_impact("R-1", "huge")
    with pytest.raises(isms.ValidationError, match='unknown impact level "huge"'):
        engine.set_asset_value("SVC", "C", "huge")
    with pytest.raises(isms.ValidationError, match=r"mitigations\[0\]"):
        engine.set_risk_mitigations("R-1", [{"control_id": "C-1",
                                              "strength": 2.0}])


def test_bad_enum_names(engine):
    with pytest.raises(ValueError, match="'done' is not one of planned, "
                                         "in_progress, implemented, retired"):
        engine.set_control_status("C-1", "done")
    with pytest.raises(ValueError, match="confidentiality, integrity"):
        engine.set_asset_value("SVC", "X", "minor")
    with pytest.raises(ValueError):
        engine.set_risk_mitigations("R-1", [{"control_id": "C-1",
                                              "reduces": "REDUCES_EVERYTHING"}])
    # Numbers that are not enum values are refused by the library.
    with pytest.raises(isms.ValidationError, match="not a ControlStatus"):
        engine.set_control_status("C-1", 99)
    with pytest.raises(isms.ValidationError, match="dimension"):
        engine.set_asset_value("SVC", 0, "minor")
    with pytest.raises(isms.ValidationError, match="dimension"):
        engine.set_asset_value("SVC", 7, "minor")


def test_failed_setters_leave_the_register_alone(engine, tiny):
    test_unknown_levels(engine)
    test_bad_enum_names(engine)
    assert engine.register == tiny


def test_unknown_catalog(acme, acme_engine):
    with pytest.raises(isms.NotFoundError, match='unknown catalog "iso9001"') \
            as info:
        isms.catalog("iso9001")
    assert "iso27001:2022" in str(info.value)  # lists the built-in ones
    with pytest.raises(isms.NotFoundError, match="iso9001"):
        isms.soa(acme, catalog="iso9001")
    with pytest.raises(isms.NotFoundError, match="iso9001"):
        isms.migrate(acme, "iso9001")
    with pytest.raises(isms.NotFoundError, match="iso9001"):
        acme_engine.coverage("iso9001")
    with pytest.raises(isms.NotFoundError, match="iso9001"):
        acme_engine.readiness("iso9001")
    with pytest.raises(isms.NotFoundError, match="iso9001"):
        acme_engine.soa("iso9001")


def test_bad_report_formats(acme, acme_engine):
    result = acme_engine.evaluate()
    with pytest.raises(isms.ValidationError, match='unknown report format "pdf"'):
        result.report("pdf")
    with pytest.raises(isms.ValidationError, match='unknown report format "pdf"'):
        acme_engine.report("pdf")
    with pytest.raises(isms.ValidationError, match='unknown SoA format "pdf"'):
        isms.render_soa(isms.soa(acme), "pdf")
    with pytest.raises(isms.ValidationError,
                       match='unknown readiness format "pdf"'):
        isms.render_readiness(acme_engine.readiness(), "pdf")
