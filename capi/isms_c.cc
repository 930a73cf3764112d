// The isms C ABI over the C++ library (see include/isms/isms_c.h).
//
// Every entry point catches every exception, checks its pointers, maps an
// absl::Status 1:1 onto isms_status and keeps the message in a thread-local
// string for isms_last_error(). Out-parameters are written only on success.
// Buffers handed to the caller are malloc'd (so isms_free() is free()) and
// NUL-terminated.
#include "isms/isms_c.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "isms/compliance.h"
#include "isms/io.h"
#include "isms/quant.h"
#include "isms/report.h"
#include "isms/risk_engine.h"
#include "isms/v1/assessment.pb.h"
#include "isms/v1/compliance.pb.h"
#include "isms/v1/diagnostics.pb.h"
#include "isms/v1/register.pb.h"
#include "isms/validate.h"
#include "isms/version.h"

struct isms_register {
  isms::v1::Register rep;
};

struct isms_validation {
  isms::v1::ValidationReport rep;
};

struct isms_engine {
  std::unique_ptr<isms::RiskEngine> rep;
  // Evaluate() or Recalculate() has run: the results may be read.
  bool evaluated = false;
  // Findings() of the current results, computed on first use; the strings of
  // isms_finding point into them. Dropped by evaluate, recalculate and every
  // successful change.
  std::vector<isms::v1::Finding> findings;
  bool findings_valid = false;

  void InvalidateFindings() {
    findings.clear();
    findings_valid = false;
  }
};

namespace {

// --- Errors ----------------------------------------------------------------

thread_local std::string last_error;
// Set when the message itself could not be stored (out of memory).
thread_local const char* last_error_fallback = nullptr;

isms_status Fail(isms_status code, absl::string_view message) noexcept {
  try {
    last_error.assign(message.data(), message.size());
    last_error_fallback = nullptr;
  } catch (...) {
    last_error_fallback = "out of memory while reporting an error";
  }
  return code;
}

isms_status Fail(isms_status code, const char* function,
                 absl::string_view message) noexcept {
  try {
    return Fail(code, absl::StrCat(function, ": ", message));
  } catch (...) {
    return Fail(code, message);
  }
}

isms_status FromStatus(const absl::Status& status) noexcept {
  if (status.ok()) return ISMS_OK;
  // code() maps a raw code absl does not know to kUnknown, so the cast stays
  // inside the enum.
  const int code = static_cast<int>(status.code());
  const isms_status mapped =
      code >= ISMS_CANCELLED && code <= ISMS_UNAUTHENTICATED
          ? static_cast<isms_status>(code)
          : ISMS_UNKNOWN;
  return Fail(mapped, status.message());
}

isms_status NullArgument(const char* function, const char* argument) noexcept {
  try {
    return Fail(ISMS_INVALID_ARGUMENT,
                absl::StrCat(function, ": ", argument, " is NULL"));
  } catch (...) {
    return Fail(ISMS_INVALID_ARGUMENT, "argument is NULL");
  }
}

// Runs `body`, turning any exception into a status.
template <typename Body>
isms_status Guard(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(ISMS_RESOURCE_EXHAUSTED, function, "out of memory");
  } catch (const std::exception& e) {
    return Fail(ISMS_INTERNAL, function,
                absl::StrCat("unexpected exception: ", e.what()));
  } catch (...) {
    return Fail(ISMS_INTERNAL, function, "unexpected exception");
  }
}

// For the entry points that return a value instead of a status: `fallback`
// when `body` throws.
template <typename T, typename Body>
T GuardValue(const char* function, T fallback, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    Fail(ISMS_INTERNAL, function, "unexpected exception");
    return fallback;
  }
}

isms_status CheckVersion(const char* function, const char* struct_name,
                         uint32_t version, uint32_t known) noexcept {
  if (version != 0 && version <= known) return ISMS_OK;
  try {
    return Fail(
        ISMS_INVALID_ARGUMENT,
        absl::StrCat(function, ": unsupported struct version ", version, " of ",
                     struct_name, " (this library knows 1..", known, ")"));
  } catch (...) {
    return Fail(ISMS_INVALID_ARGUMENT, "unsupported struct version");
  }
}

// --- Formats -----------------------------------------------------------------

// isms_format -> isms::Format; AUTO only where `allow_auto`.
isms_status ToFormat(const char* function, isms_format format, bool allow_auto,
                     isms::Format* out) {
  switch (format) {
    case ISMS_FORMAT_AUTO:
      if (!allow_auto) {
        return Fail(ISMS_INVALID_ARGUMENT, function,
                    "ISMS_FORMAT_AUTO is for files only; name the format");
      }
      *out = isms::Format::kAuto;
      return ISMS_OK;
    case ISMS_FORMAT_JSON:
      *out = isms::Format::kJson;
      return ISMS_OK;
    case ISMS_FORMAT_BINARY:
      *out = isms::Format::kBinary;
      return ISMS_OK;
    case ISMS_FORMAT_TEXT:
      *out = isms::Format::kText;
      return ISMS_OK;
  }
  return Fail(ISMS_INVALID_ARGUMENT, function,
              absl::StrCat("unknown format ", static_cast<int>(format)));
}

// A message in an explicit format, as io.cc writes registers (JSON and text
// indented).
absl::StatusOr<std::string> SerializeMessage(
    const google::protobuf::Message& message, isms::Format format) {
  std::string out;
  switch (format) {
    case isms::Format::kJson: {
      google::protobuf::util::JsonPrintOptions options;
      options.add_whitespace = true;
      const auto st =
          google::protobuf::util::MessageToJsonString(message, &out, options);
      if (!st.ok()) {
        return absl::InternalError(absl::StrCat(
            "cannot write JSON: ",
            absl::string_view(st.message().data(), st.message().size())));
      }
      return out;
    }
    case isms::Format::kText:
      if (!google::protobuf::TextFormat::PrintToString(message, &out)) {
        return absl::InternalError("cannot write text format");
      }
      return out;
    case isms::Format::kBinary:
      if (!message.SerializeToString(&out)) {
        return absl::ResourceExhaustedError(
            "cannot write binary: the message is over protobuf's 2 GiB limit");
      }
      return out;
    case isms::Format::kAuto:
      break;
  }
  return absl::InvalidArgumentError("the format must be given explicitly");
}

