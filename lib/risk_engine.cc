#include "isms/risk_engine.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <thread>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "boost/graph/compressed_sparse_row_graph.hpp"
#include "boost/graph/strong_components.hpp"
#include "lib/base/parallel.h"
#include "lib/date.h"
#include "lib/engine_limits.h"
#include "lib/finding_codes.h"
#include "lib/model/controls.h"
#include "lib/model/dates.h"
#include "lib/model/ids.h"
#include "lib/risk_source.h"

namespace isms {
namespace {

constexpr int kViews = 3;
constexpr uint8_t kAxisLikelihood = 1;
constexpr uint8_t kAxisImpact = 2;
constexpr uint8_t kAllDimensions = 7;  // C | I | A
constexpr int kStatusCount = 5;        // RiskStatus values 0..4
using internal::kMaxMitigationsPerRisk;
using internal::kMaxScaleLevels;

// ceil(x - 1e-9), so that float noise never moves a level; never below 0.
// Integer arithmetic rather than std::ceil, which baseline x86-64 lacks an
// instruction for; levels are small, so the truncation cannot overflow.
inline int CeilLevel(double x) {
  const double y = x - 1e-9;
  if (!(y > 0)) return 0;
  const int t = static_cast<int>(y);  // floor, as y > 0
  return t + (t < y ? 1 : 0);
}

inline int DimensionBit(int dim) { return 1 << (dim - 1); }  // C=1, I=2, A=4

template <typename E>
uint8_t DimensionMask(const google::protobuf::RepeatedField<E>& dims) {
  uint8_t mask = 0;
  for (int d : dims) {
    if (d >= v1::DIMENSION_CONFIDENTIALITY && d <= v1::DIMENSION_AVAILABILITY) {
      mask |= DimensionBit(d);
    }
  }
  return mask == 0 ? kAllDimensions : mask;
}

uint8_t Axes(v1::Reduces reduces) {
  switch (reduces) {
    case v1::REDUCES_LIKELIHOOD:
      return kAxisLikelihood;
    case v1::REDUCES_IMPACT:
      return kAxisImpact;
    default:
      return kAxisLikelihood | kAxisImpact;
  }
}

std::string Quote(absl::string_view s) { return absl::StrCat("\"", s, "\""); }

using model::DecisionDate;
using model::DescribeDate;
using model::kNoDate;

// Interns strings (owners, business units) to dense indexes.
class Interner {
 public:
  int Add(const std::string& s) {
    auto [it, inserted] = index_.emplace(s, static_cast<int>(names_.size()));
    if (inserted) names_.push_back(s);
    return it->second;
  }
  const std::vector<std::string>& names() const { return names_; }

 private:
  absl::flat_hash_map<std::string, int> index_;
  std::vector<std::string> names_;
};

// Many strings in one buffer: at millions of risks, one std::string each
// costs an allocation and about 50 bytes more per string.
class StringTable {
 public:
  void Reserve(size_t strings) { end_.reserve(strings); }
  void Add(absl::string_view s) {
    chars_.append(s.data(), s.size());
    end_.push_back(chars_.size());
  }
  absl::string_view operator[](size_t i) const {
    const size_t begin = i == 0 ? 0 : end_[i - 1];
    return absl::string_view(chars_).substr(begin, end_[i] - begin);
  }

 private:
  std::string chars_;
  std::vector<size_t> end_;  // where string i ends and string i + 1 begins
};

}  // namespace

struct RiskEngine::State {
  EngineOptions options;
  std::string organization;
  std::string as_of;
  int as_of_days = 0;

  // --- Risk method ---
  int L = 0, I = 0, K = 0;
  std::vector<uint8_t> grid;  // L * I cells, risk level indexes
  std::vector<double> weight;
  std::vector<uint8_t> acceptable;
  std::vector<std::string> likelihood_ids, impact_ids, level_ids;
  absl::flat_hash_map<std::string, int> likelihood_index, impact_index;

  // --- Assets and the dependency graph ---
  int n_assets = 0;
  std::vector<std::string> asset_ids;
  absl::flat_hash_map<std::string, int> asset_index;
  std::vector<uint8_t> own[3];        // per asset and dimension
  std::vector<int32_t> comp;          // asset -> component
  int n_comps = 0;                    // components in topological order:
                                      // dependents before dependencies
  std::vector<int32_t> member_begin;  // component -> member assets (CSR)
  std::vector<int32_t> members;
  std::vector<int32_t> in_begin;  // component <- dependents (CSR)
  std::vector<int32_t> in_source;
  std::vector<double> in_degree;
  std::vector<uint8_t> in_dims;
  std::vector<int32_t> out_begin;  // component -> dependencies (CSR)
  std::vector<int32_t> out_target;
  std::vector<uint8_t> acc[3];            // per component and dimension
  std::vector<int32_t> asset_risk_begin;  // asset -> risks (CSR)
  std::vector<int32_t> asset_risks;

  // --- Risks ---
  int n_risks = 0;
  std::vector<std::string> risk_ids;
  StringTable risk_titles;
  // Keys view risk_ids.
  absl::flat_hash_map<absl::string_view, int> risk_index;
  std::vector<int32_t> risk_asset_begin;  // risk -> distinct assets (CSR)
  std::vector<int32_t> risk_assets;
  std::vector<uint8_t> risk_dims;
  std::vector<int8_t> own_likelihood;     // -1: the threat's
  std::vector<int8_t> threat_likelihood;  // -1: none
  std::vector<int8_t> impact_override;    // -1: derived
  // What recomputing a risk after a control or mitigation change reads and
  // writes besides its results, in 32 bytes: such a change touches risks
  // spread over millions, and each array a risk's state lives in costs a
  // cache miss per risk.
  struct alignas(32) RiskHot {
    uint32_t mit_begin = 0, mit_count = 0;
    int32_t owner = 0;                     // owner group
    int32_t unit_begin = 0, unit_end = 0;  // into risk_units
    uint32_t stamp = 0;  // the epoch the risk was last queued in
    int8_t override_l = -1, override_i = -1;  // residual_override, -1 none
    uint8_t accepted_now = 0;                 // an acceptance valid at as_of
    uint8_t inherent_stale = 0;      // the inherent values must be redone
    uint8_t l0 = 0, i0 = 0, k0 = 0;  // the inherent results, as in res_*
  };
  static_assert(sizeof(RiskHot) == 32, "half a cache line");
  std::vector<RiskHot> hot;
  std::vector<uint32_t> mit_capacity;
  // Every risk's mitigations, RiskHot::mit_begin onwards; one record each
  // so that a risk's mitigations share a cache line.
  struct MitigationSlot {
    double strength;
    int32_t control;
    uint8_t axes;  // kAxisLikelihood | kAxisImpact
  };
  std::vector<MitigationSlot> mits;
  std::vector<int32_t> risk_units;  // risk -> distinct business units
  Interner owners, units;
  // For status and findings.
  std::vector<int32_t> acceptance_date, acceptance_expires;
  std::vector<uint8_t> acceptance_signed;  // accepted_by and date given
  std::vector<uint8_t> treatment_option, treatment_status;
  std::vector<int32_t> treatment_due, assessed_on;

  // --- Controls ---
  int n_controls = 0;
  std::vector<std::string> control_ids, control_names;
  std::vector<uint8_t> control_has_owner;
  absl::flat_hash_map<std::string, int> control_index;
  std::vector<uint8_t> control_status;
  std::vector<double> implementation;  // < 0: the default for the status
  std::vector<double> effectiveness;
  std::vector<double> annual_cost;  // < 0: none
  std::vector<int32_t> control_due, control_tested;
  std::vector<double> current_factor, target_factor;
  std::vector<int32_t> control_risk_begin;  // control -> risks (CSR)
  std::vector<int32_t> control_risks;
  // Risks that gained the control through SetRiskMitigations.
  absl::flat_hash_map<int, std::vector<int32_t>> control_risks_added;

  // --- Results, per risk ---
  std::vector<uint8_t> res_l[kViews], res_i[kViews], res_k[kViews];
  std::vector<double> red_l[kViews], red_i[kViews];  // [kInherent] all 0
  std::vector<uint8_t> res_status;

  // --- Aggregates: integer counts, so deltas are exact. Exposure by asset
  // is computed on request (ToProto) from the asset -> risks index, which
  // keeps the per-risk update free of writes scattered over every asset.
  struct Aggregates {
    std::vector<int64_t> heat[kViews];    // L * I
    std::vector<int64_t> counts[kViews];  // K
    std::vector<int64_t> owner[kViews];   // owners * K
    std::vector<int64_t> unit[kViews];    // units * K
    int64_t status[kStatusCount] = {};

    void Reset(size_t cells, size_t levels, size_t owners, size_t units) {
      for (int v = 0; v < kViews; ++v) {
        heat[v].assign(cells, 0);
        counts[v].assign(levels, 0);
        owner[v].assign(owners * levels, 0);
        unit[v].assign(units * levels, 0);
      }
      std::fill(std::begin(status), std::end(status), 0);
    }
    void Add(const Aggregates& other) {
      auto add = [](std::vector<int64_t>& to,
                    const std::vector<int64_t>& from) {
        for (size_t i = 0; i < to.size(); ++i) to[i] += from[i];
      };
      for (int v = 0; v < kViews; ++v) {
        add(heat[v], other.heat[v]);
        add(counts[v], other.counts[v]);
        add(owner[v], other.owner[v]);
        add(unit[v], other.unit[v]);
      }
      for (int i = 0; i < kStatusCount; ++i) status[i] += other.status[i];
    }
  };
  Aggregates agg;

