// RiskEngine::CreateFromFile: a binary register is compiled as it is parsed.
// The file is split once into its risks (kept as byte ranges) and the rest
// of the register (parsed as one message, small next to the risks); each
// risk is then parsed into one reused message and compiled. At a million
// assets this avoids about 1 KB of separately allocated protobuf objects per
// risk, most of the time and memory of LoadRegister().
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "isms/io.h"
#include "isms/risk_engine.h"
#include "lib/io_internal.h"
#include "lib/risk_source.h"

namespace isms {
namespace {

namespace pb = google::protobuf;
using WireFormat = pb::internal::WireFormatLite;

// Risks as byte ranges of the file, parsed on the visit.
class StreamedRiskSource : public internal::RiskSource {
 public:
  StreamedRiskSource(std::vector<absl::string_view> risks, int max_depth,
                     absl::string_view source)
      : risks_(std::move(risks)), max_depth_(max_depth), source_(source) {}

  int size() const override { return static_cast<int>(risks_.size()); }

  absl::Status ForEach(absl::FunctionRef<absl::Status(int, const v1::Risk&)>
                           visit) const override {
    v1::Risk risk;  // reused: parsing into it again keeps its allocations
    for (int r = 0; r < size(); ++r) {
      pb::io::CodedInputStream input(
          reinterpret_cast<const uint8_t*>(risks_[r].data()),
          static_cast<int>(risks_[r].size()));
      // The register itself is one level.
      input.SetRecursionLimit(max_depth_ - 1);
      if (!risk.ParseFromCodedStream(&input) ||
          !input.ConsumedEntireMessage()) {
        // The wire structure passed ScanBinary: mostly a string that is
        // not UTF-8.
        return absl::InvalidArgumentError(
            absl::StrCat(source_, ": risks[", r, "]: not a valid binary ",
                         v1::Risk::descriptor()->full_name()));
      }
      absl::Status st = visit(r, risk);
      if (!st.ok()) return st;
    }
    return absl::OkStatus();
  }

 private:
  std::vector<absl::string_view> risks_;
  int max_depth_;
  absl::string_view source_;
};

// Splits a binary register that passed ScanBinary into the byte ranges of its
// risks and the bytes of every other top-level field, in order.
absl::Status SplitRisks(absl::string_view bytes, int max_depth,
                        absl::string_view source,
                        std::vector<absl::string_view>* risks,
                        std::string* rest) {
  pb::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                                 static_cast<int>(bytes.size()));
  input.SetRecursionLimit(max_depth);  // groups in unknown fields
  while (true) {
    const int start = input.CurrentPosition();
    const uint32_t tag = input.ReadTag();
    if (tag == 0) {
      if (input.CurrentPosition() == start) break;  // the end
      return absl::InvalidArgumentError(
          absl::StrCat(source, ": not a valid binary ",
                       v1::Register::descriptor()->full_name(),
                       " (a field tag of 0 at byte ", start, ")"));
    }
    bool ok;
    if (WireFormat::GetTagFieldNumber(tag) == v1::Register::kRisksFieldNumber &&
        WireFormat::GetTagWireType(tag) ==
            WireFormat::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t length = 0;
      ok = input.ReadVarint32(&length);
      const int at = input.CurrentPosition();
      ok = ok && input.Skip(static_cast<int>(length));
      if (ok) risks->push_back(bytes.substr(at, length));
    } else {
      // Any other field, known or not, goes to the rest as it is.
      ok = WireFormat::SkipField(&input, tag);
      if (ok)
        rest->append(bytes.data() + start, input.CurrentPosition() - start);
    }
    if (!ok) {
      // ScanBinary accepted the structure, so this is not expected.
      return absl::InvalidArgumentError(absl::StrCat(
          source, ": not a valid binary ",
          v1::Register::descriptor()->full_name(), " (byte ", start, ")"));
    }
  }
  if (input.CurrentPosition() != static_cast<int>(bytes.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": not a valid binary ",
                     v1::Register::descriptor()->full_name(),
                     " (cut short at byte ", input.CurrentPosition(), ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<RiskEngine>> RiskEngine::CreateFromFile(
    const std::string& path, const EngineOptions& options,
    const ReadOptions& read, v1::Register* rest) {
  ReadOptions resolved = read;
  if (resolved.format == Format::kAuto) {
    absl::StatusOr<Format> format = FormatFromPath(path);
    if (!format.ok()) return format.status();
    resolved.format = *format;
  }
  absl::StatusOr<std::string> bytes = ReadFile(path, resolved.limits.max_bytes);
  if (!bytes.ok()) return bytes.status();
  return CreateFromBytes(*bytes, resolved, path, options, rest);
}

absl::StatusOr<std::unique_ptr<RiskEngine>> RiskEngine::CreateFromBytes(
    absl::string_view bytes, const ReadOptions& read,
    absl::string_view source_name, const EngineOptions& options,
    v1::Register* rest) {
  if (read.format != Format::kBinary) {
    absl::StatusOr<v1::Register> reg = ParseRegister(bytes, read, source_name);
    if (!reg.ok()) return reg.status();
    absl::StatusOr<std::unique_ptr<RiskEngine>> engine = Create(*reg, options);
    if (engine.ok() && rest != nullptr) {
      reg->clear_risks();
      *rest = *std::move(reg);
    }
    return engine;
  }
  absl::Status st = internal::ScanBinary(bytes, v1::Register::descriptor(),
                                         read.limits, source_name);
  if (!st.ok()) return st;
  std::vector<absl::string_view> risk_bytes;
  std::string rest_bytes;
  st = SplitRisks(bytes, read.limits.max_depth, source_name, &risk_bytes,
                  &rest_bytes);
  if (!st.ok()) return st;
  // The rest is a part of what ScanBinary checked: no second scan.
  v1::Register reg;
  st = internal::ParseScannedBinary(rest_bytes, read.limits.max_depth,
                                    source_name, &reg);
  if (!st.ok()) return st;
  rest_bytes = std::string();
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      Compile(reg,
              StreamedRiskSource(std::move(risk_bytes), read.limits.max_depth,
                                 source_name),
              options);
  if (engine.ok() && rest != nullptr) *rest = std::move(reg);
  return engine;
}

}  // namespace isms
