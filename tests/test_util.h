// Helpers shared by the C++ tests.
#ifndef ISMS_TESTS_TEST_UTIL_H_
#define ISMS_TESTS_TEST_UTIL_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "isms/risk_engine.h"
#include "isms/v1/register.pb.h"

namespace isms::testing {

// A register written in proto text format; a parse error fails the test.
inline v1::Register RegisterFromText(absl::string_view text) {
  v1::Register reg;
  if (!google::protobuf::TextFormat::ParseFromString(std::string(text), &reg)) {
    ADD_FAILURE() << "bad text format:\n" << text;
  }
  return reg;
}

// An engine built from `reg` at 2026-11-22 on one thread and evaluated;
// nullptr (and a test failure) if the register does not compile.
inline std::unique_ptr<RiskEngine> EvaluatedEngine(const v1::Register& reg) {
  EngineOptions options;
  options.as_of = "2026-11-22";
  options.threads = 1;
  absl::StatusOr<std::unique_ptr<RiskEngine>> engine =
      RiskEngine::Create(reg, options);
  if (!engine.ok()) {
    ADD_FAILURE() << engine.status();
    return nullptr;
  }
  (*engine)->Evaluate();
  return *std::move(engine);
}

// The bundled sample register.
inline std::string AcmePath() {
  return std::string(ISMS_SOURCE_DIR) + "/examples/registers/acme.json";
}

}  // namespace isms::testing

#endif  // ISMS_TESTS_TEST_UTIL_H_