// Copies `bytes` into a new NUL-terminated malloc'd buffer.
isms_status CopyOut(const char* function, absl::string_view bytes, void** out,
                    size_t* out_size) {
  char* buffer = static_cast<char*>(std::malloc(bytes.size() + 1));
  if (buffer == nullptr) {
    return Fail(ISMS_RESOURCE_EXHAUSTED, function, "out of memory");
  }
  if (!bytes.empty()) std::memcpy(buffer, bytes.data(), bytes.size());
  buffer[bytes.size()] = '\0';
  *out = buffer;
  *out_size = bytes.size();
  return ISMS_OK;
}

isms_status CopyOutText(const char* function, absl::string_view text,
                        char** out, size_t* out_size) {
  void* buffer = nullptr;
  size_t size = 0;
  const isms_status st = CopyOut(function, text, &buffer, &size);
  if (st != ISMS_OK) return st;
  *out = static_cast<char*>(buffer);
  *out_size = size;
  return ISMS_OK;
}

isms_status SerializeOut(const char* function,
                         const google::protobuf::Message& message,
                         isms_format format, void** out, size_t* out_size) {
  isms::Format f = isms::Format::kAuto;
  isms_status st = ToFormat(function, format, /*allow_auto=*/false, &f);
  if (st != ISMS_OK) return st;
  absl::StatusOr<std::string> bytes = SerializeMessage(message, f);
  if (!bytes.ok()) return FromStatus(bytes.status());
  return CopyOut(function, *bytes, out, out_size);
}

// --- Register helpers ------------------------------------------------------

// isms_read_options (NULL: the defaults) -> isms::ReadOptions; a limit of 0
// keeps the library's default.
isms_status ToReadOptions(const char* function, const isms_read_options* in,
                          isms::ReadOptions* out) {
  if (in == nullptr) return ISMS_OK;
  isms_status st = CheckVersion(function, "isms_read_options", in->version,
                                ISMS_READ_OPTIONS_VERSION);
  if (st != ISMS_OK) return st;
  out->ignore_unknown_fields = in->ignore_unknown_fields != 0;
  isms::ReadLimits& limits = out->limits;
  auto set = [](uint64_t value, uint64_t* limit) {
    if (value != 0) *limit = value;
  };
  set(in->max_bytes, &limits.max_bytes);
  if (in->max_depth != 0) {
    limits.max_depth = static_cast<int>(
        std::min<uint64_t>(in->max_depth, std::numeric_limits<int>::max()));
  }
  set(in->max_assets, &limits.max_assets);
  set(in->max_risks, &limits.max_risks);
  set(in->max_mitigations, &limits.max_mitigations);
  set(in->max_list_elements, &limits.max_list_elements);
  set(in->max_string_length, &limits.max_string_length);
  return ISMS_OK;
}

// A register handle holding `reg`, or the failure.
isms_status NewRegister(absl::StatusOr<isms::v1::Register> reg,
                        isms_register** out) {
  if (!reg.ok()) return FromStatus(reg.status());
  auto handle = std::make_unique<isms_register>();
  handle->rep = *std::move(reg);
  *out = handle.release();
  return ISMS_OK;
}

// isms_register_load and isms_register_load_with_options, as `function`.
isms_status LoadRegister(const char* function, const char* path,
                         isms_format format, const isms_read_options* options,
                         isms_register** out) {
  return Guard(function, [&] {
    if (path == nullptr) return NullArgument(function, "path");
    if (out == nullptr) return NullArgument(function, "out");
    isms::ReadOptions read;
    isms_status st = ToReadOptions(function, options, &read);
    if (st != ISMS_OK) return st;
    st = ToFormat(function, format, /*allow_auto=*/true, &read.format);
    if (st != ISMS_OK) return st;
    return NewRegister(isms::LoadRegister(path, read), out);
  });
}

// isms_register_parse and isms_register_parse_with_options, as `function`.
isms_status ParseRegister(const char* function, const void* data, size_t size,
                          isms_format format, const isms_read_options* options,
                          isms_register** out) {
  return Guard(function, [&] {
    if (data == nullptr && size > 0) return NullArgument(function, "data");
    if (out == nullptr) return NullArgument(function, "out");
    isms::ReadOptions read;
    isms_status st = ToReadOptions(function, options, &read);
    if (st != ISMS_OK) return st;
    st = ToFormat(function, format, /*allow_auto=*/false, &read.format);
    if (st != ISMS_OK) return st;
    const absl::string_view bytes =
        size == 0 ? absl::string_view()
                  : absl::string_view(static_cast<const char*>(data), size);
    return NewRegister(isms::ParseRegister(bytes, read, "<buffer>"), out);
  });
}

// --- Engine helpers
// ------------------------------------------------------------

// isms_engine_options (NULL: the defaults) -> isms::EngineOptions.
isms_status ToEngineOptions(const char* function, const isms_engine_options* in,
                            isms::EngineOptions* out) {
  if (in == nullptr) return ISMS_OK;
  isms_status st = CheckVersion(function, "isms_engine_options", in->version,
                                ISMS_ENGINE_OPTIONS_VERSION);
  if (st != ISMS_OK) return st;
  if (in->threads < 0) {
    return Fail(ISMS_INVALID_ARGUMENT, function,
                absl::StrCat("threads is ", in->threads,
                             "; it must be 0 (all cores) or more"));
  }
  if (in->as_of != nullptr) out->as_of = in->as_of;
  out->strict_cycles = in->strict_cycles != 0;
  out->threads = in->threads;
  return ISMS_OK;
}

// An engine handle holding `engine` (not evaluated yet), or the failure.
isms_status NewEngine(absl::StatusOr<std::unique_ptr<isms::RiskEngine>> engine,
                      isms_engine** out) {
  if (!engine.ok()) return FromStatus(engine.status());
  auto handle = std::make_unique<isms_engine>();
  handle->rep = *std::move(engine);
  *out = handle.release();
  return ISMS_OK;
}

