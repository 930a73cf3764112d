#include "isms/quant.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "lib/quant_internal.h"
#include "lib/quant_rules.h"

namespace isms {
namespace internal {
namespace {

// Sum of value(begin) .. value(begin + n - 1) in numpy's pairwise order
// (numpy/core/src/umath/loops_utils.h.src, pairwise_sum).
template <typename ValueAt>
double Pairwise(const ValueAt& value, int64_t begin, int64_t n) {
  constexpr int64_t kBlock = 128;
  if (n < 8) {
    double sum = 0.;
    for (int64_t i = 0; i < n; ++i) sum += value(begin + i);
    return sum;
  }
  if (n <= kBlock) {
    double r[8];
    for (int k = 0; k < 8; ++k) r[k] = value(begin + k);
    int64_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int k = 0; k < 8; ++k) r[k] += value(begin + i + k);
    }
    double sum =
        ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += value(begin + i);
    return sum;
  }
  int64_t half = n / 2;
  half -= half % 8;
  return Pairwise(value, begin, half) + Pairwise(value, begin + half, n - half);
}

}  // namespace

// Each of the first three words is a bijection of one input, so distinct
// triples give distinct states; the offsets keep the state away from all
// zeros (xoshiro's one bad state) for any risk index and year below 2^62.
RandomStream::RandomStream(uint64_t seed, uint64_t risk_index, uint64_t year)
    : bits_(InitialState(seed, risk_index, year).words) {
  // Neighbouring years and risks differ in a word or two: a few rounds
  // spread that over the whole state before the first draw.
  for (int i = 0; i < 8; ++i) Next();
}

RandomStream::State RandomStream::InitialState(uint64_t seed,
                                               uint64_t risk_index,
                                               uint64_t year) {
  State state;
  state.words[0] = Mix64(seed);
  state.words[1] = Mix64(risk_index + 0x3C6EF372FE94F82Bull);
  state.words[2] = Mix64(year + 0x1F83D9ABFB41BD6Bull);
  state.words[3] = Mix64(state.words[0] ^ RotateLeft(state.words[1], 21) ^
                         RotateLeft(state.words[2], 42));
  return state;
}

double RandomStream::Uniform() {
  // 52 random bits, centred in their interval: (k + 0.5) / 2^52 is exact,
  // so the extremes are 2^-53 and 1 - 2^-53 (with 53 bits, k + 0.5 would
  // round up to 2^53 and give 1).
  return (static_cast<double>(Next() >> 12) + 0.5) * 0x1.0p-52;
}

double RandomStream::Normal() { return InverseNormalCdf(Uniform()); }

double RandomStream::Gamma(double shape) {
  if (shape < 1.0) {
    // Marsaglia-Tsang need shape >= 1: Gamma(a) = Gamma(a + 1) U^(1/a).
    const double boosted = Gamma(shape + 1.0);
    return boosted * std::pow(Uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = Normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = Uniform();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double InverseNormalCdf(double p) {
  // Wichura, M.J. (1988), Algorithm AS241, PPND16 (as in CPython's
  // statistics.NormalDist.inv_cdf).
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    const double num =
        (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r +
              6.7265770927008700853e+4) *
                 r +
             4.5921953931549871457e+4) *
                r +
            1.3731693765509461125e+4) *
               r +
           1.9715909503065514427e+3) *
              r +
          1.3314166789178437745e+2) *
             r +
         3.3871328727963666080e+0) *
        q;
    const double den =
        (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r +
              3.9307895800092710610e+4) *
                 r +
             2.1213794301586595867e+4) *
                r +
            5.3941960214247511077e+3) *
               r +
           6.8718700749205790830e+2) *
              r +
          4.2313330701600911252e+1) *
             r +
         1.0);
    return num / den;
  }
  double r = std::sqrt(-std::log(q <= 0.0 ? p : 1.0 - p));
  double num, den;
  if (r <= 5.0) {
    r -= 1.6;
    num = (((((((7.7454501427834140764e-4 * r + 2.27238449892691845833e-2) * r +
                2.41780725177450611770e-1) *
                   r +
               1.27045825245236838258e+0) *
                  r +
              3.64784832476320460504e+0) *
                 r +
             5.76949722146069140550e+0) *
                r +
            4.63033784615654529590e+0) *
               r +
           1.42343711074968357734e+0);
    den =
        (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r +
              1.51986665636164571966e-2) *
                 r +
             1.48103976427480074590e-1) *
                r +
            6.89767334985100004550e-1) *
               r +
           1.67638483018380384940e+0) *
              r +
          2.05319162663775882187e+0) *
             r +
         1.0);
  } else {
    r -= 5.0;
    num =
        (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
              1.24266094738807843860e-3) *
                 r +
             2.65321895265761230930e-2) *
                r +
            2.96560571828504891230e-1) *
               r +
           1.78482653991729133580e+0) *
              r +
          5.46378491116411436990e+0) *
             r +
         6.65790464350110377720e+0);
    den =
        (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r +
              1.84631831751005468180e-5) *
                 r +
             7.86869131145613259100e-4) *
                r +
            1.48753612908506148525e-2) *
               r +
           1.36929880922735805310e-1) *
              r +
          5.99832206555887937690e-1) *
             r +
         1.0);
  }
  const double x = num / den;
  return q < 0.0 ? -x : x;
}

