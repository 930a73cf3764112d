#include "lib/read_limits.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "isms/v1/register.pb.h"

namespace isms::internal {
namespace {

namespace pb = google::protobuf;

// `total` + `added` > `limit`, without overflow.
bool Exceeds(uint64_t total, uint64_t added, uint64_t limit) {
  return added > limit || total > limit - added;
}

template <typename Limit>
absl::Status Exhausted(absl::string_view what, absl::string_view limit_name,
                       Limit limit) {
  return absl::ResourceExhaustedError(
      absl::StrCat(what, " than the limit ", limit_name, "=", limit));
}

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most
// U+10FFFF).
bool IsUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int extra;
    unsigned char low = 0x80, high = 0xBF;  // bounds of the second byte
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) low = 0xA0;
      if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (s.size() - i <= static_cast<size_t>(extra)) return false;
    for (int k = 1; k <= extra; ++k) {
      const unsigned char next = static_cast<unsigned char>(s[i + k]);
      const unsigned char lo = k == 1 ? low : 0x80;
      const unsigned char hi = k == 1 ? high : 0xBF;
      if (next < lo || next > hi) return false;
    }
    i += extra + 1;
  }
  return true;
}

// Walks a parsed message and checks every list and string against the limits.
class MessageLimitWalker {
 public:
  explicit MessageLimitWalker(const ReadLimits& limits) : counter_(limits) {}

  absl::Status Walk(const pb::Message& message) {
    const pb::Reflection* reflection = message.GetReflection();
    std::vector<const pb::FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const pb::FieldDescriptor* field : fields) {
      path_.push_back({field, field->number(), -1});
      absl::Status st = field->is_repeated()
                            ? WalkList(message, field)
                            : WalkValue(message, field, /*index=*/-1);
      if (!st.ok()) return st;
      path_.pop_back();
    }
    return absl::OkStatus();
  }

 private:
  absl::Status WalkList(const pb::Message& message,
                        const pb::FieldDescriptor* field) {
    const int size = message.GetReflection()->FieldSize(message, field);
    absl::Status st =
        counter_.AddElements(ListKindOf(field), static_cast<uint64_t>(size),
                             static_cast<uint64_t>(size));
    if (!st.ok()) return AtPath(st);
    for (int i = 0; i < size; ++i) {
      path_.back().index = i;
      st = WalkValue(message, field, i);
      if (!st.ok()) return st;
    }
    return absl::OkStatus();
  }

  // A singular value (`index` -1) or element `index` of a list.
  absl::Status WalkValue(const pb::Message& message,
                         const pb::FieldDescriptor* field, int index) {
    const pb::Reflection* reflection = message.GetReflection();
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING) {
      std::string scratch;
      const std::string& value =
          index < 0 ? reflection->GetStringReference(message, field, &scratch)
                    : reflection->GetRepeatedStringReference(message, field,
                                                             index, &scratch);
      absl::Status st = counter_.CheckStringLength(value.size());
      if (st.ok() && field->type() == pb::FieldDescriptor::TYPE_STRING &&
          !IsUtf8(value)) {
        st = absl::InvalidArgumentError("not valid UTF-8");
      }
      return st.ok() ? st : AtPath(st);
    }
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      return Walk(index < 0
                      ? reflection->GetMessage(message, field)
                      : reflection->GetRepeatedMessage(message, field, index));
    }
    return absl::OkStatus();
  }

  absl::Status AtPath(const absl::Status& st) const {
    return absl::Status(st.code(),
                        absl::StrCat(FieldPath(path_), ": ", st.message()));
  }

  LimitCounter counter_;
  std::vector<PathStep> path_;
};

}  // namespace

ListKind ListKindOf(const pb::FieldDescriptor* field) {
  // Found once: descriptor() costs a look-up each call.
  static const pb::FieldDescriptor* const assets =
      v1::Register::descriptor()->FindFieldByNumber(
          v1::Register::kAssetsFieldNumber);
  static const pb::FieldDescriptor* const risks =
      v1::Register::descriptor()->FindFieldByNumber(
          v1::Register::kRisksFieldNumber);
  static const pb::FieldDescriptor* const mitigations =
      v1::Risk::descriptor()->FindFieldByNumber(
          v1::Risk::kMitigationsFieldNumber);
  if (field == nullptr) return ListKind::kOther;
  if (field == assets) return ListKind::kAssets;
  if (field == risks) return ListKind::kRisks;
  if (field == mitigations) return ListKind::kMitigations;
  return ListKind::kOther;
}