isms_status CheckEvaluated(const char* function, const isms_engine* engine) {
  if (engine->evaluated) return ISMS_OK;
  return Fail(ISMS_FAILED_PRECONDITION, function,
              "call isms_engine_evaluate first");
}

isms_status ToView(const char* function, isms_view view,
                   isms::RiskEngine::View* out) {
  switch (view) {
    case ISMS_VIEW_INHERENT:
      *out = isms::RiskEngine::kInherent;
      return ISMS_OK;
    case ISMS_VIEW_CURRENT:
      *out = isms::RiskEngine::kCurrent;
      return ISMS_OK;
    case ISMS_VIEW_TARGET:
      *out = isms::RiskEngine::kTarget;
      return ISMS_OK;
  }
  return Fail(ISMS_INVALID_ARGUMENT, function,
              absl::StrCat("unknown view ", static_cast<int>(view)));
}

// Checks a caller buffer of `count` entries that must hold `needed`.
isms_status CheckBuffer(const char* function, const char* name,
                        const void* buffer, size_t count, size_t needed) {
  if (buffer == nullptr && count > 0) return NullArgument(function, name);
  if (count < needed) {
    return Fail(ISMS_OUT_OF_RANGE, function,
                absl::StrCat(name, " holds ", count, " entries, ", needed,
                             " are needed"));
  }
  return ISMS_OK;
}

// The engine must have been built from the register (same risks).
isms_status CheckSameRegister(const char* function, const isms_register* reg,
                              const isms_engine* engine) {
  if (engine->rep->risk_count() == reg->rep.risks_size()) return ISMS_OK;
  return Fail(ISMS_INVALID_ARGUMENT, function,
              absl::StrCat("the engine holds ", engine->rep->risk_count(),
                           " risks, the register ", reg->rep.risks_size(),
                           ": it was not built from this register"));
}

// A setter's result: a success is a change, which drops the cached findings.
isms_status Changed(isms_engine* engine, const absl::Status& status) {
  if (!status.ok()) return FromStatus(status);
  engine->InvalidateFindings();
  return ISMS_OK;
}

// "text", "CSV", ... or "format N" for error messages.
std::string ReportFormatLabel(isms_report_format format) {
  switch (format) {
    case ISMS_REPORT_TEXT:
      return "text";
    case ISMS_REPORT_MARKDOWN:
      return "Markdown";
    case ISMS_REPORT_HTML:
      return "HTML";
    case ISMS_REPORT_JSON:
      return "JSON";
    case ISMS_REPORT_CSV:
      return "CSV";
  }
  return absl::StrCat("format ", static_cast<int>(format));
}

// The library's name of a report format ("text", "md", ...), so that its
// own Parse*Format functions decide which formats each report takes.
const char* ReportFormatKey(isms_report_format format) {
  switch (format) {
    case ISMS_REPORT_TEXT:
      return "text";
    case ISMS_REPORT_MARKDOWN:
      return "md";
    case ISMS_REPORT_HTML:
      return "html";
    case ISMS_REPORT_JSON:
      return "json";
    case ISMS_REPORT_CSV:
      return "csv";
  }
  return nullptr;
}

template <typename Format>
isms_status ToReportFormat(const char* function, isms_report_format format,
                           absl::StatusOr<Format> (*parse)(absl::string_view),
                           Format* out) {
  const char* key = ReportFormatKey(format);
  if (key == nullptr) {
    return Fail(ISMS_INVALID_ARGUMENT, function,
                absl::StrCat(ReportFormatLabel(format), " is unknown"));
  }
  absl::StatusOr<Format> parsed = parse(key);
  if (!parsed.ok()) {
    return Fail(ISMS_INVALID_ARGUMENT, function, parsed.status().message());
  }
  *out = *parsed;
  return ISMS_OK;
}

const char* StatusName(isms_status status) {
  switch (status) {
    case ISMS_OK:
      return "OK";
    case ISMS_CANCELLED:
      return "CANCELLED";
    case ISMS_UNKNOWN:
      return "UNKNOWN";
    case ISMS_INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case ISMS_DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case ISMS_NOT_FOUND:
      return "NOT_FOUND";
    case ISMS_ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case ISMS_PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case ISMS_RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case ISMS_FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case ISMS_ABORTED:
      return "ABORTED";
    case ISMS_OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case ISMS_UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case ISMS_INTERNAL:
      return "INTERNAL";
    case ISMS_UNAVAILABLE:
      return "UNAVAILABLE";
    case ISMS_DATA_LOSS:
      return "DATA_LOSS";
    case ISMS_UNAUTHENTICATED:
      return "UNAUTHENTICATED";
  }
  // absl::Status treats a code it does not know as UNKNOWN.
  return "UNKNOWN";
}

// isms_engine_heatmap and isms_engine_level_counts: one view's counts from
// `getter`, copied into the caller's buffer.
isms_status CopyViewCounts(
    const char* function, const char* buffer_name,
    absl::Span<const int64_t> (isms::RiskEngine::*getter)(
        isms::RiskEngine::View) const,
    const isms_engine* engine, isms_view view, int64_t* out, size_t count) {
  return Guard(function, [&] {
    if (engine == nullptr) return NullArgument(function, "engine");
    isms::RiskEngine::View v = isms::RiskEngine::kCurrent;
    isms_status st = ToView(function, view, &v);
    if (st != ISMS_OK) return st;
    st = CheckEvaluated(function, engine);
    if (st != ISMS_OK) return st;
    const absl::Span<const int64_t> values = ((*engine->rep).*getter)(v);
    st = CheckBuffer(function, buffer_name, out, count, values.size());
    if (st != ISMS_OK) return st;
    std::copy(values.begin(), values.end(), out);
    return ISMS_OK;
  });
}

// isms_quant_options (NULL: the defaults) -> isms::QuantOptions.
isms_status ToQuantOptions(const char* function, const isms_quant_options* in,
                           isms::QuantOptions* out) {
  if (in == nullptr) return ISMS_OK;
  isms_status st = CheckVersion(function, "isms_quant_options", in->version,
                                ISMS_QUANT_OPTIONS_VERSION);
  if (st != ISMS_OK) return st;
  out->years = in->years;
  out->seed = in->seed;
  out->threads = in->threads;
  out->per_risk = in->per_risk != 0;
  return ISMS_OK;
}

