// Synthetic ISMS inventories for benchmarks, tests and demos (DESIGN 11).
//
//   isms::tools::GenerateOptions options;
//   options.assets = 100000;
//   options.seed = 42;
//   absl::StatusOr<isms::v1::Register> reg = isms::tools::GenerateRegister(
//       options);
//   if (!reg.ok()) { std::cerr << reg.status() << "\n"; return 1; }
//   absl::Status saved = isms::SaveRegister(*reg, "synthetic.binpb");
//
// The register has realistic shapes:
// - a 5x5 risk method (rare..almost_certain x negligible..severe; risk levels
//   low, medium (both acceptable), high, critical with weights 1, 2, 4, 8) and
//   the catalog "iso27001:2022";
// - assets in tiers (about 0.1% sites, 15% hardware, 20% software, 10%
//   services, 40% information, the rest people, suppliers and other). An asset
//   depends only on assets of lower tiers (information -> services/software,
//   services -> software/hardware/people/suppliers, software -> hardware,
//   hardware -> sites, ...), so the dependency graph is acyclic by
//   construction. Targets are chosen by preferential attachment (with
//   probability `fan_in_bias` an earlier edge's target is copied), which gives
//   a power-law fan-in: a few servers and sites carry very many dependents.
//   About 2 dependency edges per asset; some have degree < 1 and some
//   propagate availability only. About one owner ("P-00001") per 50 assets,
//   20 business units, C/I/A values by type (some left unset);
// - 42 threats over every ISO/IEC 27005 category, 100 vulnerabilities;
// - 200 + assets/1000 applied controls (at most 5000) referencing ISO/IEC
//   27001:2022 Annex A, about 70% implemented, 15% in progress, 12% planned,
//   3% retired;
// - 3-6 risks per asset (uniform), each with 2-5 mitigations (uniform), a few
//   with an acceptance, a residual override, a treatment or FAIR parameters;
// - a complete Statement of Applicability (93 rows), the mandatory documents,
//   and a few audits, nonconformities, incidents, suppliers, objectives,
//   interested parties and a management review. Dates lie around a reference
//   day of 2025-06-30.
// isms::Validate() reports no error and no warning on the result.
//
// The output is a pure function of the options: the same options give the
// same register (byte-identical binary serialization) on every platform and
// standard library (own random number generator and bounded draws, no
// floating-point library functions). Generation is linear in the number of
// assets: one million assets (about 4.5M risks, 15.75M mitigations, 2M
// dependency edges, 0.9 GB serialized) take about 10 s in a release build and
// about 5.8 GB of memory, nearly all of it protobuf's per-object allocations
// (the time goes to malloc and first-touch page faults). Registers of more
// than about 2.3 million assets exceed protobuf's 2 GiB limit for one
// serialized message: they can be evaluated in memory but not saved whole.
//
// Thread safety: GenerateRegister() is a pure function of its options and
// touches no shared mutable state; it is safe to call concurrently.
#ifndef ISMS_TOOLS_GENERATE_H_
#define ISMS_TOOLS_GENERATE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "isms/v1/register.pb.h"

namespace isms::tools {

struct GenerateOptions {
  // Number of assets, 1..10,000,000.
  int64_t assets = 10000;
  // Seed of the random streams; every value (0 too) is valid.
  uint64_t seed = 1;

  // Risks per asset, drawn uniformly from [min, max]; 0 <= min <= max <= 8.
  int min_risks_per_asset = 3;
  int max_risks_per_asset = 6;
  // Mitigations per risk, drawn uniformly from [min, max];
  // 0 <= min <= max <= 10 and max <= the number of controls.
  int min_mitigations_per_risk = 2;
  int max_mitigations_per_risk = 5;
  // Applied controls; -1 means 200 + assets / 1000, at most 5000. Otherwise
  // 1..100,000.
  int64_t controls = -1;
  // Probability (0..1) that a dependency copies the target of an earlier
  // dependency into the same tier (preferential attachment) instead of
  // choosing uniformly. 0 gives uniform fan-in; larger values a heavier tail.
  double fan_in_bias = 0.6;
  // Interleave the asset types in the asset list (a deterministic shuffle)
  // instead of listing them tier by tier, sites first.
  bool shuffle_assets = true;
  // Share (0..1) of risks that carry FAIR quantitative parameters.
  double quant_fraction = 0.01;
  // Give every risk a title ("Ransomware: A-0000042"). Off saves about 50
  // bytes per risk in memory.
  bool risk_titles = true;
};

// Builds a synthetic register. InvalidArgument if an option is out of range
// (e.g. assets < 1 or > 10,000,000).
absl::StatusOr<v1::Register> GenerateRegister(const GenerateOptions& options);

}  // namespace isms::tools

#endif  // ISMS_TOOLS_GENERATE_H_
