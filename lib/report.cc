#include "isms/report.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "isms/risk_engine.h"
#include "isms/version.h"
#include "lib/render_util.h"

namespace isms {
namespace {

constexpr int kTextWidth = 100;
constexpr size_t kWhatIfInSummary = 5;

// --- Numbers ----------------------------------------------------------------

// "1234567.891" -> "1,234,567.891" (the integer part only).
std::string GroupThousands(const std::string& s) {
  size_t start = (!s.empty() && s[0] == '-') ? 1 : 0;
  size_t end = s.find('.');
  if (end == std::string::npos) end = s.size();
  std::string out = s.substr(0, start);
  const std::string digits = s.substr(start, end - start);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += s.substr(end);
  return out;
}

// Up to two decimals, trailing zeros dropped, thousands separated.
std::string Num(double x) {
  if (!std::isfinite(x)) return "n/a";
  std::string s = absl::StrFormat("%.2f", x);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return GroupThousands(s);
}

// A fraction (0.442) as a percentage with one decimal ("44.2%").
std::string Pct(double fraction) {
  if (!std::isfinite(fraction)) return "n/a";
  std::string s = absl::StrFormat("%.1f%%", fraction * 100.0);
  if (s == "-0.0%") s = "0.0%";
  return s;
}

// Share of `from` removed on the way to `to`, e.g. "44.2%"; "n/a" when from
// is not positive.
std::string RemovedShare(double from, double to) {
  if (!(from > 0)) return "n/a";
  return Pct((from - to) / from);
}

// --- Text helpers -----------------------------------------------------------

// Display width: UTF-8 code points (wide scripts are not special-cased).
int Width(absl::string_view s) {
  int w = 0;
  for (unsigned char ch : s) {
    if ((ch & 0xC0) != 0x80) ++w;
  }
  return w;
}

// Control characters (C0, DEL, C1) become spaces, so register text cannot
// move the cursor, colour a terminal or break a line of a table.
std::string Clean(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(s[i]);
    if (ch < 0x20 || ch == 0x7F) {
      out += ' ';
    } else if (ch == 0xC2 && i + 1 < s.size() &&
               static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      out += ' ';
      ++i;
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out;
}

// Byte offset of the code point number `n` (or the size).
size_t OffsetOfCodePoint(absl::string_view s, int n) {
  int count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == n) return i;
      ++count;
    }
  }
  return s.size();
}

// At most `w` code points; "..." marks a cut.
std::string Truncate(absl::string_view s, int w, absl::string_view ellipsis) {
  if (Width(s) <= w) return std::string(s);
  const int keep = std::max(0, w - Width(ellipsis));
  std::string out(absl::StripTrailingAsciiWhitespace(
      s.substr(0, OffsetOfCodePoint(s, keep))));
  return absl::StrCat(out, ellipsis);
}

std::string Pad(absl::string_view s, int w, bool right) {
  const int fill = std::max(0, w - Width(s));
  return right ? absl::StrCat(std::string(fill, ' '), s)
               : absl::StrCat(s, std::string(fill, ' '));
}

// Greedy word wrap to lines of at most `w` code points.
std::vector<std::string> Wrap(absl::string_view text, int w) {
  std::vector<std::string> lines;
  std::string line;
  std::vector<std::string> words;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    std::string rest(word);
    while (Width(rest) > w) {  // a word longer than a line is cut
      const size_t cut = OffsetOfCodePoint(rest, w);
      words.push_back(rest.substr(0, cut));
      rest = rest.substr(cut);
    }
    words.push_back(rest);
  }
  for (const std::string& word : words) {
    if (line.empty()) {
      line = word;
    } else if (Width(line) + 1 + Width(word) <= w) {
      absl::StrAppend(&line, " ", word);
    } else {
      lines.push_back(line);
      line = word;
    }
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

std::string RightTrim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

struct Column {
  std::string header;
  bool right = false;  // right-aligned (numbers)
  int max = 0;         // widest allowed (0: no limit)
  bool flex = false;   // shrinks (truncating) so the table fits
};

// An aligned plain-text table with a dashed rule under the header, indented
// by `indent`, at most kTextWidth wide when a flex column can absorb it.
std::string TextTable(const std::vector<Column>& cols,
                      const std::vector<std::vector<std::string>>& rows,
                      int indent = 2) {
  constexpr int kGap = 2;
  std::vector<int> w(cols.size());
  for (size_t c = 0; c < cols.size(); ++c) {
    w[c] = Width(cols[c].header);
    for (const auto& row : rows) {
      if (c < row.size()) w[c] = std::max(w[c], Width(row[c]));
    }
    if (cols[c].max > 0) w[c] = std::min(w[c], cols[c].max);
  }
  int total = indent;
  for (size_t c = 0; c < cols.size(); ++c) total += w[c] + (c ? kGap : 0);
  for (size_t c = 0; c < cols.size() && total > kTextWidth; ++c) {
    if (!cols[c].flex) continue;
    const int shrunk = std::max(8, w[c] - (total - kTextWidth));
    total -= w[c] - shrunk;
    w[c] = shrunk;
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s(indent, ' ');
    for (size_t c = 0; c < cols.size(); ++c) {
      if (c) s += std::string(kGap, ' ');
      const std::string cell =
          Truncate(c < cells.size() ? cells[c] : "", w[c], "...");
      s += Pad(cell, w[c], cols[c].right);
    }
    absl::StrAppend(&out, RightTrim(s), "\n");
  };
  std::vector<std::string> header, rule;
  for (size_t c = 0; c < cols.size(); ++c) {
    header.push_back(cols[c].header);
    rule.push_back(std::string(w[c], '-'));
  }
  line(header);
  line(rule);
  for (const auto& row : rows) line(row);
  return out;
}

std::string TextHeading(absl::string_view title, char underline) {
  const std::string t = Truncate(title, kTextWidth, "...");
  return absl::StrCat(t, "\n", std::string(Width(t), underline), "\n");
}

// --- Markdown helpers -------------------------------------------------------

// Register text as literal Markdown: no emphasis, links, HTML or cell breaks.
std::string Md(absl::string_view s) {
  return internal::MarkdownEscape(Clean(s));
}

// `right[c]` right-aligns column c. Cells are written as given (escape them
// with Md() first).
std::string MdTable(const std::vector<std::string>& headers,
                    const std::vector<bool>& right,
                    const std::vector<std::vector<std::string>>& rows) {
  std::string out = "|";
  for (const std::string& h : headers) absl::StrAppend(&out, " ", h, " |");
  out += "\n|";
  for (size_t c = 0; c < headers.size(); ++c) {
    out += (c < right.size() && right[c]) ? " ---: |" : " --- |";
  }
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (size_t c = 0; c < headers.size(); ++c) {
      absl::StrAppend(&out, " ", c < row.size() ? row[c] : "", " |");
    }
    out += "\n";
  }
  return out;
}

// --- HTML helpers -----------------------------------------------------------

std::string Esc(absl::string_view s) { return internal::HtmlEscape(s); }

// --- Colours ----------------------------------------------------------------

struct Rgb {
  int r, g, b;
};

// Common CSS colour names (others fall back to the palette).
const std::pair<const char*, Rgb> kNamedColors[] = {
    {"black", {0, 0, 0}},
    {"white", {255, 255, 255}},
    {"red", {255, 0, 0}},
    {"green", {0, 128, 0}},
    {"blue", {0, 0, 255}},
    {"yellow", {255, 255, 0}},
    {"orange", {255, 165, 0}},
    {"gold", {255, 215, 0}},
    {"lime", {0, 255, 0}},
    {"olive", {128, 128, 0}},
    {"maroon", {128, 0, 0}},
    {"navy", {0, 0, 128}},
    {"purple", {128, 0, 128}},
    {"teal", {0, 128, 128}},
    {"aqua", {0, 255, 255}},
    {"fuchsia", {255, 0, 255}},
    {"silver", {192, 192, 192}},
    {"gray", {128, 128, 128}},
    {"grey", {128, 128, 128}},
    {"darkgreen", {0, 100, 0}},
    {"darkred", {139, 0, 0}},
    {"darkorange", {255, 140, 0}},
    {"orangered", {255, 69, 0}},
    {"crimson", {220, 20, 60}},
    {"firebrick", {178, 34, 34}},
    {"tomato", {255, 99, 71}},
    {"coral", {255, 127, 80}},
    {"salmon", {250, 128, 114}},
    {"goldenrod", {218, 165, 32}},
    {"khaki", {240, 230, 140}},
    {"yellowgreen", {154, 205, 50}},
    {"limegreen", {50, 205, 50}},
    {"forestgreen", {34, 139, 34}},
    {"seagreen", {46, 139, 87}},
    {"lightgreen", {144, 238, 144}},
    {"palegreen", {152, 251, 152}},
    {"lightgray", {211, 211, 211}},
    {"lightgrey", {211, 211, 211}},
    {"darkgray", {169, 169, 169}},
    {"darkgrey", {169, 169, 169}},
    {"brown", {165, 42, 42}},
    {"pink", {255, 192, 203}},
    {"skyblue", {135, 206, 235}},
    {"steelblue", {70, 130, 180}},
    {"royalblue", {65, 105, 225}},
    {"indigo", {75, 0, 130}},
    {"violet", {238, 130, 238}},
    {"lightyellow", {255, 255, 224}},
    {"indianred", {205, 92, 92}},
    {"lightcoral", {240, 128, 128}},
    {"darkgoldenrod", {184, 134, 11}},
};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The colour as RGB if it is a plain CSS colour we understand: #rgb, #rgba,
// #rrggbb, #rrggbbaa, a common name, or rgb()/rgba() with numbers.
bool ParseColor(absl::string_view color, Rgb* out) {
  color = absl::StripAsciiWhitespace(color);
  if (color.empty() || color.size() > 40) return false;
  if (color[0] == '#') {
    const absl::string_view hex = color.substr(1);
    for (char c : hex) {
      if (HexDigit(c) < 0) return false;
    }
    if (hex.size() == 3 || hex.size() == 4) {
      *out = {HexDigit(hex[0]) * 17, HexDigit(hex[1]) * 17,
              HexDigit(hex[2]) * 17};
      return true;
    }
    if (hex.size() == 6 || hex.size() == 8) {
      *out = {HexDigit(hex[0]) * 16 + HexDigit(hex[1]),
              HexDigit(hex[2]) * 16 + HexDigit(hex[3]),
              HexDigit(hex[4]) * 16 + HexDigit(hex[5])};
      return true;
    }
    return false;
  }
  const std::string lower = absl::AsciiStrToLower(color);
  for (const auto& [name, rgb] : kNamedColors) {
    if (lower == name) {
      *out = rgb;
      return true;
    }
  }
  for (absl::string_view fn : {"rgb(", "rgba("}) {
    if (!absl::StartsWith(lower, fn) || lower.back() != ')') continue;
    const std::string args =
        lower.substr(fn.size(), lower.size() - fn.size() - 1);
    int v[3] = {0, 0, 0};
    int n = 0;
    for (absl::string_view part :
         absl::StrSplit(args, absl::ByAnyChar(", /"), absl::SkipEmpty())) {
      if (n >= 3) break;
      int value = 0;
      if (!absl::SimpleAtoi(part, &value) || value < 0 || value > 255) {
        return false;
      }
      v[n++] = value;
    }
    if (n < 3) return false;
    *out = {v[0], v[1], v[2]};
    return true;
  }
  return false;
}

std::string HexOf(const Rgb& c) {
  return absl::StrFormat("#%02x%02x%02x", c.r, c.g, c.b);
}