// The checks every quant entry point makes, then the options.
isms_status PrepareQuant(const char* function, const isms_register* reg,
                         const isms_engine* engine,
                         const isms_quant_options* options,
                         isms::QuantOptions* out) {
  if (reg == nullptr) return NullArgument(function, "reg");
  if (engine == nullptr) return NullArgument(function, "engine");
  isms_status st = CheckEvaluated(function, engine);
  if (st != ISMS_OK) return st;
  st = CheckSameRegister(function, reg, engine);
  if (st != ISMS_OK) return st;
  return ToQuantOptions(function, options, out);
}

}  // namespace

extern "C" {

// --- Status, errors, memory --------------------------------------------------

const char* isms_version(void) { return isms::Version(); }

int isms_c_api_version(void) { return ISMS_C_API_VERSION; }

const char* isms_last_error(void) {
  return last_error_fallback != nullptr ? last_error_fallback
                                        : last_error.c_str();
}

const char* isms_status_name(isms_status status) { return StatusName(status); }

void isms_free(void* buffer) { std::free(buffer); }

// --- Registers ---------------------------------------------------------------

isms_status isms_register_load(const char* path, isms_format format,
                               isms_register** out) {
  return LoadRegister("isms_register_load", path, format, nullptr, out);
}

isms_status isms_register_load_with_options(const char* path,
                                            isms_format format,
                                            const isms_read_options* options,
                                            isms_register** out) {
  return LoadRegister("isms_register_load_with_options", path, format, options,
                      out);
}

isms_status isms_register_parse(const void* data, size_t size,
                                isms_format format, isms_register** out) {
  return ParseRegister("isms_register_parse", data, size, format, nullptr, out);
}

isms_status isms_register_parse_with_options(const void* data, size_t size,
                                             isms_format format,
                                             const isms_read_options* options,
                                             isms_register** out) {
  return ParseRegister("isms_register_parse_with_options", data, size, format,
                       options, out);
}

isms_status isms_register_serialize(const isms_register* reg,
                                    isms_format format, void** out,
                                    size_t* out_size) {
  static constexpr char kFn[] = "isms_register_serialize";
  return Guard(kFn, [&] {
    if (reg == nullptr) return NullArgument(kFn, "reg");
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_size == nullptr) return NullArgument(kFn, "out_size");
    isms::WriteOptions options;
    isms_status st =
        ToFormat(kFn, format, /*allow_auto=*/false, &options.format);
    if (st != ISMS_OK) return st;
    absl::StatusOr<std::string> bytes =
        isms::SerializeRegister(reg->rep, options);
    if (!bytes.ok()) return FromStatus(bytes.status());
    return CopyOut(kFn, *bytes, out, out_size);
  });
}

isms_status isms_register_save(const isms_register* reg, const char* path,
                               isms_format format) {
  static constexpr char kFn[] = "isms_register_save";
  return Guard(kFn, [&] {
    if (reg == nullptr) return NullArgument(kFn, "reg");
    if (path == nullptr) return NullArgument(kFn, "path");
    isms::WriteOptions options;
    isms_status st =
        ToFormat(kFn, format, /*allow_auto=*/true, &options.format);
    if (st != ISMS_OK) return st;
    return FromStatus(isms::SaveRegister(reg->rep, path, options));
  });
}

void isms_register_destroy(isms_register** reg) {
  if (reg == nullptr) return;
  delete *reg;
  *reg = nullptr;
}

size_t isms_register_count(const isms_register* reg, isms_list list) {
  if (reg == nullptr) return 0;
  const isms::v1::Register& r = reg->rep;
  switch (list) {
    case ISMS_LIST_ASSETS:
      return static_cast<size_t>(r.assets_size());
    case ISMS_LIST_THREATS:
      return static_cast<size_t>(r.threats_size());
    case ISMS_LIST_VULNERABILITIES:
      return static_cast<size_t>(r.vulnerabilities_size());
    case ISMS_LIST_CONTROLS:
      return static_cast<size_t>(r.controls_size());
    case ISMS_LIST_RISKS:
      return static_cast<size_t>(r.risks_size());
  }
  return 0;
}

const char* isms_register_id(const isms_register* reg, isms_list list,
                             size_t index) {
  static constexpr char kFn[] = "isms_register_id";
  return GuardValue<const char*>(kFn, nullptr, [&]() -> const char* {
    if (reg == nullptr) {
      NullArgument(kFn, "reg");
      return nullptr;
    }
    const size_t count = isms_register_count(reg, list);
    if (index >= count) {
      Fail(ISMS_OUT_OF_RANGE, kFn,
           absl::StrCat("index ", index, " is not below the list's ", count,
                        " entries"));
      return nullptr;
    }
    const int i = static_cast<int>(index);
    const isms::v1::Register& r = reg->rep;
    switch (list) {
      case ISMS_LIST_ASSETS:
        return r.assets(i).id().c_str();
      case ISMS_LIST_THREATS:
        return r.threats(i).id().c_str();
      case ISMS_LIST_VULNERABILITIES:
        return r.vulnerabilities(i).id().c_str();
      case ISMS_LIST_CONTROLS:
        return r.controls(i).id().c_str();
      case ISMS_LIST_RISKS:
        return r.risks(i).id().c_str();
    }
    return nullptr;
  });
}

// --- Validation --------------------------------------------------------------

isms_status isms_validate(const isms_register* reg, int strict_cycles,
                          isms_validation** out) {
  static constexpr char kFn[] = "isms_validate";
  return Guard(kFn, [&] {
    if (reg == nullptr) return NullArgument(kFn, "reg");
    if (out == nullptr) return NullArgument(kFn, "out");
    isms::ValidateOptions options;
    options.strict_cycles = strict_cycles != 0;
    auto handle = std::make_unique<isms_validation>();
    handle->rep = isms::Validate(reg->rep, options);
    *out = handle.release();
    return ISMS_OK;
  });
}

size_t isms_validation_count(const isms_validation* v) {
  return v == nullptr ? 0 : static_cast<size_t>(v->rep.diagnostics_size());
}

