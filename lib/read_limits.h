// Checks of isms::ReadLimits shared by the readers of every format: which
// lists have a limit of their own, the running counts, the wording of the
// errors, and the checks of the text format (a token pass for nesting before
// parsing, counts and string lengths after it).
#ifndef ISMS_LIB_READ_LIMITS_H_
#define ISMS_LIB_READ_LIMITS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "isms/io.h"

namespace isms::internal {

// The lists with a limit of their own; every other list is kOther
// (max_list_elements, per list).
enum class ListKind { kAssets, kRisks, kMitigations, kOther };

// Register.assets, Register.risks, Risk.mitigations, else kOther (also for
// nullptr, an unknown field).
ListKind ListKindOf(const google::protobuf::FieldDescriptor* field);

// Running totals of one input against its limits. Every check returns Ok or
// ResourceExhausted with a message naming the limit and its value, without
// the place (the caller knows it and prefixes it).
class LimitCounter {
 public:
  explicit LimitCounter(const ReadLimits& limits) : limits_(limits) {}

  // Whether a count is known or only a lower bound (a claim not yet read).
  enum class Count { kExact, kAtLeast };

  // `added` more elements of a list of `kind` that holds `list_size` after
  // them (kAssets, kRisks and kMitigations count over the whole input;
  // kOther per list).
  absl::Status AddElements(ListKind kind, uint64_t added, uint64_t list_size,
                           Count count = Count::kExact);
  // `count` unknown fields in one message (binary input keeps them all).
  absl::Status CheckUnknownFields(uint64_t count) const;
  absl::Status CheckStringLength(uint64_t length) const;
  // A length prefix of a binary submessage (or anything else no other limit
  // covers): more than max_bytes can never be satisfied.
  absl::Status CheckLengthClaim(uint64_t length) const;
  // `depth` levels of nesting (the top-level message is 1).
  absl::Status CheckDepth(int depth) const;

  const ReadLimits& limits() const { return limits_; }

 private:
  const ReadLimits& limits_;
  uint64_t assets_ = 0;
  uint64_t risks_ = 0;
  uint64_t mitigations_ = 0;
};

// One step of a place inside a message, for error messages:
// "risks[3].mitigations[0]". `field` nullptr is an unknown field `number`;
// `index` -1 a singular field.
struct PathStep {
  const google::protobuf::FieldDescriptor* field = nullptr;
  int number = 0;
  int64_t index = -1;
};
std::string FieldPath(absl::Span<const PathStep> steps);

// "LINE:COLUMN" of byte `at` of `text` (1-based; the column counts bytes).
std::string LineColumn(absl::string_view text, size_t at);

// Nesting of a text-format message, before the parser sees it: outside
// strings and '#' comments (skipped as protobuf's tokenizer skips them),
// every '{', '<' and '[' opens a level. ResourceExhausted "LINE:COLUMN:
// nesting deeper than the limit max_depth=N"; syntax errors are left to the
// parser. A scan of its own: protobuf's tokenizer would take a third of the
// parse's time.
absl::Status CheckTextNesting(absl::string_view text, const ReadLimits& limits);

// Every count and string length of a parsed message (for the text format,
// whose parser cannot be stopped early): ResourceExhausted "PATH: ...". Also
// that every `string` field is UTF-8, as proto3 requires and the binary and
// JSON readers check but the text parser does not (an escape like "\xff"
// would otherwise make a register no other reader accepts):
// InvalidArgument "PATH: not valid UTF-8".
absl::Status CheckMessageLimits(const google::protobuf::Message& message,
                                const ReadLimits& limits);

}  // namespace isms::internal

#endif  // ISMS_LIB_READ_LIMITS_H_
