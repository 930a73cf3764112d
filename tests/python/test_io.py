"""Registers in and out: isms.load / loads / save / dumps in the three
formats, compared with each other and with `isms convert`."""

import os
import pathlib
import stat

import pytest

import isms
from isms.v1 import register_pb2

FORMATS = ("json", "binary", "text")
# Each format with the extensions that select it.
EXTENSIONS = {
    "json": (".json",),
    "binary": (".binpb", ".pb"),
    "text": (".txtpb", ".textproto", ".pbtxt"),
}


def test_load_gives_a_real_register_message(acme):
    assert type(acme) is register_pb2.Register
    assert isinstance(acme, isms.register_pb2.Register)
    assert acme.organization.name == "Acme Cloud Ltd"
    # The counts `isms validate acme.json` prints.
    assert (len(acme.assets), len(acme.threats), len(acme.vulnerabilities),
            len(acme.risks), len(acme.controls)) == (60, 21, 16, 43, 66)
    assert len(acme.soa.entries) == 93
    assert acme.risks[0].id == "R-001"


def test_load_accepts_str_and_pathlike(acme_path, acme):
    assert isms.load(str(acme_path)) == acme
    assert isms.load(pathlib.Path(acme_path)) == acme


@pytest.mark.parametrize("fmt", FORMATS)
def test_dumps_loads_round_trip(acme, fmt):
    data = isms.dumps(acme, fmt)
    assert isinstance(data, bytes if fmt == "binary" else str)
    back = isms.loads(data, fmt)
    assert back == acme
    # A second round changes nothing.
    assert isms.dumps(back, fmt) == data


@pytest.mark.parametrize("fmt", FORMATS)
def test_dumps_equals_isms_convert(acme_path, acme, run_cli, tmp_path, fmt):
    out = tmp_path / ("converted" + EXTENSIONS[fmt][0])
    run_cli("convert", acme_path, out)
    expected = out.read_bytes()
    data = isms.dumps(acme, fmt)
    assert (data if fmt == "binary" else data.encode("utf-8")) == expected


def test_compact_output_round_trips(acme):
    compact = isms.dumps(acme, "json", pretty=False)
    assert "\n" not in compact.strip()
    assert compact.startswith('{"schemaVersion":"1",')
    assert len(compact) < len(isms.dumps(acme, "json"))
    assert isms.loads(compact) == acme
    text = isms.dumps(acme, "text", pretty=False)
    assert text.count("\n") <= 1
    assert isms.loads(text, "text") == acme


def test_loads_takes_str_or_bytes(acme):
    text = isms.dumps(acme, "json")
    assert isms.loads(text) == isms.loads(text.encode("utf-8")) == acme
    assert isms.loads(bytearray(isms.dumps(acme, "binary")), "binary") == acme


@pytest.mark.parametrize("name", ["binary", "BINARY", "Binary", "binpb", "pb"])
def test_dumps_binary_names_give_bytes(acme, name):
    # The library takes format names in any case; dumps must return bytes
    # for every spelling of the binary format.
    data = isms.dumps(acme, name)
    assert isinstance(data, bytes)
    assert data == acme.SerializeToString()


@pytest.mark.parametrize("name", ["JSON", "Text", "txtpb", "textproto"])
def test_dumps_text_names_give_str(acme, name):
    data = isms.dumps(acme, name)
    assert isinstance(data, str)
    assert isms.loads(data, name) == acme


@pytest.mark.parametrize(
    "fmt,ext", [(f, e) for f, exts in EXTENSIONS.items() for e in exts])
def test_save_load_by_extension(acme, tmp_path, fmt, ext):
    path = tmp_path / ("acme" + ext)
    isms.save(acme, path)
    assert isms.load(path) == acme
    # The extension chose the format: the file parses as that format.
    raw = path.read_bytes()
    assert isms.loads(raw, fmt) == acme
    if fmt == "binary":
        assert raw == acme.SerializeToString()
    assert os.listdir(tmp_path) == [path.name]


@pytest.mark.parametrize("fmt", FORMATS)
def test_explicit_format_overrides_the_extension(acme, tmp_path, fmt):
    path = tmp_path / "acme.data"
    isms.save(acme, path, fmt)
    assert isms.load(path, fmt) == acme
    with pytest.raises(isms.ValidationError, match="cannot tell the format"):
        isms.load(path)


def test_save_replaces_an_existing_file(acme, tiny, tmp_path):
    path = tmp_path / "reg.json"
    isms.save(acme, path)
    big = path.stat().st_size
    isms.save(tiny, path)
    assert path.stat().st_size < big
    assert isms.load(path) == tiny
    assert isms.load(path) != acme
    # No temporary file is left next to it.
    assert os.listdir(tmp_path) == ["reg.json"]