// Dark or white text, whichever reads better on `bg` (WCAG luminance).
std::string TextOn(const Rgb& bg) {
  auto lin = [](int v) {
    const double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  const double l = 0.2126 * lin(bg.r) + 0.7152 * lin(bg.g) + 0.0722 * lin(bg.b);
  return l > 0.179 ? "#1f2328" : "#ffffff";
}

// Green to red, for levels without a usable colour: the usual traffic-light
// colours for up to five levels, interpolated between them beyond.
Rgb PaletteColor(int k, int count) {
  static const Rgb kGreen{0x2e, 0x7d, 0x32}, kLightGreen{0x7c, 0xb3, 0x42},
      kAmber{0xf9, 0xa8, 0x25}, kOrange{0xef, 0x6c, 0x00},
      kRed{0xc6, 0x28, 0x28};
  switch (count) {
    case 0:
    case 1:
      return kGreen;
    case 2:
      return k == 0 ? kGreen : kRed;
    case 3: {
      const Rgb three[] = {kGreen, kAmber, kRed};
      return three[std::clamp(k, 0, 2)];
    }
    case 4: {
      const Rgb four[] = {kGreen, kAmber, kOrange, kRed};
      return four[std::clamp(k, 0, 3)];
    }
    default:
      break;
  }
  const Rgb stops[] = {kGreen, kLightGreen, kAmber, kOrange, kRed};
  const double t = 4.0 * std::clamp(k, 0, count - 1) / (count - 1);
  const int i = std::min(3, static_cast<int>(t));
  const double f = t - i;
  auto mix = [f](int x, int y) {
    return static_cast<int>(std::lround(x + (y - x) * f));
  };
  return {mix(stops[i].r, stops[i + 1].r), mix(stops[i].g, stops[i + 1].g),
          mix(stops[i].b, stops[i + 1].b)};
}

// --- What the renderers share -------------------------------------------

struct LevelStyle {
  std::string id;
  std::string name;
  std::string fill;  // "#rrggbb"
  std::string ink;   // text colour on fill
  bool acceptable = false;
};

const LevelStyle& UnknownLevel() {
  static const LevelStyle* style =
      new LevelStyle{"", "?", "#e5e7eb", "#1f2328", false};
  return *style;
}

// "treatment planned": the engine's status name, for people.
std::string StatusLabel(v1::RiskStatus status) {
  return absl::StrReplaceAll(RiskStatusName(status), {{"_", " "}});
}

std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = absl::ascii_toupper(s[0]);
  return s;
}

constexpr v1::RiskStatus kStatuses[] = {
    v1::RISK_STATUS_ACCEPTABLE, v1::RISK_STATUS_ACCEPTED,
    v1::RISK_STATUS_TREATMENT_PLANNED, v1::RISK_STATUS_UNTREATED};

// Errors first, then warnings, info, unspecified.
int SeverityRank(v1::Severity s) {
  switch (s) {
    case v1::SEVERITY_ERROR:
      return 0;
    case v1::SEVERITY_WARNING:
      return 1;
    case v1::SEVERITY_INFO:
      return 2;
    default:
      return 3;
  }
}

const char* SeverityLabel(int rank) {
  static const char* kLabels[] = {"error", "warning", "info", "other"};
  return kLabels[rank];
}

const char* SeverityGroup(int rank) {
  static const char* kLabels[] = {"Errors", "Warnings", "Info", "Other"};
  return kLabels[rank];
}

// A risk of the top list: the result when the assessment has it.
struct TopRisk {
  std::string id;
  const v1::RiskResult* result = nullptr;
};

class Context {
 public:
  Context(const v1::Register& reg, const v1::Assessment& a) : reg_(reg), a_(a) {
    const v1::RiskMethod& m = reg.risk_method();
    const int k_count = m.risk_levels_size();
    for (int k = 0; k < k_count; ++k) {
      const v1::RiskLevel& rl = m.risk_levels(k);
      LevelStyle style;
      style.id = rl.id();
      style.name = rl.name().empty() ? rl.id() : rl.name();
      Rgb rgb;
      if (!ParseColor(rl.color(), &rgb)) rgb = PaletteColor(k, k_count);
      style.fill = HexOf(rgb);
      style.ink = TextOn(rgb);
      style.acceptable = rl.acceptable();
      levels_.push_back(std::move(style));
      level_index_.emplace(rl.id(), k);
    }
    for (const v1::ScaleLevel& s : m.likelihood().levels()) {
      likelihood_names_.push_back(s.name().empty() ? s.id() : s.name());
    }
    for (const v1::ScaleLevel& s : m.impact().levels()) {
      impact_names_.push_back(s.name().empty() ? s.id() : s.name());
    }
    for (const v1::Person& p : reg.people()) {
      if (!p.name().empty()) person_names_.emplace(p.id(), p.name());
    }
    for (const v1::Control& c : reg.controls()) controls_.emplace(c.id(), &c);
    for (const v1::RiskResult& r : a.risks()) risks_.emplace(r.risk_id(), &r);
  }

  const v1::Register& reg() const { return reg_; }
  const v1::Assessment& a() const { return a_; }
  const std::vector<LevelStyle>& levels() const { return levels_; }

  std::string Organization() const {
    if (!reg_.organization().name().empty()) return reg_.organization().name();
    return a_.organization();
  }

  // Index of the point's risk level, or -1.
  int LevelOf(const v1::RiskPoint& p) const {
    if (!p.level().empty()) {
      auto it = level_index_.find(p.level());
      return it == level_index_.end() ? -1 : it->second;
    }
    if (p.level_index() >= 0 &&
        p.level_index() < static_cast<int>(levels_.size())) {
      return p.level_index();
    }
    return -1;
  }
  const LevelStyle& Style(int k) const {
    return k >= 0 && k < static_cast<int>(levels_.size()) ? levels_[k]
                                                          : UnknownLevel();
  }
  std::string LevelName(const v1::RiskPoint& p) const {
    const int k = LevelOf(p);
    if (k >= 0) return levels_[k].name;
    return p.level().empty() ? "?" : p.level();
  }
  std::string LevelNameById(const std::string& id) const {
    auto it = level_index_.find(id);
    return it == level_index_.end() ? id : levels_[it->second].name;
  }

  std::string LikelihoodName(int l) const {
    return l >= 0 && l < static_cast<int>(likelihood_names_.size())
               ? likelihood_names_[l]
               : absl::StrCat("L", l + 1);
  }
  std::string ImpactName(int i) const {
    return i >= 0 && i < static_cast<int>(impact_names_.size())
               ? impact_names_[i]
               : absl::StrCat("I", i + 1);
  }

  // Risk level of a heatmap cell by the register's grid, or -1 when the
  // heatmap does not match the register's matrix.
  int CellLevel(const v1::Heatmap& h, int l, int i) const {
    const v1::RiskMethod& m = reg_.risk_method();
    if (h.rows() != m.likelihood().levels_size() ||
        h.cols() != m.impact().levels_size() ||
        m.grid_size() != h.rows() * h.cols()) {
      return -1;
    }
    auto it = level_index_.find(m.grid(l * h.cols() + i));
    return it == level_index_.end() ? -1 : it->second;
  }

  // A person's name for an owner id; the id itself otherwise.
  std::string OwnerName(const std::string& owner) const {
    if (owner.empty()) return "(none)";
    auto it = person_names_.find(owner);
    return it == person_names_.end() ? owner : it->second;
  }
  bool OwnerIsPerson(const std::string& owner) const {
    return person_names_.contains(owner);
  }

  const v1::Control* FindControl(const std::string& id) const {
    auto it = controls_.find(id);
    return it == controls_.end() ? nullptr : it->second;
  }

  // The what-if entry's cost, else the control's in the register.
  bool AnnualCost(const v1::WhatIfEntry& w, double* cost) const {
    if (w.has_annual_cost()) {
      *cost = w.annual_cost();
      return true;
    }
    const v1::Control* c = FindControl(w.control_id());
    if (c != nullptr && c->has_annual_cost()) {
      *cost = c->annual_cost();
      return true;
    }
    return false;
  }
  std::string ControlName(const v1::WhatIfEntry& w) const {
    if (!w.name().empty()) return w.name();
    const v1::Control* c = FindControl(w.control_id());
    return c != nullptr ? c->name() : "";
  }

  int64_t StatusCount(v1::RiskStatus status) const {
    if (a_.status_counts_size() > 0) {
      for (const v1::StatusCount& sc : a_.status_counts()) {
        if (sc.status() == status) return sc.count();
      }
      return 0;
    }
    int64_t n = 0;
    for (const v1::RiskResult& r : a_.risks()) n += r.status() == status;
    return n;
  }

  int64_t RiskCount() const {
    if (a_.risks_size() > 0) return a_.risks_size();
    int64_t n = 0;
    for (int64_t c : a_.current_heatmap().cells()) n += c;
    return n;
  }

  // Risks above appetite in the current view.
  int64_t AboveAppetite() const {
    int64_t n = 0;
    for (const v1::LevelCount& lc : a_.level_counts()) {
      auto it = level_index_.find(lc.level());
      if (it != level_index_.end() && !levels_[it->second].acceptable) {
        n += lc.current();
      }
    }
    return n;
  }

  // Ranked like the engine: current level, impact, likelihood (higher
  // first), then id.
  bool RanksBefore(const v1::RiskResult& x, const v1::RiskResult& y) const {
    const auto kx =
        std::make_tuple(LevelOf(x.current()), x.current().impact_index(),
                        x.current().likelihood_index());
    const auto ky =
        std::make_tuple(LevelOf(y.current()), y.current().impact_index(),
                        y.current().likelihood_index());
    if (kx != ky) return kx > ky;
    return x.risk_id() < y.risk_id();
  }

  std::vector<const v1::RiskResult*> RankedRisks() const {
    std::vector<const v1::RiskResult*> out;
    for (const v1::RiskResult& r : a_.risks()) out.push_back(&r);
    std::stable_sort(out.begin(), out.end(),
                     [this](const v1::RiskResult* x, const v1::RiskResult* y) {
                       return RanksBefore(*x, *y);
                     });
    return out;
  }

  std::vector<TopRisk> TopRisks(int n) const {
    std::vector<TopRisk> out;
    absl::flat_hash_set<std::string> seen;
    for (const std::string& id : a_.top_risk_ids()) {
      if (static_cast<int>(out.size()) >= n) break;
      if (!seen.insert(id).second) continue;
      auto it = risks_.find(id);
      out.push_back({id, it == risks_.end() ? nullptr : it->second});
    }
    if (static_cast<int>(out.size()) < n) {
      for (const v1::RiskResult* r : RankedRisks()) {
        if (static_cast<int>(out.size()) >= n) break;
        if (seen.insert(r->risk_id()).second) out.push_back({r->risk_id(), r});
      }
    }
    return out;
  }

  // Errors first; the assessment's order within a severity.
  std::vector<const v1::Finding*> SortedFindings() const {
    std::vector<const v1::Finding*> out;
    for (const v1::Finding& f : a_.findings()) out.push_back(&f);
    std::stable_sort(
        out.begin(), out.end(), [](const v1::Finding* x, const v1::Finding* y) {
          return SeverityRank(x->severity()) < SeverityRank(y->severity());
        });
    return out;
  }
  int64_t FindingCount(int rank) const {
    int64_t n = 0;
    for (const v1::Finding& f : a_.findings()) {
      n += SeverityRank(f.severity()) == rank;
    }
    return n;
  }