  // --- Pending changes ---
  bool evaluated = false;
  std::vector<int32_t> dirty_risks;
  std::vector<int32_t> dirty_comps;
  uint32_t epoch = 1;
  int64_t last_recomputed = 0;

  // ---------------------------------------------------------------------
  void UpdateFactors(int c) {
    current_factor[c] = model::CurrentFactor(
        control_status[c], implementation[c], effectiveness[c]);
    target_factor[c] = model::TargetFactor(control_status[c], effectiveness[c]);
  }

  int InherentLikelihood(int r) const {
    return own_likelihood[r] >= 0 ? own_likelihood[r] : threat_likelihood[r];
  }

  int InherentImpact(int r) const {
    if (impact_override[r] >= 0) return impact_override[r];
    int best = 0;
    const uint8_t mask = risk_dims[r];
    for (int j = risk_asset_begin[r]; j < risk_asset_begin[r + 1]; ++j) {
      const int c = comp[risk_assets[j]];
      for (int d = 0; d < 3; ++d) {
        if (mask & (1 << d)) best = std::max<int>(best, acc[d][c]);
      }
    }
    return best;
  }

  // The current level of a risk with one control's current factor replaced
  // (what-if); control -1 replaces nothing.
  struct Current {
    int l, i;
    double rl, ri;
  };
  Current CurrentOf(int r, int l0, int i0, int control, double factor) const {
    double keep_l = 1.0, keep_i = 1.0;
    const uint32_t end = hot[r].mit_begin + hot[r].mit_count;
    for (uint32_t j = hot[r].mit_begin; j < end; ++j) {
      const int c = mits[j].control;
      const double s =
          mits[j].strength * (c == control ? factor : current_factor[c]);
      if (mits[j].axes & kAxisLikelihood) keep_l *= 1.0 - s;
      if (mits[j].axes & kAxisImpact) keep_i *= 1.0 - s;
    }
    Current out;
    out.rl = 1.0 - keep_l;
    out.ri = 1.0 - keep_i;
    out.l = hot[r].override_l >= 0 ? hot[r].override_l
                                   : CeilLevel(l0 * (1.0 - out.rl));
    out.i = hot[r].override_i >= 0 ? hot[r].override_i
                                   : CeilLevel(i0 * (1.0 - out.ri));
    return out;
  }

  // `inherent` false reuses the stored inherent values: a control or
  // mitigation change cannot move them, and recomputing the impact from the
  // assets' values is the costliest part of a risk.
  void EvaluateRisk(int r, bool inherent = true) {
    RiskHot& h = hot[r];
    int l0, i0;
    if (inherent) {
      l0 = InherentLikelihood(r);
      i0 = InherentImpact(r);
      const int k0 = grid[l0 * I + i0];
      res_l[kInherent][r] = h.l0 = static_cast<uint8_t>(l0);
      res_i[kInherent][r] = h.i0 = static_cast<uint8_t>(i0);
      res_k[kInherent][r] = h.k0 = static_cast<uint8_t>(k0);
      h.inherent_stale = 0;
    } else {
      l0 = h.l0;
      i0 = h.i0;
    }

    double keep_l = 1.0, keep_i = 1.0;
    const uint32_t end = h.mit_begin + h.mit_count;
    for (uint32_t j = h.mit_begin; j < end; ++j) {
      const double s = mits[j].strength * target_factor[mits[j].control];
      if (mits[j].axes & kAxisLikelihood) keep_l *= 1.0 - s;
      if (mits[j].axes & kAxisImpact) keep_i *= 1.0 - s;
    }
    const double tl = 1.0 - keep_l, ti = 1.0 - keep_i;
    const int lt = CeilLevel(l0 * (1.0 - tl));
    const int it = CeilLevel(i0 * (1.0 - ti));
    res_l[kTarget][r] = lt;
    res_i[kTarget][r] = it;
    res_k[kTarget][r] = grid[lt * I + it];
    red_l[kTarget][r] = tl;
    red_i[kTarget][r] = ti;

    const Current cur = CurrentOf(r, l0, i0, -1, 0.0);
    res_l[kCurrent][r] = cur.l;
    res_i[kCurrent][r] = cur.i;
    const int kc = grid[cur.l * I + cur.i];
    res_k[kCurrent][r] = kc;
    red_l[kCurrent][r] = cur.rl;
    red_i[kCurrent][r] = cur.ri;

    v1::RiskStatus status;
    if (acceptable[kc]) {
      status = v1::RISK_STATUS_ACCEPTABLE;
    } else if (h.accepted_now) {
      status = v1::RISK_STATUS_ACCEPTED;
    } else if (acceptable[res_k[kTarget][r]]) {
      status = v1::RISK_STATUS_TREATMENT_PLANNED;
    } else {
      status = v1::RISK_STATUS_UNTREATED;
    }
    res_status[r] = status;
  }

  // First stage, a few risks ahead: the risk's own entries.
  void PrefetchRisk(int r) const {
    __builtin_prefetch(&hot[r], 1);
    for (int v = kCurrent; v < kViews; ++v) {
      __builtin_prefetch(&res_l[v][r], 1);
      __builtin_prefetch(&res_i[v][r], 1);
      __builtin_prefetch(&res_k[v][r], 1);
      __builtin_prefetch(&red_l[v][r], 1);
      __builtin_prefetch(&red_i[v][r], 1);
    }
    __builtin_prefetch(&res_status[r], 1);
  }

  // Second stage: what the risk's entries point to, and what recomputing
  // its inherent values reads when they are stale.
  void PrefetchRiskTargets(int r) const {
    const RiskHot& h = hot[r];
    __builtin_prefetch(&mits[h.mit_begin]);
    __builtin_prefetch(&risk_units[h.unit_begin]);
    if (h.inherent_stale) {
      for (int v = kInherent; v < kCurrent; ++v) {
        __builtin_prefetch(&res_l[v][r], 1);
        __builtin_prefetch(&res_i[v][r], 1);
        __builtin_prefetch(&res_k[v][r], 1);
      }
      __builtin_prefetch(&own_likelihood[r]);
      __builtin_prefetch(&threat_likelihood[r]);
      __builtin_prefetch(&impact_override[r]);
      __builtin_prefetch(&risk_dims[r]);
      __builtin_prefetch(&risk_asset_begin[r]);
    }
  }

  // Adds (sign +1) or removes (-1) a risk's results from the aggregates.
  // The risk's entries are read once up front: the counters are written
  // through int64 pointers, and the compiler could not otherwise keep byte
  // loads across those stores.
  // `inherent` false leaves the inherent view out: when the inherent values
  // did not move, removing and adding them back cancels out.
  void Contribute(int r, int sign, Aggregates& into, bool inherent) const {
    const RiskHot& h = hot[r];
    int l[kViews], i[kViews], k[kViews];
    l[kInherent] = h.l0;
    i[kInherent] = h.i0;
    k[kInherent] = h.k0;
    for (int v = kCurrent; v < kViews; ++v) {
      l[v] = res_l[v][r];
      i[v] = res_i[v][r];
      k[v] = res_k[v][r];
    }
    const size_t owner_base = static_cast<size_t>(h.owner) * K;
    const int units_begin = h.unit_begin, units_end = h.unit_end;
    for (int v = inherent ? kInherent : kCurrent; v < kViews; ++v) {
      into.heat[v][l[v] * I + i[v]] += sign;
      into.counts[v][k[v]] += sign;
      into.owner[v][owner_base + k[v]] += sign;
      for (int j = units_begin; j < units_end; ++j) {
        into.unit[v][static_cast<size_t>(risk_units[j]) * K + k[v]] += sign;
      }
    }
    into.status[res_status[r]] += sign;
  }

  void ResetAggregates(Aggregates& a) const {
    a.Reset(static_cast<size_t>(L) * I, K, owners.names().size(),
            units.names().size());
  }

  // acc of one component from its own value and its dependents'.
  void ComputeAcc(int c, uint8_t out[3]) const {
    for (int d = 0; d < 3; ++d) out[d] = 0;
    for (int m = member_begin[c]; m < member_begin[c + 1]; ++m) {
      for (int d = 0; d < 3; ++d) out[d] = std::max(out[d], own[d][members[m]]);
    }
    for (int e = in_begin[c]; e < in_begin[c + 1]; ++e) {
      const int src = in_source[e];
      for (int d = 0; d < 3; ++d) {
        if (in_dims[e] & (1 << d)) {
          out[d] = std::max<uint8_t>(
              out[d], static_cast<uint8_t>(std::min(
                          CeilLevel(acc[d][src] * in_degree[e]), I - 1)));
        }
      }
    }
  }

  void PropagateAll() {
    for (int c = 0; c < n_comps; ++c) {
      uint8_t v[3];
      ComputeAcc(c, v);
      for (int d = 0; d < 3; ++d) acc[d][c] = v[d];
    }
  }

  // `inherent`: the change can move the risk's inherent values.
  void MarkRisk(int r, bool inherent) {
    if (inherent) hot[r].inherent_stale = 1;
    if (hot[r].stamp == epoch) return;
    hot[r].stamp = epoch;
    dirty_risks.push_back(r);
  }

