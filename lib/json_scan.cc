#include "lib/json_scan.h"

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace isms::internal {
namespace {

class Scanner {
 public:
  Scanner(absl::string_view text, int max_depth)
      : text_(text), max_depth_(max_depth) {}

  absl::Status Run() {
    SkipSpace();
    if (AtEnd()) return Fault("empty input: expected a JSON object");
    // Containers are tracked on an explicit stack so that hostile nesting
    // cannot overflow the call stack.
    std::vector<char> stack;
    bool expect_value = true;
    while (true) {
      SkipSpace();
      if (expect_value) {
        if (AtEnd()) return Fault("unexpected end of input: expected a value");
        char c = text_[pos_];
        if (c == '{' || c == '[') {
          if (static_cast<int>(stack.size()) >= max_depth_) {
            return absl::ResourceExhaustedError(absl::StrFormat(
                "%s: nesting deeper than the limit max_depth=%d", Where(),
                max_depth_));
          }
          stack.push_back(c);
          ++pos_;
          SkipSpace();
          char close = c == '{' ? '}' : ']';
          if (!AtEnd() && text_[pos_] == close) {
            ++pos_;
            stack.pop_back();
            expect_value = false;
          } else if (c == '{') {
            absl::Status st = Key();
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
      if (stack.empty()) {
        if (!AtEnd()) return Fault("unexpected text after the JSON value");
        return absl::OkStatus();
      }
      if (AtEnd()) {
        return Fault(stack.back() == '{'
                         ? "unexpected end of input: expected ',' or '}'"
                         : "unexpected end of input: expected ',' or ']'");
      }
      char c = text_[pos_];
      if (c == ',') {
        ++pos_;
        SkipSpace();
        if (stack.back() == '{') {
          absl::Status st = Key();
          if (!st.ok()) return st;
        }
        expect_value = true;
      } else if ((c == '}' && stack.back() == '{') ||
                 (c == ']' && stack.back() == '[')) {
        ++pos_;
        stack.pop_back();
      } else {
        return Fault(stack.back() == '{' ? "expected ',' or '}'"
                                         : "expected ',' or ']'");
      }
    }
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }

  void SkipSpace() {
    while (!AtEnd()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  std::string Where() const {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return absl::StrFormat("%d:%d", line, column);
  }

  absl::Status Fault(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(Where(), ": ", what));
  }

  // A key and its colon; leaves pos_ at the value.
  absl::Status Key() {
    if (AtEnd() || text_[pos_] != '"') {
      return Fault("expected a field name in double quotes");
    }
    absl::Status st = String();
    if (!st.ok()) return st;
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
    ++pos_;  // opening quote
    while (!AtEnd()) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
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
  int max_depth_;
  size_t pos_ = 0;
};

}  // namespace

absl::Status CheckJsonSyntax(absl::string_view text, int max_depth) {
  return Scanner(text, max_depth).Run();
}

}  // namespace isms::internal