  // Ranked by exposure removed (stable: the engine's order breaks ties).
  std::vector<const v1::WhatIfEntry*> WhatIfByRemoved() const {
    std::vector<const v1::WhatIfEntry*> out;
    for (const v1::WhatIfEntry& w : a_.whatif()) out.push_back(&w);
    std::stable_sort(out.begin(), out.end(),
                     [](const v1::WhatIfEntry* x, const v1::WhatIfEntry* y) {
                       return x->exposure_removed() > y->exposure_removed();
                     });
    return out;
  }
  // Entries with a per-cost figure, ranked by it.
  std::vector<const v1::WhatIfEntry*> WhatIfByCost() const {
    std::vector<const v1::WhatIfEntry*> out;
    for (const v1::WhatIfEntry* w : WhatIfByRemoved()) {
      if (w->has_exposure_removed_per_cost()) out.push_back(w);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const v1::WhatIfEntry* x, const v1::WhatIfEntry* y) {
                       return x->exposure_removed_per_cost() >
                              y->exposure_removed_per_cost();
                     });
    return out;
  }

  std::string CostText(const v1::WhatIfEntry& w) const {
    double cost = 0;
    return AnnualCost(w, &cost) ? Num(cost) : "-";
  }
  static std::string PerThousandText(const v1::WhatIfEntry& w) {
    return w.has_exposure_removed_per_cost()
               ? Num(w.exposure_removed_per_cost() * 1000.0)
               : "-";
  }

  // Level counts, highest level first.
  std::vector<const v1::LevelCount*> LevelCountsHighFirst() const {
    std::vector<const v1::LevelCount*> out;
    for (const v1::LevelCount& lc : a_.level_counts()) out.push_back(&lc);
    std::stable_sort(
        out.begin(), out.end(),
        [this](const v1::LevelCount* x, const v1::LevelCount* y) {
          auto ix = level_index_.find(x->level());
          auto iy = level_index_.find(y->level());
          const int kx = ix == level_index_.end() ? -1 : ix->second;
          const int ky = iy == level_index_.end() ? -1 : iy->second;
          return kx > ky;
        });
    return out;
  }
  bool LevelAcceptable(const std::string& id) const {
    auto it = level_index_.find(id);
    return it != level_index_.end() && levels_[it->second].acceptable;
  }
  int LevelIndexById(const std::string& id) const {
    auto it = level_index_.find(id);
    return it == level_index_.end() ? -1 : it->second;
  }

 private:
  const v1::Register& reg_;
  const v1::Assessment& a_;
  std::vector<LevelStyle> levels_;
  absl::flat_hash_map<std::string, int> level_index_;
  std::vector<std::string> likelihood_names_;
  std::vector<std::string> impact_names_;
  absl::flat_hash_map<std::string, std::string> person_names_;
  absl::flat_hash_map<std::string, const v1::Control*> controls_;
  absl::flat_hash_map<std::string, const v1::RiskResult*> risks_;
};

std::string LevelPath(const Context& c, const v1::RiskResult& r,
                      absl::string_view arrow = " -> ") {
  return absl::StrCat(c.LevelName(r.inherent()), arrow,
                      c.LevelName(r.current()), arrow, c.LevelName(r.target()));
}

// --- Rows shared by text and Markdown ---------------------------------------

std::vector<std::vector<std::string>> LevelRows(const Context& c,
                                                bool escape_md) {
  std::vector<std::vector<std::string>> rows;
  int64_t total[3] = {0, 0, 0};
  for (const v1::LevelCount* lc : c.LevelCountsHighFirst()) {
    const std::string name = c.LevelNameById(lc->level());
    rows.push_back({escape_md ? Md(name) : Clean(name),
                    c.LevelIndexById(lc->level()) < 0 ? "?"
                    : c.LevelAcceptable(lc->level())  ? "within"
                                                      : "above",
                    absl::StrCat(lc->inherent()), absl::StrCat(lc->current()),
                    absl::StrCat(lc->target())});
    total[0] += lc->inherent();
    total[1] += lc->current();
    total[2] += lc->target();
  }
  rows.push_back({escape_md ? "**Total**" : "Total", "", absl::StrCat(total[0]),
                  absl::StrCat(total[1]), absl::StrCat(total[2])});
  return rows;
}

std::vector<std::vector<std::string>> ExposureRows(const Context& c) {
  const v1::Assessment& a = c.a();
  return {
      {"Inherent", Num(a.inherent_exposure()), "", "(before any control)"},
      {"Current", Num(a.current_exposure()),
       RemovedShare(a.inherent_exposure(), a.current_exposure()),
       "current controls"},
      {"Target", Num(a.target_exposure()),
       RemovedShare(a.inherent_exposure(), a.target_exposure()),
       "current and planned controls"},
  };
}

std::vector<std::vector<std::string>> StatusRows(const Context& c) {
  std::vector<std::vector<std::string>> rows;
  for (v1::RiskStatus s : kStatuses) {
    rows.push_back(
        {Capitalized(StatusLabel(s)), absl::StrCat(c.StatusCount(s))});
  }
  return rows;
}

// --- Coverage ---------------------------------------------------------------
//
// assessment.coverage (isms::ComputeCoverage, set by callers that computed
// it): the implemented share of the applicable catalog controls overall, per
// theme or domain and per ISO/IEC 27002 control type and security property,
// and the shares of above-appetite risks mitigated, exposure removed and
// asset value assessed. Nothing is rendered when it is not set.

// Column label of the coverage groups: "Theme" (ISO/IEC 27001:2022),
// "Domain" (2013, or groups named "A.x"), else "Group".
std::string CoverageGroupLabel(const v1::Coverage& cov) {
  if (cov.catalog() == "iso27001:2022") return "Theme";
  if (cov.catalog() == "iso27001:2013") return "Domain";
  for (const v1::CoverageShare& s : cov.by_group()) {
    if (absl::StartsWith(s.key(), "A.")) return "Domain";
  }
  return "Group";
}

// The attribute kinds shown (key prefix, label), in this order.
struct CoverageKind {
  absl::string_view prefix;  // "control_type:"
  absl::string_view label;   // "Control type"
};
constexpr CoverageKind kCoverageKinds[] = {
    {"security_property:", "Security property"},
    {"control_type:", "Control type"},
};

// The attribute shares of one kind, in the coverage's (catalog) order.
std::vector<const v1::CoverageShare*> CoverageAttributes(
    const v1::Coverage& cov, absl::string_view prefix) {
  std::vector<const v1::CoverageShare*> out;
  for (const v1::CoverageShare& s : cov.by_attribute()) {
    if (absl::StartsWith(s.key(), prefix)) out.push_back(&s);
  }
  return out;
}

// An attribute's value for display: its title, else the key's value.
std::string CoverageValue(const v1::CoverageShare& s) {
  if (!s.title().empty()) return s.title();
  const size_t colon = s.key().find(':');
  return colon == std::string::npos ? s.key() : s.key().substr(colon + 1);
}

std::string MitigatedText(const v1::Coverage& cov) {
  return absl::StrCat(cov.above_appetite_mitigated(), " of ",
                      cov.above_appetite_risks());
}

// Rows: label, mitigated count, share.
std::vector<std::vector<std::string>> CoverageRiskRows(
    const v1::Coverage& cov) {
  return {
      {"Above-appetite inherent risks with a mitigation", MitigatedText(cov),
       Pct(cov.above_appetite_mitigated_share())},
      {"Exposure removed by current controls", "",
       Pct(cov.exposure_removed_share())},
      {"Asset value covered by assessed risks", "",
       Pct(cov.asset_value_coverage())},
  };
}

std::string CoverageIntro(const v1::Coverage& cov) {
  return absl::StrCat(cov.applicable(), " applicable control",
                      cov.applicable() == 1 ? "" : "s", ", ",
                      Pct(cov.implemented_share()),
                      " implemented (implemented counts 1, partial its mean "
                      "implementation, not implemented 0).");
}

std::string TextCoverage(const v1::Coverage& cov) {
  std::string out = TextHeading(
      absl::StrCat("Control coverage: ", Clean(cov.catalog())), '-');
  for (const std::string& line : Wrap(CoverageIntro(cov), kTextWidth)) {
    absl::StrAppend(&out, line, "\n");
  }
  const std::string group = CoverageGroupLabel(cov);
  std::vector<std::vector<std::string>> rows;
  for (const v1::CoverageShare& s : cov.by_group()) {
    rows.push_back({Clean(s.key()), Clean(s.title()),
                    absl::StrCat(s.applicable()), Pct(s.implemented_share())});
  }
  absl::StrAppend(&out, "\n",
                  TextTable({{group, false, 12},
                             {"Title", false, 50, true},
                             {"Applicable", true},
                             {"Implemented", true}},
                            rows));
  for (const CoverageKind& kind : kCoverageKinds) {
    std::vector<std::vector<std::string>> attribute_rows;
    for (const v1::CoverageShare* s : CoverageAttributes(cov, kind.prefix)) {
      attribute_rows.push_back({Clean(CoverageValue(*s)),
                                absl::StrCat(s->applicable()),
                                Pct(s->implemented_share())});
    }
    if (attribute_rows.empty()) continue;
    absl::StrAppend(&out, "\n",
                    TextTable({{std::string(kind.label), false, 50, true},
                               {"Applicable", true},
                               {"Implemented", true}},
                              attribute_rows));
  }
  absl::StrAppend(
      &out, "\n",
      TextTable({{"Risks and assets"}, {"Risks", true}, {"Share", true}},
                CoverageRiskRows(cov)));
  return out;
}

std::string MdCoverage(const v1::Coverage& cov) {
  std::string out = absl::StrCat("\n## Control coverage: ", Md(cov.catalog()),
                                 "\n\n", CoverageIntro(cov), "\n\n");
  std::vector<std::vector<std::string>> rows;
  for (const v1::CoverageShare& s : cov.by_group()) {
    rows.push_back({Md(s.key()), Md(s.title()), absl::StrCat(s.applicable()),
                    Pct(s.implemented_share())});
  }
  absl::StrAppend(&out, MdTable({CoverageGroupLabel(cov), "Title", "Applicable",
                                 "Implemented"},
                                {false, false, true, true}, rows));
  for (const CoverageKind& kind : kCoverageKinds) {
    std::vector<std::vector<std::string>> attribute_rows;
    for (const v1::CoverageShare* s : CoverageAttributes(cov, kind.prefix)) {
      attribute_rows.push_back({Md(CoverageValue(*s)),
                                absl::StrCat(s->applicable()),
                                Pct(s->implemented_share())});
    }
    if (attribute_rows.empty()) continue;
    absl::StrAppend(
        &out, "\n",
        MdTable({std::string(kind.label), "Applicable", "Implemented"},
                {false, true, true}, attribute_rows));
  }
  absl::StrAppend(&out, "\n",
                  MdTable({"Risks and assets", "Risks", "Share"},
                          {false, true, true}, CoverageRiskRows(cov)));
  return out;
}

// --- Text -------------------------------------------------------------------

// The heatmap as a grid: likelihood rows (highest first), impact columns;
// "." for an empty cell, "*" after the count of a cell above the appetite.
std::string TextHeatmap(const Context& c, const v1::Heatmap& h) {
  const int rows = h.rows();
  const int cols = h.cols();
  if (rows <= 0 || cols <= 0 || h.cells_size() != rows * cols) {
    return "  (no heatmap)\n";
  }
  int label_w = Width("Likelihood");
  for (int l = 0; l < rows; ++l) {
    label_w = std::max(label_w, Width(Clean(c.LikelihoodName(l))));
  }
  label_w = std::min(label_w, 24);
  int cell_w = 3;
  for (int i = 0; i < cols; ++i) {
    cell_w = std::max(cell_w, Width(Clean(c.ImpactName(i))));
  }
  for (int64_t n : h.cells()) {
    cell_w = std::max(cell_w, Width(absl::StrCat(n)) + 1);
  }
  const int fit = (kTextWidth - 2 - label_w) / cols - 2;
  cell_w = std::max(4, std::min(cell_w, fit));
  std::string out;
  std::string header = absl::StrCat("  ", Pad("Likelihood", label_w, false));
  for (int i = 0; i < cols; ++i) {
    absl::StrAppend(
        &header, "  ",
        Pad(Truncate(Clean(c.ImpactName(i)), cell_w, "."), cell_w, true));
  }
  absl::StrAppend(&out, RightTrim(header), "\n");
  for (int l = rows - 1; l >= 0; --l) {
    std::string line = absl::StrCat(
        "  ", Pad(Truncate(Clean(c.LikelihoodName(l)), label_w, "..."), label_w,
                  false));
    for (int i = 0; i < cols; ++i) {
      const int64_t n = h.cells(l * cols + i);
      const int k = c.CellLevel(h, l, i);
      const bool above = k >= 0 && !c.levels()[k].acceptable;
      const std::string cell =
          n == 0 ? ". " : absl::StrCat(n, above ? "*" : " ");
      absl::StrAppend(&line, "  ", Pad(cell, cell_w, true));
    }
    absl::StrAppend(&out, RightTrim(line), "\n");
  }
  return out;
}

