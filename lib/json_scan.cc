#include "lib/json_scan.h"

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/read_limits.h"

namespace isms::internal {
namespace {

namespace pb = google::protobuf;

// No field name is longer, even spelled with \u escapes: longer keys name no
// field and are not decoded.
constexpr size_t kLongestKey = 1024;

// An open object or array.
struct Container {
  char open;  // '{' or '['
  // An object: its message type; an array: its elements' (nullptr when not
  // a message or not known).
  const pb::Descriptor* type;
  // An object: the field of the key read last.
  const pb::FieldDescriptor* key_field = nullptr;
  // An array: which list it is, and its elements so far.
  ListKind kind = ListKind::kOther;
  uint64_t elements = 0;
};

class Scanner {
 public:
  Scanner(absl::string_view text, const pb::Descriptor* type,
          const ReadLimits& limits)
      : text_(text), root_type_(type), counter_(limits) {}

  absl::Status Run() {
    SkipSpace();
    if (AtEnd()) return Fault("empty input: expected a JSON object");
    bool expect_value = true;
    while (true) {
      SkipSpace();
      if (expect_value) {
        if (AtEnd()) return Fault("unexpected end of input: expected a value");
        if (!stack_.empty() && stack_.back().open == '[') {
          Container& array = stack_.back();
          absl::Status st =
              counter_.AddElements(array.kind, 1, array.elements + 1);
          if (!st.ok()) return Refused(st, pos_);
          ++array.elements;
        }
        char c = text_[pos_];
        if (c == '{' || c == '[') {
          absl::Status st =
              counter_.CheckDepth(static_cast<int>(stack_.size()) + 1);
          if (!st.ok()) return Refused(st, pos_);
          stack_.push_back(Open(c));
          ++pos_;
          SkipSpace();
          char close = c == '{' ? '}' : ']';
          if (!AtEnd() && text_[pos_] == close) {
            ++pos_;
            stack_.pop_back();
            expect_value = false;
          } else if (c == '{') {
            st = Key();
            if (!st.ok()) return st;
          }
          continue;
        }
        absl::Status st = Scalar();
        if (!st.ok()) return st;
        expect_value = false;
        continue;
      }
      // After a value: a separator, a closer, or the end.
      if (stack_.empty()) {
        if (!AtEnd()) return Fault("unexpected text after the JSON value");
        return absl::OkStatus();
      }
      if (AtEnd()) {
        return Fault(stack_.back().open == '{'
                         ? "unexpected end of input: expected ',' or '}'"
                         : "unexpected end of input: expected ',' or ']'");
      }
      char c = text_[pos_];
      if (c == ',') {
        ++pos_;
        SkipSpace();
        if (stack_.back().open == '{') {
          absl::Status st = Key();
          if (!st.ok()) return st;
        }
        expect_value = true;
      } else if ((c == '}' && stack_.back().open == '{') ||
                 (c == ']' && stack_.back().open == '[')) {
        ++pos_;
        stack_.pop_back();
      } else {
        return Fault(stack_.back().open == '{' ? "expected ',' or '}'"
                                               : "expected ',' or ']'");
      }
    }
  }

 private:
  // The container a '{' or '[' at the current position opens, given where it
  // is: the top level, an element of an array, or the value of a key.
  Container Open(char c) const {
    if (stack_.empty()) return Container{c, c == '{' ? root_type_ : nullptr};
    const Container& parent = stack_.back();
    if (parent.open == '[') {
      return Container{c, c == '{' ? parent.type : nullptr};
    }
    const pb::FieldDescriptor* field = parent.key_field;
    const pb::Descriptor* type =
        field == nullptr ? nullptr : field->message_type();
    Container container{c, type};
    if (c == '[' && field != nullptr && field->is_repeated()) {
      container.kind = ListKindOf(field);
    }
    return container;
  }

  // The field a key names in the innermost object's message: by its JSON
  // name or its proto name, as protobuf's parser accepts both.
  const pb::FieldDescriptor* FieldOfKey(size_t quote) const {
    const pb::Descriptor* type = stack_.back().type;
    const absl::string_view raw = text_.substr(quote + 1, pos_ - quote - 2);
    if (type == nullptr || raw.size() > kLongestKey) return nullptr;
    std::string decoded;
    absl::string_view key = raw;
    if (raw.find('\\') != absl::string_view::npos) {
      decoded = DecodeKey(raw);
      key = decoded;
    }
    // Messages have a few dozen fields: a scan costs less than building the
    // std::string a look-up by name needs.
    for (int i = 0; i < type->field_count(); ++i) {
      const pb::FieldDescriptor* field = type->field(i);
      if (field->json_name() == key || field->name() == key) return field;
    }
    return nullptr;
  }

