// Quantitative (FAIR-style) risk: a Monte Carlo simulation of annual losses
// from the risks' `quant` parameters, before controls (inherent), with the
// controls in operation (current) and with every planned control (target)
// (DESIGN.md 6).
//
//   absl::StatusOr<isms::v1::Register> reg = isms::LoadRegister("acme.json");
//   isms::EngineOptions engine_options;
//   engine_options.as_of = "2026-11-22";
//   auto engine = isms::RiskEngine::Create(*reg, engine_options);
//   if (!engine.ok()) return 1;
//   (*engine)->Evaluate();                  // supplies the control reductions
//   isms::QuantOptions options;
//   options.years = 100000;
//   absl::StatusOr<isms::v1::QuantAssessment> quant =
//       isms::SimulateLosses(*reg, **engine, options);
//   if (!quant.ok()) return 1;   // InvalidArgument names the place
//   double ale = quant->portfolio_current().mean();  // annualised loss
//   double var99 = quant->portfolio_current().var99();
//
//   // The simulated years themselves (e.g. for numpy):
//   absl::StatusOr<isms::SimulatedLosses> years =
//       isms::SimulateAnnualLosses(*reg, **engine, options);
//   // years->current[y]: the portfolio's loss in simulated year y.
//
// Model, per risk r with quant and simulated year y:
// - Loss event frequency: LEF = a draw of loss_event_frequency, or a draw of
//   threat_event_frequency x a draw of vulnerability. Probability draws
//   (vulnerability, secondary_loss_probability) are clamped to 0..1 (a
//   lognormal may exceed 1). A LEF above QuantOptions::max_events_per_year is
//   clamped to it and counted in QuantAssessment.clamped_draws.
// - Distributions: a constant; PERT (low, mode, high, gamma default 4) as
//   low + (high - low) x Beta(alpha, beta) with the classic
//   alpha = 1 + gamma (mode - low) / (high - low),
//   beta = 1 + gamma (high - mode) / (high - low), so mean = (low + gamma mode
//   + high) / (gamma + 2), the Beta drawn from two Gamma draws
//   (Marsaglia-Tsang, with the U^(1/a) boost below shape 1); high == low is
//   the constant low. Lognormal from its 90% interval: 5% of draws below
//   low, 5% above high: mu = (ln low + ln high) / 2,
//   sigma = (ln high - ln low) / (2 x 1.6448536269514722). Normal deviates
//   come from the inverse normal CDF (Wichura's AS241) of one uniform.
// - Controls (DESIGN.md 4): with R_l, R_i the engine's combined likelihood
//   and impact reductions of the view (0 for inherent), the view's frequency
//   is LEF x (1 - R_l) and each of its losses is x (1 - R_i).
// - Events: N ~ Poisson(frequency) by inversion of the Poisson CDF with ONE
//   uniform shared by the three views (common random numbers), so N is
//   monotone in the frequency: N_target <= N_current <= N_inherent (a view
//   is capped at the count of the view with the next larger frequency,
//   which only matters where rounding in the CDF sums would break it). A LEF
//   above 500 is split into k = ceil(LEF / 500) equal parts (k taken from
//   the inherent LEF, the same for every view), each inverted with its own
//   uniform and summed: exact (a sum of Poissons is Poisson), bounded in
//   time, still monotone.
// - Losses: the events are drawn once, for the inherent view; a view with N
//   events takes the first N. Each event's loss is a primary loss draw plus,
//   with probability p, a secondary loss draw; p is drawn once per year
//   (secondary_loss_probability; unset means 0, and so does an unset
//   secondary_loss). A view's annual loss = (sum of its events' losses) x
//   (1 - R_i). Hence, year by year, inherent >= current >= target whenever
//   the target reductions are at least the current ones (they are: target
//   counts every control that is not retired, at implementation 1).
// - Portfolio: the risks' annual losses summed year by year, in register
//   order.
// - Statistics of each set of annual losses (per risk and view, and the
//   portfolio's): mean; population standard deviation (numpy.std, ddof 0);
//   the 5/10/50/90/95/99th percentiles with linear interpolation between
//   order statistics (numpy.percentile's default); VaR 95 / 99 = the 95th /
//   99th percentiles; expected shortfall 99 = the mean of the annual losses
//   at or above the 99th percentile; the mean number of events per year; the
//   loss exceedance curve: curve_points losses x log-spaced from the smallest
//   positive to the largest annual loss, each with P(annual loss > x) (empty
//   when no year has a loss). Sums are pairwise (as numpy's), in year order.
//
// Randomness: counter-based. Each (seed, risk index in Register.risks, year)
// has its own stream: xoshiro256** whose state is SplitMix64 hashes of the
// seed, the risk index and the year (so distinct triples give distinct
// states). Results are a function of the register, the engine's reductions,
// years and seed only: the same for any thread count (the threads take
// blocks of years; each year's portfolio sum runs over the risks in register
// order), and a risk's draws do not change when other risks are added,
// removed or given quant.
//
// Memory: O(years), not O(years x risks): the portfolio keeps 3 x years
// doubles (plus a sorted copy for its statistics); per-risk results need a
// risk's 3 x years doubles only while that risk is summarised (risks are
// simulated in groups of at most 64 MiB of such arrays, or one risk). Time
// is proportional to years x (risks + events simulated).
//
// Thread safety: the functions only read their arguments; concurrent calls
// are safe while nobody modifies them (the engine must not be recalculated
// meanwhile). They use up to QuantOptions::threads threads internally.
#ifndef ISMS_QUANT_H_
#define ISMS_QUANT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "isms/risk_engine.h"
#include "isms/v1/quant.pb.h"
#include "isms/v1/register.pb.h"