std::string TextFindings(const Context& c, int max_findings) {
  std::string out;
  const std::vector<const v1::Finding*> all = c.SortedFindings();
  const int shown = std::min<int>(all.size(), std::max(0, max_findings));
  int code_w = 4;
  int obj_w = 6;
  for (int f = 0; f < shown; ++f) {
    code_w = std::max(code_w, Width(Clean(all[f]->code())));
    obj_w = std::max(obj_w, Width(Clean(all[f]->object_id())));
  }
  code_w = std::min(code_w, 28);
  obj_w = std::min(obj_w, 14);
  const int msg_col = 4 + code_w + 2 + obj_w + 2;
  const int msg_w = std::max(30, kTextWidth - msg_col);
  int group = -1;
  for (int f = 0; f < shown; ++f) {
    const v1::Finding& finding = *all[f];
    const int rank = SeverityRank(finding.severity());
    if (rank != group) {
      group = rank;
      absl::StrAppend(&out, out.empty() ? "" : "\n", "  ", SeverityGroup(rank),
                      " (", c.FindingCount(rank), ")\n");
    }
    const std::vector<std::string> lines =
        Wrap(Clean(finding.message()), msg_w);
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string line =
          i == 0 ? absl::StrCat(
                       "    ",
                       Pad(Truncate(Clean(finding.code()), code_w, "..."),
                           code_w, false),
                       "  ",
                       Pad(Truncate(Clean(finding.object_id()), obj_w, "..."),
                           obj_w, false),
                       "  ")
                 : std::string(msg_col, ' ');
      absl::StrAppend(&out, RightTrim(line + lines[i]), "\n");
    }
  }
  if (static_cast<int>(all.size()) > shown) {
    absl::StrAppend(&out, "  ... and ", all.size() - shown, " more\n");
  }
  if (all.empty()) out = "  None.\n";
  return out;
}

// The what-if entries of a summary: the first few that remove exposure.
std::vector<const v1::WhatIfEntry*> SummaryWhatIf(const Context& c) {
  std::vector<const v1::WhatIfEntry*> out;
  for (const v1::WhatIfEntry* w : c.WhatIfByRemoved()) {
    if (out.size() >= kWhatIfInSummary) break;
    if (w->exposure_removed() > 0) out.push_back(w);
  }
  return out;
}

std::string NoWhatIf(const Context& c) {
  if (c.a().whatif().empty()) return "No control left to implement.";
  return absl::StrCat("None of the ", c.a().whatif_size(),
                      " controls not fully implemented would lower a risk "
                      "level.");
}

std::vector<Column> WhatIfColumns() {
  return {{"#", true},        {"Control", false, 12}, {"Name", false, 0, true},
          {"Removed", true},  {"Risks", true},        {"Annual cost", true},
          {"Per 1,000", true}};
}

std::vector<std::string> WhatIfTextRow(const Context& c, int rank,
                                       const v1::WhatIfEntry& w) {
  return {absl::StrCat(rank),
          Clean(w.control_id()),
          Clean(c.ControlName(w)),
          Num(w.exposure_removed()),
          absl::StrCat(w.risks_improved()),
          c.CostText(w),
          Context::PerThousandText(w)};
}

constexpr absl::string_view kWhatIfKey =
    "Removed: current exposure removed if the control were fully implemented;"
    "\nRisks: risks whose current level would drop; Per 1,000: exposure "
    "removed per 1,000 of annual cost.\n";

std::string RenderText(const Context& c, const ReportOptions& options) {
  const v1::Assessment& a = c.a();
  std::string out = TextHeading(
      absl::StrCat("Risk assessment report: ", Clean(c.Organization())), '=');
  absl::StrAppend(
      &out,
      Truncate(absl::StrCat("Organisation: ", Clean(c.Organization())),
               kTextWidth, "..."),
      "\n");
  absl::StrAppend(&out,
                  Truncate(absl::StrCat("As of:        ", Clean(a.as_of())),
                           kTextWidth, "..."),
                  "\n");
  absl::StrAppend(&out, "Risks:        ", c.RiskCount(), " (",
                  c.AboveAppetite(), " above risk appetite now)\n");

  absl::StrAppend(&out, "\n", TextHeading("Risks per level", '-'));
  absl::StrAppend(&out, TextTable({{"Level", false, 24},
                                   {"Appetite"},
                                   {"Inherent", true},
                                   {"Current", true},
                                   {"Target", true}},
                                  LevelRows(c, false)));

  absl::StrAppend(&out, "\n", TextHeading("Exposure", '-'));
  absl::StrAppend(
      &out, TextTable({{"View"}, {"Exposure", true}, {"Removed", true}, {"By"}},
                      ExposureRows(c)));

  absl::StrAppend(&out, "\n", TextHeading("Risk status", '-'));
  absl::StrAppend(&out,
                  TextTable({{"Status"}, {"Risks", true}}, StatusRows(c)));

  absl::StrAppend(&out, "\n", TextHeading("Current heatmap", '-'));
  absl::StrAppend(&out,
                  "Risks per cell: likelihood down (highest first), impact "
                  "across; '*' above appetite, '.' none.\n");
  absl::StrAppend(&out, TextHeatmap(c, a.current_heatmap()));

  if (options.top_n > 0) {
    const std::vector<TopRisk> top = c.TopRisks(options.top_n);
    absl::StrAppend(
        &out, "\n",
        TextHeading(absl::StrCat("Top ", top.size(),
                                 top.size() == 1 ? " risk" : " risks"),
                    '-'));
    absl::StrAppend(&out,
                    "By current level, then impact, likelihood and id; the "
                    "title on the second line.\n");
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < top.size(); ++i) {
      const v1::RiskResult* r = top[i].result;
      rows.push_back({absl::StrCat(i + 1), Clean(top[i].id),
                      r ? Clean(c.OwnerName(r->owner())) : "",
                      r ? Clean(LevelPath(c, *r)) : "",
                      r ? StatusLabel(r->status()) : ""});
    }
    std::string table =
        TextTable({{"#", true},
                   {"Risk", false, 14},
                   {"Owner", false, 20, true},
                   {"Inherent -> current -> target", false, 40, true},
                   {"Status"}},
                  rows);
    // Each risk's title goes under its row, aligned with the id.
    std::vector<std::string> lines = absl::StrSplit(table, '\n');
    const int id_col = 2 + Width(absl::StrCat(top.size())) + 2;
    std::string merged;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      absl::StrAppend(&merged, lines[i], "\n");
      const size_t row = i >= 2 ? i - 2 : top.size();
      if (row < top.size() && top[row].result != nullptr) {
        absl::StrAppend(&merged, std::string(id_col, ' '),
                        Truncate(Clean(top[row].result->title()),
                                 kTextWidth - id_col, "..."),
                        "\n");
      }
    }
    absl::StrAppend(&out, merged);
  }

  const int64_t errors = c.FindingCount(0);
  const int64_t warnings = c.FindingCount(1);
  const int64_t info = c.FindingCount(2);
  absl::StrAppend(
      &out, "\n",
      TextHeading(
          absl::StrCat("Findings: ", errors, " error", errors == 1 ? "" : "s",
                       ", ", warnings, " warning", warnings == 1 ? "" : "s",
                       ", ", info, " info"),
          '-'));
  absl::StrAppend(&out, TextFindings(c, options.max_findings));

  absl::StrAppend(&out, "\n",
                  TextHeading("What-if: the controls that would remove most "
                              "exposure",
                              '-'));
  const std::vector<const v1::WhatIfEntry*> whatif = SummaryWhatIf(c);
  if (whatif.empty()) {
    absl::StrAppend(&out, "  ", NoWhatIf(c), "\n");
  } else {
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < whatif.size(); ++i) {
      rows.push_back(WhatIfTextRow(c, i + 1, *whatif[i]));
    }
    absl::StrAppend(&out, TextTable(WhatIfColumns(), rows), kWhatIfKey);
  }
  if (a.has_coverage()) absl::StrAppend(&out, "\n", TextCoverage(a.coverage()));
  return out;
}

// --- Markdown ---------------------------------------------------------------

std::string MdHeatmap(const Context& c, const v1::Heatmap& h) {
  const int rows = h.rows();
  const int cols = h.cols();
  if (rows <= 0 || cols <= 0 || h.cells_size() != rows * cols) {
    return "No heatmap.\n";
  }
  std::vector<std::string> headers = {"Likelihood / impact"};
  std::vector<bool> right = {false};
  for (int i = 0; i < cols; ++i) {
    headers.push_back(Md(c.ImpactName(i)));
    right.push_back(true);
  }
  std::vector<std::vector<std::string>> body;
  for (int l = rows - 1; l >= 0; --l) {
    std::vector<std::string> row = {
        absl::StrCat("**", Md(c.LikelihoodName(l)), "**")};
    for (int i = 0; i < cols; ++i) {
      const int64_t n = h.cells(l * cols + i);
      const int k = c.CellLevel(h, l, i);
      const bool above = k >= 0 && !c.levels()[k].acceptable;
      row.push_back(n == 0  ? "."
                    : above ? absl::StrCat("**", n, "**")
                            : absl::StrCat(n));
    }
    body.push_back(std::move(row));
  }
  return MdTable(headers, right, body);
}

std::vector<std::string> WhatIfMdRow(const Context& c, int rank,
                                     const v1::WhatIfEntry& w) {
  return {absl::StrCat(rank),
          Md(w.control_id()),
          Md(c.ControlName(w)),
          Num(w.exposure_removed()),
          absl::StrCat(w.risks_improved()),
          c.CostText(w),
          Context::PerThousandText(w)};
}

const std::vector<std::string>& WhatIfMdHeaders() {
  static const auto* headers =
      new std::vector<std::string>{"#",
                                   "Control",
                                   "Name",
                                   "Exposure removed",
                                   "Risks improved",
                                   "Annual cost",
                                   "Removed per 1,000 of cost"};
  return *headers;
}

const std::vector<bool>& WhatIfMdRight() {
  static const auto* right =
      new std::vector<bool>{true, false, false, true, true, true, true};
  return *right;
}