size_t isms_validation_error_count(const isms_validation* v) {
  return v == nullptr ? 0
                      : static_cast<size_t>(std::max(0, v->rep.error_count()));
}

size_t isms_validation_warning_count(const isms_validation* v) {
  return v == nullptr
             ? 0
             : static_cast<size_t>(std::max(0, v->rep.warning_count()));
}

isms_status isms_validation_get(const isms_validation* v, size_t index,
                                isms_diagnostic* out) {
  static constexpr char kFn[] = "isms_validation_get";
  return Guard(kFn, [&] {
    if (v == nullptr) return NullArgument(kFn, "v");
    if (out == nullptr) return NullArgument(kFn, "out");
    isms_status st = CheckVersion(kFn, "isms_diagnostic", out->version,
                                  ISMS_DIAGNOSTIC_VERSION);
    if (st != ISMS_OK) return st;
    if (index >= static_cast<size_t>(v->rep.diagnostics_size())) {
      return Fail(ISMS_OUT_OF_RANGE, kFn,
                  absl::StrCat("index ", index, " is not below the ",
                               v->rep.diagnostics_size(), " diagnostics"));
    }
    const isms::v1::Diagnostic& d = v->rep.diagnostics(static_cast<int>(index));
    out->severity = static_cast<isms_severity>(d.severity());
    out->code = d.code().c_str();
    out->path = d.path().c_str();
    out->message = d.message().c_str();
    return ISMS_OK;
  });
}

isms_status isms_validation_serialize(const isms_validation* v,
                                      isms_format format, void** out,
                                      size_t* out_size) {
  static constexpr char kFn[] = "isms_validation_serialize";
  return Guard(kFn, [&] {
    if (v == nullptr) return NullArgument(kFn, "v");
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_size == nullptr) return NullArgument(kFn, "out_size");
    return SerializeOut(kFn, v->rep, format, out, out_size);
  });
}

void isms_validation_destroy(isms_validation** v) {
  if (v == nullptr) return;
  delete *v;
  *v = nullptr;
}

// --- The risk engine ---------------------------------------------------------

isms_status isms_engine_create(const isms_register* reg,
                               const isms_engine_options* options,
                               isms_engine** out) {
  static constexpr char kFn[] = "isms_engine_create";
  return Guard(kFn, [&] {
    if (reg == nullptr) return NullArgument(kFn, "reg");
    if (out == nullptr) return NullArgument(kFn, "out");
    isms::EngineOptions engine_options;
    isms_status st = ToEngineOptions(kFn, options, &engine_options);
    if (st != ISMS_OK) return st;
    return NewEngine(isms::RiskEngine::Create(reg->rep, engine_options), out);
  });
}

isms_status isms_engine_create_from_file(const char* path, isms_format format,
                                         const isms_read_options* read,
                                         const isms_engine_options* options,
                                         isms_engine** out) {
  static constexpr char kFn[] = "isms_engine_create_from_file";
  return Guard(kFn, [&] {
    if (path == nullptr) return NullArgument(kFn, "path");
    if (out == nullptr) return NullArgument(kFn, "out");
    isms::ReadOptions read_options;
    isms_status st = ToReadOptions(kFn, read, &read_options);
    if (st != ISMS_OK) return st;
    st = ToFormat(kFn, format, /*allow_auto=*/true, &read_options.format);
    if (st != ISMS_OK) return st;
    isms::EngineOptions engine_options;
    st = ToEngineOptions(kFn, options, &engine_options);
    if (st != ISMS_OK) return st;
    return NewEngine(
        isms::RiskEngine::CreateFromFile(path, engine_options, read_options,
                                         /*rest=*/nullptr),
        out);
  });
}

void isms_engine_destroy(isms_engine** engine) {
  if (engine == nullptr) return;
  delete *engine;
  *engine = nullptr;
}

isms_status isms_engine_evaluate(isms_engine* engine) {
  static constexpr char kFn[] = "isms_engine_evaluate";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    engine->InvalidateFindings();
    engine->rep->Evaluate();
    engine->evaluated = true;
    return ISMS_OK;
  });
}

isms_status isms_engine_recalculate(isms_engine* engine) {
  static constexpr char kFn[] = "isms_engine_recalculate";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    engine->InvalidateFindings();
    engine->rep->Recalculate();  // evaluates fully the first time
    engine->evaluated = true;
    return ISMS_OK;
  });
}

isms_status isms_engine_set_control_status(isms_engine* engine,
                                           const char* control_id, int status) {
  static constexpr char kFn[] = "isms_engine_set_control_status";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (control_id == nullptr) return NullArgument(kFn, "control_id");
    if (!isms::v1::ControlStatus_IsValid(status)) {
      return Fail(ISMS_INVALID_ARGUMENT, kFn,
                  absl::StrCat("unknown control status ", status));
    }
    return Changed(
        engine, engine->rep->SetControlStatus(
                    control_id, static_cast<isms::v1::ControlStatus>(status)));
  });
}

isms_status isms_engine_set_control_implementation(isms_engine* engine,
                                                   const char* control_id,
                                                   double implementation) {
  static constexpr char kFn[] = "isms_engine_set_control_implementation";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (control_id == nullptr) return NullArgument(kFn, "control_id");
    return Changed(engine, engine->rep->SetControlImplementation(
                               control_id, implementation));
  });
}

isms_status isms_engine_set_control_effectiveness(isms_engine* engine,
                                                  const char* control_id,
                                                  double effectiveness) {
  static constexpr char kFn[] = "isms_engine_set_control_effectiveness";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (control_id == nullptr) return NullArgument(kFn, "control_id");
    return Changed(engine, engine->rep->SetControlEffectiveness(control_id,
                                                                effectiveness));
  });
}

isms_status isms_engine_set_asset_value(isms_engine* engine,
                                        const char* asset_id, int dimension,
                                        const char* impact_level) {
  static constexpr char kFn[] = "isms_engine_set_asset_value";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (asset_id == nullptr) return NullArgument(kFn, "asset_id");
    if (impact_level == nullptr) return NullArgument(kFn, "impact_level");
    if (dimension < isms::v1::DIMENSION_CONFIDENTIALITY ||
        dimension > isms::v1::DIMENSION_AVAILABILITY) {
      return Fail(ISMS_INVALID_ARGUMENT, kFn,
                  absl::StrCat("dimension ", dimension,
                               " is not 1 (C), 2 (I) or 3 (A)"));
    }
    return Changed(engine,
                   engine->rep->SetAssetValue(
                       asset_id, static_cast<isms::v1::Dimension>(dimension),
                       impact_level));
  });
}