absl::Status LimitCounter::AddElements(ListKind kind, uint64_t added,
                                       uint64_t list_size, Count count) {
  switch (kind) {
    case ListKind::kAssets:
      if (Exceeds(assets_, added, limits_.max_assets)) {
        return Exhausted("more assets", "max_assets", limits_.max_assets);
      }
      assets_ += added;
      break;
    case ListKind::kRisks:
      if (Exceeds(risks_, added, limits_.max_risks)) {
        return Exhausted("more risks", "max_risks", limits_.max_risks);
      }
      risks_ += added;
      break;
    case ListKind::kMitigations:
      if (Exceeds(mitigations_, added, limits_.max_mitigations)) {
        return Exhausted("more mitigations (over all risks)", "max_mitigations",
                         limits_.max_mitigations);
      }
      mitigations_ += added;
      break;
    case ListKind::kOther:
      if (list_size > limits_.max_list_elements) {
        return Exhausted(
            absl::StrCat("a list of ",
                         count == Count::kAtLeast ? "at least " : "", list_size,
                         " elements, more"),
            "max_list_elements", limits_.max_list_elements);
      }
      break;
  }
  return absl::OkStatus();
}

absl::Status LimitCounter::CheckUnknownFields(uint64_t count) const {
  if (count <= limits_.max_list_elements) return absl::OkStatus();
  return Exhausted("more unknown fields in one message", "max_list_elements",
                   limits_.max_list_elements);
}

absl::Status LimitCounter::CheckStringLength(uint64_t length) const {
  if (length <= limits_.max_string_length) return absl::OkStatus();
  return Exhausted(absl::StrCat("a string of ", length, " bytes, longer"),
                   "max_string_length", limits_.max_string_length);
}

absl::Status LimitCounter::CheckLengthClaim(uint64_t length) const {
  if (length <= limits_.max_bytes) return absl::OkStatus();
  return Exhausted(absl::StrCat("a length prefix of ", length, " bytes, more"),
                   "max_bytes", limits_.max_bytes);
}

absl::Status LimitCounter::CheckDepth(int depth) const {
  if (depth <= limits_.max_depth) return absl::OkStatus();
  return Exhausted("nesting deeper", "max_depth", limits_.max_depth);
}

std::string FieldPath(absl::Span<const PathStep> steps) {
  std::string path;
  for (const PathStep& step : steps) {
    if (!path.empty()) path += '.';
    if (step.field != nullptr) {
      path += step.field->name();
    } else {
      absl::StrAppend(&path, "(field ", step.number, ")");
    }
    if (step.index >= 0) absl::StrAppend(&path, "[", step.index, "]");
  }
  return path.empty() ? "(top level)" : path;
}

std::string LineColumn(absl::string_view text, size_t at) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return absl::StrFormat("%d:%d", line, column);
}

absl::Status CheckTextNesting(absl::string_view text,
                              const ReadLimits& limits) {
  const LimitCounter counter(limits);
  int depth = 1;  // the top-level message
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '#':  // a comment, to the end of the line
        i = text.find('\n', i);
        if (i == absl::string_view::npos) return absl::OkStatus();
        break;
      case '"':
      case '\'':  // a string, with backslash escapes
        for (++i; i < text.size() && text[i] != c; ++i) {
          if (text[i] == '\\') ++i;
        }
        break;
      case '{':
      case '<':
      case '[': {
        absl::Status st = counter.CheckDepth(++depth);
        if (!st.ok()) {
          return absl::Status(
              st.code(), absl::StrCat(LineColumn(text, i), ": ", st.message()));
        }
        break;
      }
      case '}':
      case '>':
      case ']':
        if (depth > 1) --depth;
        break;
      default:
        break;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckMessageLimits(const pb::Message& message,
                                const ReadLimits& limits) {
  return MessageLimitWalker(limits).Walk(message);
}

}  // namespace isms::internal