std::string RenderMarkdown(const Context& c, const ReportOptions& options) {
  const v1::Assessment& a = c.a();
  std::string out =
      absl::StrCat("# Risk assessment report: ", Md(c.Organization()), "\n\n");
  absl::StrAppend(&out, "- **Organisation:** ", Md(c.Organization()), "\n");
  absl::StrAppend(&out, "- **As of:** ", Md(a.as_of()), "\n");
  absl::StrAppend(&out, "- **Risks:** ", c.RiskCount(), " (", c.AboveAppetite(),
                  " above risk appetite now)\n");

  absl::StrAppend(
      &out, "\n## Risks per level\n\n",
      MdTable({"Level", "Appetite", "Inherent", "Current", "Target"},
              {false, false, true, true, true}, LevelRows(c, true)));

  absl::StrAppend(&out, "\n## Exposure\n\n",
                  MdTable({"View", "Exposure", "Removed", "By"},
                          {false, true, true, false}, ExposureRows(c)));

  absl::StrAppend(&out, "\n## Risk status\n\n",
                  MdTable({"Status", "Risks"}, {false, true}, StatusRows(c)));

  absl::StrAppend(&out, "\n## Current heatmap\n\n",
                  "Risks per cell, highest likelihood first; **bold**: above "
                  "the risk appetite; `.`: none.\n\n",
                  MdHeatmap(c, a.current_heatmap()));

  if (options.top_n > 0) {
    const std::vector<TopRisk> top = c.TopRisks(options.top_n);
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < top.size(); ++i) {
      const v1::RiskResult* r = top[i].result;
      rows.push_back({absl::StrCat(i + 1), Md(top[i].id),
                      r ? Md(r->title()) : "",
                      r ? Md(c.OwnerName(r->owner())) : "",
                      r ? Md(LevelPath(c, *r, " → ")) : "",
                      r ? StatusLabel(r->status()) : ""});
    }
    absl::StrAppend(&out, "\n## Top ", top.size(),
                    top.size() == 1 ? " risk" : " risks", "\n\n",
                    MdTable({"#", "Risk", "Title", "Owner",
                             "Inherent → current → target", "Status"},
                            {true, false, false, false, false, false}, rows));
  }

  absl::StrAppend(&out, "\n## Findings\n\n");
  const std::vector<const v1::Finding*> findings = c.SortedFindings();
  const int shown =
      std::min<int>(findings.size(), std::max(0, options.max_findings));
  if (findings.empty()) absl::StrAppend(&out, "None.\n");
  for (int f = 0; f < shown;) {
    const int rank = SeverityRank(findings[f]->severity());
    std::vector<std::vector<std::string>> rows;
    for (; f < shown && SeverityRank(findings[f]->severity()) == rank; ++f) {
      rows.push_back({Md(findings[f]->code()), Md(findings[f]->object_id()),
                      Md(findings[f]->message())});
    }
    absl::StrAppend(&out, "### ", SeverityGroup(rank), " (",
                    c.FindingCount(rank), ")\n\n",
                    MdTable({"Code", "Object", "Message"}, {}, rows), "\n");
  }
  if (static_cast<int>(findings.size()) > shown) {
    absl::StrAppend(&out, "... and ", findings.size() - shown, " more\n");
  }

  absl::StrAppend(&out,
                  "\n## What-if: the controls that would remove most "
                  "exposure\n\n");
  const std::vector<const v1::WhatIfEntry*> whatif = SummaryWhatIf(c);
  if (whatif.empty()) {
    absl::StrAppend(&out, NoWhatIf(c), "\n");
  } else {
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < whatif.size(); ++i) {
      rows.push_back(WhatIfMdRow(c, i + 1, *whatif[i]));
    }
    absl::StrAppend(&out, MdTable(WhatIfMdHeaders(), WhatIfMdRight(), rows));
  }
  if (a.has_coverage()) absl::StrAppend(&out, MdCoverage(a.coverage()));
  return out;
}

// --- HTML -------------------------------------------------------------------