isms_status isms_engine_set_risk_likelihood(isms_engine* engine,
                                            const char* risk_id,
                                            const char* likelihood_level) {
  static constexpr char kFn[] = "isms_engine_set_risk_likelihood";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (risk_id == nullptr) return NullArgument(kFn, "risk_id");
    if (likelihood_level == nullptr) {
      return NullArgument(kFn, "likelihood_level");
    }
    return Changed(engine,
                   engine->rep->SetRiskLikelihood(risk_id, likelihood_level));
  });
}

isms_status isms_engine_set_risk_impact(isms_engine* engine,
                                        const char* risk_id,
                                        const char* impact_level) {
  static constexpr char kFn[] = "isms_engine_set_risk_impact";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (risk_id == nullptr) return NullArgument(kFn, "risk_id");
    if (impact_level == nullptr) return NullArgument(kFn, "impact_level");
    return Changed(engine, engine->rep->SetRiskImpact(risk_id, impact_level));
  });
}

isms_status isms_engine_set_risk_mitigations(isms_engine* engine,
                                             const char* risk_id,
                                             const isms_mitigation* items,
                                             size_t count) {
  static constexpr char kFn[] = "isms_engine_set_risk_mitigations";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (risk_id == nullptr) return NullArgument(kFn, "risk_id");
    if (items == nullptr && count > 0) return NullArgument(kFn, "items");
    std::vector<isms::v1::Mitigation> mitigations(count);
    for (size_t j = 0; j < count; ++j) {
      const isms_mitigation& item = items[j];
      isms_status st = CheckVersion(kFn, "isms_mitigation", item.version,
                                    ISMS_MITIGATION_VERSION);
      if (st != ISMS_OK) return st;
      if (item.control_id == nullptr) {
        return NullArgument(kFn,
                            absl::StrCat("items[", j, "].control_id").c_str());
      }
      if (item.reduces < isms::v1::REDUCES_UNSPECIFIED ||
          item.reduces > isms::v1::REDUCES_BOTH) {
        return Fail(ISMS_INVALID_ARGUMENT, kFn,
                    absl::StrCat("items[", j, "].reduces is ", item.reduces,
                                 "; it must be 0..3"));
      }
      isms::v1::Mitigation& m = mitigations[j];
      m.set_control_id(item.control_id);
      m.set_reduces(static_cast<isms::v1::Reduces>(item.reduces));
      if (!(item.strength < 0)) m.set_strength(item.strength);
    }
    return Changed(engine,
                   engine->rep->SetRiskMitigations(risk_id, mitigations));
  });
}

// --- Results -----------------------------------------------------------------

size_t isms_engine_risk_count(const isms_engine* engine) {
  if (engine == nullptr) return 0;
  return static_cast<size_t>(std::max(0, engine->rep->risk_count()));
}

isms_status isms_engine_scale_sizes(const isms_engine* engine,
                                    int* likelihood_levels, int* impact_levels,
                                    int* risk_levels) {
  static constexpr char kFn[] = "isms_engine_scale_sizes";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    // Known from creation: no evaluation needed.
    if (likelihood_levels != nullptr) {
      *likelihood_levels = engine->rep->likelihood_levels();
    }
    if (impact_levels != nullptr) *impact_levels = engine->rep->impact_levels();
    if (risk_levels != nullptr) *risk_levels = engine->rep->risk_levels();
    return ISMS_OK;
  });
}

isms_status isms_engine_levels(const isms_engine* engine, isms_view view,
                               uint8_t* likelihood, uint8_t* impact,
                               uint8_t* level, size_t count) {
  static constexpr char kFn[] = "isms_engine_levels";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    isms::RiskEngine::View v = isms::RiskEngine::kCurrent;
    isms_status st = ToView(kFn, view, &v);
    if (st != ISMS_OK) return st;
    st = CheckEvaluated(kFn, engine);
    if (st != ISMS_OK) return st;
    const isms::RiskEngine& e = *engine->rep;
    const absl::Span<const uint8_t> l = e.likelihood(v);
    const absl::Span<const uint8_t> i = e.impact(v);
    const absl::Span<const uint8_t> k = e.level(v);
    const size_t needed = isms_engine_risk_count(engine);
    if (count < needed) {
      return Fail(ISMS_OUT_OF_RANGE, kFn,
                  absl::StrCat("the buffers hold ", count, " entries, ", needed,
                               " are needed"));
    }
    if (l.size() < needed || i.size() < needed || k.size() < needed) {
      return Fail(ISMS_INTERNAL, kFn, "the engine holds no results");
    }
    if (needed > 0) {
      if (likelihood != nullptr) std::memcpy(likelihood, l.data(), needed);
      if (impact != nullptr) std::memcpy(impact, i.data(), needed);
      if (level != nullptr) std::memcpy(level, k.data(), needed);
    }
    return ISMS_OK;
  });
}

isms_status isms_engine_statuses(const isms_engine* engine, uint8_t* status,
                                 size_t count) {
  static constexpr char kFn[] = "isms_engine_statuses";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    isms_status st = CheckEvaluated(kFn, engine);
    if (st != ISMS_OK) return st;
    const absl::Span<const uint8_t> s = engine->rep->status();
    const size_t needed = isms_engine_risk_count(engine);
    st = CheckBuffer(kFn, "status", status, count, needed);
    if (st != ISMS_OK) return st;
    if (s.size() < needed) {
      return Fail(ISMS_INTERNAL, kFn, "the engine holds no results");
    }
    if (needed > 0) std::memcpy(status, s.data(), needed);
    return ISMS_OK;
  });
}

isms_status isms_engine_heatmap(const isms_engine* engine, isms_view view,
                                int64_t* cells, size_t count) {
  return CopyViewCounts("isms_engine_heatmap", "cells",
                        &isms::RiskEngine::heatmap, engine, view, cells, count);
}