int64_t PoissonInverse(double u, double mean) {
  if (!(mean > 0.0)) return 0;
  double term = std::exp(-mean);  // P(N = 0)
  double cdf = term;
  int64_t n = 0;
  while (u > cdf) {
    ++n;
    term *= mean / static_cast<double>(n);
    // Past the mode the CDF can stop growing short of u by rounding (u is at
    // most 1 - 2^-54): the quantile is then where it stopped.
    if (cdf + term == cdf && static_cast<double>(n) > mean) break;
    cdf += term;
  }
  return n;
}

Sampler::Sampler(const v1::Distribution& distribution) {
  switch (distribution.kind_case()) {
    case v1::Distribution::kConstant:
      kind_ = Kind::kConstant;
      a_ = distribution.constant();
      break;
    case v1::Distribution::kPert: {
      const v1::Pert& pert = distribution.pert();
      const double range = pert.high() - pert.low();
      a_ = pert.low();
      if (!(range > 0)) {  // high == low: no spread
        kind_ = Kind::kConstant;
        break;
      }
      const double gamma = pert.has_gamma() ? pert.gamma() : 4.0;
      kind_ = Kind::kPert;
      b_ = range;
      alpha_ = 1.0 + gamma * (pert.mode() - pert.low()) / range;
      beta_ = 1.0 + gamma * (pert.high() - pert.mode()) / range;
      break;
    }
    case v1::Distribution::kLognormal: {
      const double log_low = std::log(distribution.lognormal().low());
      const double log_high = std::log(distribution.lognormal().high());
      kind_ = Kind::kLognormal;
      a_ = (log_low + log_high) / 2.0;
      b_ = (log_high - log_low) / (2.0 * kZ95);
      break;
    }
    case v1::Distribution::KIND_NOT_SET:
      break;
  }
}

double Sampler::Draw(RandomStream* stream) const {
  switch (kind_) {
    case Kind::kAbsent:
      return 0.0;
    case Kind::kConstant:
      return a_;
    case Kind::kPert: {
      const double x = stream->Gamma(alpha_);
      const double y = stream->Gamma(beta_);
      const double share = x + y > 0 ? x / (x + y) : alpha_ / (alpha_ + beta_);
      return a_ + b_ * share;
    }
    case Kind::kLognormal:
      return std::exp(a_ + b_ * stream->Normal());
  }
  return 0.0;
}

double PairwiseSum(absl::Span<const double> values) {
  return Pairwise([values](int64_t i) { return values[i]; }, 0,
                  static_cast<int64_t>(values.size()));
}

