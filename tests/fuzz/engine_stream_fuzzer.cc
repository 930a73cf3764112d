// RiskEngine::CreateFromBytes on a binary register, which splits the input
// into its risks and the rest and compiles the risks one at a time, against
// ParseRegister + RiskEngine::Create on the same bytes. Properties beyond "no
// crash": both accept or both refuse with the same status code, and an engine
// both build gives the same assessment and the same rest of the register.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "google/protobuf/util/field_comparator.h"
#include "google/protobuf/util/message_differencer.h"
#include "isms/risk_engine.h"
#include "tests/fuzz/fuzz_util.h"

namespace isms::fuzzing {
namespace {

EngineOptions FuzzEngineOptions() {
  EngineOptions options;
  options.as_of = kAsOf;
  options.threads = 1;  // libFuzzer wants one thread per process
  return options;
}

bool SameMessages(const google::protobuf::Message& a,
                  const google::protobuf::Message& b, std::string* diff) {
  google::protobuf::util::DefaultFieldComparator comparator;
  comparator.set_treat_nan_as_equal(true);
  google::protobuf::util::MessageDifferencer differ;
  differ.set_field_comparator(&comparator);
  differ.ReportDifferencesToString(diff);
  return differ.Compare(a, b);
}

void FuzzStream(absl::string_view bytes) {
  SilenceProtobufLogs();
  const ReadOptions read = FuzzReadOptions(Format::kBinary);
  v1::Register rest;
  absl::StatusOr<std::unique_ptr<RiskEngine>> streamed =
      RiskEngine::CreateFromBytes(bytes, read, "<fuzz>", FuzzEngineOptions(),
                                  &rest);
  absl::StatusOr<v1::Register> reg = ParseRegister(bytes, read, "<fuzz>");
  absl::StatusOr<std::unique_ptr<RiskEngine>> whole =
      reg.ok() ? RiskEngine::Create(*reg, FuzzEngineOptions())
               : absl::StatusOr<std::unique_ptr<RiskEngine>>(reg.status());
  if (streamed.status().code() != whole.status().code()) {
    Violated(absl::StrCat("streamed: ", streamed.status().ToString(),
                          "; whole: ", whole.status().ToString()));
  }
  if (!streamed.ok()) return;

  std::string diff;
  v1::Register expected_rest = *reg;
  expected_rest.clear_risks();
  if (!SameMessages(rest, expected_rest, &diff)) {
    Violated("the rest of the register differs:\n" + diff.substr(0, 2000));
  }
  (*streamed)->Evaluate();
  (*whole)->Evaluate();
  diff.clear();
  if (!SameMessages((*streamed)->ToProto(), (*whole)->ToProto(), &diff)) {
    Violated("the streamed engine's assessment differs:\n" +
             diff.substr(0, 2000));
  }
}

}  // namespace
}  // namespace isms::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  isms::fuzzing::FuzzStream(isms::fuzzing::AsBytes(data, size));
  return 0;
}