def test_save_keeps_the_mode_of_an_existing_file(tiny, tmp_path):
    path = tmp_path / "reg.txtpb"
    isms.save(tiny, path)
    os.chmod(path, 0o640)
    isms.save(tiny, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_failed_save_into_a_missing_directory_leaves_nothing(acme, tmp_path):
    target = tmp_path / "missing" / "reg.json"
    with pytest.raises(isms.Error) as info:
        isms.save(acme, target)
    assert isinstance(info.value, isms.NotFoundError)
    assert "missing" in str(info.value)
    assert not (tmp_path / "missing").exists()
    assert os.listdir(tmp_path) == []


def test_failed_save_keeps_the_old_file(acme, tiny, tmp_path):
    path = tmp_path / "reg.json"
    isms.save(tiny, path)
    before = path.read_bytes()
    with pytest.raises(isms.ValidationError):
        isms.save(acme, path, "yaml")
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["reg.json"]


def test_save_with_an_unknown_extension_writes_nothing(acme, tmp_path):
    with pytest.raises(isms.ValidationError, match="reg.yaml"):
        isms.save(acme, tmp_path / "reg.yaml")
    assert os.listdir(tmp_path) == []


def test_ignore_unknown_fields(tmp_path):
    path = tmp_path / "future.json"
    path.write_text('{"schemaVersion": "1", "organization": {"name": "X"},\n'
                    ' "someFutureField": 3}\n')
    with pytest.raises(isms.ValidationError, match="someFutureField"):
        isms.load(path)
    reg = isms.load(path, ignore_unknown_fields=True)
    assert reg.organization.name == "X"
    reg = isms.loads(path.read_text(), ignore_unknown_fields=True)
    assert reg.organization.name == "X"


def test_text_register_matches_the_protobuf_runtime(tiny_text, tiny):
    # The library's text reader and Python's protobuf agree.
    from google.protobuf import text_format
    assert text_format.Parse(tiny_text, register_pb2.Register()) == tiny
    assert [r.id for r in tiny.risks] == ["R-1", "R-2"]


def test_messages_cross_without_loss(acme):
    # A change made in Python survives the trip through the C++ library.
    acme.organization.name = "Renamed \u00e9\u4e2d"
    acme.controls[0].implementation = 0.25
    acme.risks[1].ClearField("mitigations")
    for fmt in FORMATS:
        back = isms.loads(isms.dumps(acme, fmt), fmt)
        assert back == acme
        assert back.organization.name == "Renamed \u00e9\u4e2d"
        assert back.controls[0].HasField("implementation")
        assert len(back.risks[1].mitigations) == 0


def test_version_matches_the_cli(run_cli):
    assert isms.__version__ == isms.version()
    assert run_cli("--version").split()[:2] == ["isms", isms.version()]


# --- read limits --------------------------------------------------------------
def test_default_read_limits_are_the_libraries():
    limits = isms.default_read_limits()
    assert limits == {
        "max_bytes": 2**31 - 1,
        "max_depth": 64,
        "max_assets": 4_000_000,
        "max_risks": 20_000_000,
        "max_mitigations": 60_000_000,
        "max_list_elements": 10_000_000,
        "max_string_length": 16 * 2**20,
    }


def test_limits_apply_to_load_loads_and_engine(acme_path, acme):
    # acme: 60 assets, 43 risks, 106 mitigations.
    assert isms.load(acme_path, limits={"max_assets": 60}) == acme
    with pytest.raises(isms.ResourceExhaustedError, match="max_assets=59"):
        isms.load(acme_path, limits={"max_assets": 59})
    data = isms.dumps(acme, "binary")
    with pytest.raises(isms.ResourceExhaustedError, match="max_mitigations=105"):
        isms.loads(data, "binary", limits={"max_mitigations": 105})
    assert isms.loads(data, "binary", limits={"max_mitigations": 106}) == acme
    with pytest.raises(isms.ResourceExhaustedError, match="max_risks=42"):
        isms.Engine(acme_path, as_of="2026-11-22", limits={"max_risks": 42})
    engine = isms.Engine(acme_path, as_of="2026-11-22", limits={"max_risks": 43})
    assert engine.evaluate().current.exposure == 95


def test_bad_limits_are_refused(acme_path):
    with pytest.raises(ValueError, match='unknown limit "max_asset"'):
        isms.load(acme_path, limits={"max_asset": 5})
    with pytest.raises(ValueError, match="at least 1"):
        isms.load(acme_path, limits={"max_risks": 0})
    with pytest.raises(TypeError, match="must be an int"):
        isms.load(acme_path, limits={"max_risks": 1.5})
    with pytest.raises(TypeError, match="must be an int"):
        isms.load(acme_path, limits={"max_depth": True})