namespace isms {

// The most years one simulation accepts.
inline constexpr int64_t kMaxQuantYears = 10000000;

struct QuantOptions {
  // Simulated years, 1..kMaxQuantYears.
  int64_t years = 10000;
  // Seed of the random streams; the same seed gives the same result.
  uint64_t seed = 1;
  // Threads; 0 means the hardware's concurrency. Does not change results.
  int threads = 0;
  // Points of each loss exceedance curve, 0..10000.
  int curve_points = 40;
  // Statistics per risk (QuantAssessment.risks); off, only the portfolio's.
  bool per_risk = true;
  // Largest loss event frequency a draw may take (events per year; larger
  // draws are clamped and counted), in (0, 1e9].
  double max_events_per_year = 1e5;
  // Estimated peak memory allowed (see the header comment); more is
  // ResourceExhausted.
  int64_t max_memory_bytes = int64_t{1} << 30;
};

// The per-year portfolio losses of each view and their summary.
struct SimulatedLosses {
  // Index y: the portfolio's annual loss in simulated year y
  // (QuantOptions::years entries each).
  std::vector<double> inherent;
  std::vector<double> current;
  std::vector<double> target;
  v1::QuantAssessment summary;
};

// Simulates the risks of `reg` that carry `quant` (the others are listed in
// skipped_risk_ids; a register without any is not an error: its losses are
// 0). `engine` must have been compiled from `reg` and evaluated (Evaluate()
// or Recalculate()): its current and target likelihood_reduction and
// impact_reduction are the control effects; pending changes that were not
// recalculated are not seen.
//
// Errors: InvalidArgument naming the place for parameters Validate() reports
// as QUANT_INVALID (`risks[3].quant.primary_loss: PERT needs ...`), for two
// risks naming different currencies (an empty currency takes the others'),
// for options out of range (years <= 0 or > kMaxQuantYears, ...), and for an
// engine of another register; ResourceExhausted when the estimated memory
// exceeds QuantOptions::max_memory_bytes.
absl::StatusOr<v1::QuantAssessment> SimulateLosses(
    const v1::Register& reg, const RiskEngine& engine,
    const QuantOptions& options = {});

// The same simulation, also returning the portfolio's annual losses.
absl::StatusOr<SimulatedLosses> SimulateAnnualLosses(
    const v1::Register& reg, const RiskEngine& engine,
    const QuantOptions& options = {});

}  // namespace isms

#endif  // ISMS_QUANT_H_