constexpr absl::string_view kCss = R"css(
:root{--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--subtle:#f6f8fa}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#fff;color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
main{max-width:1320px;margin:0 auto;padding:28px 28px 48px}
header{border-bottom:3px solid var(--fg);padding-bottom:14px;margin-bottom:8px}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--muted);font-weight:600}
h1{font-size:28px;line-height:1.2;margin:4px 0 6px}
.meta{color:var(--muted);margin:0}
.meta b{color:var(--fg);font-weight:600}
.scope{max-width:980px;color:var(--muted);font-size:13px;margin:8px 0 0}
h2{font-size:19px;margin:34px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--border)}
h3{font-size:15px;margin:18px 0 8px}
p.note{color:var(--muted);font-size:13px;margin:-4px 0 12px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(175px,1fr));gap:12px;margin-top:18px}
.card{border:1px solid var(--border);border-radius:10px;padding:12px 16px;background:var(--subtle)}
.card .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;font-weight:600}
.card .value{font-size:28px;font-weight:650;line-height:1.25;font-variant-numeric:tabular-nums}
.card .sub{font-size:12.5px;color:var(--muted)}
.card.alert{border-color:#f0b4b4;background:#fff5f5}
.card.alert .value{color:#b42318}
.card.ok .value{color:#1a7f37}
.heatmaps{display:flex;flex-wrap:wrap;gap:16px}
figure.heatmap{margin:0;border:1px solid var(--border);border-radius:10px;padding:12px 10px 10px;flex:1 1 340px;max-width:100%}
.counts{display:flex;flex-wrap:wrap;gap:2px 12px;font-size:12px;color:var(--muted);margin:2px 0 0 4px}
.counts b{color:var(--fg);font-variant-numeric:tabular-nums}
.owner{white-space:nowrap}
.owner .id{display:block;font-size:11.5px;color:var(--muted)}
figure.heatmap figcaption{font-weight:650;font-size:15px}
figure.heatmap figcaption span{font-weight:400;color:var(--muted);font-size:13px;margin-left:6px}
figure.heatmap svg{display:block;max-width:100%;height:auto;margin-top:6px}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;margin-top:12px;font-size:13px;align-items:center}
.swatch{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin-right:6px;border:1px solid rgba(0,0,0,.18)}
.tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:8px 28px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--border);vertical-align:top}
thead th{background:var(--subtle);font-weight:600;border-bottom:1px solid #b7c0ca;white-space:nowrap}
tbody tr:nth-child(even) td{background:#fbfcfd}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.id{white-space:nowrap;font-variant-numeric:tabular-nums}
td.more{color:var(--muted);font-style:italic}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap;line-height:18px}
.level{border:1px solid rgba(0,0,0,.12)}
.st-acceptable{background:#dafbe1;color:#116329}
.st-accepted{background:#ddf4ff;color:#0a3069}
.st-treatment_planned{background:#fff1c2;color:#6f4a00}
.st-untreated{background:#ffe2e0;color:#a40e26}
.st-unspecified,.sev-other{background:#eaeef2;color:#424a53}
.sev-error{background:#ffe2e0;color:#a40e26}
.sev-warning{background:#fff1c2;color:#6f4a00}
.sev-info{background:#ddf4ff;color:#0a3069}
.muted{color:var(--muted)}
.small{font-size:12px}
footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--border);color:var(--muted);font-size:12px}
@media print{
  main{max-width:none;padding:0}
  body{font-size:11px}
  h2{break-after:avoid}
  tr,figure,.card{break-inside:avoid}
  thead{display:table-header-group}
  .cards{grid-template-columns:repeat(5,1fr)}
  .tables{grid-template-columns:1fr 1fr}
  @page{margin:14mm}
}
)css";

std::string HtmlHead(absl::string_view title) {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"isms ",
      Esc(Version()), "\">\n<title>", Esc(title), "</title>\n<style>", kCss,
      "</style>\n</head>\n<body>\n<main>\n");
}

std::string HtmlFoot(const Context& c) {
  return absl::StrCat("<footer>Generated by isms ", Esc(Version()),
                      " from the register of ", Esc(c.Organization()),
                      ", as of ", Esc(c.a().as_of()),
                      ".</footer>\n</main>\n</body>\n</html>\n");
}

std::string HtmlHeader(const Context& c, absl::string_view kicker,
                       bool with_scope) {
  std::string out = absl::StrCat(
      "<header>\n<div class=\"kicker\">", Esc(kicker), "</div>\n<h1>",
      Esc(c.Organization().empty() ? "(unnamed organisation)"
                                   : c.Organization()),
      "</h1>\n<p class=\"meta\">As of <b>", Esc(c.a().as_of()),
      "</b> &middot; ", c.RiskCount(), " risk", c.RiskCount() == 1 ? "" : "s",
      " &middot; ", c.reg().controls_size(), " applied control",
      c.reg().controls_size() == 1 ? "" : "s", "</p>\n");
  if (with_scope && !c.reg().organization().scope().empty()) {
    absl::StrAppend(&out, "<p class=\"scope\"><b>Scope.</b> ",
                    Esc(c.reg().organization().scope()), "</p>\n");
  }
  absl::StrAppend(&out, "</header>\n");
  return out;
}

std::string LevelBadge(const Context& c, const v1::RiskPoint& p) {
  const LevelStyle& s = c.Style(c.LevelOf(p));
  const std::string title =
      absl::StrCat("likelihood ", c.LikelihoodName(p.likelihood_index()),
                   ", impact ", c.ImpactName(p.impact_index()));
  return absl::StrCat("<span class=\"badge level\" style=\"background:", s.fill,
                      ";color:", s.ink, "\" title=\"", Esc(title), "\">",
                      Esc(c.LevelName(p)), "</span>");
}

std::string StatusBadge(v1::RiskStatus status) {
  std::string cls = StatusLabel(status);
  std::replace(cls.begin(), cls.end(), ' ', '_');
  return absl::StrCat("<span class=\"badge st-", cls, "\">",
                      StatusLabel(status), "</span>");
}

// A person's name with the owner id after it (`stacked`: under it).
std::string OwnerHtml(const Context& c, const std::string& owner,
                      bool stacked = false) {
  if (owner.empty()) return "<span class=\"muted\">(none)</span>";
  if (!c.OwnerIsPerson(owner)) return Esc(owner);
  if (stacked) {
    return absl::StrCat("<span class=\"owner\">", Esc(c.OwnerName(owner)),
                        "<span class=\"id\">", Esc(owner), "</span></span>");
  }
  return absl::StrCat(Esc(c.OwnerName(owner)), " <span class=\"muted small\">",
                      Esc(owner), "</span>");
}

// Rough width in px of `s` in a 12px sans-serif.
double TextPx(absl::string_view s, double font_px) {
  return Width(s) * font_px * 0.56;
}

std::string SvgHeatmap(const Context& c, const v1::Heatmap& h,
                       absl::string_view view) {
  const int rows = h.rows();
  const int cols = h.cols();
  if (rows <= 0 || cols <= 0 || h.cells_size() != rows * cols) {
    return "<p class=\"muted\">No heatmap.</p>";
  }
  constexpr int kCellW = 56;
  constexpr int kCellH = 42;
  constexpr double kFont = 11;
  constexpr int kMaxLabel = 22;  // code points
  double widest_row = 0;
  for (int l = 0; l < rows; ++l) {
    widest_row =
        std::max(widest_row,
                 TextPx(Truncate(c.LikelihoodName(l), kMaxLabel, "…"), kFont));
  }
  double widest_col = 0;
  for (int i = 0; i < cols; ++i) {
    widest_col = std::max(
        widest_col, TextPx(Truncate(c.ImpactName(i), kMaxLabel, "…"), kFont));
  }
  const bool rotate = widest_col > kCellW - 6;
  const int axis_w = 20;
  const int label_w = static_cast<int>(std::ceil(widest_row)) + 12;
  const int left = axis_w + label_w;
  const int top = 6;
  const int labels_h =
      rotate ? static_cast<int>(std::ceil(widest_col * 0.64)) + 12 : 22;
  const int width = left + cols * kCellW + 8;
  const int height = top + rows * kCellH + labels_h + 24;
  // Inline SVG in HTML needs no xmlns, so the page holds no URL at all.
  std::string out = absl::StrFormat(
      "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
      "aria-label=\"%s heatmap\">\n",
      width, height, width, height, Esc(view));
  for (int l = 0; l < rows; ++l) {
    const int y = top + (rows - 1 - l) * kCellH;
    const std::string name = c.LikelihoodName(l);
    absl::StrAppend(
        &out, absl::StrFormat("<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
                              "dominant-baseline=\"central\" font-size=\"11\" "
                              "fill=\"#1f2328\"><title>%s</title>%s</text>\n",
                              left - 8, y + kCellH / 2, Esc(name),
                              Esc(Truncate(name, kMaxLabel, "…"))));
    for (int i = 0; i < cols; ++i) {
      const int x = left + i * kCellW;
      const int64_t n = h.cells(l * cols + i);
      const int k = c.CellLevel(h, l, i);
      const LevelStyle& s = c.Style(k);
      const std::string tip =
          absl::StrCat("Likelihood ", name, ", impact ", c.ImpactName(i), ": ",
                       k >= 0 ? s.name : "level unknown", ", ", n, " risk",
                       n == 1 ? "" : "s");
      absl::StrAppend(
          &out,
          absl::StrFormat("<g><title>%s</title><rect x=\"%d\" y=\"%d\" "
                          "width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" "
                          "stroke=\"#ffffff\" stroke-width=\"2\"/>",
                          Esc(tip), x, y, kCellW, kCellH, s.fill));
      if (n != 0) {
        const std::string count = absl::StrCat(n);
        absl::StrAppend(
            &out,
            absl::StrFormat("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                            "dominant-baseline=\"central\" font-size=\"%d\" "
                            "font-weight=\"700\" fill=\"%s\">%s</text>",
                            x + kCellW / 2, y + kCellH / 2,
                            count.size() <= 3 ? 16 : 11, s.ink, count));
      }
      absl::StrAppend(&out, "</g>\n");
    }
  }
  const int base = top + rows * kCellH;
  for (int i = 0; i < cols; ++i) {
    const std::string name = c.ImpactName(i);
    const int x = left + i * kCellW + kCellW / 2;
    if (rotate) {
      absl::StrAppend(
          &out,
          absl::StrFormat(
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\" "
              "fill=\"#1f2328\" transform=\"rotate(-40 %d %d)\"><title>%s"
              "</title>%s</text>\n",
              x + 4, base + 14, x + 4, base + 14, Esc(name),
              Esc(Truncate(name, kMaxLabel, "…"))));
    } else {
      absl::StrAppend(
          &out,
          absl::StrFormat(
              "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
              "font-size=\"11\" fill=\"#1f2328\"><title>%s</title>%s"
              "</text>\n",
              x, base + 16, Esc(name), Esc(Truncate(name, kMaxLabel, "…"))));
    }
  }
  // Axis titles.
  absl::StrAppend(
      &out,
      absl::StrFormat(
          "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" "
          "font-weight=\"600\" fill=\"#59636e\" letter-spacing=\"0.06em\">"
          "IMPACT &#8594;</text>\n",
          left + cols * kCellW / 2, base + labels_h + 16));
  absl::StrAppend(
      &out,
      absl::StrFormat(
          "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" "
          "font-weight=\"600\" fill=\"#59636e\" letter-spacing=\"0.06em\" "
          "transform=\"rotate(-90 %d %d)\">LIKELIHOOD &#8594;</text>\n",
          12, top + rows * kCellH / 2, 12, top + rows * kCellH / 2));
  absl::StrAppend(&out, "</svg>");
  return out;
}

std::string HtmlLegend(const Context& c) {
  std::string out = "<div class=\"legend\"><b>Risk levels</b>";
  for (int k = static_cast<int>(c.levels().size()) - 1; k >= 0; --k) {
    const LevelStyle& s = c.levels()[k];
    absl::StrAppend(
        &out, "<span><span class=\"swatch\" style=\"background:", s.fill,
        "\"></span>", Esc(s.name), " <span class=\"muted\">(",
        s.acceptable ? "within appetite" : "above appetite", ")</span></span>");
  }
  absl::StrAppend(&out, "</div>\n");
  return out;
}

std::string Card(absl::string_view cls, absl::string_view label,
                 absl::string_view value, absl::string_view sub) {
  return absl::StrCat("<div class=\"card ", cls, "\"><div class=\"label\">",
                      label, "</div><div class=\"value\">", value,
                      "</div><div class=\"sub\">", sub, "</div></div>\n");
}

std::string ExposureGroupTable(
    const Context& c,
    const google::protobuf::RepeatedPtrField<v1::ExposureGroup>& groups,
    absl::string_view key_header, bool owners) {
  if (groups.empty()) return "<p class=\"muted\">None.</p>\n";
  std::string out = absl::StrCat(
      "<table>\n<thead><tr><th>", key_header,
      "</th><th class=\"num\">Risks</th><th class=\"num\">Inherent</th>"
      "<th class=\"num\">Current</th><th class=\"num\">Target</th>"
      "<th class=\"num\">Removed now</th></tr></thead>\n<tbody>\n");
  for (const v1::ExposureGroup& g : groups) {
    const std::string key =
        owners ? OwnerHtml(c, g.key())
               : (g.key().empty() ? "<span class=\"muted\">(none)</span>"
                                  : Esc(g.key()));
    absl::StrAppend(&out, "<tr><td>", key, "</td><td class=\"num\">", g.risks(),
                    "</td><td class=\"num\">", Num(g.inherent()),
                    "</td><td class=\"num\">", Num(g.current()),
                    "</td><td class=\"num\">", Num(g.target()),
                    "</td><td class=\"num\">",
                    RemovedShare(g.inherent(), g.current()), "</td></tr>\n");
  }
  absl::StrAppend(&out, "</tbody>\n</table>\n");
  return out;
}

std::string WhatIfHtmlTable(const Context& c,
                            const std::vector<const v1::WhatIfEntry*>& rows) {
  std::string out =
      "<table>\n<thead><tr><th class=\"num\">#</th><th>Control</th>"
      "<th>Name</th><th class=\"num\">Exposure removed</th>"
      "<th class=\"num\">Risks improved</th><th class=\"num\">Annual cost</th>"
      "<th class=\"num\">Removed per 1,000 of cost</th></tr></thead>\n"
      "<tbody>\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const v1::WhatIfEntry& w = *rows[i];
    absl::StrAppend(&out, "<tr><td class=\"num\">", i + 1,
                    "</td><td class=\"id\">", Esc(w.control_id()), "</td><td>",
                    Esc(c.ControlName(w)), "</td><td class=\"num\">",
                    Num(w.exposure_removed()), "</td><td class=\"num\">",
                    w.risks_improved(), "</td><td class=\"num\">",
                    c.CostText(w), "</td><td class=\"num\">",
                    Context::PerThousandText(w), "</td></tr>\n");
  }
  absl::StrAppend(&out, "</tbody>\n</table>\n");
  return out;
}

std::string Reductions(double likelihood, double impact) {
  if (likelihood == 0 && impact == 0) return "<span class=\"muted\">-</span>";
  return absl::StrCat(Pct(likelihood), " / ", Pct(impact));
}

// --- Coverage (HTML) -------------------------------------------------------

// Bar colour by share: green from 80%, amber from 50%, red below.
absl::string_view CoverageColor(double share) {
  if (share >= 0.8) return "#2da44e";
  if (share >= 0.5) return "#d4a72c";
  return "#cf222e";
}

struct CoverageBar {
  std::string label;
  std::string tip;
  double share = 0;
  int applicable = 0;
};

// A horizontal bar chart, one bar per entry, each labelled with its
// percentage. Inline SVG without xmlns, so the page holds no URL.
std::string SvgCoverageBars(absl::string_view title,
                            const std::vector<CoverageBar>& bars) {
  constexpr int kBarW = 180;
  constexpr int kRowH = 26;
  constexpr int kBarH = 16;
  constexpr int kMaxLabel = 34;  // code points
  double widest = 0;
  for (const CoverageBar& b : bars) {
    widest = std::max(widest,
                      Width(Truncate(b.label, kMaxLabel, "…")) * 12.0 * 0.56);
  }
  const int left = static_cast<int>(std::ceil(widest)) + 12;
  const int width = left + kBarW + 56;
  const int height = static_cast<int>(bars.size()) * kRowH + 8;
  std::string out = absl::StrFormat(
      "<svg class=\"coverage\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d "
      "%d\" role=\"img\" aria-label=\"%s\">\n",
      width, height, width, height, Esc(title));
  for (size_t i = 0; i < bars.size(); ++i) {
    const CoverageBar& b = bars[i];
    const double share =
        std::isfinite(b.share) ? std::min(1.0, std::max(0.0, b.share)) : 0.0;
    const int y = 4 + static_cast<int>(i) * kRowH;
    const double w = share * kBarW;
    absl::StrAppend(
        &out,
        absl::StrFormat(
            "<g><title>%s: %s implemented, %d applicable control%s</title>"
            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
            "dominant-baseline=\"central\" font-size=\"12\" fill=\"#1f2328\">"
            "%s</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
            "rx=\"3\" fill=\"#eaeef2\"/><rect class=\"bar\" x=\"%d\" y=\"%d\" "
            "width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\"/>"
            "<text x=\"%d\" y=\"%d\" dominant-baseline=\"central\" "
            "font-size=\"12\" font-weight=\"600\" fill=\"#1f2328\">%s</text>"
            "</g>\n",
            Esc(b.tip), Pct(share), b.applicable, b.applicable == 1 ? "" : "s",
            left - 8, y + kBarH / 2, Esc(Truncate(b.label, kMaxLabel, "…")),
            left, y, kBarW, kBarH, left, y, w, kBarH, CoverageColor(share),
            left + kBarW + 6, y + kBarH / 2, Pct(share)));
  }
  absl::StrAppend(&out, "</svg>");
  return out;
}

std::string HtmlCoverageFigure(absl::string_view title,
                               const std::vector<CoverageBar>& bars) {
  return absl::StrCat("<figure class=\"heatmap\"><figcaption>", Esc(title),
                      "</figcaption>\n", SvgCoverageBars(title, bars),
                      "\n</figure>\n");
}

std::string HtmlCoverage(const v1::Coverage& cov) {
  std::string out = absl::StrCat(
      "<h2>Coverage</h2>\n<p class=\"note\">Implemented share of the "
      "applicable controls of ",
      Esc(cov.catalog()),
      ": implemented counts 1, partial its mean implementation, not "
      "implemented 0.</p>\n<section class=\"cards\" "
      "style=\"margin-bottom:16px\">\n");
  absl::StrAppend(
      &out,
      Card("", "Controls implemented", Pct(cov.implemented_share()),
           absl::StrCat("of ", cov.applicable(), " applicable control",
                        cov.applicable() == 1 ? "" : "s")),
      Card("", "Above-appetite risks mitigated",
           Pct(cov.above_appetite_mitigated_share()),
           absl::StrCat(MitigatedText(cov),
                        " above appetite before controls have a mitigation")),
      Card("", "Exposure removed", Pct(cov.exposure_removed_share()),
           "inherent to current, by the controls in operation"),
      Card("", "Asset value assessed", Pct(cov.asset_value_coverage()),
           "share of accumulated asset value that a risk assesses"),
      "</section>\n<div class=\"heatmaps\">\n");
  const std::string group = CoverageGroupLabel(cov);
  std::vector<CoverageBar> bars;
  for (const v1::CoverageShare& s : cov.by_group()) {
    const std::string label =
        s.title().empty() ? s.key() : absl::StrCat(s.key(), " ", s.title());
    bars.push_back({label, absl::StrCat(group, " ", label),
                    s.implemented_share(), s.applicable()});
  }
  if (!bars.empty()) {
    absl::StrAppend(
        &out, HtmlCoverageFigure(
                  absl::StrCat("By ", absl::AsciiStrToLower(group)), bars));
  }
  for (const CoverageKind& kind : kCoverageKinds) {
    bars.clear();
    for (const v1::CoverageShare* s : CoverageAttributes(cov, kind.prefix)) {
      bars.push_back({CoverageValue(*s),
                      absl::StrCat(kind.label, " ", CoverageValue(*s)),
                      s->implemented_share(), s->applicable()});
    }
    if (bars.empty()) continue;
    absl::StrAppend(
        &out,
        HtmlCoverageFigure(
            absl::StrCat("By ", absl::AsciiStrToLower(kind.label)), bars));
  }
  absl::StrAppend(&out, "</div>\n");
  return out;
}

std::string RenderHtml(const Context& c, const ReportOptions& options) {
  const v1::Assessment& a = c.a();
  std::string out = HtmlHead(absl::StrCat(
      "Risk assessment report: ", c.Organization(), ", ", a.as_of()));
  absl::StrAppend(&out,
                  HtmlHeader(c, "ISO/IEC 27001 risk assessment report", true));

  // Summary cards.
  const int64_t untreated = c.StatusCount(v1::RISK_STATUS_UNTREATED);
  const int64_t above = c.AboveAppetite();
  absl::StrAppend(&out, "<section class=\"cards\">\n");
  absl::StrAppend(&out, Card("", "Risks", absl::StrCat(c.RiskCount()),
                             absl::StrCat(above, " above risk appetite now")));
  absl::StrAppend(&out, Card("", "Inherent exposure",
                             Num(a.inherent_exposure()), "before any control"));
  absl::StrAppend(&out, Card("", "Current exposure", Num(a.current_exposure()),
                             absl::StrCat("&minus;",
                                          RemovedShare(a.inherent_exposure(),
                                                       a.current_exposure()),
                                          " by current controls")));
  absl::StrAppend(&out, Card("", "Target exposure", Num(a.target_exposure()),
                             absl::StrCat("&minus;",
                                          RemovedShare(a.inherent_exposure(),
                                                       a.target_exposure()),
                                          " with every planned control")));
  absl::StrAppend(
      &out,
      Card(untreated > 0 ? "alert" : "ok", "Untreated", absl::StrCat(untreated),
           "above appetite: no plan that reaches it, no acceptance"));
  absl::StrAppend(&out, "</section>\n");

  // Heatmaps.
  absl::StrAppend(&out,
                  "<h2>Heatmaps</h2>\n<p class=\"note\">Risks per cell "
                  "of the risk matrix, before any control (inherent), "
                  "with the controls in operation (current) and with "
                  "every planned control in place (target).</p>\n"
                  "<div class=\"heatmaps\">\n");
  const struct {
    const char* title;
    const v1::Heatmap* map;
    double exposure;
    int64_t (v1::LevelCount::*count)() const;
  } views[] = {{"Inherent", &a.inherent_heatmap(), a.inherent_exposure(),
                &v1::LevelCount::inherent},
               {"Current", &a.current_heatmap(), a.current_exposure(),
                &v1::LevelCount::current},
               {"Target", &a.target_heatmap(), a.target_exposure(),
                &v1::LevelCount::target}};
  for (const auto& v : views) {
    absl::StrAppend(&out, "<figure class=\"heatmap\"><figcaption>", v.title,
                    " risk<span>exposure ", Num(v.exposure),
                    "</span></figcaption>\n", SvgHeatmap(c, *v.map, v.title),
                    "\n<div class=\"counts\">");
    for (const v1::LevelCount* lc : c.LevelCountsHighFirst()) {
      const LevelStyle& s = c.Style(c.LevelIndexById(lc->level()));
      absl::StrAppend(&out, "<span><span class=\"swatch\" style=\"background:",
                      s.fill, "\"></span>", Esc(c.LevelNameById(lc->level())),
                      " <b>", ((*lc).*(v.count))(), "</b></span>");
    }
    absl::StrAppend(&out, "</div>\n</figure>\n");
  }
  absl::StrAppend(&out, "</div>\n", HtmlLegend(c));

  // Risk register.
  absl::StrAppend(
      &out,
      "<h2>Risk register</h2>\n<p class=\"note\">Highest current risk first "
      "(level, impact, likelihood). Reductions are the combined reductions of "
      "likelihood / impact by the controls; &#9998; marks a current value set "
      "by a residual override.</p>\n<table>\n<thead><tr><th>Risk</th>"
      "<th>Title</th><th>Owner</th><th>Inherent</th><th>Current</th>"
      "<th>Target</th><th class=\"num\">Current reduction<br>"
      "<span class=\"muted small\">likelihood / impact</span></th>"
      "<th class=\"num\">Target reduction<br><span class=\"muted small\">"
      "likelihood / impact</span></th><th>Status</th><th>Override</th>"
      "</tr></thead>\n<tbody>\n");
  for (const v1::RiskResult* r : c.RankedRisks()) {
    std::string overridden;
    if (r->likelihood_overridden()) overridden = "&#9998; likelihood";
    if (r->impact_overridden()) {
      absl::StrAppend(&overridden, overridden.empty() ? "&#9998; " : ", ",
                      "impact");
    }
    absl::StrAppend(&out, "<tr><td class=\"id\">", Esc(r->risk_id()),
                    "</td><td>", Esc(r->title()), "</td><td>",
                    OwnerHtml(c, r->owner(), true), "</td><td>",
                    LevelBadge(c, r->inherent()), "</td><td>",
                    LevelBadge(c, r->current()), "</td><td>",
                    LevelBadge(c, r->target()), "</td><td class=\"num\">",
                    Reductions(r->current_likelihood_reduction(),
                               r->current_impact_reduction()),
                    "</td><td class=\"num\">",
                    Reductions(r->target_likelihood_reduction(),
                               r->target_impact_reduction()),
                    "</td><td>", StatusBadge(r->status()),
                    "</td><td class=\"small\">", overridden, "</td></tr>\n");
  }
  if (a.risks().empty()) {
    absl::StrAppend(&out,
                    "<tr><td colspan=\"10\" class=\"more\">The assessment "
                    "holds no per-risk results.</td></tr>\n");
  }
  absl::StrAppend(&out, "</tbody>\n</table>\n");

  // Exposure groups.
  absl::StrAppend(&out,
                  "<h2>Exposure</h2>\n<p class=\"note\">Exposure is the sum "
                  "of the risk levels' weights; highest current exposure "
                  "first.</p>\n<div class=\"tables\">\n<div><h3>By business "
                  "unit</h3>\n",
                  ExposureGroupTable(c, a.exposure_by_business_unit(),
                                     "Business unit", false),
                  "</div>\n<div><h3>By owner</h3>\n",
                  ExposureGroupTable(c, a.exposure_by_owner(), "Owner", true),
                  "</div>\n</div>\n");

  // Findings.
  const std::vector<const v1::Finding*> findings = c.SortedFindings();
  absl::StrAppend(&out, "<h2>Findings</h2>\n<p class=\"note\">",
                  c.FindingCount(0), " error",
                  c.FindingCount(0) == 1 ? "" : "s", ", ", c.FindingCount(1),
                  " warning", c.FindingCount(1) == 1 ? "" : "s", ", ",
                  c.FindingCount(2), " info; errors first.</p>\n");
  if (findings.empty()) {
    absl::StrAppend(&out, "<p>None.</p>\n");
  } else {
    const int shown =
        std::min<int>(findings.size(), std::max(0, options.max_findings));
    absl::StrAppend(&out,
                    "<table>\n<thead><tr><th>Severity</th><th>Code</th>"
                    "<th>Object</th><th>Message</th></tr></thead>\n<tbody>\n");
    for (int f = 0; f < shown; ++f) {
      const v1::Finding& finding = *findings[f];
      const int rank = SeverityRank(finding.severity());
      absl::StrAppend(&out, "<tr><td><span class=\"badge sev-",
                      SeverityLabel(rank), "\">", SeverityLabel(rank),
                      "</span></td><td class=\"id\">", Esc(finding.code()),
                      "</td><td class=\"id\">", Esc(finding.object_id()),
                      "</td><td>", Esc(finding.message()), "</td></tr>\n");
    }
    if (static_cast<int>(findings.size()) > shown) {
      absl::StrAppend(&out, "<tr><td colspan=\"4\" class=\"more\">... and ",
                      findings.size() - shown, " more</td></tr>\n");
    }
    absl::StrAppend(&out, "</tbody>\n</table>\n");
  }

  // What-if.
  absl::StrAppend(&out,
                  "<h2>What-if: controls to implement</h2>\n<p class=\"note\">"
                  "Current exposure each control would remove if it were fully "
                  "implemented (at its own effectiveness), and per 1,000 of "
                  "its annual cost.</p>\n");
  const std::vector<const v1::WhatIfEntry*> whatif = c.WhatIfByRemoved();
  if (whatif.empty()) {
    absl::StrAppend(&out, "<p>No control left to implement.</p>\n");
  } else {
    absl::StrAppend(&out, WhatIfHtmlTable(c, whatif));
  }
  if (a.has_coverage()) absl::StrAppend(&out, HtmlCoverage(a.coverage()));
  absl::StrAppend(&out, HtmlFoot(c));
  return out;
}

// --- What-if report ---------------------------------------------------------

constexpr absl::string_view kNoCostNote =
    "Controls without a positive annual cost are not ranked by cost.";

std::string RenderWhatIfText(const Context& c) {
  std::string out = TextHeading(
      absl::StrCat("What-if ranking: ", Clean(c.Organization())), '=');
  absl::StrAppend(&out,
                  Truncate(absl::StrCat("As of: ", Clean(c.a().as_of())),
                           kTextWidth, "..."),
                  "\n");
  absl::StrAppend(&out, "Current exposure: ", Num(c.a().current_exposure()),
                  "\n\n");
  const std::vector<const v1::WhatIfEntry*> by_removed = c.WhatIfByRemoved();
  absl::StrAppend(&out, TextHeading("By exposure removed", '-'));
  if (by_removed.empty()) {
    absl::StrAppend(&out, "  No control left to implement.\n");
    return out;
  }
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < by_removed.size(); ++i) {
    rows.push_back(WhatIfTextRow(c, i + 1, *by_removed[i]));
  }
  absl::StrAppend(&out, TextTable(WhatIfColumns(), rows), kWhatIfKey);
  const std::vector<const v1::WhatIfEntry*> by_cost = c.WhatIfByCost();
  absl::StrAppend(
      &out, "\n",
      TextHeading("By exposure removed per 1,000 of annual cost", '-'));
  if (by_cost.empty()) {
    absl::StrAppend(&out, "  No control has a positive annual cost.\n");
    return out;
  }
  rows.clear();
  for (size_t i = 0; i < by_cost.size(); ++i) {
    rows.push_back(WhatIfTextRow(c, i + 1, *by_cost[i]));
  }
  absl::StrAppend(&out, TextTable(WhatIfColumns(), rows), kNoCostNote, "\n");
  return out;
}

std::string RenderWhatIfMarkdown(const Context& c) {
  std::string out = absl::StrCat("# What-if ranking: ", Md(c.Organization()),
                                 "\n\n- **As of:** ", Md(c.a().as_of()),
                                 "\n- **Current exposure:** ",
                                 Num(c.a().current_exposure()), "\n");
  const std::vector<const v1::WhatIfEntry*> by_removed = c.WhatIfByRemoved();
  absl::StrAppend(&out, "\n## By exposure removed\n\n");
  if (by_removed.empty()) {
    absl::StrAppend(&out, "No control left to implement.\n");
    return out;
  }
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < by_removed.size(); ++i) {
    rows.push_back(WhatIfMdRow(c, i + 1, *by_removed[i]));
  }
  absl::StrAppend(&out, MdTable(WhatIfMdHeaders(), WhatIfMdRight(), rows));
  const std::vector<const v1::WhatIfEntry*> by_cost = c.WhatIfByCost();
  absl::StrAppend(&out,
                  "\n## By exposure removed per 1,000 of annual cost\n\n");
  if (by_cost.empty()) {
    absl::StrAppend(&out, "No control has a positive annual cost.\n");
    return out;
  }
  rows.clear();
  for (size_t i = 0; i < by_cost.size(); ++i) {
    rows.push_back(WhatIfMdRow(c, i + 1, *by_cost[i]));
  }
  absl::StrAppend(&out, MdTable(WhatIfMdHeaders(), WhatIfMdRight(), rows), "\n",
                  kNoCostNote, "\n");
  return out;
}

std::string RenderWhatIfHtml(const Context& c) {
  std::string out = HtmlHead(
      absl::StrCat("What-if ranking: ", c.Organization(), ", ", c.a().as_of()));
  absl::StrAppend(&out, HtmlHeader(c, "What-if ranking of controls", false));
  absl::StrAppend(&out, "<section class=\"cards\">\n",
                  Card("", "Current exposure", Num(c.a().current_exposure()),
                       "with the controls in operation"),
                  Card("", "Target exposure", Num(c.a().target_exposure()),
                       "with every planned control"),
                  Card("", "Controls ranked", absl::StrCat(c.a().whatif_size()),
                       "not fully implemented"),
                  "</section>\n");
  const std::vector<const v1::WhatIfEntry*> by_removed = c.WhatIfByRemoved();
  absl::StrAppend(&out,
                  "<h2>By exposure removed</h2>\n<p class=\"note\">Current "
                  "exposure each control would remove if it were fully "
                  "implemented (at its own effectiveness); risks improved are "
                  "those whose current level would drop.</p>\n");
  if (by_removed.empty()) {
    absl::StrAppend(&out, "<p>No control left to implement.</p>\n");
  } else {
    absl::StrAppend(&out, WhatIfHtmlTable(c, by_removed));
    const std::vector<const v1::WhatIfEntry*> by_cost = c.WhatIfByCost();
    absl::StrAppend(&out,
                    "<h2>By exposure removed per 1,000 of annual cost</h2>\n"
                    "<p class=\"note\">",
                    kNoCostNote, "</p>\n");
    if (by_cost.empty()) {
      absl::StrAppend(&out, "<p>No control has a positive annual cost.</p>\n");
    } else {
      absl::StrAppend(&out, WhatIfHtmlTable(c, by_cost));
    }
  }
  absl::StrAppend(&out, HtmlFoot(c));
  return out;
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  const auto st =
      google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!st.ok()) {
    return absl::StrCat("{\n \"error\": \"",
                        absl::CEscape(std::string(st.message())), "\"\n}\n");
  }
  return out;
}

// --- Quantitative (FAIR) report ---------------------------------------------

// Whole currency units, thousands separated.
std::string Money(double x) {
  if (!std::isfinite(x)) return "n/a";
  std::string s = absl::StrFormat("%.0f", x);
  if (s == "-0") s = "0";
  return GroupThousands(s);
}

constexpr absl::string_view kQuantNote =
    "Annual losses over the simulated years. p95 and p99 are the values at "
    "risk "
    "(VaR 95, VaR 99); ES 99 (expected shortfall) is the mean of the years "
    "at or above p99; events/yr is the mean number of loss events per year.";

const std::vector<std::string>& QuantHeaders() {
  static const auto* headers = new std::vector<std::string>{
      "View",      "Mean",      "Std dev", "p50",      "p90",
      "p95 (VaR)", "p99 (VaR)", "ES 99",   "Events/yr"};
  return *headers;
}

double PercentileLoss(const v1::LossStats& stats, double p) {
  for (const v1::Percentile& percentile : stats.percentiles()) {
    if (percentile.p() == p) return percentile.loss();
  }
  return std::nan("");
}

// One row per view, cells in QuantHeaders() order.
std::vector<std::vector<std::string>> QuantRows(const v1::LossStats& inherent,
                                                const v1::LossStats& current,
                                                const v1::LossStats& target) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& [name, stats] :
       {std::pair<const char*, const v1::LossStats*>{"inherent", &inherent},
        {"current", &current},
        {"target", &target}}) {
    rows.push_back({name, Money(stats->mean()), Money(stats->stddev()),
                    Money(PercentileLoss(*stats, 50)),
                    Money(PercentileLoss(*stats, 90)), Money(stats->var95()),
                    Money(stats->var99()), Money(stats->expected_shortfall99()),
                    absl::StrFormat("%.3f", stats->mean_events())});
  }
  return rows;
}

