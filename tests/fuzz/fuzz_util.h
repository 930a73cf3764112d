// Helpers shared by the fuzz targets (tests/fuzz/*_fuzzer.cc).
#ifndef ISMS_TESTS_FUZZ_FUZZ_UTIL_H_
#define ISMS_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/stubs/logging.h"
#include "isms/io.h"
#include "isms/v1/register.pb.h"

namespace isms::fuzzing {

// Protobuf logs every string that is not UTF-8 it parses: thousands of lines
// a second that would bury libFuzzer's own output. Errors still come back as
// statuses.
inline void SilenceProtobufLogs() {
  static const bool silenced = [] {
    google::protobuf::SetLogHandler(nullptr);
    return true;
  }();
  static_cast<void>(silenced);
}

// The three register formats, in the order the targets try them.
inline constexpr Format kFormats[] = {Format::kJson, Format::kBinary,
                                      Format::kText};

// Every run judges dates at one fixed day, so that a crash reproduces
// whatever day it is replayed on.
inline constexpr char kAsOf[] = "2026-11-22";

// Readers with a 1 MiB input limit keep a fuzzer's memory bounded; the
// default (2 GiB) would let libFuzzer's own limits decide.
inline ReadOptions FuzzReadOptions(Format format) {
  ReadOptions options;
  options.format = format;
  options.limits.max_bytes = uint64_t{1} << 20;
  return options;
}

inline absl::string_view AsBytes(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

// A property the library promises failed: report it and abort, so that
// libFuzzer saves the input like any crash.
[[noreturn]] inline void Violated(absl::string_view what) {
  std::fprintf(stderr, "fuzz property violated: %.*s\n",
               static_cast<int>(what.size()), what.data());
  std::abort();
}

// The register in the first format (of kFormats) that reads the bytes.
inline std::optional<v1::Register> ParseAnyFormat(absl::string_view bytes) {
  SilenceProtobufLogs();
  for (Format format : kFormats) {
    absl::StatusOr<v1::Register> reg =
        ParseRegister(bytes, FuzzReadOptions(format), "<fuzz>");
    if (reg.ok()) return *std::move(reg);
  }
  return std::nullopt;
}

// Parses the bytes as a register in `format`; whatever parses must write out
// in every format and read back (load -> save -> load is lossless).
inline void ParseAndRoundTrip(absl::string_view bytes, Format format) {
  SilenceProtobufLogs();
  absl::StatusOr<v1::Register> reg =
      ParseRegister(bytes, FuzzReadOptions(format), "<fuzz>");
  if (!reg.ok()) return;
  for (Format to : kFormats) {
    WriteOptions write;
    write.format = to;
    write.pretty = false;
    absl::StatusOr<std::string> written = SerializeRegister(*reg, write);
    if (!written.ok()) {
      Violated(absl::StrCat("a register that reads cannot be written as ",
                            FormatName(to), ": ", written.status().message()));
    }
    ReadOptions read = FuzzReadOptions(to);
    read.limits.max_bytes = written->size() + 1;
    absl::StatusOr<v1::Register> again =
        ParseRegister(*written, read, "<written>");
    if (!again.ok()) {
      Violated(absl::StrCat("a register written as ", FormatName(to),
                            " does not read back: ", again.status().message()));
    }
  }
}

}  // namespace isms::fuzzing

#endif  // ISMS_TESTS_FUZZ_FUZZ_UTIL_H_