double SortedPercentile(absl::Span<const double> sorted, double p) {
  // numpy.percentile, method "linear", including its _lerp.
  const int64_t n = static_cast<int64_t>(sorted.size());
  const double position = static_cast<double>(n - 1) * (p / 100.0);
  if (position >= static_cast<double>(n - 1)) return sorted[n - 1];
  if (!(position > 0.0)) return sorted[0];
  const double below = std::floor(position);
  const int64_t i = static_cast<int64_t>(below);
  const double t = position - below;
  const double a = sorted[i];
  const double b = sorted[i + 1];
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

void SummarizeLosses(std::vector<double>* losses, double mean_events,
                     int curve_points, v1::LossStats* out) {
  static constexpr double kPercentiles[] = {5, 10, 50, 90, 95, 99};
  const int64_t n = static_cast<int64_t>(losses->size());
  const double* x = losses->data();
  // As numpy.mean and numpy.std: pairwise sums in year order.
  const double mean =
      Pairwise([x](int64_t i) { return x[i]; }, 0, n) / static_cast<double>(n);
  const double variance = Pairwise(
                              [x, mean](int64_t i) {
                                const double d = x[i] - mean;
                                return d * d;
                              },
                              0, n) /
                          static_cast<double>(n);
  out->set_mean(mean);
  out->set_stddev(std::sqrt(variance));
  out->set_mean_events(mean_events);

  std::sort(losses->begin(), losses->end());
  const absl::Span<const double> sorted(*losses);
  for (double p : kPercentiles) {
    v1::Percentile* percentile = out->add_percentiles();
    percentile->set_p(p);
    percentile->set_loss(SortedPercentile(sorted, p));
  }
  out->set_var95(SortedPercentile(sorted, 95));
  out->set_var99(SortedPercentile(sorted, 99));
  out->set_max(sorted.back());
  const int64_t tail_begin =
      std::lower_bound(sorted.begin(), sorted.end(), out->var99()) -
      sorted.begin();
  const int64_t tail = n - tail_begin;
  out->set_expected_shortfall99(tail > 0
                                    ? PairwiseSum(sorted.subspan(tail_begin)) /
                                          static_cast<double>(tail)
                                    : out->var99());

  // The curve spans the positive losses; an infinite loss (an overflowing
  // lognormal) has no place on a log axis, so the largest finite one ends it.
  const auto first_positive =
      std::upper_bound(sorted.begin(), sorted.end(), 0.0);
  const auto end_finite = std::lower_bound(
      first_positive, sorted.end(), std::numeric_limits<double>::infinity());
  if (curve_points <= 0 || first_positive == end_finite) return;
  const double low = *first_positive;
  const double high = *(end_finite - 1);
  const int points = high > low ? curve_points : 1;
  const double log_low = std::log(low);
  const double log_step =
      points > 1 ? (std::log(high) - log_low) / (points - 1) : 0.0;
  for (int i = 0; i < points; ++i) {
    // The ends are exact, not exp(log(...)).
    const double loss = i == 0            ? low
                        : i == points - 1 ? high
                                          : std::exp(log_low + log_step * i);
    const int64_t above =
        sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), loss);
    v1::ExceedancePoint* point = out->add_curve();
    point->set_loss(loss);
    point->set_probability(static_cast<double>(above) / static_cast<double>(n));
  }
}

}  // namespace internal