  void MarkControl(int c) {
    for (int j = control_risk_begin[c]; j < control_risk_begin[c + 1]; ++j) {
      MarkRisk(control_risks[j], /*inherent=*/false);
    }
    auto it = control_risks_added.find(c);
    if (it != control_risks_added.end()) {
      for (int r : it->second) MarkRisk(r, /*inherent=*/false);
    }
  }

  // Re-propagates from the changed components in topological order, touching
  // only components whose inputs changed, and marks the risks of assets
  // whose accumulated value moved.
  void PropagateDirty() {
    std::priority_queue<int, std::vector<int>, std::greater<int>> queue;
    std::vector<int32_t> queued;
    auto push = [&](int c) {
      queue.push(c);
      queued.push_back(c);
    };
    absl::flat_hash_map<int, bool> seen;
    for (int c : dirty_comps) {
      if (seen.emplace(c, true).second) push(c);
    }
    dirty_comps.clear();
    while (!queue.empty()) {
      const int c = queue.top();
      queue.pop();
      while (!queue.empty() && queue.top() == c) queue.pop();
      uint8_t v[3];
      ComputeAcc(c, v);
      if (v[0] == acc[0][c] && v[1] == acc[1][c] && v[2] == acc[2][c]) {
        continue;
      }
      for (int d = 0; d < 3; ++d) acc[d][c] = v[d];
      for (int m = member_begin[c]; m < member_begin[c + 1]; ++m) {
        const int a = members[m];
        for (int j = asset_risk_begin[a]; j < asset_risk_begin[a + 1]; ++j) {
          MarkRisk(asset_risks[j], /*inherent=*/true);
        }
      }
      for (int e = out_begin[c]; e < out_begin[c + 1]; ++e) {
        push(out_target[e]);
      }
    }
  }