isms_status isms_engine_level_counts(const isms_engine* engine, isms_view view,
                                     int64_t* counts, size_t count) {
  return CopyViewCounts("isms_engine_level_counts", "counts",
                        &isms::RiskEngine::level_counts, engine, view, counts,
                        count);
}

double isms_engine_exposure(const isms_engine* engine, isms_view view) {
  static constexpr char kFn[] = "isms_engine_exposure";
  return GuardValue<double>(kFn, 0.0, [&]() -> double {
    if (engine == nullptr || !engine->evaluated) return 0.0;
    switch (view) {
      case ISMS_VIEW_INHERENT:
        return engine->rep->exposure(isms::RiskEngine::kInherent);
      case ISMS_VIEW_CURRENT:
        return engine->rep->exposure(isms::RiskEngine::kCurrent);
      case ISMS_VIEW_TARGET:
        return engine->rep->exposure(isms::RiskEngine::kTarget);
    }
    return 0.0;
  });
}

isms_status isms_engine_top_risks(const isms_engine* engine, size_t n,
                                  int32_t* indexes, size_t capacity,
                                  size_t* written) {
  static constexpr char kFn[] = "isms_engine_top_risks";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (indexes == nullptr && capacity > 0) return NullArgument(kFn, "indexes");
    if (written == nullptr) return NullArgument(kFn, "written");
    isms_status st = CheckEvaluated(kFn, engine);
    if (st != ISMS_OK) return st;
    const size_t wanted = std::min({n, capacity, isms_engine_risk_count(engine),
                                    static_cast<size_t>(INT_MAX)});
    const std::vector<int> top =
        engine->rep->TopRisks(static_cast<int>(wanted));
    const size_t k = std::min(top.size(), wanted);
    for (size_t j = 0; j < k; ++j) indexes[j] = static_cast<int32_t>(top[j]);
    *written = k;
    return ISMS_OK;
  });
}

size_t isms_engine_finding_count(isms_engine* engine) {
  static constexpr char kFn[] = "isms_engine_finding_count";
  return GuardValue<size_t>(kFn, 0, [&]() -> size_t {
    if (engine == nullptr || !engine->evaluated) return 0;
    if (!engine->findings_valid) {
      engine->findings = engine->rep->Findings();
      engine->findings_valid = true;
    }
    return engine->findings.size();
  });
}

isms_status isms_engine_finding(isms_engine* engine, size_t index,
                                isms_finding* out) {
  static constexpr char kFn[] = "isms_engine_finding";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (out == nullptr) return NullArgument(kFn, "out");
    isms_status st =
        CheckVersion(kFn, "isms_finding", out->version, ISMS_FINDING_VERSION);
    if (st != ISMS_OK) return st;
    st = CheckEvaluated(kFn, engine);
    if (st != ISMS_OK) return st;
    if (!engine->findings_valid) {
      engine->findings = engine->rep->Findings();
      engine->findings_valid = true;
    }
    if (index >= engine->findings.size()) {
      return Fail(ISMS_OUT_OF_RANGE, kFn,
                  absl::StrCat("index ", index, " is not below the ",
                               engine->findings.size(), " findings"));
    }
    const isms::v1::Finding& f = engine->findings[index];
    out->severity = static_cast<isms_severity>(f.severity());
    out->code = f.code().c_str();
    out->object_id = f.object_id().c_str();
    out->message = f.message().c_str();
    return ISMS_OK;
  });
}

isms_status isms_engine_assessment(const isms_engine* engine,
                                   isms_format format, int include_risks,
                                   void** out, size_t* out_size) {
  static constexpr char kFn[] = "isms_engine_assessment";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_size == nullptr) return NullArgument(kFn, "out_size");
    isms_status st = CheckEvaluated(kFn, engine);
    if (st != ISMS_OK) return st;
    isms::AssessmentOptions options;
    options.risks = include_risks != 0;
    return SerializeOut(kFn, engine->rep->ToProto(options), format, out,
                        out_size);
  });
}

isms_status isms_engine_whatif(const isms_engine* engine, isms_format format,
                               void** out, size_t* out_size) {
  static constexpr char kFn[] = "isms_engine_whatif";
  return Guard(kFn, [&] {
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_size == nullptr) return NullArgument(kFn, "out_size");
    isms_status st = CheckEvaluated(kFn, engine);
    if (st != ISMS_OK) return st;
    isms::v1::Assessment assessment;
    for (isms::v1::WhatIfEntry& entry : engine->rep->WhatIf()) {
      *assessment.add_whatif() = std::move(entry);
    }
    return SerializeOut(kFn, assessment, format, out, out_size);
  });
}

// --- Reports, SoA, coverage, readiness --------------------------------------

isms_status isms_report(const isms_register* reg, const isms_engine* engine,
                        isms_report_format format, char** out,
                        size_t* out_size) {
  static constexpr char kFn[] = "isms_report";
  return Guard(kFn, [&] {
    if (reg == nullptr) return NullArgument(kFn, "reg");
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_size == nullptr) return NullArgument(kFn, "out_size");
    isms::ReportFormat f = isms::ReportFormat::kText;
    if (isms_status st =
            ToReportFormat(kFn, format, &isms::ParseReportFormat, &f);
        st != ISMS_OK) {
      return st;
    }
    isms_status st = CheckEvaluated(kFn, engine);
    if (st != ISMS_OK) return st;
    st = CheckSameRegister(kFn, reg, engine);
    if (st != ISMS_OK) return st;
    const isms::RiskEngine& e = *engine->rep;
    const isms::AssessmentOptions options =
        isms::ReportAssessmentOptions(f, e.risk_count());
    isms::ComplianceOptions compliance;
    compliance.as_of = e.as_of();
    const isms::v1::Assessment assessment =
        isms::AssessWithCoverage(reg->rep, e, options, compliance);
    return CopyOutText(kFn, isms::RenderAssessment(reg->rep, assessment, f),
                       out, out_size);
  });
}