std::vector<std::vector<std::string>> PortfolioRows(
    const v1::QuantAssessment& a) {
  return QuantRows(a.portfolio_inherent(), a.portfolio_current(),
                   a.portfolio_target());
}

std::vector<std::vector<std::string>> RiskRows(const v1::RiskLoss& risk) {
  return QuantRows(risk.inherent(), risk.current(), risk.target());
}

std::string CurrencyName(const v1::QuantAssessment& a) {
  return a.currency().empty() ? "(none given)" : a.currency();
}

// "Simulated years: 10,000 (seed 1)" and the lines after it, one per entry.
std::vector<std::string> QuantFacts(const v1::QuantAssessment& a) {
  std::vector<std::string> facts = {
      absl::StrCat("Simulated years: ", Money(static_cast<double>(a.years())),
                   " (seed ", a.seed(), ")"),
      absl::StrCat("As of: ", a.as_of()),
      absl::StrCat("Currency: ", CurrencyName(a)),
      absl::StrCat("Risks: ", a.simulated_risks(), " simulated, ",
                   a.skipped_risk_ids_size(), " without quant parameters")};
  if (a.clamped_draws() > 0) {
    facts.push_back(absl::StrCat("Frequency draws clamped to the maximum: ",
                                 a.clamped_draws()));
  }
  return facts;
}

