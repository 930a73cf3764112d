// Where RiskEngine's compile takes the risks from: the repeated field of a
// whole isms.v1.Register, or a binary file parsed one risk at a time (so a
// million-asset register never exists as millions of protobuf objects).
#ifndef ISMS_LIB_RISK_SOURCE_H_
#define ISMS_LIB_RISK_SOURCE_H_

#include <cstddef>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "isms/v1/register.pb.h"

namespace isms::internal {

class RiskSource {
 public:
  virtual ~RiskSource() = default;

  // The number of risks ForEach visits.
  virtual int size() const = 0;

  // The total number of mitigations if known cheaply, else 0 (only used to
  // reserve memory).
  virtual size_t mitigations_hint() const { return 0; }

  // Calls `visit(index, risk)` for each risk in register order; stops at and
  // returns the first error, of `visit` or of reading. The risk is only valid
  // during the call.
  virtual absl::Status ForEach(
      absl::FunctionRef<absl::Status(int, const v1::Risk&)> visit) const = 0;
};

// The risks of a register in memory.
class RepeatedRiskSource : public RiskSource {
 public:
  explicit RepeatedRiskSource(
      const google::protobuf::RepeatedPtrField<v1::Risk>& risks)
      : risks_(risks) {}

  int size() const override { return risks_.size(); }
  size_t mitigations_hint() const override {
    size_t total = 0;
    for (const v1::Risk& risk : risks_) total += risk.mitigations_size();
    return total;
  }
  absl::Status ForEach(absl::FunctionRef<absl::Status(int, const v1::Risk&)>
                           visit) const override {
    for (int r = 0; r < risks_.size(); ++r) {
      absl::Status st = visit(r, risks_[r]);
      if (!st.ok()) return st;
    }
    return absl::OkStatus();
  }

 private:
  const google::protobuf::RepeatedPtrField<v1::Risk>& risks_;
};

}  // namespace isms::internal

#endif  // ISMS_LIB_RISK_SOURCE_H_