isms_status isms_soa(const isms_register* reg, const char* catalog,
                     isms_report_format format, char** out, size_t* out_size) {
  static constexpr char kFn[] = "isms_soa";
  return Guard(kFn, [&] {
    if (reg == nullptr) return NullArgument(kFn, "reg");
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_size == nullptr) return NullArgument(kFn, "out_size");
    isms::SoaFormat f = isms::SoaFormat::kCsv;
    if (isms_status st = ToReportFormat(kFn, format, &isms::ParseSoaFormat, &f);
        st != ISMS_OK) {
      return st;
    }
    isms::ComplianceOptions options;
    if (catalog != nullptr) options.catalog = catalog;
    absl::StatusOr<isms::v1::StatementOfApplicabilityReport> soa =
        isms::BuildSoa(reg->rep, options);
    if (!soa.ok()) return FromStatus(soa.status());
    return CopyOutText(kFn, isms::RenderSoa(*soa, f), out, out_size);
  });
}

isms_status isms_readiness(const isms_register* reg, const isms_engine* engine,
                           const char* as_of, isms_report_format format,
                           char** out, size_t* out_size, int* ready) {
  static constexpr char kFn[] = "isms_readiness";
  return Guard(kFn, [&] {
    if (reg == nullptr) return NullArgument(kFn, "reg");
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_size == nullptr) return NullArgument(kFn, "out_size");
    isms::ReadinessFormat f = isms::ReadinessFormat::kText;
    if (isms_status st =
            ToReportFormat(kFn, format, &isms::ParseReadinessFormat, &f);
        st != ISMS_OK) {
      return st;
    }
    isms_status st = CheckEvaluated(kFn, engine);
    if (st != ISMS_OK) return st;
    st = CheckSameRegister(kFn, reg, engine);
    if (st != ISMS_OK) return st;
    isms::ComplianceOptions options;
    options.as_of = as_of != nullptr && *as_of != '\0' ? std::string(as_of)
                                                       : engine->rep->as_of();
    absl::StatusOr<isms::v1::Readiness> readiness =
        isms::CheckReadiness(reg->rep, *engine->rep, options);
    if (!readiness.ok()) return FromStatus(readiness.status());
    st = CopyOutText(kFn, isms::RenderReadiness(*readiness, f), out, out_size);
    if (st != ISMS_OK) return st;
    if (ready != nullptr) *ready = readiness->ready() ? 1 : 0;
    return ISMS_OK;
  });
}

isms_status isms_coverage(const isms_register* reg, const isms_engine* engine,
                          isms_format format, void** out, size_t* out_size) {
  static constexpr char kFn[] = "isms_coverage";
  return Guard(kFn, [&] {
    if (reg == nullptr) return NullArgument(kFn, "reg");
    if (engine == nullptr) return NullArgument(kFn, "engine");
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_size == nullptr) return NullArgument(kFn, "out_size");
    isms::Format f = isms::Format::kAuto;
    isms_status st = ToFormat(kFn, format, /*allow_auto=*/false, &f);
    if (st != ISMS_OK) return st;
    st = CheckEvaluated(kFn, engine);
    if (st != ISMS_OK) return st;
    st = CheckSameRegister(kFn, reg, engine);
    if (st != ISMS_OK) return st;
    isms::ComplianceOptions options;
    options.as_of = engine->rep->as_of();
    absl::StatusOr<isms::v1::Coverage> coverage =
        isms::ComputeCoverage(reg->rep, *engine->rep, options);
    if (!coverage.ok()) return FromStatus(coverage.status());
    return SerializeOut(kFn, *coverage, format, out, out_size);
  });
}

isms_status isms_quant_simulate(const isms_register* reg,
                                const isms_engine* engine,
                                const isms_quant_options* options,
                                isms_format format, void** out,
                                size_t* out_size, double** annual_losses) {
  static constexpr char kFn[] = "isms_quant_simulate";
  return Guard(kFn, [&] {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_size == nullptr) return NullArgument(kFn, "out_size");
    isms::QuantOptions quant_options;
    isms_status st = PrepareQuant(kFn, reg, engine, options, &quant_options);
    if (st != ISMS_OK) return st;
    absl::StatusOr<isms::SimulatedLosses> losses =
        isms::SimulateAnnualLosses(reg->rep, *engine->rep, quant_options);
    if (!losses.ok()) return FromStatus(losses.status());
    // Out-parameters are set only once everything has succeeded.
    void* message = nullptr;
    size_t message_size = 0;
    st = SerializeOut(kFn, losses->summary, format, &message, &message_size);
    if (st != ISMS_OK) return st;
    if (annual_losses != nullptr) {
      const size_t n = losses->inherent.size();
      double* years =
          static_cast<double*>(std::malloc(3 * n * sizeof(double) + 1));
      if (years == nullptr) {
        std::free(message);
        return Fail(ISMS_RESOURCE_EXHAUSTED, kFn, "out of memory");
      }
      std::copy(losses->inherent.begin(), losses->inherent.end(), years);
      std::copy(losses->current.begin(), losses->current.end(), years + n);
      std::copy(losses->target.begin(), losses->target.end(), years + 2 * n);
      *annual_losses = years;
    }
    *out = message;
    *out_size = message_size;
    return ISMS_OK;
  });
}

isms_status isms_quant_report(const isms_register* reg,
                              const isms_engine* engine,
                              const isms_quant_options* options,
                              isms_report_format format, char** out,
                              size_t* out_size) {
  static constexpr char kFn[] = "isms_quant_report";
  return Guard(kFn, [&] {
    if (out == nullptr) return NullArgument(kFn, "out");
    if (out_size == nullptr) return NullArgument(kFn, "out_size");
    isms::ReportFormat f = isms::ReportFormat::kText;
    isms_status st = ToReportFormat(kFn, format, &isms::ParseReportFormat, &f);
    if (st != ISMS_OK) return st;
    isms::QuantOptions quant_options;
    st = PrepareQuant(kFn, reg, engine, options, &quant_options);
    if (st != ISMS_OK) return st;
    absl::StatusOr<isms::v1::QuantAssessment> quant =
        isms::SimulateLosses(reg->rep, *engine->rep, quant_options);
    if (!quant.ok()) return FromStatus(quant.status());
    return CopyOutText(kFn, isms::RenderQuant(*quant, f), out, out_size);
  });
}

}  // extern "C"