std::string RiskHeading(const v1::RiskLoss& risk) {
  return risk.title().empty()
             ? risk.risk_id()
             : absl::StrCat(risk.risk_id(), "  ", risk.title());
}

std::string RenderQuantText(const v1::QuantAssessment& a) {
  std::vector<Column> columns;
  for (const std::string& header : QuantHeaders()) {
    columns.push_back({header, /*right=*/!columns.empty()});
  }
  std::string out = TextHeading("Annual loss exposure (FAIR Monte Carlo)", '=');
  for (const std::string& fact : QuantFacts(a)) {
    absl::StrAppend(&out, Truncate(Clean(fact), kTextWidth, "..."), "\n");
  }
  absl::StrAppend(&out, "\n", TextHeading("Portfolio", '-'),
                  TextTable(columns, PortfolioRows(a)));
  for (const v1::RiskLoss& risk : a.risks()) {
    absl::StrAppend(&out, "\n", TextHeading(Clean(RiskHeading(risk)), '-'),
                    TextTable(columns, RiskRows(risk)));
  }
  absl::StrAppend(&out, "\n");
  for (const std::string& line :
       Wrap(absl::StrCat(kQuantNote, " Money in ", CurrencyName(a), "."),
            kTextWidth)) {
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

std::string RenderQuantMarkdown(const v1::QuantAssessment& a) {
  const std::vector<bool> right = {false, true, true, true, true,
                                   true,  true, true, true};
  std::string out = "# Annual loss exposure (FAIR Monte Carlo)\n\n";
  for (const std::string& fact : QuantFacts(a)) {
    absl::StrAppend(&out, "- ", Md(fact), "\n");
  }
  absl::StrAppend(&out, "\n## Portfolio\n\n",
                  MdTable(QuantHeaders(), right, PortfolioRows(a)));
  for (const v1::RiskLoss& risk : a.risks()) {
    absl::StrAppend(&out, "\n## ", Md(RiskHeading(risk)), "\n\n",
                    MdTable(QuantHeaders(), right, RiskRows(risk)));
  }
  absl::StrAppend(&out, "\n", kQuantNote, " Money in ", Md(CurrencyName(a)),
                  ".\n");
  return out;
}

std::string QuantHtmlTable(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table>\n<thead><tr>";
  for (size_t c = 0; c < QuantHeaders().size(); ++c) {
    absl::StrAppend(&out, c ? "<th class=\"num\">" : "<th>",
                    Esc(QuantHeaders()[c]), "</th>");
  }
  absl::StrAppend(&out, "</tr></thead>\n<tbody>\n");
  for (const auto& row : rows) {
    absl::StrAppend(&out, "<tr>");
    for (size_t c = 0; c < row.size(); ++c) {
      absl::StrAppend(&out, c ? "<td class=\"num\">" : "<td>", Esc(row[c]),
                      "</td>");
    }
    absl::StrAppend(&out, "</tr>\n");
  }
  absl::StrAppend(&out, "</tbody>\n</table>\n");
  return out;
}

std::string RenderQuantHtml(const v1::QuantAssessment& a) {
  std::string out = HtmlHead(absl::StrCat("Annual loss exposure, ", a.as_of()));
  absl::StrAppend(&out,
                  "<header>\n<div class=\"kicker\">Quantitative risk (FAIR "
                  "Monte Carlo)</div>\n<h1>Annual loss exposure</h1>\n"
                  "<p class=\"meta\">");
  const std::vector<std::string> facts = QuantFacts(a);
  for (size_t i = 0; i < facts.size(); ++i) {
    absl::StrAppend(&out, i ? " &middot; " : "", Esc(facts[i]));
  }
  absl::StrAppend(&out, "</p>\n</header>\n<h2>Portfolio</h2>\n",
                  QuantHtmlTable(PortfolioRows(a)));
  for (const v1::RiskLoss& risk : a.risks()) {
    absl::StrAppend(&out, "<h2>", Esc(RiskHeading(risk)), "</h2>\n",
                    QuantHtmlTable(RiskRows(risk)));
  }
  absl::StrAppend(&out, "<p class=\"note\">", Esc(kQuantNote), " Money in ",
                  Esc(CurrencyName(a)), ".</p>\n<footer>Generated by isms ",
                  Esc(Version()), ", as of ", Esc(a.as_of()),
                  ".</footer>\n</main>\n</body>\n</html>\n");
  return out;
}

}  // namespace

AssessmentOptions ReportAssessmentOptions(ReportFormat format, int risk_count,
                                          int top_n) {
  constexpr int kMaxRisksListed = 100000;
  AssessmentOptions options;
  options.top_n = top_n;
  options.risks =
      risk_count <= kMaxRisksListed || format == ReportFormat::kJson;
  return options;
}

absl::StatusOr<ReportFormat> ParseReportFormat(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "text" || lower == "txt") return ReportFormat::kText;
  if (lower == "md" || lower == "markdown") return ReportFormat::kMarkdown;
  if (lower == "html") return ReportFormat::kHtml;
  if (lower == "json") return ReportFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown report format \"", absl::CEscape(name),
                   "\" (expected text, md, markdown, html or json)"));
}

absl::string_view ReportFormatName(ReportFormat format) {
  switch (format) {
    case ReportFormat::kText:
      return "text";
    case ReportFormat::kMarkdown:
      return "md";
    case ReportFormat::kHtml:
      return "html";
    case ReportFormat::kJson:
      return "json";
  }
  return "text";
}

std::string RenderAssessment(const v1::Register& reg,
                             const v1::Assessment& assessment,
                             ReportFormat format,
                             const ReportOptions& options) {
  if (format == ReportFormat::kJson) return ToJson(assessment);
  const Context c(reg, assessment);
  switch (format) {
    case ReportFormat::kMarkdown:
      return RenderMarkdown(c, options);
    case ReportFormat::kHtml:
      return RenderHtml(c, options);
    default:
      return RenderText(c, options);
  }
}

std::string RenderWhatIf(const v1::Register& reg,
                         const v1::Assessment& assessment, ReportFormat format,
                         const ReportOptions& options) {
  (void)options;
  if (format == ReportFormat::kJson) {
    if (assessment.whatif().empty()) return "{\n \"whatif\": []\n}\n";
    v1::Assessment only;
    *only.mutable_whatif() = assessment.whatif();
    return ToJson(only);
  }
  const Context c(reg, assessment);
  switch (format) {
    case ReportFormat::kMarkdown:
      return RenderWhatIfMarkdown(c);
    case ReportFormat::kHtml:
      return RenderWhatIfHtml(c);
    default:
      return RenderWhatIfText(c);
  }
}

std::string RenderQuant(const v1::QuantAssessment& quant, ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson:
      return ToJson(quant);
    case ReportFormat::kMarkdown:
      return RenderQuantMarkdown(quant);
    case ReportFormat::kHtml:
      return RenderQuantHtml(quant);
    default:
      return RenderQuantText(quant);
  }
}

}  // namespace isms
