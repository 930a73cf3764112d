#include "tools/generate.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "isms/catalog.h"
#include "isms/v1/catalog.pb.h"
#include "isms/version.h"
#include "lib/xoshiro.h"

namespace isms::tools {
namespace {

using v1::AssetType;
using v1::Dimension;

constexpr int64_t kMaxAssets = 10'000'000;
constexpr int kMaxRisksPerAsset = 8;
constexpr int kMaxMitigationsPerRisk = 10;
constexpr int64_t kMaxControls = 100'000;

// --- Random numbers ----------------------------------------------------------
// Our own generator and bounded draws (no <random> distributions, whose
// output differs between standard libraries, and no libm functions), so that
// a seed gives the same register everywhere.

using internal::SplitMix64;
using internal::Xoshiro256StarStar;

// xoshiro256** seeded through SplitMix64. Each part of the register draws
// from its own stream, so that e.g. changing the number of controls leaves
// the assets unchanged.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream) : bits_(Seeded(seed, stream)) {}

  uint64_t Next() { return bits_.Next(); }

  // Uniform in [0, n) for n >= 1, unbiased (Lemire's multiply-and-reject).
  uint64_t Below(uint64_t n) {
    unsigned __int128 m = static_cast<unsigned __int128>(Next()) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(Next()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // Uniform in [0, 1), 53 bits; exact, so comparisons are portable.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  bool Chance(double p) { return Unit() < p; }

  // lo/100, (lo+step)/100, ..., hi/100, uniformly: short decimals in JSON.
  double Hundredths(int lo, int hi, int step) {
    return static_cast<double>(
               lo + step * static_cast<int>(Below((hi - lo) / step + 1))) /
           100.0;
  }

  // An index drawn with integer weights.
  int Weighted(const int* weights, int count) {
    int total = 0;
    for (int i = 0; i < count; ++i) total += weights[i];
    int x = static_cast<int>(Below(static_cast<uint64_t>(total)));
    for (int i = 0; i < count; ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return count - 1;
  }

 private:
  struct State {
    uint64_t words[4];
  };
  static Xoshiro256StarStar Seeded(uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
    State state;
    for (uint64_t& word : state.words) word = SplitMix64(&x);
    return Xoshiro256StarStar(state.words);
  }

  Xoshiro256StarStar bits_;
};

enum Stream : uint64_t {
  kStreamLayout = 1,
  kStreamAssets,
  kStreamDependencies,
  kStreamPeople,
  kStreamControls,
  kStreamRiskCounts,
  kStreamRisks,
  kStreamVulnerabilities,
  kStreamSoa,
  kStreamRecords,
};

template <typename T>
void Shuffle(std::vector<T>* v, Rng* rng) {
  for (size_t i = v->size(); i > 1; --i) {
    std::swap((*v)[i - 1], (*v)[rng->Below(i)]);
  }
}

// --- Strings without per-call allocation -------------------------------------

// A fixed buffer for building ids, names and titles; long input is cut.
class Buf {
 public:
  Buf& Add(absl::string_view s) {
    const size_t n = std::min(s.size(), sizeof(data_) - size_);
    std::memcpy(data_ + size_, s.data(), n);
    size_ += n;
    return *this;
  }
  // Decimal, zero-padded to at least `width` digits.
  Buf& Num(uint64_t value, int width = 0) {
    char digits[24];
    int d = 0;
    do {
      digits[d++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    for (int i = d; i < width && size_ < sizeof(data_); ++i)
      data_[size_++] = '0';
    while (d > 0 && size_ < sizeof(data_)) data_[size_++] = digits[--d];
    return *this;
  }
  Buf& Clear() {
    size_ = 0;
    return *this;
  }
  const char* data() const { return data_; }
  size_t size() const { return size_; }
  std::string str() const { return std::string(data_, size_); }

 private:
  char data_[160];
  size_t size_ = 0;
};

// Sets a string field from a Buf (evaluated once): ISMS_SET(msg, id, buf).
#define ISMS_SET(msg, field, buf)                                 \
  do {                                                            \
    const Buf& isms_set_buf = (buf);                              \
    (msg)->set_##field(isms_set_buf.data(), isms_set_buf.size()); \
  } while (false)

constexpr int kAssetIdWidth = 7;
constexpr int kRiskIdWidth = 7;
constexpr int kPersonIdWidth = 5;
constexpr int kControlIdWidth = 5;

// --- Dates -------------------------------------------------------------------

// Days since 1970-01-01 (H. Hinnant's days_from_civil / civil_from_days).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string CivilString(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  Buf b;
  b.Num(static_cast<uint64_t>(y), 4)
      .Add("-")
      .Num(static_cast<uint64_t>(m), 2)
      .Add("-")
      .Num(static_cast<uint64_t>(d), 2);
  return b.str();
}

// Every date the generator writes, as strings, relative to the reference day
// 2025-06-30 (the "as of" of a synthetic assessment).
class Dates {
 public:
  static constexpr int kBefore = 3 * 366;
  static constexpr int kAfter = 2 * 366;

  Dates() : as_of_(DaysFromCivil(2025, 6, 30)) {
    table_.reserve(kBefore + kAfter + 1);
    for (int64_t d = -kBefore; d <= kAfter; ++d) {
      table_.push_back(CivilString(as_of_ + d));
    }
  }
  // The date `offset` days after the reference day (negative: before).
  const std::string& At(int64_t offset) const {
    offset = std::max<int64_t>(-kBefore, std::min<int64_t>(kAfter, offset));
    return table_[static_cast<size_t>(offset + kBefore)];
  }
  // A date drawn uniformly in [from, to] days around the reference day.
  const std::string& Draw(Rng* rng, int64_t from, int64_t to) const {
    return At(rng->Between(from, to));
  }

 private:
  int64_t as_of_;
  std::vector<std::string> table_;
};

// --- Risk method -------------------------------------------------------------

constexpr int kLevels = 5;
const char* const kLikelihoodIds[kLevels] = {"rare", "unlikely", "possible",
                                             "likely", "almost_certain"};
const char* const kLikelihoodNames[kLevels] = {"Rare", "Unlikely", "Possible",
                                               "Likely", "Almost certain"};
const char* const kLikelihoodText[kLevels] = {
    "Less than once in 10 years", "Once in 3 to 10 years",
    "Once in 1 to 3 years", "Once to 10 times a year",
    "More than 10 times a year"};
const double kLikelihoodLower[kLevels] = {0, 0.1, 0.33, 1, 10};
const double kLikelihoodUpper[kLevels] = {0.1, 0.33, 1, 10, 365};
const char* const kImpactIds[kLevels] = {"negligible", "minor", "moderate",
                                         "major", "severe"};
const char* const kImpactNames[kLevels] = {"Negligible", "Minor", "Moderate",
                                           "Major", "Severe"};
const char* const kImpactText[kLevels] = {
    "No noticeable effect", "Limited effect, handled in normal operations",
    "Noticeable effect on a business unit",
    "Serious effect on the organisation, reportable",
    "Threatens the organisation's existence"};
const double kImpactLower[kLevels] = {0, 10'000, 100'000, 1'000'000,
                                      10'000'000};
const double kImpactUpper[kLevels] = {10'000, 100'000, 1'000'000, 10'000'000,
                                      1'000'000'000};

void FillRiskMethod(v1::RiskMethod* m) {
  m->set_catalog(std::string(kDefaultCatalog));
  m->set_description(
      "5x5 qualitative matrix; likelihood anchored in events per year, impact "
      "in EUR. Low and medium risks are within the risk appetite.");
  for (int i = 0; i < kLevels; ++i) {
    v1::ScaleLevel* l = m->mutable_likelihood()->add_levels();
    l->set_id(kLikelihoodIds[i]);
    l->set_name(kLikelihoodNames[i]);
    l->set_description(kLikelihoodText[i]);
    l->set_lower(kLikelihoodLower[i]);
    l->set_upper(kLikelihoodUpper[i]);
    v1::ScaleLevel* c = m->mutable_impact()->add_levels();
    c->set_id(kImpactIds[i]);
    c->set_name(kImpactNames[i]);
    c->set_description(kImpactText[i]);
    c->set_lower(kImpactLower[i]);
    c->set_upper(kImpactUpper[i]);
  }
  struct Level {
    const char* id;
    const char* name;
    const char* color;
    bool acceptable;
    double weight;
  };
  static constexpr Level kRiskLevels[] = {
      {"low", "Low", "#2e7d32", true, 1},
      {"medium", "Medium", "#f9a825", true, 2},
      {"high", "High", "#ef6c00", false, 4},
      {"critical", "Critical", "#c62828", false, 8},
  };
  for (const Level& level : kRiskLevels) {
    v1::RiskLevel* r = m->add_risk_levels();
    r->set_id(level.id);
    r->set_name(level.name);
    r->set_color(level.color);
    r->set_acceptable(level.acceptable);
    r->set_weight(level.weight);
  }
  // Level by score (likelihood + 1) * (impact + 1): monotone in both axes.
  for (int l = 0; l < kLevels; ++l) {
    for (int i = 0; i < kLevels; ++i) {
      const int score = (l + 1) * (i + 1);
      const char* level = score <= 3    ? "low"
                          : score <= 8  ? "medium"
                          : score <= 14 ? "high"
                                        : "critical";
      m->add_grid(level);
    }
  }
}

// --- Assets ------------------------------------------------------------------

constexpr int kTypeCount = 9;  // enum values 0..8; 0 unused

// Share of each type, per mille (index = AssetType).
constexpr int kTypeShare[kTypeCount] = {
    0,    // unspecified
    400,  // information
    200,  // software
    150,  // hardware
    100,  // service
    90,   // people
    1,    // site
    30,   // supplier
    29,   // other
};

// Names of the assets of a type: a stem and the asset's number in its type.
const std::vector<const char*>& NameStems(int type) {
  static const std::vector<const char*> kStems[kTypeCount] = {
      {"Asset"},
      {"Customer records", "Payroll data", "Contracts", "Source code",
       "Financial reports", "Product designs", "Employee records",
       "Board minutes", "Marketing content", "Audit logs", "Backups",
       "Research data"},
      {"CRM", "ERP", "HR system", "Web application", "Mobile app", "Database",
       "Mail server", "Identity provider", "CI pipeline", "Monitoring",
       "File server", "Billing system"},
      {"Server", "Laptop", "Workstation", "Network switch", "Firewall",
       "Storage array", "Router", "Hypervisor host", "Mobile phone", "Printer"},
      {"Online shop", "Customer portal", "Payments", "Email", "VPN",
       "Payroll service", "Support desk", "Data warehouse", "API gateway",
       "Backup service"},
      {"Operations team", "Developers", "Sales team", "Finance staff",
       "IT administrators", "Contractors", "Support agents", "Executives"},
      {"Head office", "Data centre", "Branch office", "Warehouse", "Factory",
       "Colocation site"},
      {"Cloud provider", "Payroll provider", "Telecom carrier",
       "Managed service provider", "Software vendor", "Courier",
       "Cleaning contractor", "Logistics partner"},
      {"Vehicle", "Office equipment", "Paper archive", "Safe", "Badge system",
       "CCTV"},
  };
  return kStems[type];
}

// Weights of [unset, negligible, minor, moderate, major, severe] for an
// asset's own C, I and A value, by type: information is mostly about
// confidentiality, infrastructure mostly about availability.
struct ValueProfile {
  int c[kLevels + 1];
  int i[kLevels + 1];
  int a[kLevels + 1];
};
constexpr ValueProfile kValueProfiles[kTypeCount] = {
    {{1, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}},
    // information
    {{0, 2, 8, 25, 40, 25}, {10, 5, 15, 40, 20, 10}, {40, 15, 20, 15, 8, 2}},
    // software
    {{50, 10, 20, 15, 5, 0}, {20, 5, 15, 35, 20, 5}, {10, 5, 15, 35, 25, 10}},
    // hardware
    {{80, 5, 10, 5, 0, 0}, {70, 10, 10, 10, 0, 0}, {5, 2, 10, 33, 35, 15}},
    // service
    {{40, 10, 20, 20, 10, 0}, {20, 5, 15, 35, 20, 5}, {2, 1, 7, 30, 40, 20}},
    // people
    {{40, 10, 25, 20, 5, 0}, {60, 10, 20, 10, 0, 0}, {20, 5, 25, 35, 15, 0}},
    // site
    {{70, 5, 10, 10, 5, 0}, {90, 5, 5, 0, 0, 0}, {0, 0, 0, 20, 40, 40}},
    // supplier
    {{40, 10, 20, 20, 10, 0}, {50, 10, 20, 15, 5, 0}, {10, 5, 20, 35, 25, 5}},
    // other
    {{80, 10, 10, 0, 0, 0}, {80, 10, 10, 0, 0, 0}, {20, 20, 30, 20, 10, 0}},
};

const char* const kBusinessUnits[] = {
    "Finance",
    "Human Resources",
    "Sales",
    "Marketing",
    "Engineering",
    "Operations",
    "Customer Support",
    "Legal",
    "Procurement",
    "IT Infrastructure",
    "Research",
    "Product",
    "Logistics",
    "Manufacturing",
    "Security",
    "Risk and Compliance",
    "Facilities",
    "Data and Analytics",
    "Communications",
    "Executive Office",
};
constexpr int kBusinessUnitCount =
    sizeof(kBusinessUnits) / sizeof(kBusinessUnits[0]);

const char* const kTags[] = {
    "pii",    "pci",  "critical",        "cloud",
    "legacy", "gdpr", "customer-facing", "internet-facing"};

// Asset counts per type: the shares above by largest remainder, and at least
// one site (every tier above leans on a site).
std::vector<int64_t> TypeCounts(int64_t n) {
  std::vector<int64_t> count(kTypeCount, 0);
  std::vector<int> order;
  int64_t used = 0;
  for (int t = 1; t < kTypeCount; ++t) {
    count[t] = n * kTypeShare[t] / 1000;
    used += count[t];
    order.push_back(t);
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const int64_t ra = n * kTypeShare[a] % 1000;
    const int64_t rb = n * kTypeShare[b] % 1000;
    if (ra != rb) return ra > rb;
    return kTypeShare[a] > kTypeShare[b];
  });
  for (size_t k = 0; used < n; k = (k + 1) % order.size()) {
    ++count[order[k]];
    ++used;
  }
  if (count[v1::ASSET_TYPE_SITE] == 0) {
    int largest = 1;
    for (int t = 1; t < kTypeCount; ++t) {
      if (count[t] > count[largest]) largest = t;
    }
    --count[largest];
    ++count[v1::ASSET_TYPE_SITE];
  }
  return count;
}

// Chooses dependency targets of one type: with probability `bias` the target
// of an earlier dependency into this type (so in proportion to in-degree:
// preferential attachment), else uniformly. Integer-only and deterministic.
class TargetChooser {
 public:
  TargetChooser() = default;
  void Init(const std::vector<int32_t>* members, double bias) {
    members_ = members;
    bias_ = bias;
  }
  bool empty() const { return members_ == nullptr || members_->empty(); }
  int32_t Draw(Rng* rng) const {
    if (!chosen_.empty() && rng->Chance(bias_)) {
      return chosen_[rng->Below(chosen_.size())];
    }
    return (*members_)[rng->Below(members_->size())];
  }
  void Accept(int32_t target) { chosen_.push_back(target); }

 private:
  const std::vector<int32_t>* members_ = nullptr;
  double bias_ = 0;
  std::vector<int32_t> chosen_;
};

constexpr Dimension kC = v1::DIMENSION_CONFIDENTIALITY;
constexpr Dimension kI = v1::DIMENSION_INTEGRITY;
constexpr Dimension kA = v1::DIMENSION_AVAILABILITY;

// --- Threats and vulnerabilities ---------------------------------------------

constexpr uint32_t Bit(AssetType t) { return 1u << t; }
constexpr uint32_t kInf = Bit(v1::ASSET_TYPE_INFORMATION);
constexpr uint32_t kSw = Bit(v1::ASSET_TYPE_SOFTWARE);
constexpr uint32_t kHw = Bit(v1::ASSET_TYPE_HARDWARE);
constexpr uint32_t kSvc = Bit(v1::ASSET_TYPE_SERVICE);
constexpr uint32_t kPpl = Bit(v1::ASSET_TYPE_PEOPLE);
constexpr uint32_t kSite = Bit(v1::ASSET_TYPE_SITE);
constexpr uint32_t kSup = Bit(v1::ASSET_TYPE_SUPPLIER);
constexpr uint32_t kOth = Bit(v1::ASSET_TYPE_OTHER);

constexpr int kDimC = 1, kDimI = 2, kDimA = 4;

struct ThreatSpec {
  const char* name;
  v1::ThreatCategory category;
  int dims;        // kDimC | kDimI | kDimA
  int likelihood;  // index on the likelihood scale
  uint32_t types;  // asset types it is assessed against
};

// ISO/IEC 27005 style threats. Every asset type has at least 9 (the maximum
// risks per asset is 8, each with its own threat).
constexpr ThreatSpec kThreats[] = {
    {"Fire", v1::THREAT_CATEGORY_PHYSICAL, kDimA | kDimI, 1,
     kSite | kHw | kOth},
    {"Water damage", v1::THREAT_CATEGORY_PHYSICAL, kDimA, 1,
     kSite | kHw | kOth},
    {"Major accident", v1::THREAT_CATEGORY_PHYSICAL, kDimA, 0,
     kSite | kHw | kPpl},
    {"Destruction of equipment or media", v1::THREAT_CATEGORY_PHYSICAL,
     kDimA | kDimI, 1, kHw | kOth | kInf},
    {"Dust, corrosion or freezing", v1::THREAT_CATEGORY_PHYSICAL, kDimA, 0,
     kHw | kOth | kSite},
    {"Unauthorised physical access", v1::THREAT_CATEGORY_PHYSICAL,
     kDimC | kDimI | kDimA, 2, kSite | kHw | kInf},
    {"Flood", v1::THREAT_CATEGORY_NATURAL, kDimA, 0, kSite | kHw},
    {"Earthquake", v1::THREAT_CATEGORY_NATURAL, kDimA, 0, kSite | kHw},
    {"Severe weather", v1::THREAT_CATEGORY_NATURAL, kDimA, 1,
     kSite | kPpl | kHw | kSup},
    {"Pandemic", v1::THREAT_CATEGORY_NATURAL, kDimA, 1, kPpl | kSup | kSvc},
    {"Loss of power supply", v1::THREAT_CATEGORY_INFRASTRUCTURE_FAILURE, kDimA,
     2, kSite | kHw | kSvc},
    {"Failure of air-conditioning", v1::THREAT_CATEGORY_INFRASTRUCTURE_FAILURE,
     kDimA, 1, kSite | kHw},
    {"Telecommunication outage", v1::THREAT_CATEGORY_INFRASTRUCTURE_FAILURE,
     kDimA, 2, kSite | kSvc | kSw | kHw | kSup},
    {"Cloud provider outage", v1::THREAT_CATEGORY_INFRASTRUCTURE_FAILURE, kDimA,
     2, kSup | kSvc | kSw},
    {"Equipment failure", v1::THREAT_CATEGORY_TECHNICAL_FAILURE, kDimA, 3,
     kHw | kOth},
    {"Equipment malfunction", v1::THREAT_CATEGORY_TECHNICAL_FAILURE,
     kDimA | kDimI, 2, kHw | kOth},
    {"Saturation of the information system",
     v1::THREAT_CATEGORY_TECHNICAL_FAILURE, kDimA, 2, kSvc | kSw | kHw},
    {"Software malfunction", v1::THREAT_CATEGORY_TECHNICAL_FAILURE,
     kDimI | kDimA, 3, kSw | kSvc | kInf},
    {"Data corruption", v1::THREAT_CATEGORY_TECHNICAL_FAILURE, kDimI, 2,
     kInf | kSw},
    {"Failed change or patch", v1::THREAT_CATEGORY_TECHNICAL_FAILURE,
     kDimI | kDimA, 2, kSw | kSvc | kHw},
    {"Malware infection", v1::THREAT_CATEGORY_HUMAN_ACTION,
     kDimC | kDimI | kDimA, 3, kSw | kHw | kSvc | kInf | kSup},
    {"Ransomware", v1::THREAT_CATEGORY_HUMAN_ACTION, kDimC | kDimI | kDimA, 2,
     kHw | kSw | kSvc | kInf},
    {"Phishing", v1::THREAT_CATEGORY_HUMAN_ACTION, kDimC | kDimI, 3,
     kPpl | kInf | kSvc},
    {"Theft of equipment", v1::THREAT_CATEGORY_HUMAN_ACTION, kDimC | kDimA, 2,
     kHw | kOth},
    {"Theft of media or documents", v1::THREAT_CATEGORY_HUMAN_ACTION, kDimC, 2,
     kInf | kOth},
    {"Eavesdropping or interception", v1::THREAT_CATEGORY_HUMAN_ACTION, kDimC,
     1, kInf | kSvc},
    {"Denial of service attack", v1::THREAT_CATEGORY_HUMAN_ACTION, kDimA, 2,
     kSvc | kSw | kHw},
    {"Social engineering", v1::THREAT_CATEGORY_HUMAN_ACTION, kDimC | kDimI, 2,
     kPpl | kInf},
    {"Insider disclosure of information", v1::THREAT_CATEGORY_HUMAN_ACTION,
     kDimC, 2, kInf | kPpl},
    {"Tampering with software", v1::THREAT_CATEGORY_HUMAN_ACTION, kDimI, 1,
     kSw | kSvc},
    {"Error in use", v1::THREAT_CATEGORY_COMPROMISE_OF_FUNCTIONS, kDimI | kDimA,
     3, kSw | kSvc | kInf | kPpl},
    {"Abuse of rights", v1::THREAT_CATEGORY_COMPROMISE_OF_FUNCTIONS,
     kDimC | kDimI, 2, kInf | kSw | kSvc},
    {"Forging of rights", v1::THREAT_CATEGORY_COMPROMISE_OF_FUNCTIONS,
     kDimC | kDimI, 2, kSvc | kSw | kInf | kPpl},
    {"Unauthorised use of equipment",
     v1::THREAT_CATEGORY_COMPROMISE_OF_FUNCTIONS, kDimC | kDimI, 1, kHw | kOth},
    {"Illegal processing of personal data",
     v1::THREAT_CATEGORY_COMPROMISE_OF_FUNCTIONS, kDimC, 1, kInf | kSvc | kSup},
    {"Misconfiguration", v1::THREAT_CATEGORY_COMPROMISE_OF_FUNCTIONS,
     kDimC | kDimI | kDimA, 3, kSw | kSvc | kHw},
    {"Supplier failure", v1::THREAT_CATEGORY_ORGANIZATIONAL, kDimA, 2,
     kSup | kSvc},
    {"Loss of key personnel", v1::THREAT_CATEGORY_ORGANIZATIONAL, kDimA, 2,
     kPpl | kSvc},
    {"Breach of legal or contractual requirements",
     v1::THREAT_CATEGORY_ORGANIZATIONAL, kDimC | kDimI, 1, kInf | kSup | kSvc},
    {"Inadequate security awareness", v1::THREAT_CATEGORY_ORGANIZATIONAL,
     kDimC | kDimI | kDimA, 2, kPpl},
    {"Supply chain compromise", v1::THREAT_CATEGORY_ORGANIZATIONAL,
     kDimC | kDimI, 1, kSup | kSw},
    {"Supplier data breach", v1::THREAT_CATEGORY_ORGANIZATIONAL, kDimC, 2,
     kSup},
};
constexpr int kThreatCount = sizeof(kThreats) / sizeof(kThreats[0]);

struct VulnSpec {
  const char* name;
  const char* cve;
  int severity;  // impact index, -1 for none
};

// Well-known CVEs first, then weaknesses without a CVE.
constexpr VulnSpec kCveVulns[] = {
    {"Log4Shell remote code execution in Apache Log4j", "CVE-2021-44228", 4},
    {"Backdoor in xz-utils", "CVE-2024-3094", 4},
    {"MOVEit Transfer SQL injection", "CVE-2023-34362", 4},
    {"Heartbleed in OpenSSL", "CVE-2014-0160", 3},
    {"EternalBlue SMBv1 remote code execution", "CVE-2017-0144", 4},
    {"Citrix ADC path traversal", "CVE-2019-19781", 4},
    {"ProxyLogon in Microsoft Exchange", "CVE-2021-26855", 4},
    {"Citrix Bleed session leak", "CVE-2023-4966", 3},
    {"Spring4Shell remote code execution", "CVE-2022-22965", 3},
    {"Zerologon in Netlogon", "CVE-2020-1472", 4},
    {"FortiOS SSL VPN credential disclosure", "CVE-2018-13379", 3},
    {"Cisco IOS XE web UI privilege escalation", "CVE-2023-20198", 4},
    {"PrintNightmare in Windows Print Spooler", "CVE-2021-34527", 3},
    {"FortiOS SSL VPN out-of-bounds write", "CVE-2024-21762", 4},
    {"HTTP/2 Rapid Reset denial of service", "CVE-2023-44487", 2},
};
const char* const kWeaknesses[] = {
    "Weak password policy",
    "Missing multi-factor authentication",
    "Unpatched operating system",
    "Unencrypted backups",
    "No offsite backup",
    "Single point of failure",
    "Insufficient logging",
    "Outdated firmware",
    "Default credentials",
    "Excessive privileges",
    "Lack of security awareness training",
    "Unsupported software",
    "Open network shares",
    "Lack of change management",
    "Insecure API endpoint",
    "Untested disaster recovery",
    "Flat network without segmentation",
    "Shadow IT",
    "Inadequate physical access control",
    "No fire suppression",
    "No uninterruptible power supply",
    "Poor key management",
    "Missing data classification",
    "Unmonitored third-party access",
    "Hard-coded secrets",
    "Misconfigured cloud storage",
    "Incomplete asset inventory",
};
const char* const kWeaknessAreas[] = {
    "in the data centre",       "on end-user devices", "in cloud workloads",
    "in business applications", "at branch offices",   "in the OT network",
};
constexpr int kVulnerabilityCount = 100;

// --- Generator ---------------------------------------------------------------

struct AnnexControl {
  std::string id;
  std::string title;
  v1::ControlType type;
};

class Generator {
 public:
  explicit Generator(const GenerateOptions& options)
      : opt_(options), n_(options.assets) {}

  v1::Register Run() {
    v1::Register reg;
    reg.set_schema_version(ISMS_SCHEMA_VERSION);
    v1::Organization* org = reg.mutable_organization();
    org->set_name("Example Holdings (synthetic)");
    org->set_scope(
        "The information security management system of Example Holdings: "
        "all business units, sites, information systems and services, and "
        "the suppliers that support them.");
    org->set_description(absl::StrCat("Synthetic register from isms generate: ",
                                      n_, " assets, seed ", opt_.seed, "."));
    FillRiskMethod(reg.mutable_risk_method());
    Layout();
    People(&reg);
    Assets(&reg);
    Threats(&reg);
    Vulnerabilities(&reg);
    Controls(&reg);
    Risks(&reg);
    Soa(&reg);
    Records(&reg);
    return reg;
  }

 private:
  // Asset types per position and the members of each type.
  void Layout() {
    const std::vector<int64_t> count = TypeCounts(n_);
    type_of_.reserve(static_cast<size_t>(n_));
    // Tier order, lowest first (only matters without shuffling).
    static constexpr int kTierOrder[] = {
        v1::ASSET_TYPE_SITE,     v1::ASSET_TYPE_SUPPLIER,
        v1::ASSET_TYPE_HARDWARE, v1::ASSET_TYPE_OTHER,
        v1::ASSET_TYPE_PEOPLE,   v1::ASSET_TYPE_SOFTWARE,
        v1::ASSET_TYPE_SERVICE,  v1::ASSET_TYPE_INFORMATION};
    for (int t : kTierOrder) {
      type_of_.insert(type_of_.end(), static_cast<size_t>(count[t]),
                      static_cast<uint8_t>(t));
    }
    if (opt_.shuffle_assets) {
      Rng rng(opt_.seed, kStreamLayout);
      Shuffle(&type_of_, &rng);
    }
    for (int t = 0; t < kTypeCount; ++t) {
      members_[t].reserve(static_cast<size_t>(count[t]));
    }
    for (int64_t i = 0; i < n_; ++i) {
      members_[type_of_[i]].push_back(static_cast<int32_t>(i));
    }
    first_dep_.assign(static_cast<size_t>(n_), -1);
    owners_ = std::max<int64_t>(5, (n_ + 49) / 50);
  }

  Buf& AssetId(Buf& b, int64_t index) {
    return b.Clear().Add("A-").Num(static_cast<uint64_t>(index + 1),
                                   kAssetIdWidth);
  }
  Buf& PersonId(Buf& b, int64_t index) {
    return b.Clear().Add("P-").Num(static_cast<uint64_t>(index + 1),
                                   kPersonIdWidth);
  }
  Buf& ControlId(Buf& b, int64_t index) {
    return b.Clear().Add("C-").Num(static_cast<uint64_t>(index + 1),
                                   kControlIdWidth);
  }
  Buf& ThreatId(Buf& b, int index) {
    return b.Clear().Add("T-").Num(static_cast<uint64_t>(index + 1), 2);
  }
  Buf& VulnId(Buf& b, int index) {
    return b.Clear().Add("V-").Num(static_cast<uint64_t>(index + 1), 3);
  }
  // The business unit of a person (and of the assets they own).
  static const char* UnitOf(int64_t person) {
    return kBusinessUnits[person % kBusinessUnitCount];
  }

  void People(v1::Register* reg) {
    static const char* const kFirst[] = {
        "Alice",  "Bruno", "Chloe",  "Dmitri", "Elena", "Farid", "Grace",
        "Hiro",   "Ines",  "Jonas",  "Kofi",   "Lena",  "Mateo", "Nadia",
        "Oskar",  "Priya", "Quinn",  "Rosa",   "Sven",  "Tariq", "Uma",
        "Viktor", "Wen",   "Ximena", "Yusuf",  "Zoe"};
    static const char* const kLast[] = {
        "Anders",   "Baker",  "Costa",  "Dubois",  "Eriksen",
        "Fischer",  "Garcia", "Hansen", "Ivanova", "Jensen",
        "Kowalski", "Larsen", "Moreau", "Novak",   "Okafor",
        "Petrov",   "Quist",  "Rossi",  "Schmidt", "Tanaka",
        "Ueda",     "Varga",  "Weber",  "Yilmaz",  "Zhang"};
    static const char* const kRoles[] = {
        "Chief Information Security Officer", "Chief Executive Officer",
        "Head of IT", "Data Protection Officer", "Internal Auditor"};
    Rng rng(opt_.seed, kStreamPeople);
    reg->mutable_people()->Reserve(static_cast<int>(owners_));
    Buf b;
    for (int64_t p = 0; p < owners_; ++p) {
      v1::Person* person = reg->add_people();
      ISMS_SET(person, id, PersonId(b, p));
      b.Clear()
          .Add(kFirst[rng.Below(std::size(kFirst))])
          .Add(" ")
          .Add(kLast[rng.Below(std::size(kLast))]);
      ISMS_SET(person, name, b);
      if (p < static_cast<int64_t>(std::size(kRoles))) {
        person->set_role(kRoles[p]);
      } else {
        b.Clear().Add("Asset owner, ").Add(UnitOf(p));
        ISMS_SET(person, role, b);
      }
      if (rng.Chance(0.85)) {
        v1::Training* t = person->add_trainings();
        t->set_course("Information security awareness");
        t->set_date(dates_.Draw(&rng, -400, -1));
      }
    }
  }

  void AddDependency(v1::Asset* asset, int64_t self, int target_type,
                     double degree, std::initializer_list<Dimension> dims,
                     Rng* rng) {
    TargetChooser& chooser = choosers_[target_type];
    if (chooser.empty()) return;
    for (int attempt = 0; attempt < 4; ++attempt) {
      const int32_t target = chooser.Draw(rng);
      if (target == self) continue;
      bool duplicate = false;
      for (int32_t t : deps_scratch_) duplicate |= t == target;
      if (duplicate) continue;
      chooser.Accept(target);
      deps_scratch_.push_back(target);
      if (first_dep_[self] < 0) first_dep_[self] = target;
      v1::Dependency* dep = asset->add_depends_on();
      Buf b;
      ISMS_SET(dep, asset_id, AssetId(b, target));
      if (degree < 1) dep->set_degree(degree);
      for (Dimension d : dims) dep->add_dimensions(d);
      return;
    }
  }

  void Dependencies(v1::Asset* asset, int64_t self, int type, Rng* rng) {
    deps_scratch_.clear();
    constexpr auto kSite = v1::ASSET_TYPE_SITE;
    constexpr auto kHardware = v1::ASSET_TYPE_HARDWARE;
    constexpr auto kSoftware = v1::ASSET_TYPE_SOFTWARE;
    constexpr auto kService = v1::ASSET_TYPE_SERVICE;
    constexpr auto kPeople = v1::ASSET_TYPE_PEOPLE;
    constexpr auto kSupplier = v1::ASSET_TYPE_SUPPLIER;
    switch (type) {
      case v1::ASSET_TYPE_HARDWARE:
        // A server sits in a site; half of them only for availability.
        if (rng->Chance(0.5)) {
          AddDependency(asset, self, kSite, 1, {kA}, rng);
        } else {
          AddDependency(asset, self, kSite, 1, {}, rng);
        }
        if (rng->Chance(0.1)) {
          AddDependency(asset, self, kSupplier, 0.5, {kA}, rng);
        }
        break;
      case v1::ASSET_TYPE_OTHER:
        AddDependency(asset, self, kSite, 1, {kA}, rng);
        break;
      case v1::ASSET_TYPE_PEOPLE:
        AddDependency(asset, self, kSite, 0.5, {kA}, rng);
        break;
      case v1::ASSET_TYPE_SOFTWARE: {
        const int64_t k = rng->Between(1, 2);
        for (int64_t j = 0; j < k; ++j) {
          AddDependency(asset, self, kHardware, 1, {}, rng);
        }
        if (rng->Chance(0.2)) {
          AddDependency(asset, self, kSupplier, 0.75, {kI, kA}, rng);
        }
        break;
      }
      case v1::ASSET_TYPE_SERVICE: {
        const int64_t k = rng->Between(1, 4);
        for (int64_t j = 0; j < k; ++j) {
          AddDependency(asset, self, kSoftware, 1, {}, rng);
        }
        if (rng->Chance(0.5)) {
          AddDependency(asset, self, kHardware, 1, {kA}, rng);
        }
        if (rng->Chance(0.2)) {
          AddDependency(asset, self, kPeople, 0.5, {kA}, rng);
        }
        if (rng->Chance(0.15)) {
          AddDependency(asset, self, kSupplier, 0.75, {kA}, rng);
        }
        break;
      }
      case v1::ASSET_TYPE_INFORMATION: {
        const int64_t k = rng->Between(1, 4);
        for (int64_t j = 0; j < k; ++j) {
          const int target = rng->Chance(0.6) ? kService : kSoftware;
          const double degree = rng->Chance(0.15) ? 0.5 : 1.0;
          AddDependency(asset, self, target, degree, {}, rng);
        }
        if (rng->Chance(0.05)) {
          AddDependency(asset, self, kPeople, 0.5, {kC, kA}, rng);
        }
        break;
      }
      default:  // sites and suppliers depend on nothing here
        break;
    }
  }

  void Assets(v1::Register* reg) {
    Rng rng(opt_.seed, kStreamAssets);
    Rng dep_rng(opt_.seed, kStreamDependencies);
    for (int t = 0; t < kTypeCount; ++t) {
      choosers_[t].Init(&members_[t], opt_.fan_in_bias);
    }
    reg->mutable_assets()->Reserve(static_cast<int>(n_));
    std::vector<int64_t> ordinal(kTypeCount, 0);
    owner_of_.resize(static_cast<size_t>(n_));
    Buf b;
    for (int64_t i = 0; i < n_; ++i) {
      const int type = type_of_[i];
      v1::Asset* asset = reg->add_assets();
      ISMS_SET(asset, id, AssetId(b, i));
      const std::vector<const char*>& stems = NameStems(type);
      b.Clear()
          .Add(stems[rng.Below(stems.size())])
          .Add(" ")
          .Num(static_cast<uint64_t>(++ordinal[type]));
      ISMS_SET(asset, name, b);
      asset->set_type(static_cast<AssetType>(type));
      const int64_t owner = static_cast<int64_t>(rng.Below(owners_));
      owner_of_[i] = static_cast<int32_t>(owner);
      ISMS_SET(asset, owner, PersonId(b, owner));
      asset->set_business_unit(UnitOf(owner));
      const ValueProfile& profile = kValueProfiles[type];
      const int c = rng.Weighted(profile.c, kLevels + 1);
      const int in = rng.Weighted(profile.i, kLevels + 1);
      const int a = rng.Weighted(profile.a, kLevels + 1);
      v1::AssetValue* value = asset->mutable_value();
      if (c > 0) value->set_confidentiality(kImpactIds[c - 1]);
      if (in > 0) value->set_integrity(kImpactIds[in - 1]);
      if (a > 0) value->set_availability(kImpactIds[a - 1]);
      if (type == v1::ASSET_TYPE_INFORMATION) {
        asset->set_classification(c >= 5   ? "restricted"
                                  : c >= 4 ? "confidential"
                                  : c >= 3 ? "internal"
                                           : "public");
      }
      if (rng.Chance(0.1)) asset->add_tags(kTags[rng.Below(std::size(kTags))]);
      Dependencies(asset, i, type, &dep_rng);
    }
  }

  void Threats(v1::Register* reg) {
    Buf b;
    for (int t = 0; t < kThreatCount; ++t) {
      const ThreatSpec& spec = kThreats[t];
      v1::Threat* threat = reg->add_threats();
      ISMS_SET(threat, id, ThreatId(b, t));
      threat->set_name(spec.name);
      threat->set_category(spec.category);
      if (spec.dims & kDimC) threat->add_dimensions(kC);
      if (spec.dims & kDimI) threat->add_dimensions(kI);
      if (spec.dims & kDimA) threat->add_dimensions(kA);
      threat->set_likelihood(kLikelihoodIds[spec.likelihood]);
      threat_ids_.push_back(threat->id());
      for (int type = 1; type < kTypeCount; ++type) {
        if (spec.types & (1u << type)) threats_for_type_[type].push_back(t);
      }
    }
  }

  void Vulnerabilities(v1::Register* reg) {
    Rng rng(opt_.seed, kStreamVulnerabilities);
    Buf b;
    for (int v = 0; v < kVulnerabilityCount; ++v) {
      v1::Vulnerability* vuln = reg->add_vulnerabilities();
      ISMS_SET(vuln, id, VulnId(b, v));
      const int cves = static_cast<int>(std::size(kCveVulns));
      if (v < cves) {
        vuln->set_name(kCveVulns[v].name);
        vuln->set_cve(kCveVulns[v].cve);
        vuln->set_severity(kImpactIds[kCveVulns[v].severity]);
      } else {
        const int w = v - cves;
        const int weaknesses = static_cast<int>(std::size(kWeaknesses));
        b.Clear().Add(kWeaknesses[w % weaknesses]);
        if (w >= weaknesses) {
          b.Add(" ").Add(
              kWeaknessAreas[(w / weaknesses - 1) % std::size(kWeaknessAreas)]);
        }
        ISMS_SET(vuln, name, b);
        if (rng.Chance(0.8)) {
          vuln->set_severity(kImpactIds[rng.Between(1, 4)]);
        }
      }
      vuln_ids_.push_back(vuln->id());
    }
  }

  // The 2022 Annex A controls, from the built-in catalog.
  std::vector<AnnexControl> AnnexA() const {
    std::vector<AnnexControl> out;
    const v1::Catalog* catalog =
        CatalogSet::BuiltIn().FindCatalog(kDefaultCatalog);
    if (catalog == nullptr) return out;
    for (const v1::CatalogControl& c : catalog->controls()) {
      v1::ControlType type = v1::CONTROL_TYPE_PREVENTIVE;
      if (!c.attributes().control_types().empty()) {
        const std::string& first = c.attributes().control_types(0);
        if (first == "Detective") type = v1::CONTROL_TYPE_DETECTIVE;
        if (first == "Corrective") type = v1::CONTROL_TYPE_CORRECTIVE;
      }
      out.push_back({c.id(), c.title(), type});
    }
    return out;
  }

  static bool Excluded(absl::string_view annex_id) {
    return annex_id == "8.30";  // no outsourced development
  }

  void Controls(v1::Register* reg) {
    Rng rng(opt_.seed, kStreamControls);
    annex_ = AnnexA();
    std::vector<int> applicable;
    for (int a = 0; a < static_cast<int>(annex_.size()); ++a) {
      if (!Excluded(annex_[a].id)) applicable.push_back(a);
    }
    Shuffle(&applicable, &rng);
    const int64_t count = opt_.controls >= 0
                              ? opt_.controls
                              : std::min<int64_t>(5000, 200 + n_ / 1000);
    control_count_ = count;
    // Exact status quotas, shuffled: ~70% implemented, 15% in progress, 12%
    // planned, the rest (~3%) retired.
    std::vector<uint8_t> status;
    status.reserve(static_cast<size_t>(count));
    const int64_t implemented = (count * 70 + 50) / 100;
    const int64_t in_progress = (count * 15 + 50) / 100;
    const int64_t planned = (count * 12 + 50) / 100;
    for (int64_t k = 0; k < count; ++k) {
      status.push_back(k < implemented ? v1::CONTROL_STATUS_IMPLEMENTED
                       : k < implemented + in_progress
                           ? v1::CONTROL_STATUS_IN_PROGRESS
                       : k < implemented + in_progress + planned
                           ? v1::CONTROL_STATUS_PLANNED
                           : v1::CONTROL_STATUS_RETIRED);
    }
    Shuffle(&status, &rng);
    annex_used_.assign(annex_.size(), false);
    reg->mutable_controls()->Reserve(static_cast<int>(count));
    Buf b;
    for (int64_t k = 0; k < count; ++k) {
      v1::Control* control = reg->add_controls();
      ISMS_SET(control, id, ControlId(b, k));
      const int64_t owner = static_cast<int64_t>(rng.Below(owners_));
      ISMS_SET(control, owner, PersonId(b, owner));
      if (!applicable.empty()) {
        const int primary =
            applicable[static_cast<size_t>(k) % applicable.size()];
        const AnnexControl& annex = annex_[primary];
        annex_used_[primary] = true;
        b.Clear().Add(annex.title);
        if (k >= static_cast<int64_t>(applicable.size())) {
          b.Add(" (").Add(UnitOf(owner)).Add(")");
        }
        ISMS_SET(control, name, b);
        b.Clear().Add(kDefaultCatalog).Add("/").Add(annex.id);
        control->add_catalog_refs(b.data(), b.size());
        control->set_type(annex.type);
        if (rng.Chance(0.15)) {
          const int second = applicable[rng.Below(applicable.size())];
          if (second != primary) {
            annex_used_[second] = true;
            b.Clear().Add(kDefaultCatalog).Add("/").Add(annex_[second].id);
            control->add_catalog_refs(b.data(), b.size());
          }
        }
      } else {
        b.Clear().Add("Control ").Num(static_cast<uint64_t>(k + 1));
        ISMS_SET(control, name, b);
        control->set_type(v1::CONTROL_TYPE_PREVENTIVE);
      }
      const auto st = static_cast<v1::ControlStatus>(status[k]);
      control->set_status(st);
      switch (st) {
        case v1::CONTROL_STATUS_IMPLEMENTED:
          if (rng.Chance(0.1)) control->set_implementation(1.0);
          if (rng.Chance(0.7)) {
            control->set_last_tested(dates_.Draw(&rng, -540, -1));
          }
          if (rng.Chance(0.5)) {
            b.Clear()
                .Add("https://evidence.example.com/controls/")
                .Add(control->id());
            control->add_evidence(b.data(), b.size());
          }
          break;
        case v1::CONTROL_STATUS_IN_PROGRESS:
          control->set_implementation(rng.Hundredths(20, 80, 5));
          control->set_due_date(dates_.Draw(&rng, -90, 365));
          break;
        case v1::CONTROL_STATUS_PLANNED:
          control->set_due_date(dates_.Draw(&rng, 30, 540));
          break;
        default:
          break;
      }
      if (rng.Chance(0.9))
        control->set_effectiveness(rng.Hundredths(50, 100, 5));
      if (rng.Chance(0.85)) {
        const int64_t base = rng.Between(5, 50);
        const int64_t scale = rng.Between(1, 10);
        control->set_annual_cost(
            static_cast<double>(100 * base * scale * scale));
      }
      control_ids_.push_back(control->id());
    }
    // A pool of "usual" controls per threat: mitigations prefer them, so a
    // control treats many risks of the same kind.
    const int pool = static_cast<int>(std::min<int64_t>(16, count));
    for (int t = 0; t < kThreatCount; ++t) {
      std::vector<int32_t>& p = threat_pool_[t];
      while (static_cast<int>(p.size()) < pool) {
        const auto c = static_cast<int32_t>(rng.Below(count));
        if (std::find(p.begin(), p.end(), c) == p.end()) p.push_back(c);
      }
    }
  }

  int32_t DrawControl(int threat, Rng* rng) {
    const std::vector<int32_t>& pool = threat_pool_[threat];
    if (!pool.empty() && rng->Chance(0.6)) {
      return pool[rng->Below(pool.size())];
    }
    return static_cast<int32_t>(rng->Below(control_count_));
  }

  void Quant(v1::Risk* risk, Rng* rng) {
    v1::QuantParameters* q = risk->mutable_quant();
    q->set_currency("EUR");
    // Hundredths as integers, divided once, so that JSON shows short decimals.
    auto hundredths = [](int64_t h) { return static_cast<double>(h) / 100.0; };
    v1::Pert* tef = q->mutable_threat_event_frequency()->mutable_pert();
    const int64_t low = 5 * rng->Between(1, 20);
    tef->set_low(hundredths(low));
    tef->set_mode(hundredths(2 * low));
    tef->set_high(hundredths(low * rng->Between(4, 20)));
    v1::Pert* vuln = q->mutable_vulnerability()->mutable_pert();
    const int64_t v_low = 5 * rng->Between(1, 6);
    vuln->set_low(hundredths(v_low));
    vuln->set_mode(hundredths(v_low + 10));
    vuln->set_high(hundredths(v_low + 30));
    v1::Lognormal* loss = q->mutable_primary_loss()->mutable_lognormal();
    const double loss_low = 1000.0 * static_cast<double>(rng->Between(1, 100));
    loss->set_low(loss_low);
    loss->set_high(loss_low * static_cast<double>(rng->Between(10, 100)));
    q->mutable_secondary_loss_probability()->set_constant(
        rng->Hundredths(5, 40, 5));
    v1::Pert* secondary = q->mutable_secondary_loss()->mutable_pert();
    secondary->set_low(loss_low);
    secondary->set_mode(loss_low * 5);
    secondary->set_high(loss_low * 50);
  }

  void Risks(v1::Register* reg) {
    // Risk counts first, so that the list is reserved exactly.
    std::vector<uint8_t> per_asset(static_cast<size_t>(n_));
    {
      Rng rng(opt_.seed, kStreamRiskCounts);
      int64_t total = 0;
      for (int64_t i = 0; i < n_; ++i) {
        per_asset[i] = static_cast<uint8_t>(
            rng.Between(opt_.min_risks_per_asset, opt_.max_risks_per_asset));
        total += per_asset[i];
      }
      reg->mutable_risks()->Reserve(static_cast<int>(total));
    }
    Rng rng(opt_.seed, kStreamRisks);
    static const char* const kPlans[] = {
        "Implement the missing controls and verify them in the next audit",
        "Transfer the residual risk through cyber insurance",
        "Retire the affected system and migrate its users",
        "Accept within appetite after review"};
    Buf b;
    Buf asset_id;
    int64_t r = 0;
    int threats[kThreatCount];
    int32_t chosen[kMaxMitigationsPerRisk];
    for (int64_t i = 0; i < n_; ++i) {
      const int type = type_of_[i];
      const std::vector<int>& candidates = threats_for_type_[type];
      const int k =
          std::min<int>(per_asset[i], static_cast<int>(candidates.size()));
      // k distinct threats: a partial Fisher-Yates shuffle.
      const int m = static_cast<int>(candidates.size());
      std::copy(candidates.begin(), candidates.end(), threats);
      for (int j = 0; j < k; ++j) {
        std::swap(threats[j], threats[j + rng.Below(m - j)]);
      }
      AssetId(asset_id, i);
      for (int j = 0; j < k; ++j) {
        const int t = threats[j];
        const ThreatSpec& spec = kThreats[t];
        v1::Risk* risk = reg->add_risks();
        ISMS_SET(risk, id, b.Clear().Add("R-").Num(++r, kRiskIdWidth));
        if (opt_.risk_titles) {
          b.Clear().Add(spec.name).Add(": ").Add(
              absl::string_view(asset_id.data(), asset_id.size()));
          ISMS_SET(risk, title, b);
        }
        const int64_t owner = rng.Chance(0.8)
                                  ? owner_of_[i]
                                  : static_cast<int64_t>(rng.Below(owners_));
        ISMS_SET(risk, owner, PersonId(b, owner));
        risk->add_asset_ids(asset_id.data(), asset_id.size());
        if (rng.Chance(0.1) && n_ > 1) {
          int64_t other = first_dep_[i];
          if (other < 0) {
            other = static_cast<int64_t>(rng.Below(n_ - 1));
            if (other >= i) ++other;
          }
          AssetId(b, other);
          risk->add_asset_ids(b.data(), b.size());
        }
        risk->set_threat_id(threat_ids_[t]);
        const double vr = rng.Unit();
        if (vr < 0.45) {
          const auto first = static_cast<int>(rng.Below(kVulnerabilityCount));
          risk->add_vulnerability_ids(vuln_ids_[first]);
          if (vr < 0.1) {
            const auto second =
                static_cast<int>(rng.Below(kVulnerabilityCount));
            if (second != first) risk->add_vulnerability_ids(vuln_ids_[second]);
          }
        }
        if (rng.Chance(0.15)) {
          // One of the threat's dimensions only.
          Dimension dims[3];
          int nd = 0;
          if (spec.dims & kDimC) dims[nd++] = kC;
          if (spec.dims & kDimI) dims[nd++] = kI;
          if (spec.dims & kDimA) dims[nd++] = kA;
          if (nd > 1) risk->add_dimensions(dims[rng.Below(nd)]);
        }
        if (rng.Chance(0.3)) {
          const int64_t l = std::clamp<int64_t>(
              spec.likelihood + rng.Between(-1, 1), 0, kLevels - 1);
          risk->set_likelihood(kLikelihoodIds[l]);
        }
        if (rng.Chance(0.03)) risk->set_impact(kImpactIds[rng.Below(kLevels)]);
        // Mitigations: distinct controls.
        const int mits = static_cast<int>(rng.Between(
            opt_.min_mitigations_per_risk, opt_.max_mitigations_per_risk));
        risk->mutable_mitigations()->Reserve(mits);
        for (int x = 0; x < mits; ++x) {
          int32_t c = DrawControl(t, &rng);
          for (int attempt = 0; attempt < 8 && Contains(chosen, x, c);
               ++attempt) {
            c = DrawControl(t, &rng);
          }
          while (Contains(chosen, x, c)) {
            c = static_cast<int32_t>((c + 1) % control_count_);
          }
          chosen[x] = c;
          v1::Mitigation* mit = risk->add_mitigations();
          mit->set_control_id(control_ids_[c]);
          static constexpr int kReducesWeights[] = {5, 40, 25, 30};
          mit->set_reduces(
              static_cast<v1::Reduces>(rng.Weighted(kReducesWeights, 4)));
          if (rng.Chance(0.9)) mit->set_strength(rng.Hundredths(30, 100, 5));
        }
        risk->set_assessed_on(dates_.Draw(&rng, -365, 0));
        const double special = rng.Unit();
        if (special < 0.05) {
          v1::Treatment* tr = risk->mutable_treatment();
          static constexpr int kOptionWeights[] = {0, 70, 15, 5, 10};
          const int option = rng.Weighted(kOptionWeights, 5);
          tr->set_option(static_cast<v1::TreatmentOption>(option));
          tr->set_plan(kPlans[option == v1::TREATMENT_OPTION_MODIFY  ? 0
                              : option == v1::TREATMENT_OPTION_SHARE ? 1
                              : option == v1::TREATMENT_OPTION_AVOID ? 2
                                                                     : 3]);
          ISMS_SET(tr, owner, PersonId(b, owner));
          tr->set_due_date(dates_.Draw(&rng, -180, 365));
          tr->set_status(static_cast<v1::TreatmentStatus>(rng.Between(1, 3)));
        } else if (special < 0.06) {
          v1::Acceptance* acc = risk->mutable_acceptance();
          ISMS_SET(acc, accepted_by, PersonId(b, owner));
          const int64_t day = rng.Between(-540, -1);
          acc->set_date(dates_.At(day));
          acc->set_expires(dates_.At(day + 365));
          acc->set_rationale(
              "Residual risk reviewed and accepted by the risk owner");
        } else if (special < 0.065) {
          v1::ResidualOverride* o = risk->mutable_residual_override();
          o->set_likelihood(kLikelihoodIds[rng.Below(kLevels)]);
          if (rng.Chance(0.5)) o->set_impact(kImpactIds[rng.Below(kLevels)]);
          o->set_rationale("Judged residual risk after the last audit");
        }
        if (opt_.quant_fraction > 0 && rng.Chance(opt_.quant_fraction)) {
          Quant(risk, &rng);
        }
        if (risk_ids_sample_.size() < 16) {
          risk_ids_sample_.push_back(risk->id());
        }
      }
    }
  }

  static bool Contains(const int32_t* values, int n, int32_t value) {
    for (int i = 0; i < n; ++i) {
      if (values[i] == value) return true;
    }
    return false;
  }

  void Soa(v1::Register* reg) {
    Rng rng(opt_.seed, kStreamSoa);
    v1::StatementOfApplicability* soa = reg->mutable_soa();
    soa->set_catalog(std::string(kDefaultCatalog));
    soa->set_version("3.2");
    soa->set_approved_by("P-00001");
    soa->set_approved_on(dates_.At(-60));
    static constexpr v1::SoaReason kExtra[] = {
        v1::SOA_REASON_LEGAL, v1::SOA_REASON_CONTRACTUAL,
        v1::SOA_REASON_BUSINESS, v1::SOA_REASON_BEST_PRACTICE};
    for (size_t a = 0; a < annex_.size(); ++a) {
      v1::SoaEntry* e = soa->add_entries();
      e->set_control_ref(annex_[a].id);
      if (Excluded(annex_[a].id)) {
        e->set_applicable(false);
        e->set_exclusion_justification(
            "No software development is outsourced; all development is done "
            "in house.");
        continue;
      }
      e->set_applicable(true);
      if (annex_used_[a]) {
        e->add_reasons(v1::SOA_REASON_RISK_TREATMENT);
        e->set_justification("Selected in the risk treatment plan");
        if (rng.Chance(0.25)) e->add_reasons(kExtra[rng.Below(4)]);
      } else {
        e->add_reasons(v1::SOA_REASON_BEST_PRACTICE);
        e->set_justification("Good practice; not yet tied to a risk");
      }
    }
  }

  void Records(v1::Register* reg) {
    Rng rng(opt_.seed, kStreamRecords);
    struct DocSpec {
      v1::DocumentKind kind;
      const char* title;
    };
    static constexpr DocSpec kDocs[] = {
        {v1::DOCUMENT_KIND_ISMS_SCOPE, "ISMS scope"},
        {v1::DOCUMENT_KIND_INFORMATION_SECURITY_POLICY,
         "Information security policy"},
        {v1::DOCUMENT_KIND_INFORMATION_SECURITY_OBJECTIVES,
         "Information security objectives"},
        {v1::DOCUMENT_KIND_RISK_METHODOLOGY,
         "Risk assessment and treatment methodology"},
        {v1::DOCUMENT_KIND_STATEMENT_OF_APPLICABILITY,
         "Statement of Applicability"},
        {v1::DOCUMENT_KIND_RISK_TREATMENT_PLAN, "Risk treatment plan"},
        {v1::DOCUMENT_KIND_RISK_ASSESSMENT_REPORT, "Risk assessment report"},
        {v1::DOCUMENT_KIND_ROLES_AND_RESPONSIBILITIES,
         "Security roles and responsibilities"},
        {v1::DOCUMENT_KIND_ASSET_INVENTORY, "Inventory of assets"},
        {v1::DOCUMENT_KIND_ACCEPTABLE_USE, "Acceptable use policy"},
        {v1::DOCUMENT_KIND_ACCESS_CONTROL_POLICY, "Access control policy"},
        {v1::DOCUMENT_KIND_OPERATING_PROCEDURES, "Operating procedures"},
        {v1::DOCUMENT_KIND_SECURE_ENGINEERING_PRINCIPLES,
         "Secure engineering principles"},
        {v1::DOCUMENT_KIND_SUPPLIER_SECURITY_POLICY,
         "Supplier security policy"},
        {v1::DOCUMENT_KIND_INCIDENT_MANAGEMENT_PROCEDURE,
         "Incident management procedure"},
        {v1::DOCUMENT_KIND_BUSINESS_CONTINUITY_PROCEDURES,
         "Business continuity plan"},
        {v1::DOCUMENT_KIND_LEGAL_REQUIREMENTS,
         "Legal, regulatory and contractual requirements"},
        {v1::DOCUMENT_KIND_TRAINING_RECORDS, "Training records"},
        {v1::DOCUMENT_KIND_MONITORING_RESULTS,
         "Monitoring and measurement results"},
        {v1::DOCUMENT_KIND_INTERNAL_AUDIT_PROGRAMME,
         "Internal audit programme"},
        {v1::DOCUMENT_KIND_INTERNAL_AUDIT_RESULTS, "Internal audit report"},
        {v1::DOCUMENT_KIND_MANAGEMENT_REVIEW_RESULTS,
         "Management review minutes"},
        {v1::DOCUMENT_KIND_CORRECTIVE_ACTIONS, "Corrective action log"},
        {v1::DOCUMENT_KIND_SECURITY_EVENT_LOGS, "Security event log archive"},
        {v1::DOCUMENT_KIND_OTHER, "Clean desk guideline"},
    };
    Buf b;
    std::string minutes_id;
    int d = 0;
    for (const DocSpec& spec : kDocs) {
      v1::Document* doc = reg->add_documents();
      ISMS_SET(doc, id, b.Clear().Add("DOC-").Num(++d, 2));
      doc->set_kind(spec.kind);
      doc->set_title(spec.title);
      doc->set_owner(d <= 6 ? "P-00001" : "P-00003");
      if (spec.kind == v1::DOCUMENT_KIND_OTHER) {
        doc->set_version("0.3");
        doc->set_status(v1::DOCUMENT_STATUS_DRAFT);
      } else {
        const int64_t approved = rng.Between(-330, -20);
        b.Clear().Num(rng.Between(1, 4)).Add(".").Num(rng.Between(0, 3));
        ISMS_SET(doc, version, b);
        doc->set_status(v1::DOCUMENT_STATUS_APPROVED);
        doc->set_approved_on(dates_.At(approved));
        doc->set_next_review(dates_.At(approved + 365));
      }
      b.Clear().Add("https://intranet.example.com/isms/").Add(doc->id());
      ISMS_SET(doc, location, b);
      if (spec.kind == v1::DOCUMENT_KIND_MANAGEMENT_REVIEW_RESULTS) {
        minutes_id = doc->id();
      }
    }

    v1::Audit* internal = reg->add_audits();
    internal->set_id("AUD-01");
    internal->set_kind(v1::AUDIT_KIND_INTERNAL);
    internal->set_date(dates_.At(-120));
    internal->set_scope("Whole ISMS, clauses 4-10 and Annex A");
    internal->set_auditor("P-00005");
    internal->set_summary("Two minor nonconformities, one observation");
    v1::Audit* cert = reg->add_audits();
    cert->set_id("AUD-02");
    cert->set_kind(v1::AUDIT_KIND_CERTIFICATION);
    cert->set_date(dates_.At(-400));
    cert->set_scope("ISO/IEC 27001:2022 certification audit, stage 2");
    cert->set_auditor("Example Certification Body");
    cert->set_summary("Certificate granted with one minor nonconformity");

    struct NcSpec {
      const char* id;
      const char* audit;
      v1::NonconformitySeverity severity;
      const char* ref;
      const char* text;
      int raised;
      int closed;  // 0 = open
    };
    static constexpr NcSpec kNcs[] = {
        {"NC-01", "AUD-02", v1::NONCONFORMITY_SEVERITY_MINOR, "9.1",
         "Security metrics not reported to management", -400, -300},
        {"NC-02", "AUD-01", v1::NONCONFORMITY_SEVERITY_MINOR,
         "iso27001:2022/5.18", "Access reviews overdue for two systems", -120,
         0},
        {"NC-03", "AUD-01", v1::NONCONFORMITY_SEVERITY_MINOR,
         "iso27001:2022/8.13", "Restore tests not documented", -120, -30},
        {"NC-04", "AUD-01", v1::NONCONFORMITY_SEVERITY_OBSERVATION, "7.2",
         "Awareness training attendance could be tracked better", -120, 0},
    };
    for (const NcSpec& spec : kNcs) {
      v1::Nonconformity* nc = reg->add_nonconformities();
      nc->set_id(spec.id);
      nc->set_audit_id(spec.audit);
      nc->set_severity(spec.severity);
      nc->set_ref(spec.ref);
      nc->set_description(spec.text);
      nc->set_raised_on(dates_.At(spec.raised));
      v1::CorrectiveAction* ca = nc->mutable_corrective_action();
      ca->set_description("Correct the cause and verify the correction");
      ca->set_owner("P-00003");
      ca->set_due_date(dates_.At(spec.raised + 90));
      if (spec.closed != 0) {
        ca->set_closed_on(dates_.At(spec.closed));
        ca->set_effective(true);
      }
    }

    static const char* const kIncidents[] = {
        "Phishing e-mail led to a compromised mailbox",
        "Power failure at a branch office",
        "Lost laptop reported by an employee",
    };
    int inc = 0;
    for (const char* title : kIncidents) {
      v1::Incident* incident = reg->add_incidents();
      ISMS_SET(incident, id, b.Clear().Add("INC-").Num(++inc, 3));
      incident->set_title(title);
      incident->set_severity(
          static_cast<v1::IncidentSeverity>(rng.Between(1, 3)));
      const int64_t occurred = rng.Between(-300, -10);
      incident->set_occurred_on(dates_.At(occurred));
      incident->set_reported_on(dates_.At(occurred + 1));
      if (inc != 1) incident->set_closed_on(dates_.At(occurred + 7));
      AssetId(b, static_cast<int64_t>(rng.Below(n_)));
      incident->add_asset_ids(b.data(), b.size());
      if (!risk_ids_sample_.empty()) {
        incident->add_risk_ids(
            risk_ids_sample_[rng.Below(risk_ids_sample_.size())]);
      }
      incident->set_lessons_learned("Reviewed in the incident review meeting");
    }

    const std::vector<int32_t>& suppliers = members_[v1::ASSET_TYPE_SUPPLIER];
    for (size_t s = 0; s < suppliers.size() && s < 20; ++s) {
      v1::Supplier* sup = reg->add_suppliers();
      ISMS_SET(sup, id, b.Clear().Add("SUP-").Num(s + 1, 3));
      const v1::Asset& asset = reg->assets(suppliers[s]);
      sup->set_name(asset.name());
      sup->set_service("Services under contract");
      sup->set_asset_id(asset.id());
      sup->set_criticality(kImpactIds[rng.Between(1, 4)]);
      sup->set_security_clauses(rng.Chance(0.8));
      const int64_t assessed = rng.Between(-500, -10);
      sup->set_last_assessed(dates_.At(assessed));
      sup->set_next_assessment(dates_.At(assessed + 365));
    }

    struct ObjSpec {
      const char* statement;
      const char* metric;
      double target;
      double actual;
      const char* unit;
    };
    static constexpr ObjSpec kObjectives[] = {
        {"Train every employee in security awareness every year",
         "Share of staff trained in the last 12 months", 95, 88, "%"},
        {"Patch critical vulnerabilities quickly",
         "Median days to patch a critical vulnerability", 14, 9, "days"},
        {"Keep critical risks within appetite",
         "Number of critical risks without treatment", 0, 3, "risks"},
    };
    int o = 0;
    for (const ObjSpec& spec : kObjectives) {
      v1::Objective* obj = reg->add_objectives();
      ISMS_SET(obj, id, b.Clear().Add("OBJ-").Num(++o, 2));
      obj->set_statement(spec.statement);
      obj->set_metric(spec.metric);
      obj->set_target(spec.target);
      obj->set_actual(spec.actual);
      obj->set_unit(spec.unit);
      obj->set_owner("P-00001");
      obj->set_due_date(dates_.At(184));
      obj->set_measured_on(dates_.At(-30));
    }

    v1::ManagementReview* review = reg->add_management_reviews();
    review->set_id("MR-01");
    review->set_date(dates_.At(-90));
    review->add_attendees("P-00001");
    review->add_attendees("P-00002");
    review->add_attendees("P-00003");
    review->add_inputs("Results of the internal audit");
    review->add_inputs("Status of the risk treatment plan");
    review->add_inputs("Information security objectives");
    review->add_decisions("Approve the budget for the treatment plan");
    review->add_decisions("Repeat the phishing simulation every quarter");
    review->set_minutes_document_id(minutes_id);

    struct PartySpec {
      const char* name;
      const char* needs;
      const char* requirement;
    };
    static constexpr PartySpec kParties[] = {
        {"Customers", "Confidentiality and availability of their data",
         "Contractual security clauses"},
        {"Data protection authority", "Lawful processing of personal data",
         "GDPR"},
        {"Employees", "Protection of their personal data",
         "Works council agreement"},
        {"Shareholders", "Continuity of the business", "Annual report on risk"},
    };
    int ip = 0;
    for (const PartySpec& spec : kParties) {
      v1::InterestedParty* party = reg->add_interested_parties();
      ISMS_SET(party, id, b.Clear().Add("IP-").Num(++ip, 2));
      party->set_name(spec.name);
      party->set_needs(spec.needs);
      party->add_requirements(spec.requirement);
    }
  }

  const GenerateOptions& opt_;
  const int64_t n_;
  const Dates dates_;
  int64_t owners_ = 0;
  int64_t control_count_ = 0;
  std::vector<uint8_t> type_of_;
  std::vector<int32_t> members_[kTypeCount];
  std::vector<int32_t> first_dep_;
  std::vector<int32_t> owner_of_;
  std::vector<int32_t> deps_scratch_;
  TargetChooser choosers_[kTypeCount];
  std::vector<std::string> threat_ids_;
  std::vector<int> threats_for_type_[kTypeCount];
  std::vector<std::string> vuln_ids_;
  std::vector<AnnexControl> annex_;
  std::vector<bool> annex_used_;
  std::vector<std::string> control_ids_;
  std::vector<int32_t> threat_pool_[kThreatCount];
  std::vector<std::string> risk_ids_sample_;
};

absl::Status CheckOptions(const GenerateOptions& o) {
  if (o.assets < 1 || o.assets > kMaxAssets) {
    return absl::InvalidArgumentError(
        absl::StrCat("assets must be in 1..", kMaxAssets, ", got ", o.assets));
  }
  if (o.min_risks_per_asset < 0 ||
      o.max_risks_per_asset < o.min_risks_per_asset ||
      o.max_risks_per_asset > kMaxRisksPerAsset) {
    return absl::InvalidArgumentError(absl::StrCat(
        "risks per asset must satisfy 0 <= min <= max <= ", kMaxRisksPerAsset,
        ", got ", o.min_risks_per_asset, "..", o.max_risks_per_asset));
  }
  if (o.controls != -1 && (o.controls < 1 || o.controls > kMaxControls)) {
    return absl::InvalidArgumentError(
        absl::StrCat("controls must be -1 (automatic) or in 1..", kMaxControls,
                     ", got ", o.controls));
  }
  const int64_t controls = o.controls >= 0
                               ? o.controls
                               : std::min<int64_t>(5000, 200 + o.assets / 1000);
  if (o.min_mitigations_per_risk < 0 ||
      o.max_mitigations_per_risk < o.min_mitigations_per_risk ||
      o.max_mitigations_per_risk > kMaxMitigationsPerRisk ||
      o.max_mitigations_per_risk > controls) {
    return absl::InvalidArgumentError(absl::StrCat(
        "mitigations per risk must satisfy 0 <= min <= max <= ",
        kMaxMitigationsPerRisk, " and max <= controls (", controls, "), got ",
        o.min_mitigations_per_risk, "..", o.max_mitigations_per_risk));
  }
  if (!(o.fan_in_bias >= 0 && o.fan_in_bias <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("fan_in_bias must be in 0..1, got ", o.fan_in_bias));
  }
  if (!(o.quant_fraction >= 0 && o.quant_fraction <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("quant_fraction must be in 0..1, got ", o.quant_fraction));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Register> GenerateRegister(const GenerateOptions& options) {
  absl::Status status = CheckOptions(options);
  if (!status.ok()) return status;
  return Generator(options).Run();
}

}  // namespace isms::tools
