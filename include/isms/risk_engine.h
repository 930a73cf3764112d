// The risk engine: accumulated asset values over the dependency graph,
// inherent / current / target risk after controls, heatmaps, exposure,
// findings, what-if ranking and incremental recalculation (DESIGN.md 4).
//
//   absl::StatusOr<isms::v1::Register> reg = isms::LoadRegister("acme.json");
//   isms::EngineOptions options;
//   options.as_of = "2026-11-22";
//   absl::StatusOr<std::unique_ptr<isms::RiskEngine>> engine =
//       isms::RiskEngine::Create(*reg, options);
//   if (!engine.ok()) return 1;
//   (*engine)->Evaluate();
//   isms::v1::Assessment a = (*engine)->ToProto();   // heatmaps, top risks...
//
//   // A control goes live: only the risks it mitigates are recomputed, and
//   // the aggregates move by delta.
//   (*engine)->SetControlStatus("C-012", isms::v1::CONTROL_STATUS_IMPLEMENTED);
//   (*engine)->Recalculate();
//   int64_t critical = (*engine)->level_counts(isms::RiskEngine::kCurrent)[3];
//
// The engine copies what it needs out of the register into flat, index-based
// arrays (CSR adjacency, control -> risks and asset -> risks inverse
// indexes), so the register may be destroyed after Create(). Per-risk results
// are exposed as arrays indexed like Register.risks.
//
// Semantics, exactly (levels are 0-based indexes; ceil(x) means
// ceil(x - 1e-9)):
// - acc(B,d) = max(own(B,d), max over A depends_on B, d in the dependency's
//   dimensions, of ceil(acc(A,d) * degree)); every asset of a dependency cycle
//   takes the cycle's maximum (Create() fails instead with strict_cycles).
// - inherent impact = the risk's impact if given, else the max of acc(a,d)
//   over its assets and dimensions (the risk's, else its threat's, else all);
//   inherent likelihood = the risk's, else its threat's.
// - s_i = strength * effectiveness * implementation. Current risk counts
//   implemented and in-progress controls at their implementation; target risk
//   counts every control that is not retired at implementation 1. On an axis,
//   R = 1 - prod(1 - s_i); the reduced level is ceil(L0 * (1 - R)).
// - residual_override replaces the computed current value, axis by axis.
// - level = grid[likelihood][impact]; exposure = sum of the levels' weights.
//
// Thread safety: a RiskEngine is not safe for concurrent mutation. Const
// methods may be called concurrently with each other while no mutating call
// (Set*, Evaluate, Recalculate) runs. Separate engines are independent.
// Evaluate() uses up to EngineOptions::threads threads internally.
#ifndef ISMS_RISK_ENGINE_H_
#define ISMS_RISK_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "isms/io.h"
#include "isms/v1/assessment.pb.h"
#include "isms/v1/register.pb.h"

namespace isms {
namespace internal {
class RiskSource;
}  // namespace internal

struct EngineOptions {
  // "YYYY-MM-DD": the date acceptances, due dates and reviews are judged at.
  // Empty means today (UTC).
  std::string as_of;
  // A dependency cycle makes Create() fail instead of each asset of the cycle
  // taking the cycle's maximum.
  bool strict_cycles = false;
  // Threads for Evaluate(); 0 means the hardware's concurrency. At most 256
  // are used, and never more than one per 32,768 risks; a thread that cannot
  // be started leaves its share to the calling thread.
  int threads = 0;
};

// What ToProto() includes.
struct AssessmentOptions {
  bool risks = true;  // a RiskResult per risk
  int top_n = 10;     // top_risk_ids
  bool exposure_groups = true;
  bool findings = true;
  bool whatif = true;
  bool asset_values = true;
};

class RiskEngine {
 public:
  // The three views of every risk.
  enum View { kInherent = 0, kCurrent = 1, kTarget = 2 };

  // Compiles the register. Fails with InvalidArgument naming the place of the
  // first fault (e.g. `risks[3].asset_ids[0]: unknown asset "A-99"`) when a
  // reference or level does not resolve, the risk method is incomplete, a
  // scale has more than 100 levels, a risk more than 1000 mitigations, or
  // (strict_cycles) the dependency graph has a cycle. Does not evaluate.
  static absl::StatusOr<std::unique_ptr<RiskEngine>> Create(
      const v1::Register& reg, const EngineOptions& options = {});

  // Reads and compiles a register file in one step: the same results as
  // Create(*LoadRegister(path, read), options), and it refuses the same
  // inputs with the same status code (when an input has several faults, the
  // one named first may differ: a risk is parsed only when its turn to
  // compile comes). A binary file is compiled as it is parsed: its risks (the
  // bulk of a large register) are read one at a time and never held as protobuf
  // objects, which takes a fraction of the time and memory of loading the
  // register whole. JSON and text files are loaded whole. If `rest` is not null
  // it receives the register without its risks (scope, assets, controls,
  // SoA...), e.g. for reports that need names; risk ids and titles are in the
  // engine.
  static absl::StatusOr<std::unique_ptr<RiskEngine>> CreateFromFile(
      const std::string& path, const EngineOptions& options = {},
      const ReadOptions& read = {}, v1::Register* rest = nullptr);