namespace {

using internal::RandomStream;
using internal::Sampler;

constexpr int kViews = 3;  // RiskEngine::View order
// A LEF above this is split into parts of at most this mean, so that
// exp(-mean) in the Poisson inversion does not underflow and each part costs
// O(mean) steps.
constexpr double kMaxPoissonPart = 500.0;
// Per-risk annual losses kept at once (the risks of one group).
constexpr int64_t kGroupBytes = int64_t{64} << 20;
constexpr int kMaxCurvePoints = 10000;
constexpr double kMaxEventsBound = 1e9;

// One risk's parameters, prepared.
struct RiskModel {
  int risk_index = 0;
  Sampler frequency;      // loss event frequency, or threat event frequency
  Sampler vulnerability;  // present when frequency is the threat's
  Sampler primary;
  Sampler secondary_probability;
  Sampler secondary;  // absent when either secondary parameter is
  double frequency_factor[kViews] = {1, 1, 1};  // 1 - R_likelihood
  double loss_factor[kViews] = {1, 1, 1};       // 1 - R_impact
  int by_mean[kViews] = {0, 1, 2};  // views by frequency_factor, largest first
};

// What one risk lost in one simulated year, per view.
struct YearLoss {
  double loss[kViews];
  int64_t events[kViews];
  bool clamped;
};

double Probability(double draw) { return std::clamp(draw, 0.0, 1.0); }

// The order of the draws is part of the results: frequency (and
// vulnerability), secondary probability, the Poisson uniforms, then per event
// its primary loss, the secondary uniform and the secondary loss.
void SimulateYear(const RiskModel& m, uint64_t seed, int64_t year,
                  double max_events, YearLoss* out) {
  RandomStream stream(seed, static_cast<uint64_t>(m.risk_index),
                      static_cast<uint64_t>(year));
  double frequency = m.frequency.Draw(&stream);
  if (m.vulnerability.present()) {
    frequency *= Probability(m.vulnerability.Draw(&stream));
  }
  if (!(frequency >= 0)) frequency = 0;  // an infinite TEF x vulnerability 0
  out->clamped = frequency > max_events;
  if (out->clamped) frequency = max_events;
  const double secondary_probability =
      m.secondary.present() ? Probability(m.secondary_probability.Draw(&stream))
                            : 0.0;

  // One uniform per part, shared by the views: N is monotone in the mean.
  // Rounding in the CDF sums could break that when u falls within an ulp of
  // a CDF value, so a view never gets more events than a view with a larger
  // mean (m.by_mean orders them).
  const double parts =
      frequency > kMaxPoissonPart ? std::ceil(frequency / kMaxPoissonPart) : 1;
  for (int v = 0; v < kViews; ++v) out->events[v] = 0;
  for (double part = 0; part < parts; ++part) {
    const double u = stream.Uniform();
    int64_t ceiling = std::numeric_limits<int64_t>::max();
    for (int v : m.by_mean) {
      const int64_t n =
          std::min(ceiling, internal::PoissonInverse(
                                u, frequency * m.frequency_factor[v] / parts));
      out->events[v] += n;
      ceiling = n;
    }
  }
  const int64_t most = out->events[m.by_mean[0]];

  // The events are drawn once; a view with N events takes the first N.
  double total = 0;
  double view_total[kViews] = {0, 0, 0};
  for (int64_t i = 0; i < most; ++i) {
    double loss = m.primary.Draw(&stream);
    if (secondary_probability > 0 && stream.Uniform() < secondary_probability) {
      loss += m.secondary.Draw(&stream);
    }
    total += loss;
    for (int v = 0; v < kViews; ++v) {
      if (out->events[v] == i + 1) view_total[v] = total;
    }
  }
  for (int v = 0; v < kViews; ++v) {
    // A full reduction removes even an infinite loss (inf x 0 is NaN).
    out->loss[v] =
        m.loss_factor[v] > 0 ? view_total[v] * m.loss_factor[v] : 0.0;
  }
}

// Runs work(0 .. items - 1) on up to `threads` threads, items taken in turn.
void RunParallel(int64_t items, int threads,
                 const std::function<void(int64_t)>& work) {
  std::atomic<int64_t> next{0};
  auto worker = [&] {
    for (int64_t i = next++; i < items; i = next++) work(i);
  };
  std::vector<std::thread> pool;
  const int64_t helpers = std::min<int64_t>(threads, items) - 1;
  for (int64_t t = 0; t < helpers; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
}

absl::Status CheckOptions(const QuantOptions& options) {
  if (options.years <= 0 || options.years > kMaxQuantYears) {
    return absl::InvalidArgumentError(absl::StrCat(
        "years ", options.years, " is outside 1..", kMaxQuantYears));
  }
  if (options.curve_points < 0 || options.curve_points > kMaxCurvePoints) {
    return absl::InvalidArgumentError(
        absl::StrCat("curve_points ", options.curve_points, " is outside 0..",
                     kMaxCurvePoints));
  }
  if (!(options.max_events_per_year > 0 &&
        options.max_events_per_year <= kMaxEventsBound)) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_events_per_year ", options.max_events_per_year,
                     " is outside (0, ", kMaxEventsBound, "]"));
  }
  return absl::OkStatus();
}

// The risk's model, or InvalidArgument naming the first fault Validate()
// would report as QUANT_INVALID.
absl::StatusOr<RiskModel> PrepareRisk(const v1::Register& reg,
                                      const RiskEngine& engine, int r) {
  const v1::QuantParameters& q = reg.risks(r).quant();
  std::string fault;
  internal::CheckQuantParameters(
      q, absl::StrCat("risks[", r, "].quant"),
      [&fault](std::string path, std::string message) {
        if (fault.empty()) fault = absl::StrCat(path, ": ", message);
      });
  if (!fault.empty()) return absl::InvalidArgumentError(fault);
  RiskModel m;
  m.risk_index = r;
  const bool direct =
      q.loss_event_frequency().kind_case() != v1::Distribution::KIND_NOT_SET;
  m.frequency =
      Sampler(direct ? q.loss_event_frequency() : q.threat_event_frequency());
  if (!direct) m.vulnerability = Sampler(q.vulnerability());
  m.primary = Sampler(q.primary_loss());
  const Sampler secondary(q.secondary_loss());
  const Sampler secondary_probability(q.secondary_loss_probability());
  if (secondary.present() && secondary_probability.present()) {
    m.secondary = secondary;
    m.secondary_probability = secondary_probability;
  }
  for (RiskEngine::View view : {RiskEngine::kCurrent, RiskEngine::kTarget}) {
    m.frequency_factor[view] =
        std::clamp(1.0 - engine.likelihood_reduction(view)[r], 0.0, 1.0);
    m.loss_factor[view] =
        std::clamp(1.0 - engine.impact_reduction(view)[r], 0.0, 1.0);
  }
  std::stable_sort(std::begin(m.by_mean), std::end(m.by_mean),
                   [&m](int a, int b) {
                     return m.frequency_factor[a] > m.frequency_factor[b];
                   });
  return m;
}