  double GroupExposure(const int64_t* group_counts) const {
    double sum = 0;
    for (int k = 0; k < K; ++k) sum += group_counts[k] * weight[k];
    return sum;
  }
};

namespace {

// Compile-time failures name the place like the validator does.
absl::Status Fault(const std::string& path, const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", message));
}

// model::CheckId as a compile fault at `path`.
absl::Status CheckId(const std::string& id, const std::string& path) {
  const model::IdFault fault = model::CheckId(id);
  if (fault == model::IdFault::kNone) return absl::OkStatus();
  return Fault(path, model::DescribeIdFault(fault, id));
}

std::string TooManyMitigations() {
  return absl::StrCat("a risk may have at most ", kMaxMitigationsPerRisk,
                      " mitigations");
}

absl::Status IndexScale(const v1::Scale& scale, const std::string& path,
                        std::vector<std::string>* ids,
                        absl::flat_hash_map<std::string, int>* index) {
  if (scale.levels().empty()) return Fault(path, "the scale has no levels");
  if (scale.levels_size() > kMaxScaleLevels) {
    return Fault(path, absl::StrCat("a scale may have at most ",
                                    kMaxScaleLevels, " levels"));
  }
  for (int i = 0; i < scale.levels_size(); ++i) {
    const std::string& id = scale.levels(i).id();
    const std::string where = absl::StrCat(path, ".levels[", i, "].id");
    if (absl::Status bad = CheckId(id, where); !bad.ok()) return bad;
    if (!index->emplace(id, i).second) {
      return Fault(where, absl::StrCat("duplicate level id ", Quote(id)));
    }
    ids->push_back(id);
  }
  return absl::OkStatus();
}

// The place of a field for error messages, e.g. risks[3] + ".likelihood".
// Paths are only spelled out when there is a fault: building them for every
// field of a million-risk register would cost more than the compile itself.
struct Place {
  const char* list;  // "risks"; or a bare field name when index < 0
  int index;
  std::string Path(absl::string_view suffix) const {
    if (index < 0) return absl::StrCat(list, suffix);
    return absl::StrCat(list, "[", index, "]", suffix);
  }
};

// Level index of `id`, -1 for "", or a fault at place + suffix.
absl::StatusOr<int> Level(const absl::flat_hash_map<std::string, int>& index,
                          const std::string& id, absl::string_view scale,
                          const Place& place, absl::string_view suffix) {
  if (id.empty()) return -1;
  auto it = index.find(id);
  if (it == index.end()) {
    return Fault(place.Path(suffix),
                 absl::StrCat("unknown ", scale, " level ", Quote(id)));
  }
  return it->second;
}

template <typename T>
absl::Status IndexIds(const google::protobuf::RepeatedPtrField<T>& items,
                      absl::string_view field,
                      absl::flat_hash_map<std::string, int>* index) {
  index->reserve(items.size());
  for (int i = 0; i < items.size(); ++i) {
    if (model::CheckId(items[i].id()) != model::IdFault::kNone) {
      return CheckId(items[i].id(), absl::StrCat(field, "[", i, "].id"));
    }
    if (!index->emplace(items[i].id(), i).second) {
      return Fault(absl::StrCat(field, "[", i, "].id"),
                   absl::StrCat("duplicate id ", Quote(items[i].id())));
    }
  }
  return absl::OkStatus();
}

bool InUnitRange(double x) { return x >= 0.0 && x <= 1.0; }

}  // namespace

absl::StatusOr<std::unique_ptr<RiskEngine>> RiskEngine::Create(
    const v1::Register& reg, const EngineOptions& options) {
  return Compile(reg, internal::RepeatedRiskSource(reg.risks()), options);
}

absl::StatusOr<std::unique_ptr<RiskEngine>> RiskEngine::Compile(
    const v1::Register& reg, const internal::RiskSource& risks,
    const EngineOptions& options) {
  auto s = std::make_unique<State>();
  s->options = options;
  s->options.threads = internal::ResolveThreads(options.threads);
  s->organization = reg.organization().name();
  s->as_of = options.as_of.empty() ? internal::Today() : options.as_of;
  {
    absl::StatusOr<int> days = internal::ParseDate(s->as_of);
    if (!days.ok()) return Fault("as_of", std::string(days.status().message()));
    s->as_of_days = *days;
  }

  // --- Method ---
  const v1::RiskMethod& m = reg.risk_method();
  absl::Status st = IndexScale(m.likelihood(), "risk_method.likelihood",
                               &s->likelihood_ids, &s->likelihood_index);
  if (!st.ok()) return st;
  st = IndexScale(m.impact(), "risk_method.impact", &s->impact_ids,
                  &s->impact_index);
  if (!st.ok()) return st;
  s->L = m.likelihood().levels_size();
  s->I = m.impact().levels_size();
  s->K = m.risk_levels_size();
  if (s->K == 0 || s->K > kMaxScaleLevels) {
    return Fault(
        "risk_method.risk_levels",
        absl::StrCat("need between 1 and ", kMaxScaleLevels, " levels"));
  }
  absl::flat_hash_map<std::string, int> level_index;
  for (int k = 0; k < s->K; ++k) {
    const v1::RiskLevel& level = m.risk_levels(k);
    const std::string path = absl::StrCat("risk_method.risk_levels[", k, "]");
    if (absl::Status bad = CheckId(level.id(), path + ".id"); !bad.ok()) {
      return bad;
    }
    if (!level_index.emplace(level.id(), k).second) {
      return Fault(path + ".id",
                   absl::StrCat("duplicate risk level ", Quote(level.id())));
    }
    if (level.has_weight() && !(level.weight() >= 0)) {
      return Fault(path + ".weight", "weight is negative");
    }
    s->level_ids.push_back(level.id());
    s->weight.push_back(level.has_weight() ? level.weight() : k + 1.0);
    s->acceptable.push_back(level.acceptable());
  }
  if (m.grid_size() != s->L * s->I) {
    return Fault("risk_method.grid",
                 absl::StrCat("the grid has ", m.grid_size(), " cells; ", s->L,
                              " x ", s->I, " levels need ", s->L * s->I));
  }
  for (int c = 0; c < m.grid_size(); ++c) {
    auto it = level_index.find(m.grid(c));
    if (it == level_index.end()) {
      return Fault(absl::StrCat("risk_method.grid[", c, "]"),
                   absl::StrCat("unknown risk level ", Quote(m.grid(c))));
    }
    s->grid.push_back(it->second);
  }

  // --- Assets ---
  st = IndexIds(reg.assets(), "assets", &s->asset_index);
  if (!st.ok()) return st;
  const int n = s->n_assets = reg.assets_size();
  for (int d = 0; d < 3; ++d) s->own[d].assign(n, 0);
  s->asset_ids.reserve(n);
  std::vector<std::pair<int32_t, int32_t>> edges;  // dependent -> dependency
  std::vector<double> edge_degree;
  std::vector<uint8_t> edge_dims;
  Interner& units = s->units;
  std::vector<int32_t> asset_unit(n);
  for (int a = 0; a < n; ++a) {
    const v1::Asset& asset = reg.assets(a);
    const Place here{"assets", a};
    s->asset_ids.push_back(asset.id());
    asset_unit[a] = units.Add(asset.business_unit());
    const std::string* values[3] = {&asset.value().confidentiality(),
                                    &asset.value().integrity(),
                                    &asset.value().availability()};
    const char* names[3] = {".value.confidentiality", ".value.integrity",
                            ".value.availability"};
    for (int d = 0; d < 3; ++d) {
      absl::StatusOr<int> level =
          Level(s->impact_index, *values[d], "impact", here, names[d]);
      if (!level.ok()) return level.status();
      s->own[d][a] = static_cast<uint8_t>(std::max(0, *level));
    }
    for (int e = 0; e < asset.depends_on_size(); ++e) {
      const v1::Dependency& dep = asset.depends_on(e);
      auto path = [&](absl::string_view field) {
        return here.Path(absl::StrCat(".depends_on[", e, "]", field));
      };
      auto it = s->asset_index.find(dep.asset_id());
      if (it == s->asset_index.end()) {
        return Fault(path(".asset_id"),
                     absl::StrCat("unknown asset ", Quote(dep.asset_id())));
      }
      const double degree = dep.has_degree() ? dep.degree() : 1.0;
      if (!InUnitRange(degree)) {
        return Fault(path(".degree"),
                     absl::StrCat("degree ", degree, " is outside 0..1"));
      }
      edges.emplace_back(a, it->second);
      edge_degree.push_back(degree);
      edge_dims.push_back(DimensionMask(dep.dimensions()));
    }
  }

  // Strongly connected components (Boost.Graph on a CSR graph), then a
  // topological order of the condensation: dependents before dependencies.
  {
    using Graph = boost::compressed_sparse_row_graph<boost::directedS>;
    Graph graph(boost::edges_are_unsorted_multi_pass, edges.begin(),
                edges.end(), static_cast<size_t>(n));
    std::vector<int> scc(n);
    const int count =
        n == 0 ? 0
               : boost::strong_components(
                     graph,
                     boost::make_iterator_property_map(
                         scc.begin(), boost::get(boost::vertex_index, graph)));
    std::vector<int> size(count, 0);
    for (int a = 0; a < n; ++a) size[scc[a]]++;
    std::vector<uint8_t> self_loop(count, 0);
    for (const auto& [from, to] : edges) {
      if (from == to) self_loop[scc[from]] = 1;
    }
    if (options.strict_cycles) {
      for (int a = 0; a < n; ++a) {
        if (size[scc[a]] > 1 || self_loop[scc[a]]) {
          std::vector<std::string> ids;
          for (int b = 0; b < n && ids.size() < 20; ++b) {
            if (scc[b] == scc[a]) ids.push_back(s->asset_ids[b]);
          }
          return Fault(
              absl::StrCat("assets[", a, "]"),
              absl::StrCat("dependency cycle among ", absl::StrJoin(ids, ", "),
                           " (strict_cycles)"));
        }
      }
    }
    // Kahn's algorithm on the condensation.
    std::vector<int32_t> indegree(count, 0);
    std::vector<int32_t> dag_begin(count + 1, 0), dag_next;
    for (const auto& [from, to] : edges) {
      if (scc[from] != scc[to]) {
        indegree[scc[to]]++;
        dag_begin[scc[from] + 1]++;
      }
    }
    for (int c = 0; c < count; ++c) dag_begin[c + 1] += dag_begin[c];
    dag_next.resize(dag_begin[count]);
    {
      std::vector<int32_t> fill(dag_begin.begin(), dag_begin.end() - 1);
      for (const auto& [from, to] : edges) {
        if (scc[from] != scc[to]) dag_next[fill[scc[from]]++] = scc[to];
      }
    }
    std::vector<int32_t> order;  // position -> scc id
    order.reserve(count);
    for (int c = 0; c < count; ++c) {
      if (indegree[c] == 0) order.push_back(c);
    }
    for (size_t head = 0; head < order.size(); ++head) {
      const int c = order[head];
      for (int e = dag_begin[c]; e < dag_begin[c + 1]; ++e) {
        if (--indegree[dag_next[e]] == 0) order.push_back(dag_next[e]);
      }
    }
    std::vector<int32_t> position(count);
    for (int p = 0; p < count; ++p) position[order[p]] = p;
    s->n_comps = count;
    s->comp.resize(n);
    for (int a = 0; a < n; ++a) s->comp[a] = position[scc[a]];

    // Members, in-edges and out-edges per component (CSR).
    s->member_begin.assign(count + 1, 0);
    for (int a = 0; a < n; ++a) s->member_begin[s->comp[a] + 1]++;
    for (int c = 0; c < count; ++c)
      s->member_begin[c + 1] += s->member_begin[c];
    s->members.resize(n);
    {
      std::vector<int32_t> fill(s->member_begin.begin(),
                                s->member_begin.end() - 1);
      for (int a = 0; a < n; ++a) s->members[fill[s->comp[a]]++] = a;
    }
    s->in_begin.assign(count + 1, 0);
    s->out_begin.assign(count + 1, 0);
    for (const auto& [from, to] : edges) {
      const int cf = s->comp[from], ct = s->comp[to];
      if (cf == ct) continue;  // inside a cycle: members share the max
      s->in_begin[ct + 1]++;
      s->out_begin[cf + 1]++;
    }
    for (int c = 0; c < count; ++c) {
      s->in_begin[c + 1] += s->in_begin[c];
      s->out_begin[c + 1] += s->out_begin[c];
    }
    s->in_source.resize(s->in_begin[count]);
    s->in_degree.resize(s->in_begin[count]);
    s->in_dims.resize(s->in_begin[count]);
    s->out_target.resize(s->out_begin[count]);
    std::vector<int32_t> in_fill(s->in_begin.begin(), s->in_begin.end() - 1);
    std::vector<int32_t> out_fill(s->out_begin.begin(), s->out_begin.end() - 1);
    for (size_t e = 0; e < edges.size(); ++e) {
      const int cf = s->comp[edges[e].first], ct = s->comp[edges[e].second];
      if (cf == ct) continue;
      const int slot = in_fill[ct]++;
      s->in_source[slot] = cf;
      s->in_degree[slot] = edge_degree[e];
      s->in_dims[slot] = edge_dims[e];
      s->out_target[out_fill[cf]++] = ct;
    }
    for (int d = 0; d < 3; ++d) s->acc[d].assign(count, 0);
  }

  // --- Threats, controls ---
  absl::flat_hash_map<std::string, int> threat_index;
  st = IndexIds(reg.threats(), "threats", &threat_index);
  if (!st.ok()) return st;
  std::vector<int8_t> threat_likelihood(reg.threats_size());
  std::vector<uint8_t> threat_dims(reg.threats_size());
  for (int t = 0; t < reg.threats_size(); ++t) {
    absl::StatusOr<int> level =
        Level(s->likelihood_index, reg.threats(t).likelihood(), "likelihood",
              Place{"threats", t}, ".likelihood");
    if (!level.ok()) return level.status();
    threat_likelihood[t] = static_cast<int8_t>(*level);
    threat_dims[t] = DimensionMask(reg.threats(t).dimensions());
  }
  absl::flat_hash_map<std::string, int> vulnerability_index;
  st = IndexIds(reg.vulnerabilities(), "vulnerabilities", &vulnerability_index);
  if (!st.ok()) return st;

  st = IndexIds(reg.controls(), "controls", &s->control_index);
  if (!st.ok()) return st;
  const int nc = s->n_controls = reg.controls_size();
  s->control_status.resize(nc);
  s->implementation.resize(nc);
  s->effectiveness.resize(nc);
  s->annual_cost.resize(nc);
  s->control_due.resize(nc);
  s->control_tested.resize(nc);
  s->control_has_owner.resize(nc);
  s->current_factor.resize(nc);
  s->target_factor.resize(nc);
  for (int c = 0; c < nc; ++c) {
    const v1::Control& control = reg.controls(c);
    const Place here{"controls", c};
    s->control_ids.push_back(control.id());
    s->control_names.push_back(control.name());
    s->control_has_owner[c] = !control.owner().empty();
    s->control_status[c] = static_cast<uint8_t>(
        v1::ControlStatus_IsValid(control.status()) ? control.status() : 0);
    if (control.has_implementation() &&
        !InUnitRange(control.implementation())) {
      return Fault(here.Path(".implementation"),
                   "implementation is outside 0..1");
    }
    if (control.has_effectiveness() && !InUnitRange(control.effectiveness())) {
      return Fault(here.Path(".effectiveness"),
                   "effectiveness is outside 0..1");
    }
    s->implementation[c] =
        control.has_implementation() ? control.implementation() : -1.0;
    s->effectiveness[c] =
        control.has_effectiveness() ? control.effectiveness() : 1.0;
    s->annual_cost[c] = control.has_annual_cost() ? control.annual_cost() : -1;
    s->control_due[c] = DecisionDate(control.due_date());
    s->control_tested[c] = DecisionDate(control.last_tested());
    s->UpdateFactors(c);
  }

  // --- Risks ---
  const int nr = s->n_risks = risks.size();
  s->risk_index.reserve(nr);
  s->risk_ids.reserve(nr);
  s->risk_titles.Reserve(nr);
  s->risk_asset_begin.reserve(nr + 1);
  s->risk_asset_begin.push_back(0);
  s->risk_dims.resize(nr);
  s->own_likelihood.resize(nr);
  s->threat_likelihood.resize(nr);
  s->impact_override.resize(nr);
  s->hot.resize(nr);
  s->mit_capacity.resize(nr);
  s->acceptance_date.resize(nr);
  s->acceptance_expires.resize(nr);
  s->acceptance_signed.resize(nr);
  s->treatment_option.resize(nr);
  s->treatment_status.resize(nr);
  s->treatment_due.resize(nr);
  s->assessed_on.resize(nr);
  const size_t total_mitigations = risks.mitigations_hint();
  s->mits.reserve(total_mitigations);
  std::vector<int32_t> control_risk_count(nc + 1, 0);
  st = risks.ForEach([&](int r, const v1::Risk& risk) -> absl::Status {
    const Place here{"risks", r};
    if (model::CheckId(risk.id()) != model::IdFault::kNone) {
      return CheckId(risk.id(), here.Path(".id"));
    }
    if (r >= nr) return absl::InternalError("more risks than announced");
    // risk_ids never grows past its reserved size, so the index's keys may
    // point into it.
    const std::string& id = s->risk_ids.emplace_back(risk.id());
    if (!s->risk_index.emplace(id, r).second) {
      return Fault(here.Path(".id"), absl::StrCat("duplicate id ", Quote(id)));
    }
    s->risk_titles.Add(risk.title());
    if (risk.asset_ids().empty()) {
      return Fault(here.Path(".asset_ids"), "the risk names no asset");
    }
    const size_t first_asset = s->risk_assets.size();
    for (int j = 0; j < risk.asset_ids_size(); ++j) {
      auto it = s->asset_index.find(risk.asset_ids(j));
      if (it == s->asset_index.end()) {
        return Fault(here.Path(absl::StrCat(".asset_ids[", j, "]")),
                     absl::StrCat("unknown asset ", Quote(risk.asset_ids(j))));
      }
      if (std::find(s->risk_assets.begin() + first_asset, s->risk_assets.end(),
                    it->second) == s->risk_assets.end()) {
        s->risk_assets.push_back(it->second);
      }
    }
    s->risk_asset_begin.push_back(static_cast<int32_t>(s->risk_assets.size()));
    const size_t first_unit = s->risk_units.size();
    for (size_t j = first_asset; j < s->risk_assets.size(); ++j) {
      const int u = asset_unit[s->risk_assets[j]];
      if (std::find(s->risk_units.begin() + first_unit, s->risk_units.end(),
                    u) == s->risk_units.end()) {
        s->risk_units.push_back(u);
      }
    }
    s->hot[r].unit_begin = static_cast<int32_t>(first_unit);
    s->hot[r].unit_end = static_cast<int32_t>(s->risk_units.size());

    int threat = -1;
    if (!risk.threat_id().empty()) {
      auto it = threat_index.find(risk.threat_id());
      if (it == threat_index.end()) {
        return Fault(here.Path(".threat_id"),
                     absl::StrCat("unknown threat ", Quote(risk.threat_id())));
      }
      threat = it->second;
    }
    for (int j = 0; j < risk.vulnerability_ids_size(); ++j) {
      if (!vulnerability_index.contains(risk.vulnerability_ids(j))) {
        return Fault(here.Path(absl::StrCat(".vulnerability_ids[", j, "]")),
                     absl::StrCat("unknown vulnerability ",
                                  Quote(risk.vulnerability_ids(j))));
      }
    }
    s->risk_dims[r] = !risk.dimensions().empty()
                          ? DimensionMask(risk.dimensions())
                      : threat >= 0 ? threat_dims[threat]
                                    : kAllDimensions;
    absl::StatusOr<int> level = Level(s->likelihood_index, risk.likelihood(),
                                      "likelihood", here, ".likelihood");
    if (!level.ok()) return level.status();
    s->own_likelihood[r] = static_cast<int8_t>(*level);
    s->threat_likelihood[r] = threat >= 0 ? threat_likelihood[threat] : -1;
    if (s->own_likelihood[r] < 0 && s->threat_likelihood[r] < 0) {
      return Fault(here.Path(".likelihood"),
                   "no likelihood, and no threat likelihood to take");
    }
    level = Level(s->impact_index, risk.impact(), "impact", here, ".impact");
    if (!level.ok()) return level.status();
    s->impact_override[r] = static_cast<int8_t>(*level);
    level = Level(s->likelihood_index, risk.residual_override().likelihood(),
                  "likelihood", here, ".residual_override.likelihood");
    if (!level.ok()) return level.status();
    s->hot[r].override_l = static_cast<int8_t>(*level);
    level = Level(s->impact_index, risk.residual_override().impact(), "impact",
                  here, ".residual_override.impact");
    if (!level.ok()) return level.status();
    s->hot[r].override_i = static_cast<int8_t>(*level);

    if (risk.mitigations_size() > kMaxMitigationsPerRisk) {
      return Fault(here.Path(".mitigations"), TooManyMitigations());
    }
    s->hot[r].mit_begin = static_cast<uint32_t>(s->mits.size());
    for (int j = 0; j < risk.mitigations_size(); ++j) {
      const v1::Mitigation& mit = risk.mitigations(j);
      auto path = [&](absl::string_view field) {
        return here.Path(absl::StrCat(".mitigations[", j, "]", field));
      };
      auto it = s->control_index.find(mit.control_id());
      if (it == s->control_index.end()) {
        return Fault(path(".control_id"),
                     absl::StrCat("unknown control ", Quote(mit.control_id())));
      }
      const double strength = mit.has_strength() ? mit.strength() : 1.0;
      if (!InUnitRange(strength)) {
        return Fault(path(".strength"), "strength is outside 0..1");
      }
      s->mits.push_back({strength, it->second, Axes(mit.reduces())});
      control_risk_count[it->second + 1]++;
    }
    s->hot[r].mit_count = s->mit_capacity[r] =
        static_cast<uint32_t>(s->mits.size()) - s->hot[r].mit_begin;
    s->hot[r].owner = s->owners.Add(risk.owner());

    const v1::Acceptance& acceptance = risk.acceptance();
    s->acceptance_date[r] = DecisionDate(acceptance.date());
    s->acceptance_expires[r] = DecisionDate(acceptance.expires());
    s->acceptance_signed[r] = model::AcceptanceRecorded(acceptance);
    s->hot[r].accepted_now = model::AcceptanceValidAt(
        s->acceptance_date[r], s->acceptance_expires[r], s->as_of_days);
    s->treatment_option[r] = static_cast<uint8_t>(risk.treatment().option());
    s->treatment_status[r] = static_cast<uint8_t>(risk.treatment().status());
    s->treatment_due[r] = DecisionDate(risk.treatment().due_date());
    s->assessed_on[r] = DecisionDate(risk.assessed_on());
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (static_cast<int>(s->risk_ids.size()) != nr) {
    return absl::InternalError(
        "the risk source visited fewer risks than it has");
  }

  // Inverse indexes: control -> risks (a risk once per control) and
  // asset -> risks.
  for (int c = 0; c < nc; ++c)
    control_risk_count[c + 1] += control_risk_count[c];
  s->control_risk_begin = control_risk_count;
  s->control_risks.assign(control_risk_count[nc], -1);
  {
    std::vector<int32_t> fill(control_risk_count.begin(),
                              control_risk_count.end() - 1);
    for (int r = 0; r < nr; ++r) {
      for (uint32_t j = s->hot[r].mit_begin;
           j < s->hot[r].mit_begin + s->hot[r].mit_count; ++j) {
        const int c = s->mits[j].control;
        if (fill[c] > s->control_risk_begin[c] &&
            s->control_risks[fill[c] - 1] == r) {
          continue;  // the same control twice in one risk
        }
        s->control_risks[fill[c]++] = r;
      }
    }
    // Compact away the slots left by duplicates.
    std::vector<int32_t> begin(nc + 1, 0);
    size_t out = 0;
    for (int c = 0; c < nc; ++c) {
      begin[c] = static_cast<int32_t>(out);
      for (int j = s->control_risk_begin[c]; j < fill[c]; ++j) {
        s->control_risks[out++] = s->control_risks[j];
      }
    }
    begin[nc] = static_cast<int32_t>(out);
    s->control_risks.resize(out);
    s->control_risk_begin = std::move(begin);
  }
  s->asset_risk_begin.assign(n + 1, 0);
  for (int32_t a : s->risk_assets) s->asset_risk_begin[a + 1]++;
  for (int a = 0; a < n; ++a)
    s->asset_risk_begin[a + 1] += s->asset_risk_begin[a];
  s->asset_risks.resize(s->risk_assets.size());
  {
    std::vector<int32_t> fill(s->asset_risk_begin.begin(),
                              s->asset_risk_begin.end() - 1);
    for (int r = 0; r < nr; ++r) {
      for (int j = s->risk_asset_begin[r]; j < s->risk_asset_begin[r + 1];
           ++j) {
        s->asset_risks[fill[s->risk_assets[j]]++] = r;
      }
    }
  }

  // Results and aggregates.
  for (int v = 0; v < kViews; ++v) {
    s->res_l[v].assign(nr, 0);
    s->res_i[v].assign(nr, 0);
    s->res_k[v].assign(nr, 0);
    s->red_l[v].assign(nr, 0.0);  // kInherent stays 0
    s->red_i[v].assign(nr, 0.0);
  }
  s->res_status.assign(nr, 0);
  s->ResetAggregates(s->agg);
  return std::unique_ptr<RiskEngine>(new RiskEngine(std::move(s)));
}

RiskEngine::RiskEngine(std::unique_ptr<State> state) : s_(std::move(state)) {}
RiskEngine::~RiskEngine() = default;

void RiskEngine::EvaluateAssetValues() {
  // Once evaluated, pending asset changes must first queue their risks for
  // Recalculate(): the full propagation alone would apply them and forget
  // which risks they move. It then finds nothing left to change.
  if (s_->evaluated) s_->PropagateDirty();
  s_->PropagateAll();
}

void RiskEngine::Evaluate() {
  State& s = *s_;
  s.PropagateAll();
  // Each chunk of risks is evaluated and summed into its own partial
  // aggregates, merged afterwards: no shared writes between threads.
  const int chunks = internal::ParallelChunks(s.n_risks, s.options.threads,
                                              /*min_per_chunk=*/1 << 15);
  std::vector<State::Aggregates> partials(chunks);
  internal::ParallelFor(s.n_risks, chunks,
                        [&s, &partials](int chunk, int64_t b, int64_t e) {
                          State::Aggregates& mine = partials[chunk];
                          s.ResetAggregates(mine);
                          for (int64_t r = b; r < e; ++r) {
                            s.EvaluateRisk(static_cast<int>(r));
                            s.Contribute(static_cast<int>(r), +1, mine,
                                         /*inherent=*/true);
                          }
                        });
  s.ResetAggregates(s.agg);
  for (const State::Aggregates& p : partials) {
    if (!p.heat[0].empty()) s.agg.Add(p);
  }
  s.dirty_risks.clear();
  s.dirty_comps.clear();
  ++s.epoch;
  s.evaluated = true;
  s.last_recomputed = s.n_risks;
}

void RiskEngine::Recalculate() {
  State& s = *s_;
  if (!s.evaluated) {
    Evaluate();
    return;
  }
  if (!s.dirty_comps.empty()) s.PropagateDirty();
  // The dirty risks are scattered over arrays far larger than the caches:
  // prefetch each risk's own entries a few risks ahead, and what they point
  // to (mitigations, assets) a little later, so the misses overlap.
  const std::vector<int32_t>& dirty = s.dirty_risks;
  constexpr size_t kAhead = 8, kAheadIndirect = 4;
  for (size_t j = 0; j < dirty.size(); ++j) {
    if (j + kAhead < dirty.size()) s.PrefetchRisk(dirty[j + kAhead]);
    if (j + kAheadIndirect < dirty.size()) {
      s.PrefetchRiskTargets(dirty[j + kAheadIndirect]);
    }
    const int r = dirty[j];
    const bool inherent = s.hot[r].inherent_stale;
    s.Contribute(r, -1, s.agg, inherent);
    s.EvaluateRisk(r, inherent);
    s.Contribute(r, +1, s.agg, inherent);
  }
  s.last_recomputed = static_cast<int64_t>(s.dirty_risks.size());
  s.dirty_risks.clear();
  ++s.epoch;
}

int64_t RiskEngine::last_recomputed() const { return s_->last_recomputed; }

namespace {

absl::Status UnknownId(absl::string_view kind, absl::string_view id) {
  return absl::NotFoundError(absl::StrCat("unknown ", kind, " ", Quote(id)));
}

}  // namespace

absl::Status RiskEngine::SetControlStatus(absl::string_view control_id,
                                          v1::ControlStatus status) {
  auto it = s_->control_index.find(control_id);
  if (it == s_->control_index.end()) return UnknownId("control", control_id);
  if (!v1::ControlStatus_IsValid(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown control status ", static_cast<int>(status)));
  }
  s_->control_status[it->second] = static_cast<uint8_t>(status);
  s_->UpdateFactors(it->second);
  s_->MarkControl(it->second);
  return absl::OkStatus();
}

absl::Status RiskEngine::SetControlImplementation(absl::string_view control_id,
                                                  double implementation) {
  auto it = s_->control_index.find(control_id);
  if (it == s_->control_index.end()) return UnknownId("control", control_id);
  if (!InUnitRange(implementation)) {
    return absl::InvalidArgumentError(
        absl::StrCat("implementation ", implementation, " is outside 0..1"));
  }
  s_->implementation[it->second] = implementation;
  s_->UpdateFactors(it->second);
  s_->MarkControl(it->second);
  return absl::OkStatus();
}

absl::Status RiskEngine::SetControlEffectiveness(absl::string_view control_id,
                                                 double effectiveness) {
  auto it = s_->control_index.find(control_id);
  if (it == s_->control_index.end()) return UnknownId("control", control_id);
  if (!InUnitRange(effectiveness)) {
    return absl::InvalidArgumentError(
        absl::StrCat("effectiveness ", effectiveness, " is outside 0..1"));
  }
  s_->effectiveness[it->second] = effectiveness;
  s_->UpdateFactors(it->second);
  s_->MarkControl(it->second);
  return absl::OkStatus();
}

absl::Status RiskEngine::SetAssetValue(absl::string_view asset_id,
                                       v1::Dimension dim,
                                       absl::string_view impact_level) {
  auto it = s_->asset_index.find(asset_id);
  if (it == s_->asset_index.end()) return UnknownId("asset", asset_id);
  if (dim < v1::DIMENSION_CONFIDENTIALITY || dim > v1::DIMENSION_AVAILABILITY) {
    return absl::InvalidArgumentError("the dimension must be C, I or A");
  }
  absl::StatusOr<int> level = Level(s_->impact_index, std::string(impact_level),
                                    "impact", Place{"value", -1}, "");
  if (!level.ok()) return level.status();
  s_->own[dim - 1][it->second] = static_cast<uint8_t>(std::max(0, *level));
  s_->dirty_comps.push_back(s_->comp[it->second]);
  return absl::OkStatus();
}

absl::Status RiskEngine::SetRiskLikelihood(absl::string_view risk_id,
                                           absl::string_view likelihood_level) {
  auto it = s_->risk_index.find(risk_id);
  if (it == s_->risk_index.end()) return UnknownId("risk", risk_id);
  absl::StatusOr<int> level =
      Level(s_->likelihood_index, std::string(likelihood_level), "likelihood",
            Place{"likelihood", -1}, "");
  if (!level.ok()) return level.status();
  const int r = it->second;
  if (*level < 0 && s_->threat_likelihood[r] < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "risk ", Quote(risk_id), " has no threat likelihood to fall back on"));
  }
  s_->own_likelihood[r] = static_cast<int8_t>(*level);
  s_->MarkRisk(r, /*inherent=*/true);
  return absl::OkStatus();
}

absl::Status RiskEngine::SetRiskImpact(absl::string_view risk_id,
                                       absl::string_view impact_level) {
  auto it = s_->risk_index.find(risk_id);
  if (it == s_->risk_index.end()) return UnknownId("risk", risk_id);
  absl::StatusOr<int> level = Level(s_->impact_index, std::string(impact_level),
                                    "impact", Place{"impact", -1}, "");
  if (!level.ok()) return level.status();
  s_->impact_override[it->second] = static_cast<int8_t>(*level);
  s_->MarkRisk(it->second, /*inherent=*/true);
  return absl::OkStatus();
}

absl::Status RiskEngine::SetRiskMitigations(
    absl::string_view risk_id, absl::Span<const v1::Mitigation> mitigations) {
  State& s = *s_;
  auto it = s.risk_index.find(risk_id);
  if (it == s.risk_index.end()) return UnknownId("risk", risk_id);
  const int r = it->second;
  if (mitigations.size() > static_cast<size_t>(kMaxMitigationsPerRisk)) {
    return absl::InvalidArgumentError(TooManyMitigations());
  }
  std::vector<int32_t> controls;
  for (size_t j = 0; j < mitigations.size(); ++j) {
    const v1::Mitigation& mit = mitigations[j];
    auto c = s.control_index.find(mit.control_id());
    if (c == s.control_index.end()) {
      return absl::NotFoundError(absl::StrCat(
          "mitigations[", j, "]: unknown control ", Quote(mit.control_id())));
    }
    if (mit.has_strength() && !InUnitRange(mit.strength())) {
      return absl::InvalidArgumentError(
          absl::StrCat("mitigations[", j, "]: strength is outside 0..1"));
    }
    controls.push_back(c->second);
  }
  // Reuse the risk's slots when they suffice; otherwise move it to the end
  // of the mitigation arrays (its old slots stay unused).
  const uint32_t count = static_cast<uint32_t>(mitigations.size());
  if (count > s.mit_capacity[r]) {
    s.hot[r].mit_begin = static_cast<uint32_t>(s.mits.size());
    s.mit_capacity[r] = count;
    s.mits.resize(s.mits.size() + count);
  }
  for (uint32_t j = 0; j < count; ++j) {
    const v1::Mitigation& mit = mitigations[j];
    const uint32_t slot = s.hot[r].mit_begin + j;
    s.mits[slot].control = controls[j];
    s.mits[slot].strength = mit.has_strength() ? mit.strength() : 1.0;
    s.mits[slot].axes = Axes(mit.reduces());
    // Later changes to this control must reach the risk. A stale entry (a
    // control the risk no longer names) only costs a needless recompute.
    const int c = controls[j];
    bool known = false;
    for (int k = s.control_risk_begin[c]; k < s.control_risk_begin[c + 1];
         ++k) {
      if (s.control_risks[k] == r) {
        known = true;
        break;
      }
    }
    if (!known) {
      std::vector<int32_t>& added = s.control_risks_added[c];
      if (std::find(added.begin(), added.end(), r) == added.end()) {
        added.push_back(r);
      }
    }
  }
  s.hot[r].mit_count = count;
  s.MarkRisk(r, /*inherent=*/false);
  return absl::OkStatus();
}

int RiskEngine::risk_count() const { return s_->n_risks; }
int RiskEngine::likelihood_levels() const { return s_->L; }
int RiskEngine::impact_levels() const { return s_->I; }
int RiskEngine::risk_levels() const { return s_->K; }
absl::Span<const uint8_t> RiskEngine::likelihood(View view) const {
  return s_->res_l[view];
}
absl::Span<const uint8_t> RiskEngine::impact(View view) const {
  return s_->res_i[view];
}
absl::Span<const uint8_t> RiskEngine::level(View view) const {
  return s_->res_k[view];
}
absl::Span<const double> RiskEngine::likelihood_reduction(View view) const {
  return s_->red_l[view];
}
absl::Span<const double> RiskEngine::impact_reduction(View view) const {
  return s_->red_i[view];
}
absl::Span<const uint8_t> RiskEngine::status() const { return s_->res_status; }
absl::Span<const int64_t> RiskEngine::heatmap(View view) const {
  return s_->agg.heat[view];
}
absl::Span<const int64_t> RiskEngine::level_counts(View view) const {
  return s_->agg.counts[view];
}
const std::string& RiskEngine::as_of() const { return s_->as_of; }

int RiskEngine::accumulated_value(int asset_index, v1::Dimension dim) const {
  if (asset_index < 0 || asset_index >= s_->n_assets ||
      dim < v1::DIMENSION_CONFIDENTIALITY || dim > v1::DIMENSION_AVAILABILITY) {
    return -1;
  }
  return s_->acc[dim - 1][s_->comp[asset_index]];
}

double RiskEngine::exposure(View view) const {
  return s_->GroupExposure(s_->agg.counts[view].data());
}

std::vector<int> RiskEngine::TopRisks(int n) const {
  const State& s = *s_;
  if (n <= 0 || s.n_risks == 0) return {};
  n = std::min(n, s.n_risks);  // reserve(n + 1) below must not overflow
  // Higher first: level, impact, likelihood; then the lower id.
  auto before = [&s](int a, int b) {
    const auto ka = std::make_tuple(s.res_k[kCurrent][a], s.res_i[kCurrent][a],
                                    s.res_l[kCurrent][a]);
    const auto kb = std::make_tuple(s.res_k[kCurrent][b], s.res_i[kCurrent][b],
                                    s.res_l[kCurrent][b]);
    if (ka != kb) return ka > kb;
    return s.risk_ids[a] < s.risk_ids[b];
  };
  std::vector<int> heap;  // the best n so far, worst on top
  heap.reserve(n + 1);
  for (int r = 0; r < s.n_risks; ++r) {
    if (static_cast<int>(heap.size()) < n) {
      heap.push_back(r);
      std::push_heap(heap.begin(), heap.end(), before);
    } else if (before(r, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), before);
      heap.back() = r;
      std::push_heap(heap.begin(), heap.end(), before);
    }
  }
  std::sort(heap.begin(), heap.end(), before);
  return heap;
}

absl::Span<const FindingCodeInfo> FindingCodes() {
#define ISMS_FINDING_ROW(code, severity, meaning) \
  {#code, v1::SEVERITY_##severity, meaning},
  static const FindingCodeInfo kCodes[] = {
      ISMS_FINDING_CODES(ISMS_FINDING_ROW)};
#undef ISMS_FINDING_ROW
  return kCodes;
}

absl::string_view RiskStatusName(v1::RiskStatus status) {
  switch (status) {
    case v1::RISK_STATUS_ACCEPTABLE:
      return "acceptable";
    case v1::RISK_STATUS_ACCEPTED:
      return "accepted";
    case v1::RISK_STATUS_TREATMENT_PLANNED:
      return "treatment_planned";
    case v1::RISK_STATUS_UNTREATED:
      return "untreated";
    default:
      return "unspecified";
  }
}

namespace {

enum class FindingCode {
#define ISMS_FINDING_ENUM(code, severity, meaning) code,
  ISMS_FINDING_CODES(ISMS_FINDING_ENUM)
#undef ISMS_FINDING_ENUM
};

void AddFinding(std::vector<v1::Finding>* out, FindingCode code,
                const std::string& object_id, std::string message) {
  const FindingCodeInfo& info = FindingCodes()[static_cast<int>(code)];
  v1::Finding& f = out->emplace_back();
  f.set_code(info.code);
  f.set_severity(info.severity);
  f.set_object_id(object_id);
  f.set_message(std::move(message));
}

}  // namespace

std::vector<v1::Finding> RiskEngine::Findings() const {
  const State& s = *s_;
  std::vector<v1::Finding> out;
  std::vector<uint8_t> control_used(s.n_controls, 0);
  for (int r = 0; r < s.n_risks; ++r) {
    const std::string& id = s.risk_ids[r];
    const int kc = s.res_k[kCurrent][r];
    const bool above = !s.acceptable[kc];
    const bool accepted = s.hot[r].accepted_now;
    if (above && !accepted &&
        s.treatment_option[r] == v1::TREATMENT_OPTION_UNSPECIFIED) {
      AddFinding(&out, FindingCode::RISK_UNTREATED, id,
                 absl::StrCat("current level ", s.level_ids[kc],
                              " is above appetite, with no treatment and no "
                              "acceptance"));
    } else if (above && !accepted && !s.acceptable[s.res_k[kTarget][r]]) {
      AddFinding(&out, FindingCode::TREATMENT_INSUFFICIENT, id,
                 absl::StrCat("target level ", s.level_ids[s.res_k[kTarget][r]],
                              " is still above appetite"));
    }
    if (above && s.treatment_option[r] == v1::TREATMENT_OPTION_RETAIN &&
        !s.acceptance_signed[r]) {
      AddFinding(&out, FindingCode::ACCEPTANCE_MISSING, id,
                 "the risk is retained above appetite but no acceptance names "
                 "who accepted it and when");
    }
    if (model::PastDate(s.acceptance_expires[r], s.as_of_days)) {
      AddFinding(
          &out, FindingCode::ACCEPTANCE_EXPIRED, id,
          model::IsReadable(s.acceptance_expires[r])
              ? absl::StrCat("the acceptance expired on ",
                             DescribeDate(s.acceptance_expires[r]))
              : std::string("the acceptance's expiry is not a date; it counts "
                            "as expired"));
    }
    if (model::PastDate(s.treatment_due[r], s.as_of_days) &&
        s.treatment_status[r] != v1::TREATMENT_STATUS_DONE &&
        s.treatment_status[r] != v1::TREATMENT_STATUS_CANCELLED) {
      AddFinding(&out, FindingCode::TREATMENT_OVERDUE, id,
                 absl::StrCat("the treatment was due on ",
                              DescribeDate(s.treatment_due[r])));
    }
    const int l0 = s.res_l[kInherent][r], i0 = s.res_i[kInherent][r];
    if (s.hot[r].override_l > l0 || s.hot[r].override_i > i0) {
      AddFinding(&out, FindingCode::OVERRIDE_ABOVE_INHERENT, id,
                 "the residual override is above the inherent risk");
    }
    bool active_control = false;
    const uint32_t end = s.hot[r].mit_begin + s.hot[r].mit_count;
    for (uint32_t j = s.hot[r].mit_begin; j < end; ++j) {
      const int c = s.mits[j].control;
      control_used[c] = 1;
      active_control |= s.current_factor[c] > 0;
      if (s.control_status[c] == v1::CONTROL_STATUS_RETIRED) {
        AddFinding(
            &out, FindingCode::MITIGATION_RETIRED_CONTROL, id,
            absl::StrCat("mitigation by retired control ", s.control_ids[c]));
      }
    }
    const bool lowered =
        (s.hot[r].override_l >= 0 && s.hot[r].override_l < l0) ||
        (s.hot[r].override_i >= 0 && s.hot[r].override_i < i0);
    if (lowered && !active_control) {
      AddFinding(&out, FindingCode::OVERRIDE_WITHOUT_CONTROL, id,
                 "the residual override lowers the risk but no implemented or "
                 "in-progress control mitigates it");
    }
    if (s.owners.names()[s.hot[r].owner].empty()) {
      AddFinding(&out, FindingCode::RISK_NO_OWNER, id, "the risk has no owner");
    }
    if (model::OlderThanAYear(s.assessed_on[r], s.as_of_days)) {
      AddFinding(
          &out, FindingCode::RISK_REVIEW_OVERDUE, id,
          absl::StrCat("last assessed on ", DescribeDate(s.assessed_on[r])));
    }
  }
  for (int c = 0; c < s.n_controls; ++c) {
    const std::string& id = s.control_ids[c];
    const int status = s.control_status[c];
    if (!s.control_has_owner[c]) {
      AddFinding(&out, FindingCode::CONTROL_NO_OWNER, id,
                 "the control has no owner");
    }
    if ((status == v1::CONTROL_STATUS_PLANNED ||
         status == v1::CONTROL_STATUS_IN_PROGRESS) &&
        model::PastDate(s.control_due[c], s.as_of_days)) {
      AddFinding(&out, FindingCode::CONTROL_OVERDUE, id,
                 absl::StrCat("due on ", DescribeDate(s.control_due[c])));
    }
    if (status == v1::CONTROL_STATUS_IMPLEMENTED &&
        (s.control_tested[c] == kNoDate ||
         model::OlderThanAYear(s.control_tested[c], s.as_of_days))) {
      AddFinding(&out, FindingCode::CONTROL_NOT_TESTED, id,
                 s.control_tested[c] == kNoDate
                     ? std::string("never tested")
                     : absl::StrCat("last tested on ",
                                    DescribeDate(s.control_tested[c])));
    }
    if (status != v1::CONTROL_STATUS_RETIRED && !control_used[c]) {
      AddFinding(&out, FindingCode::CONTROL_UNUSED, id,
                 "the control mitigates no risk");
    }
  }
  for (int a = 0; a < s.n_assets; ++a) {
    if (s.asset_risk_begin[a] != s.asset_risk_begin[a + 1]) continue;
    const int c = s.comp[a];
    const int value = std::max({s.acc[0][c], s.acc[1][c], s.acc[2][c]});
    if (value > 0) {
      AddFinding(&out, FindingCode::ASSET_NO_RISK, s.asset_ids[a],
                 absl::StrCat("accumulated value ", s.impact_ids[value],
                              " but no risk assessed"));
    }
  }
  return out;
}

std::vector<v1::WhatIfEntry> RiskEngine::WhatIf() const {
  const State& s = *s_;
  std::vector<v1::WhatIfEntry> out;
  std::vector<uint32_t> seen(s.n_risks, 0);
  uint32_t mark = 0;
  for (int c = 0; c < s.n_controls; ++c) {
    const int status = s.control_status[c];
    if (status == v1::CONTROL_STATUS_RETIRED) continue;
    double implementation = s.implementation[c];
    if (implementation < 0) {
      implementation = status == v1::CONTROL_STATUS_IMPLEMENTED ? 1.0 : 0.0;
    }
    const bool counts_now = status == v1::CONTROL_STATUS_IMPLEMENTED ||
                            status == v1::CONTROL_STATUS_IN_PROGRESS;
    if (counts_now && implementation >= 1.0) continue;  // fully implemented
    const double full = s.effectiveness[c];
    ++mark;
    double removed = 0;
    int64_t improved = 0;
    auto visit = [&](int r) {
      if (seen[r] == mark) return;
      seen[r] = mark;
      const State::Current cur =
          s.CurrentOf(r, s.hot[r].l0, s.hot[r].i0, c, full);
      const int k = s.grid[cur.l * s.I + cur.i];
      const int before = s.res_k[kCurrent][r];
      if (k != before) {
        removed += s.weight[before] - s.weight[k];
        improved += k < before;
      }
    };
    for (int j = s.control_risk_begin[c]; j < s.control_risk_begin[c + 1];
         ++j) {
      visit(s.control_risks[j]);
    }
    auto added = s.control_risks_added.find(c);
    if (added != s.control_risks_added.end()) {
      for (int r : added->second) visit(r);
    }
    v1::WhatIfEntry& e = out.emplace_back();
    e.set_control_id(s.control_ids[c]);
    e.set_name(s.control_names[c]);
    e.set_exposure_removed(removed);
    e.set_risks_improved(improved);
    if (s.annual_cost[c] >= 0) {
      e.set_annual_cost(s.annual_cost[c]);
      if (s.annual_cost[c] > 0) {
        e.set_exposure_removed_per_cost(removed / s.annual_cost[c]);
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.exposure_removed() != b.exposure_removed()) {
      return a.exposure_removed() > b.exposure_removed();
    }
    return a.control_id() < b.control_id();
  });
  return out;
}

namespace {

void FillPoint(const RiskEngine& e, const std::vector<std::string>& l_ids,
               const std::vector<std::string>& i_ids,
               const std::vector<std::string>& k_ids, RiskEngine::View view,
               int r, v1::RiskPoint* p) {
  const int l = e.likelihood(view)[r], i = e.impact(view)[r],
            k = e.level(view)[r];
  p->set_likelihood(l_ids[l]);
  p->set_impact(i_ids[i]);
  p->set_level(k_ids[k]);
  p->set_likelihood_index(l);
  p->set_impact_index(i);
  p->set_level_index(k);
}

}  // namespace

v1::Assessment RiskEngine::ToProto(const AssessmentOptions& options) const {
  const State& s = *s_;
  v1::Assessment a;
  a.set_as_of(s.as_of);
  a.set_organization(s.organization);
  if (options.risks) {
    a.mutable_risks()->Reserve(s.n_risks);
    for (int r = 0; r < s.n_risks; ++r) {
      v1::RiskResult* out = a.add_risks();
      out->set_risk_id(s.risk_ids[r]);
      out->set_title(std::string(s.risk_titles[r]));
      out->set_owner(s.owners.names()[s.hot[r].owner]);
      FillPoint(*this, s.likelihood_ids, s.impact_ids, s.level_ids, kInherent,
                r, out->mutable_inherent());
      FillPoint(*this, s.likelihood_ids, s.impact_ids, s.level_ids, kCurrent, r,
                out->mutable_current());
      FillPoint(*this, s.likelihood_ids, s.impact_ids, s.level_ids, kTarget, r,
                out->mutable_target());
      out->set_current_likelihood_reduction(s.red_l[kCurrent][r]);
      out->set_current_impact_reduction(s.red_i[kCurrent][r]);
      out->set_target_likelihood_reduction(s.red_l[kTarget][r]);
      out->set_target_impact_reduction(s.red_i[kTarget][r]);
      out->set_likelihood_overridden(s.hot[r].override_l >= 0);
      out->set_impact_overridden(s.hot[r].override_i >= 0);
      out->set_status(static_cast<v1::RiskStatus>(s.res_status[r]));
    }
  }
  v1::Heatmap* maps[kViews] = {a.mutable_inherent_heatmap(),
                               a.mutable_current_heatmap(),
                               a.mutable_target_heatmap()};
  for (int v = 0; v < kViews; ++v) {
    maps[v]->set_rows(s.L);
    maps[v]->set_cols(s.I);
    for (int64_t c : s.agg.heat[v]) maps[v]->add_cells(c);
  }
  for (int k = 0; k < s.K; ++k) {
    v1::LevelCount* lc = a.add_level_counts();
    lc->set_level(s.level_ids[k]);
    lc->set_inherent(s.agg.counts[kInherent][k]);
    lc->set_current(s.agg.counts[kCurrent][k]);
    lc->set_target(s.agg.counts[kTarget][k]);
  }
  for (int st = 1; st < kStatusCount; ++st) {
    v1::StatusCount* sc = a.add_status_counts();
    sc->set_status(static_cast<v1::RiskStatus>(st));
    sc->set_count(s.agg.status[st]);
  }
  a.set_inherent_exposure(exposure(kInherent));
  a.set_current_exposure(exposure(kCurrent));
  a.set_target_exposure(exposure(kTarget));
  if (options.exposure_groups) {
    auto groups =
        [&s](const std::vector<int64_t>* counts_by_view,
             const std::vector<std::string>& keys,
             google::protobuf::RepeatedPtrField<v1::ExposureGroup>* out) {
          std::vector<v1::ExposureGroup> rows;
          for (size_t g = 0; g < keys.size(); ++g) {
            double values[kViews];
            int64_t risks = 0;
            for (int v = 0; v < kViews; ++v) {
              double sum = 0;
              int64_t n = 0;
              for (int k = 0; k < s.K; ++k) {
                const int64_t c = counts_by_view[v][g * s.K + k];
                sum += c * s.weight[k];
                n += c;
              }
              values[v] = sum;
              risks = n;
            }
            if (risks == 0) continue;
            v1::ExposureGroup& row = rows.emplace_back();
            row.set_key(keys[g]);
            row.set_risks(risks);
            row.set_inherent(values[kInherent]);
            row.set_current(values[kCurrent]);
            row.set_target(values[kTarget]);
          }
          std::stable_sort(rows.begin(), rows.end(),
                           [](const auto& x, const auto& y) {
                             if (x.current() != y.current()) {
                               return x.current() > y.current();
                             }
                             return x.key() < y.key();
                           });
          for (auto& row : rows) *out->Add() = std::move(row);
        };
    // Per asset: counted here from the asset -> risks index (see
    // Aggregates).
    std::vector<int64_t> by_asset[kViews];
    for (int v = 0; v < kViews; ++v) {
      by_asset[v].assign(static_cast<size_t>(s.n_assets) * s.K, 0);
      for (int asset = 0; asset < s.n_assets; ++asset) {
        for (int j = s.asset_risk_begin[asset];
             j < s.asset_risk_begin[asset + 1]; ++j) {
          by_asset[v][static_cast<size_t>(asset) * s.K +
                      s.res_k[v][s.asset_risks[j]]]++;
        }
      }
    }
    groups(by_asset, s.asset_ids, a.mutable_exposure_by_asset());
    groups(s.agg.owner, s.owners.names(), a.mutable_exposure_by_owner());
    groups(s.agg.unit, s.units.names(), a.mutable_exposure_by_business_unit());
  }
  for (int r : TopRisks(options.top_n)) a.add_top_risk_ids(s.risk_ids[r]);
  if (options.findings) {
    for (v1::Finding& f : Findings()) *a.add_findings() = std::move(f);
  }
  if (options.whatif) {
    for (v1::WhatIfEntry& w : WhatIf()) *a.add_whatif() = std::move(w);
  }
  if (options.asset_values) {
    for (int i = 0; i < s.n_assets; ++i) {
      v1::AssetValueResult* v = a.add_asset_values();
      v->set_asset_id(s.asset_ids[i]);
      const int c = s.comp[i];
      v->set_confidentiality(s.impact_ids[s.acc[0][c]]);
      v->set_integrity(s.impact_ids[s.acc[1][c]]);
      v->set_availability(s.impact_ids[s.acc[2][c]]);
    }
  }
  return a;
}

}  // namespace isms