  // A key's text without escapes. Field names are ASCII, so a \u escape
  // beyond ASCII becomes a byte no name has.
  static std::string DecodeKey(absl::string_view raw) {
    std::string key;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\' || i + 1 >= raw.size()) {
        key += raw[i];
        continue;
      }
      char e = raw[++i];
      if (e == 'u' && i + 4 < raw.size()) {
        unsigned code = 0;
        for (int k = 1; k <= 4; ++k) {
          char h = raw[i + k];
          code =
              code * 16 +
              (std::isdigit(static_cast<unsigned char>(h))
                   ? h - '0'
                   : (std::tolower(static_cast<unsigned char>(h)) - 'a' + 10));
        }
        key += code < 0x80 ? static_cast<char>(code) : '\x80';
        i += 4;
      } else {
        constexpr absl::string_view kFrom = "bfnrt", kTo = "\b\f\n\r\t";
        size_t k = kFrom.find(e);
        key += k == absl::string_view::npos ? e : kTo[k];
      }
    }
    return key;
  }

  bool AtEnd() const { return pos_ >= text_.size(); }

  void SkipSpace() {
    while (!AtEnd()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  // "LINE:COLUMN" of `at` (default: the current position).
  std::string Where(size_t at) const { return LineColumn(text_, at); }

  std::string Where() const { return Where(pos_); }

  absl::Status Fault(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(Where(), ": ", what));
  }

  // A limit's refusal, placed at `at`.
  absl::Status Refused(const absl::Status& st, size_t at) const {
    return absl::Status(st.code(), absl::StrCat(Where(at), ": ", st.message()));
  }

  // A key and its colon; leaves pos_ at the value.
  absl::Status Key() {
    if (AtEnd() || text_[pos_] != '"') {
      return Fault("expected a field name in double quotes");
    }
    const size_t quote = pos_;
    absl::Status st = String();
    if (!st.ok()) return st;
    stack_.back().key_field = FieldOfKey(quote);
    SkipSpace();
    if (AtEnd() || text_[pos_] != ':') return Fault("expected ':'");
    ++pos_;
    return absl::OkStatus();
  }

  absl::Status Scalar() {
    char c = text_[pos_];
    if (c == '"') return String();
    if (c == '-' || (c >= '0' && c <= '9')) return Number();
    for (absl::string_view word : {"true", "false", "null"}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return absl::OkStatus();
      }
    }
    if (c == '}' || c == ']') return Fault("expected a value");
    return Fault(absl::StrFormat("unexpected character '%c'", c));
  }

  absl::Status String() {
    const size_t quote = pos_;
    ++pos_;  // opening quote
    while (!AtEnd()) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        // The length as written: escapes make it at most longer.
        absl::Status st = counter_.CheckStringLength(pos_ - quote - 1);
        if (!st.ok()) return Refused(st, quote);
        ++pos_;
        return absl::OkStatus();
      }
      if (c < 0x20) return Fault("control character inside a string");
      if (c == '\\') {
        ++pos_;
        if (AtEnd()) break;
        char e = text_[pos_];
        if (e == 'u') {
          for (int i = 1; i <= 4; ++i) {
            if (pos_ + i >= text_.size() ||
                !std::isxdigit(static_cast<unsigned char>(text_[pos_ + i]))) {
              return Fault("bad \\u escape");
            }
          }
          pos_ += 4;
        } else if (std::string_view("\"\\/bfnrt").find(e) ==
                   std::string_view::npos) {
          return Fault("bad escape in a string");
        }
      }
      ++pos_;
    }
    return Fault("unterminated string");
  }

  absl::Status Number() {
    if (text_[pos_] == '-') ++pos_;
    auto digits = [&] {
      size_t from = pos_;
      while (!AtEnd() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    if (AtEnd()) return Fault("bad number");
    if (text_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      return Fault("bad number");
    }
    if (!AtEnd() && text_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) return Fault("bad number: digits expected after '.'");
    }
    if (!AtEnd() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (!AtEnd() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (digits() == 0)
        return Fault("bad number: digits expected in exponent");
    }
    return absl::OkStatus();
  }

  absl::string_view text_;
  const pb::Descriptor* root_type_;
  LimitCounter counter_;
  // Containers are tracked on an explicit stack so that hostile nesting
  // cannot overflow the call stack.
  std::vector<Container> stack_;
  size_t pos_ = 0;
};

}  // namespace

absl::Status CheckJsonSyntax(absl::string_view text, const pb::Descriptor* type,
                             const ReadLimits& limits) {
  return Scanner(text, type, limits).Run();
}

}  // namespace isms::internal