v1::LossStats* ViewStats(v1::RiskLoss* risk, int view) {
  switch (view) {
    case RiskEngine::kInherent:
      return risk->mutable_inherent();
    case RiskEngine::kCurrent:
      return risk->mutable_current();
    default:
      return risk->mutable_target();
  }
}

v1::LossStats* PortfolioStats(v1::QuantAssessment* a, int view) {
  switch (view) {
    case RiskEngine::kInherent:
      return a->mutable_portfolio_inherent();
    case RiskEngine::kCurrent:
      return a->mutable_portfolio_current();
    default:
      return a->mutable_portfolio_target();
  }
}

}  // namespace

absl::StatusOr<SimulatedLosses> SimulateAnnualLosses(
    const v1::Register& reg, const RiskEngine& engine,
    const QuantOptions& options) {
  if (absl::Status st = CheckOptions(options); !st.ok()) return st;
  const int risk_count = reg.risks_size();
  for (RiskEngine::View view : {RiskEngine::kCurrent, RiskEngine::kTarget}) {
    if (engine.risk_count() != risk_count ||
        static_cast<int>(engine.likelihood_reduction(view).size()) !=
            risk_count ||
        static_cast<int>(engine.impact_reduction(view).size()) != risk_count) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the engine has ", engine.risk_count(), " risks and the register ",
          risk_count, ": the engine was compiled from another register"));
    }
  }

  SimulatedLosses result;
  v1::QuantAssessment& summary = result.summary;
  std::vector<RiskModel> models;
  int currency_risk = -1;
  for (int r = 0; r < risk_count; ++r) {
    const v1::Risk& risk = reg.risks(r);
    if (!risk.has_quant()) {
      summary.add_skipped_risk_ids(risk.id());
      continue;
    }
    absl::StatusOr<RiskModel> model = PrepareRisk(reg, engine, r);
    if (!model.ok()) return model.status();
    models.push_back(*std::move(model));
    const std::string& currency = risk.quant().currency();
    if (currency.empty()) continue;
    if (currency_risk < 0) {
      currency_risk = r;
      summary.set_currency(currency);
    } else if (currency != summary.currency()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "risks[", r, "].quant.currency: \"", currency, "\" differs from \"",
          summary.currency(), "\" of risks[", currency_risk,
          "]; one simulation sums losses in one currency"));
    }
  }

  const int64_t years = options.years;
  const int64_t model_count = static_cast<int64_t>(models.size());
  const double year_bytes = 8.0 * static_cast<double>(years);
  // Portfolio arrays, their sorted copies or one group of per-risk arrays,
  // and the per-risk messages (about 48 bytes per percentile or curve point
  // per view).
  const double estimate =
      year_bytes * 2 * kViews +
      (options.per_risk
           ? std::min<double>(
                 kGroupBytes,
                 year_bytes * kViews * static_cast<double>(model_count)) +
                 static_cast<double>(model_count) * kViews *
                     (48.0 * (6 + options.curve_points) + 256)
           : 0.0);
  if (estimate > static_cast<double>(options.max_memory_bytes)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "simulating ", years, " years of ", model_count, " risks needs about ",
        static_cast<int64_t>(estimate / (1 << 20)), " MiB (the bound is ",
        options.max_memory_bytes / (1 << 20), " MiB)"));
  }

  summary.set_years(years);
  summary.set_seed(options.seed);
  summary.set_as_of(engine.as_of());
  summary.set_simulated_risks(static_cast<int32_t>(model_count));
  const int threads =
      options.threads > 0
          ? options.threads
          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<double>* portfolio[kViews] = {&result.inherent, &result.current,
                                            &result.target};
  for (std::vector<double>* losses : portfolio) losses->assign(years, 0.0);
  // The messages the threads fill are created here, one thread at a time.
  std::vector<v1::LossStats*> risk_stats;
  if (options.per_risk) {
    for (const RiskModel& m : models) {
      v1::RiskLoss* risk = summary.add_risks();
      for (int v = 0; v < kViews; ++v) risk_stats.push_back(ViewStats(risk, v));
      const v1::Risk& source = reg.risks(m.risk_index);
      risk->set_risk_id(source.id());
      risk->set_title(source.title());
      risk->set_risk_index(m.risk_index);
      risk->set_current_likelihood_reduction(
          1.0 - m.frequency_factor[RiskEngine::kCurrent]);
      risk->set_current_impact_reduction(1.0 -
                                         m.loss_factor[RiskEngine::kCurrent]);
      risk->set_target_likelihood_reduction(
          1.0 - m.frequency_factor[RiskEngine::kTarget]);
      risk->set_target_impact_reduction(1.0 -
                                        m.loss_factor[RiskEngine::kTarget]);
    }
  }

  // Threads take blocks of years; within a year the risks are added to the
  // portfolio in register order, so no result depends on the thread count or
  // the block size.
  const int64_t block_years =
      std::clamp<int64_t>(years / (int64_t{threads} * 8), 256, 16384);
  const int64_t blocks = (years + block_years - 1) / block_years;
  const int64_t group_size =
      options.per_risk
          ? std::max<int64_t>(
                1, kGroupBytes / static_cast<int64_t>(year_bytes * kViews))
          : std::max<int64_t>(1, model_count);
  std::vector<int64_t> event_totals(model_count * kViews, 0);
  int64_t clamped_total = 0;
  std::mutex totals_mutex;
  for (int64_t first = 0; first < model_count; first += group_size) {
    const int64_t last = std::min(model_count, first + group_size);
    const int64_t group = last - first;
    // [risk - first][view][year], only for per-risk statistics.
    std::vector<std::vector<double>> risk_losses(
        options.per_risk ? group * kViews : 0, std::vector<double>(years));
    RunParallel(blocks, threads, [&](int64_t block) {
      const int64_t begin = block * block_years;
      const int64_t end = std::min(years, begin + block_years);
      std::vector<int64_t> events(group * kViews, 0);
      int64_t clamped = 0;
      YearLoss year_loss;
      for (int64_t y = begin; y < end; ++y) {
        double sum[kViews];
        for (int v = 0; v < kViews; ++v) sum[v] = (*portfolio[v])[y];
        for (int64_t i = 0; i < group; ++i) {
          SimulateYear(models[first + i], options.seed, y,
                       options.max_events_per_year, &year_loss);
          clamped += year_loss.clamped;
          for (int v = 0; v < kViews; ++v) {
            sum[v] += year_loss.loss[v];
            events[i * kViews + v] += year_loss.events[v];
            if (options.per_risk) {
              risk_losses[i * kViews + v][y] = year_loss.loss[v];
            }
          }
        }
        for (int v = 0; v < kViews; ++v) (*portfolio[v])[y] = sum[v];
      }
      std::lock_guard<std::mutex> lock(totals_mutex);
      clamped_total += clamped;
      for (int64_t k = 0; k < group * kViews; ++k) {
        event_totals[first * kViews + k] += events[k];
      }
    });
    if (!options.per_risk) continue;
    RunParallel(group * kViews, threads, [&](int64_t item) {
      internal::SummarizeLosses(
          &risk_losses[item],
          static_cast<double>(event_totals[first * kViews + item]) /
              static_cast<double>(years),
          options.curve_points, risk_stats[first * kViews + item]);
      std::vector<double>().swap(risk_losses[item]);  // free it now
    });
  }
  summary.set_clamped_draws(clamped_total);

  v1::LossStats* portfolio_stats[kViews];
  for (int v = 0; v < kViews; ++v)
    portfolio_stats[v] = PortfolioStats(&summary, v);
  RunParallel(kViews, threads, [&](int64_t view) {
    double events = 0;
    for (int64_t i = 0; i < model_count; ++i) {
      events += static_cast<double>(event_totals[i * kViews + view]);
    }
    std::vector<double> sorted = *portfolio[view];
    internal::SummarizeLosses(&sorted, events / static_cast<double>(years),
                              options.curve_points, portfolio_stats[view]);
  });
  return result;
}

absl::StatusOr<v1::QuantAssessment> SimulateLosses(
    const v1::Register& reg, const RiskEngine& engine,
    const QuantOptions& options) {
  absl::StatusOr<SimulatedLosses> losses =
      SimulateAnnualLosses(reg, engine, options);
  if (!losses.ok()) return losses.status();
  return std::move(losses->summary);
}

}  // namespace isms