  // The same from bytes in memory, in an explicit format (kAuto is an
  // error), like ParseRegister(); `source_name` prefixes error messages.
  // The engine keeps no reference to `bytes`.
  static absl::StatusOr<std::unique_ptr<RiskEngine>> CreateFromBytes(
      absl::string_view bytes, const ReadOptions& read,
      absl::string_view source_name, const EngineOptions& options = {},
      v1::Register* rest = nullptr);

  RiskEngine(const RiskEngine&) = delete;
  RiskEngine& operator=(const RiskEngine&) = delete;
  ~RiskEngine();

  // Full evaluation: propagation, every risk, every aggregate.
  void Evaluate();

  // Recomputes the accumulated asset values only (the first step of
  // Evaluate()); risks and aggregates are left as they were, and the next
  // Recalculate() recomputes the risks whose asset values moved.
  void EvaluateAssetValues();

  // Changes. Each marks what depends on it; Recalculate() applies them.
  // NotFound for an unknown id, InvalidArgument for a value out of range or a
  // level id that is not on its scale.
  absl::Status SetControlStatus(absl::string_view control_id,
                                v1::ControlStatus status);
  absl::Status SetControlImplementation(absl::string_view control_id,
                                        double implementation);
  absl::Status SetControlEffectiveness(absl::string_view control_id,
                                       double effectiveness);
  // An impact level id, or "" to clear the asset's own value.
  absl::Status SetAssetValue(absl::string_view asset_id, v1::Dimension dim,
                             absl::string_view impact_level);
  // A likelihood level id, or "" to take the threat's.
  absl::Status SetRiskLikelihood(absl::string_view risk_id,
                                 absl::string_view likelihood_level);
  // An impact level id, or "" to derive it from the assets.
  absl::Status SetRiskImpact(absl::string_view risk_id,
                             absl::string_view impact_level);
  // Replaces a risk's mitigations (at most 1000).
  absl::Status SetRiskMitigations(absl::string_view risk_id,
                                  absl::Span<const v1::Mitigation> mitigations);

  // Applies the pending changes: recomputes only the risks that depend on
  // them and updates the aggregates by delta. The results equal those of a
  // fresh engine evaluating the changed register. Evaluates fully if
  // Evaluate() was never called.
  void Recalculate();

  // Number of risks recomputed by the last Evaluate() or Recalculate().
  int64_t last_recomputed() const;

  // --- Results (after Evaluate or Recalculate) ---------------------------
  int risk_count() const;
  int likelihood_levels() const;
  int impact_levels() const;
  int risk_levels() const;
  // Per risk, indexed like Register.risks: level indexes of the view.
  absl::Span<const uint8_t> likelihood(View view) const;
  absl::Span<const uint8_t> impact(View view) const;
  absl::Span<const uint8_t> level(View view) const;
  // Combined reductions R on each axis (kCurrent or kTarget; kInherent is 0).
  absl::Span<const double> likelihood_reduction(View view) const;
  absl::Span<const double> impact_reduction(View view) const;
  absl::Span<const uint8_t> status() const;  // v1::RiskStatus values
  // Accumulated value of an asset (indexed like Register.assets) on a
  // dimension, as an impact level index.
  int accumulated_value(int asset_index, v1::Dimension dim) const;

  // Count of risks per cell, row-major likelihood x impact.
  absl::Span<const int64_t> heatmap(View view) const;
  // Count of risks per risk level, lowest first.
  absl::Span<const int64_t> level_counts(View view) const;
  // Sum of the levels' weights over all risks.
  double exposure(View view) const;
  // Highest current risks first (level, impact, likelihood, then id), as
  // indexes into Register.risks.
  std::vector<int> TopRisks(int n) const;
  // Findings at as_of (stable codes, see FindingCodes()).
  std::vector<v1::Finding> Findings() const;
  // Controls not fully implemented, ranked by the current exposure they would
  // remove at implementation 1.
  std::vector<v1::WhatIfEntry> WhatIf() const;

  // Everything above as one message.
  v1::Assessment ToProto(const AssessmentOptions& options = {}) const;

  const std::string& as_of() const;

 private:
  struct State;
  explicit RiskEngine(std::unique_ptr<State> state);
  // Create() and CreateFromFile(): the register's risks come from `risks`.
  static absl::StatusOr<std::unique_ptr<RiskEngine>> Compile(
      const v1::Register& reg, const internal::RiskSource& risks,
      const EngineOptions& options);
  std::unique_ptr<State> s_;
};

// One entry of the findings table.
struct FindingCodeInfo {
  const char* code;
  v1::Severity severity;
  const char* meaning;
};

// Every finding code, in a stable order.
absl::Span<const FindingCodeInfo> FindingCodes();

// "acceptable", "accepted", "treatment_planned", "untreated".
absl::string_view RiskStatusName(v1::RiskStatus status);

}  // namespace isms

#endif  // ISMS_RISK_ENGINE_H_
