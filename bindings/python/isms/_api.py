"""Registers, validation, compliance documents and catalogs as functions over
isms.v1 protobuf messages. The work is done by the C++ library; messages
cross to it in the protobuf wire format."""

import datetime
import os

from isms import _isms
from isms.v1 import catalog_pb2
from isms.v1 import compliance_pb2
from isms.v1 import diagnostics_pb2
from isms.v1 import register_pb2

__all__ = [
    "default_read_limits",
    "load",
    "loads",
    "save",
    "dumps",
    "validate",
    "Diagnostics",
    "soa",
    "render_soa",
    "render_readiness",
    "traceability_csv",
    "migrate",
    "catalog",
    "catalog_ids",
    "find_control",
    "map_control",
    "version",
]

_FORMATS = ("json", "binary", "text")


def _register_bytes(register):
    if not isinstance(register, register_pb2.Register):
        raise TypeError(
            "expected an isms.v1.Register message, got %s" % type(register).__name__
        )
    return register.SerializeToString()


def _register(data):
    return register_pb2.Register.FromString(data)


def _format(format, allow_none=True):
    if format is None and allow_none:
        return ""
    if format is None:
        raise ValueError("a format is needed: one of %s" % ", ".join(_FORMATS))
    return str(format)


def _as_of(as_of):
    """"YYYY-MM-DD" from a str, a datetime.date or None (today)."""
    if as_of is None:
        return ""
    if isinstance(as_of, (datetime.date, datetime.datetime)):
        return as_of.strftime("%Y-%m-%d")
    return str(as_of)


def version():
    """The library's version, e.g. "0.1.0"."""
    return _isms.version()


def default_read_limits():
    """The input limits readers apply unless told otherwise, as a dict:
    max_bytes, max_depth, max_assets, max_risks, max_mitigations,
    max_list_elements, max_string_length (isms::ReadLimits)."""
    return dict(_isms.default_read_limits())


def load(path, format=None, *, ignore_unknown_fields=False, limits=None):
    """Reads a register file into an isms.v1.Register message.

    The format comes from the extension (.json; .binpb/.pb; .txtpb/.textproto/
    .pbtxt) unless `format` is "json", "binary" or "text". `limits` overrides
    some of default_read_limits(), e.g. {"max_assets": 10000}. Raises
    ValidationError naming the file and place of a fault, NotFoundError for a
    missing file, ResourceExhaustedError above the input limits.
    """
    return _register(
        _isms.load_register(os.fspath(path), _format(format), ignore_unknown_fields,
                            dict(limits or {}))
    )


def loads(data, format="json", *, ignore_unknown_fields=False, source_name="<bytes>",
          limits=None):
    """Parses a register from bytes (or str for JSON and text format);
    `limits` as for load()."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return _register(
        _isms.parse_register(
            bytes(data), _format(format, False), ignore_unknown_fields, source_name,
            dict(limits or {})
        )
    )


def save(register, path, format=None, *, pretty=True):
    """Writes a register atomically (temporary file, fsync, rename): a crash
    or a full disk leaves the previous file intact."""
    _isms.save_register(
        _register_bytes(register), os.fspath(path), _format(format), pretty
    )


def dumps(register, format="json", *, pretty=True):
    """Serializes a register: str for "json" and "text", bytes for "binary"."""
    out = _isms.serialize_register(
        _register_bytes(register), _format(format, False), pretty
    )
    binary = str(format).lower() in ("binary", "binpb", "pb")
    return out if binary else out.decode("utf-8")


class Diagnostics(list):
    """The isms.v1.Diagnostic messages of a validation, with the exact counts
    (the list may be cut at max_diagnostics; the counts are not)."""

    def __init__(self, report):
        super().__init__(report.diagnostics)
        self.report = report
        self.error_count = report.error_count
        self.warning_count = report.warning_count

    @property
    def ok(self):
        """True when there is no error (warnings allowed)."""
        return self.error_count == 0

    def format(self, source_name=""):
        """Compiler-style lines, e.g. `acme.json: risks[12].asset_ids[0]:
        error: unknown asset "A-99" [UNKNOWN_ASSET]`."""
        return "\n".join(
            _isms.format_diagnostic(d.SerializeToString(), source_name) for d in self
        )

    def __str__(self):
        return self.format()


def validate(register, *, strict_cycles=False, max_diagnostics=10000):
    """Every problem of a register as a Diagnostics list (see isms validate)."""
    report = diagnostics_pb2.ValidationReport.FromString(
        _isms.validate(_register_bytes(register), strict_cycles, max_diagnostics)
    )
    return Diagnostics(report)


def soa(register, *, as_of=None, catalog=None):
    """The Statement of Applicability: one row per control of the catalog
    (isms.v1.StatementOfApplicabilityReport)."""
    return compliance_pb2.StatementOfApplicabilityReport.FromString(
        _isms.soa(_register_bytes(register), _as_of(as_of), catalog or "")
    )


def render_soa(soa_report, format="csv"):
    """A Statement of Applicability as "csv", "md", "html" or "json"."""
    return _isms.render_soa(soa_report.SerializeToString(), format)


def render_readiness(readiness, format="text"):
    """A readiness check as "text", "md" or "json"."""
    return _isms.render_readiness(readiness.SerializeToString(), format)


def traceability_csv(register):
    """Controls x risks matrix as CSV; a cell names the axis a control
    reduces ("L", "I", "LI")."""
    return _isms.traceability_csv(_register_bytes(register))


def migrate(register, to_catalog="iso27001:2022"):
    """Rewrites catalog references and the SoA to another catalog through the
    built-in mapping. Returns (Register, MigrationReport)."""
    migrated, report = _isms.migrate(_register_bytes(register), to_catalog)
    return _register(migrated), compliance_pb2.MigrationReport.FromString(report)


def catalog_ids():
    """Ids of the built-in catalogs."""
    return _isms.catalog_ids()


def catalog(catalog_id="iso27001:2022"):
    """A built-in catalog as an isms.v1.Catalog; NotFoundError if unknown."""
    return catalog_pb2.Catalog.FromString(_isms.catalog(catalog_id))


def find_control(ref):
    """The catalog control a reference names ("iso27001:2022/8.24", "8.24"),
    or None."""
    data = _isms.find_control(ref)
    return None if data is None else catalog_pb2.CatalogControl.FromString(data)


def map_control(control_id, from_catalog="iso27001:2013", to_catalog="iso27001:2022"):
    """Ids in `to_catalog` that correspond to `control_id` of `from_catalog`."""
    return _isms.map_control(from_catalog, control_id, to_catalog)
