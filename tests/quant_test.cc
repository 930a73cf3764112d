// Tests of the quantitative (FAIR) loss simulation (include/isms/quant.h).
// Expected values are worked out by hand in the comments; tolerances are
// stated as multiples of the Monte Carlo standard error (SE) they allow.
#include "isms/quant.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "isms/io.h"
#include "isms/report.h"
#include "isms/validate.h"
#include "lib/quant_internal.h"
#include "tests/test_util.h"

namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::isms::QuantOptions;
using ::isms::RiskEngine;
using ::isms::SimulateAnnualLosses;
using ::isms::SimulatedLosses;
using ::isms::SimulateLosses;
using ::isms::internal::RandomStream;
using ::isms::internal::Sampler;
using ::isms::testing::EvaluatedEngine;
using ::isms::testing::RegisterFromText;
using ::isms::v1::QuantAssessment;
using ::isms::v1::Register;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A 2 x 2 method, one asset, one threat; the tests append controls and
// risks.
constexpr char kMethod[] = R"pb(
  risk_method {
    likelihood {
      levels { id: "low" }
      levels { id: "high" }
    }
    impact {
      levels { id: "minor" }
      levels { id: "major" }
    }
    risk_levels { id: "ok" acceptable: true }
    risk_levels { id: "bad" }
    grid: [ "ok", "ok", "ok", "bad" ]
  }
  assets { id: "A-1" }
  threats { id: "T-1" likelihood: "high" }
)pb";

// A risk on A-1 with the given mitigations and quant body.
std::string Risk(absl::string_view id, absl::string_view quant,
                 absl::string_view mitigations = "") {
  return absl::StrCat("risks { id: \"", id,
                      "\" asset_ids: \"A-1\" threat_id: \"T-1\" ", mitigations,
                      " quant { ", quant, " } }\n");
}

// LEF 2 per year, 1000 per event.
constexpr char kTwoThousands[] =
    "loss_event_frequency { constant: 2 } primary_loss { constant: 1000 } "
    "currency: \"GBP\"";

struct Simulated {
  Register reg;
  std::unique_ptr<RiskEngine> engine;
  absl::StatusOr<SimulatedLosses> losses;
};

Simulated Simulate(const std::string& body, QuantOptions options = {}) {
  Simulated s;
  s.reg = RegisterFromText(absl::StrCat(kMethod, body));
  s.engine = EvaluatedEngine(s.reg);
  if (s.engine == nullptr) {
    s.losses = absl::InternalError("no engine");
    return s;
  }
  s.losses = SimulateAnnualLosses(s.reg, *s.engine, options);
  return s;
}

QuantOptions Years(int64_t years) {
  QuantOptions options;
  options.years = years;
  return options;
}

double Percentile(const isms::v1::LossStats& stats, double p) {
  for (const auto& percentile : stats.percentiles()) {
    if (percentile.p() == p) return percentile.loss();
  }
  ADD_FAILURE() << "no percentile " << p;
  return -1;
}

// --- The building blocks ----------------------------------------------------

TEST(QuantStatsTest, TinyArrayByHand) {
  // Year order 4, 1, 3, 2, 10; sorted 1, 2, 3, 4, 10 (n = 5).
  std::vector<double> losses = {4, 1, 3, 2, 10};
  isms::v1::LossStats stats;
  isms::internal::SummarizeLosses(&losses, 0.5, 3, &stats);
  EXPECT_EQ(stats.mean(), 4);  // 20 / 5
  // Deviations 0, -3, -1, -2, 6: squares sum to 50; sqrt(50 / 5).
  EXPECT_DOUBLE_EQ(stats.stddev(), std::sqrt(10.0));
  // Position p/100 x (n - 1), linear between neighbours: p5 -> 0.2 -> 1.2;
  // p10 -> 0.4 -> 1.4; p50 -> 2 -> 3; p90 -> 3.6 -> 4 + 0.6 x 6 = 7.6;
  // p95 -> 3.8 -> 8.8; p99 -> 3.96 -> 9.76 (numpy.percentile agrees).
  ASSERT_EQ(stats.percentiles_size(), 6);
  EXPECT_DOUBLE_EQ(Percentile(stats, 5), 1.2);
  EXPECT_DOUBLE_EQ(Percentile(stats, 10), 1.4);
  EXPECT_DOUBLE_EQ(Percentile(stats, 50), 3);
  EXPECT_DOUBLE_EQ(Percentile(stats, 90), 7.6);
  EXPECT_DOUBLE_EQ(Percentile(stats, 95), 8.8);
  EXPECT_DOUBLE_EQ(Percentile(stats, 99), 9.76);
  EXPECT_EQ(stats.var95(), Percentile(stats, 95));
  EXPECT_EQ(stats.var99(), Percentile(stats, 99));
  // Only 10 is at or above 9.76.
  EXPECT_EQ(stats.expected_shortfall99(), 10);
  EXPECT_EQ(stats.max(), 10);
  EXPECT_EQ(stats.mean_events(), 0.5);
  // Curve: 1, sqrt(10), 10; losses above them: 4, 2 (4 and 10), 0 of 5.
  ASSERT_EQ(stats.curve_size(), 3);
  EXPECT_EQ(stats.curve(0).loss(), 1);
  EXPECT_NEAR(stats.curve(1).loss(), std::sqrt(10.0), 1e-12);
  EXPECT_EQ(stats.curve(2).loss(), 10);
  EXPECT_EQ(stats.curve(0).probability(), 0.8);
  EXPECT_EQ(stats.curve(1).probability(), 0.4);
  EXPECT_EQ(stats.curve(2).probability(), 0);
  EXPECT_THAT(losses, ElementsAre(1, 2, 3, 4, 10));  // sorted in place
}

TEST(QuantStatsTest, CurveOfZerosIsEmptyAndOfOneValueIsOnePoint) {
  std::vector<double> zeros = {0, 0, 0, 0};
  isms::v1::LossStats stats;
  isms::internal::SummarizeLosses(&zeros, 0, 40, &stats);
  EXPECT_EQ(stats.curve_size(), 0);
  EXPECT_EQ(stats.mean(), 0);
  EXPECT_EQ(stats.expected_shortfall99(), 0);

  // One positive value: a single point, exceeded by nothing.
  std::vector<double> one = {0, 5, 0, 5};
  isms::v1::LossStats single;
  isms::internal::SummarizeLosses(&one, 0, 40, &single);
  ASSERT_EQ(single.curve_size(), 1);
  EXPECT_EQ(single.curve(0).loss(), 5);
  EXPECT_EQ(single.curve(0).probability(), 0);
}

TEST(QuantStatsTest, PairwiseSumIsAccurate) {
  // 10^6 x 0.1 summed naively drifts by ~1e-6; pairwise stays within a few
  // units in the last place of 100000.
  std::vector<double> tenths(1000000, 0.1);
  EXPECT_NEAR(isms::internal::PairwiseSum(tenths), 100000.0, 1e-9);
}

TEST(QuantRandomTest, InverseNormalCdfKnownValues) {
  using isms::internal::InverseNormalCdf;
  EXPECT_EQ(InverseNormalCdf(0.5), 0);
  EXPECT_NEAR(InverseNormalCdf(0.95), 1.6448536269514722, 1e-15);
  EXPECT_NEAR(InverseNormalCdf(0.025), -1.959963984540054, 1e-15);
  EXPECT_NEAR(InverseNormalCdf(0.999), 3.090232306167813, 1e-14);
  EXPECT_NEAR(InverseNormalCdf(1e-10), -6.361340902404056, 1e-13);
  // The extremes of Uniform(): finite.
  EXPECT_NEAR(InverseNormalCdf(0x1.0p-53), -8.2095361516013, 1e-12);
  EXPECT_NEAR(InverseNormalCdf(1 - 0x1.0p-53), 8.2095361516013, 1e-12);
}

TEST(QuantRandomTest, StreamsAreKeyedBySeedRiskAndYear) {
  RandomStream a(1, 0, 0), same(1, 0, 0), seed(2, 0, 0), risk(1, 1, 0),
      year(1, 0, 1);
  const uint64_t first = a.Next();
  EXPECT_EQ(first, same.Next());
  EXPECT_NE(first, seed.Next());
  EXPECT_NE(first, risk.Next());
  EXPECT_NE(first, year.Next());
  for (int i = 0; i < 1000; ++i) {
    const double u = a.Uniform();
    ASSERT_GT(u, 0);
    ASSERT_LT(u, 1);
  }
}

// Mean and variance of n draws.
template <typename Draw>
std::pair<double, double> Moments(int n, Draw draw) {
  double sum = 0, squares = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    squares += x * x;
  }
  const double mean = sum / n;
  return {mean, squares / n - mean * mean};
}

TEST(QuantRandomTest, PoissonInversionMeanAndVariance) {
  // Poisson(3.7): mean = variance = 3.7. n = 200000: SE(mean) =
  // sqrt(3.7 / n) = 0.0043, SE(variance) ~ 3.7 sqrt(2 / n) = 0.012; 5 SE.
  RandomStream stream(7, 0, 0);
  auto [mean, variance] = Moments(200000, [&] {
    return static_cast<double>(
        isms::internal::PoissonInverse(stream.Uniform(), 3.7));
  });
  EXPECT_NEAR(mean, 3.7, 0.022);
  EXPECT_NEAR(variance, 3.7, 0.06);
  // Monotone in the mean for a fixed uniform (common random numbers).
  for (double u : {0.001, 0.3, 0.5, 0.9, 0.999999}) {
    int64_t previous = 0;
    for (double m = 0; m <= 500; m += 0.37) {
      const int64_t n = isms::internal::PoissonInverse(u, m);
      ASSERT_GE(n, previous) << "u " << u << " mean " << m;
      previous = n;
    }
  }
  EXPECT_EQ(isms::internal::PoissonInverse(0.5, 0), 0);
}

TEST(QuantRandomTest, GammaMeanAndVariance) {
  // Gamma(k, 1): mean = variance = k. n = 200000, 5 SE.
  for (double shape : {0.3, 1.0, 2.5, 40.0}) {
    RandomStream stream(3, 0, 0);
    auto [mean, variance] =
        Moments(200000, [&] { return stream.Gamma(shape); });
    const double se_mean = std::sqrt(shape / 200000);
    EXPECT_NEAR(mean, shape, 5 * se_mean) << shape;
    EXPECT_NEAR(variance, shape, 0.03 * shape + 0.01) << shape;
  }
}

isms::v1::Distribution Pert(double low, double mode, double high,
                            double gamma = 0) {
  isms::v1::Distribution d;
  d.mutable_pert()->set_low(low);
  d.mutable_pert()->set_mode(mode);
  d.mutable_pert()->set_high(high);
  if (gamma > 0) d.mutable_pert()->set_gamma(gamma);
  return d;
}

TEST(QuantRandomTest, PertMeanIsClassic) {
  // mean = (low + gamma mode + high) / (gamma + 2);
  // variance = (mean - low)(high - mean) / (gamma + 3).
  // gamma 4 (default): (10 + 80 + 60) / 6 = 25, var 15 x 35 / 7 = 75.
  // gamma 2: (10 + 40 + 60) / 4 = 27.5, var 17.5 x 32.5 / 5 = 113.75.
  // n = 200000: SE(mean) = sqrt(var / n) ~ 0.02; 5 SE = 0.12.
  struct Case {
    double gamma, mean, variance;
  };
  for (const Case& c : {Case{0, 25, 75}, Case{2, 27.5, 113.75}}) {
    const Sampler pert(Pert(10, 20, 60, c.gamma));
    RandomStream stream(5, 1, 2);
    double lowest = 1e9, highest = -1e9;
    auto [mean, variance] = Moments(200000, [&] {
      const double x = pert.Draw(&stream);
      lowest = std::min(lowest, x);
      highest = std::max(highest, x);
      return x;
    });
    EXPECT_NEAR(mean, c.mean, 0.12) << c.gamma;
    EXPECT_NEAR(variance, c.variance, 0.03 * c.variance) << c.gamma;
    EXPECT_GE(lowest, 10);
    EXPECT_LE(highest, 60);
  }
  // high == low is the constant.
  RandomStream stream(5, 1, 2);
  EXPECT_EQ(Sampler(Pert(7, 7, 7)).Draw(&stream), 7);
}

TEST(QuantRandomTest, LognormalMatchesItsNinetyPercentInterval) {
  // 5% of draws below low = 1000 and 5% above high = 100000; the median is
  // sqrt(low x high) = 10000. The sample 5th percentile of n = 200000 has an
  // SE of about 0.7% (0.0047 sigmas of log, sigma = ln(100) / 3.29 = 1.4);
  // 3% is 4 SE.
  isms::v1::Distribution d;
  d.mutable_lognormal()->set_low(1000);
  d.mutable_lognormal()->set_high(100000);
  const Sampler lognormal(d);
  RandomStream stream(11, 0, 0);
  std::vector<double> draws(200000);
  for (double& x : draws) x = lognormal.Draw(&stream);
  std::sort(draws.begin(), draws.end());
  EXPECT_NEAR(isms::internal::SortedPercentile(draws, 5), 1000, 30);
  EXPECT_NEAR(isms::internal::SortedPercentile(draws, 50), 10000, 200);
  EXPECT_NEAR(isms::internal::SortedPercentile(draws, 95), 100000, 3000);
}

// --- The simulation ---------------------------------------------------------

TEST(QuantTest, ConstantFrequencyAndLoss) {
  // N ~ Poisson(2), annual loss = 1000 N: mean 2000, stddev 1000 sqrt(2) =
  // 1414.2. n = 200000 years: SE(mean) = 1414 / sqrt(n) = 3.2 (tolerance 16,
  // 5 SE); SE(stddev) ~ 1414 sqrt((kurtosis - 1) / 4n) = 2.5 (tolerance 13).
  Simulated s = Simulate(Risk("R-1", kTwoThousands), Years(200000));
  ASSERT_TRUE(s.losses.ok()) << s.losses.status();
  const QuantAssessment& a = s.losses->summary;
  EXPECT_EQ(a.years(), 200000);
  EXPECT_EQ(a.seed(), 1u);
  EXPECT_EQ(a.currency(), "GBP");
  EXPECT_EQ(a.as_of(), "2026-11-22");
  EXPECT_EQ(a.simulated_risks(), 1);
  EXPECT_EQ(a.clamped_draws(), 0);
  ASSERT_EQ(a.risks_size(), 1);
  const isms::v1::LossStats& p = a.portfolio_inherent();
  EXPECT_NEAR(p.mean(), 2000, 16);
  EXPECT_NEAR(p.stddev(), 1000 * std::sqrt(2.0), 13);
  EXPECT_NEAR(p.mean_events(), 2, 0.016);
  // Poisson(2) CDF: 0.135, 0.406, 0.677, 0.857, 0.947, 0.983, 0.995 at
  // 0..6, so the percentiles are whole events, far from any boundary:
  // p5, p10 -> 0; p50 -> 2; p90 -> 4; p95 -> 5; p99 -> 6.
  EXPECT_EQ(Percentile(p, 5), 0);
  EXPECT_EQ(Percentile(p, 10), 0);
  EXPECT_EQ(Percentile(p, 50), 2000);
  EXPECT_EQ(Percentile(p, 90), 4000);
  EXPECT_EQ(Percentile(p, 95), 5000);
  EXPECT_EQ(Percentile(p, 99), 6000);
  EXPECT_EQ(p.var95(), 5000);
  EXPECT_EQ(p.var99(), 6000);
  // ES99 = 1000 E[N | N >= 6] = 1000 x 2 P(N >= 5) / P(N >= 6) (as
  // n P(n) = 2 P(n - 1)) = 1000 x 2 x 0.052653 / 0.016564 = 6357.7; about
  // 3300 tail years, SE ~ 12.
  EXPECT_NEAR(p.expected_shortfall99(), 6357.7, 60);
  // The curve starts at 1000 (one event) exceeded with P(N >= 2) = 0.594.
  ASSERT_EQ(p.curve_size(), 40);
  EXPECT_EQ(p.curve(0).loss(), 1000);
  EXPECT_NEAR(p.curve(0).probability(), 0.594, 0.006);
  EXPECT_EQ(p.curve(39).loss(), p.max());
  EXPECT_EQ(p.curve(39).probability(), 0);
  // One risk: the portfolio is the risk.
  EXPECT_TRUE(MessageDifferencer::Equals(a.risks(0).inherent(), p));
  EXPECT_EQ(a.risks(0).risk_id(), "R-1");
  // No control: the three views are the same years.
  EXPECT_EQ(s.losses->inherent, s.losses->current);
  EXPECT_EQ(s.losses->inherent, s.losses->target);
  EXPECT_EQ(s.losses->inherent.size(), 200000u);
}

TEST(QuantTest, ThreatFrequencyTimesVulnerabilityIsTheLossFrequency) {
  // TEF 10 x vulnerability 0.2 = LEF 2 exactly (10 x 0.2 rounds to 2.0);
  // constants draw nothing, so the years are bit-identical.
  Simulated direct = Simulate(Risk("R-1", kTwoThousands), Years(5000));
  Simulated product = Simulate(
      Risk("R-1",
           "threat_event_frequency { constant: 10 } vulnerability { constant: "
           "0.2 } primary_loss { constant: 1000 }"),
      Years(5000));
  ASSERT_TRUE(direct.losses.ok() && product.losses.ok());
  EXPECT_EQ(direct.losses->inherent, product.losses->inherent);
}

TEST(QuantTest, LikelihoodControlHalvesTheFrequency) {
  // C-1 implemented, strength 0.5 on likelihood: R_current = 0.5;
  // C-2 planned, 0.5: R_target = 1 - 0.5 x 0.5 = 0.75. Means:
  // inherent 2 x 1000 = 2000, current 1 x 1000 = 1000, target 500.
  // n = 200000: SE <= 3.2; tolerance 16.
  Simulated s = Simulate(
      absl::StrCat(
          "controls { id: \"C-1\" status: CONTROL_STATUS_IMPLEMENTED }\n"
          "controls { id: \"C-2\" status: CONTROL_STATUS_PLANNED }\n",
          Risk("R-1", kTwoThousands,
               "mitigations { control_id: \"C-1\" reduces: "
               "REDUCES_LIKELIHOOD strength: 0.5 } "
               "mitigations { control_id: \"C-2\" reduces: "
               "REDUCES_LIKELIHOOD strength: 0.5 }")),
      Years(200000));
  ASSERT_TRUE(s.losses.ok()) << s.losses.status();
  const QuantAssessment& a = s.losses->summary;
  EXPECT_NEAR(a.portfolio_inherent().mean(), 2000, 16);
  EXPECT_NEAR(a.portfolio_current().mean(), 1000, 16);
  EXPECT_NEAR(a.portfolio_target().mean(), 500, 16);
  EXPECT_NEAR(a.portfolio_current().mean_events(), 1, 0.016);
  EXPECT_EQ(a.risks(0).current_likelihood_reduction(), 0.5);
  EXPECT_EQ(a.risks(0).target_likelihood_reduction(), 0.75);
  // Common random numbers: every year inherent >= current >= target.
  for (int64_t y = 0; y < 200000; ++y) {
    ASSERT_GE(s.losses->inherent[y], s.losses->current[y]) << y;
    ASSERT_GE(s.losses->current[y], s.losses->target[y]) << y;
  }
}

TEST(QuantTest, ImpactControlScalesEveryLoss) {
  // C-1 implemented, strength 0.25 on impact: each loss x 0.75, the same
  // events: current = 0.75 x inherent, year by year (one rounding).
  Simulated s = Simulate(
      absl::StrCat(
          "controls { id: \"C-1\" status: CONTROL_STATUS_IMPLEMENTED }\n",
          Risk("R-1", kTwoThousands,
               "mitigations { control_id: \"C-1\" reduces: REDUCES_IMPACT "
               "strength: 0.25 }")),
      Years(50000));
  ASSERT_TRUE(s.losses.ok()) << s.losses.status();
  for (int64_t y = 0; y < 50000; ++y) {
    ASSERT_EQ(s.losses->current[y], s.losses->inherent[y] * 0.75) << y;
  }
  const QuantAssessment& a = s.losses->summary;
  EXPECT_NEAR(a.portfolio_current().mean() / a.portfolio_inherent().mean(),
              0.75, 1e-12);
  EXPECT_EQ(a.portfolio_current().mean_events(),
            a.portfolio_inherent().mean_events());
}

TEST(QuantTest, WideLognormalsStayFinite) {
  // low 1, high 1e12: mu = 13.8, sigma = 27.6 / 3.29 = 8.40, mu + 8.3 sigma
  // = 83.5 <= 650: wide (mean e^(13.8 + 35.3) = 2.1e21) but every draw and
  // every statistic is finite.
  Simulated wide =
      Simulate(Risk("R-1",
                    "loss_event_frequency { constant: 1 } primary_loss { "
                    "lognormal { low: 1 high: 1e12 } }"),
               Years(20000));
  ASSERT_TRUE(wide.losses.ok()) << wide.losses.status();
  const auto& inherent = wide.losses->summary.portfolio_inherent();
  EXPECT_TRUE(std::isfinite(inherent.mean()));
  EXPECT_TRUE(std::isfinite(inherent.stddev()));
  EXPECT_GT(inherent.mean(), 0);

  // low 1e-300, high 1e300: draws up to e^3449 (see validate_test); and
  // low 1e292, high 1e300, narrow but so high that a draw 5 sigmas up
  // overflows: mu = 681 > 650.
  Simulated overflowing =
      Simulate(Risk("R-1",
                    "loss_event_frequency { constant: 1 } primary_loss { "
                    "lognormal { low: 1e-300 high: 1e300 } }"),
               Years(1000));
  EXPECT_EQ(overflowing.losses.status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(overflowing.losses.status().message()),
              ::testing::HasSubstr("is too wide"));
  Simulated high =
      Simulate(Risk("R-1",
                    "loss_event_frequency { constant: 1 } primary_loss { "
                    "lognormal { low: 1e292 high: 1e300 } }"),
               Years(1000));
  EXPECT_EQ(high.losses.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(QuantTest, SecondaryLossWithItsProbability) {
  // LEF 1, primary 100, secondary 1000 with probability 0.5:
  // mean = 1 x (100 + 0.5 x 1000) = 600. Per event the loss is 100 or 1100:
  // variance of the annual loss = LEF x E[loss^2] = 0.5 (100^2 + 1100^2) =
  // 610000, SD 781; n = 100000: SE 2.5, tolerance 13.
  Simulated s = Simulate(
      Risk("R-1",
           "loss_event_frequency { constant: 1 } primary_loss { constant: 100 "
           "} secondary_loss_probability { constant: 0.5 } secondary_loss { "
           "constant: 1000 }"),
      Years(100000));
  ASSERT_TRUE(s.losses.ok()) << s.losses.status();
  EXPECT_NEAR(s.losses->summary.portfolio_inherent().mean(), 600, 13);

  // One without the other is refused, not silently dropped.
  Simulated without = Simulate(
      Risk("R-1",
           "loss_event_frequency { constant: 1 } primary_loss { constant: 100 "
           "} secondary_loss { constant: 1000 }"),
      Years(1000));
  EXPECT_EQ(without.losses.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(without.losses.status().message()),
              ::testing::HasSubstr(
                  "risks[0].quant.secondary_loss_probability: secondary_loss "
                  "needs its secondary_loss_probability"));
}

TEST(QuantTest, LargeFrequencyIsSplitButStillPoisson) {
  // LEF 1234.5 > 500: three parts of 411.5 each, summed; loss 1 per event,
  // so the annual loss is N: mean = variance = 1234.5. n = 20000: SE(mean)
  // = 0.25 (tolerance 1.5), SE(variance) ~ 1234.5 sqrt(2 / n) = 12
  // (tolerance 70).
  Simulated s = Simulate(Risk("R-1",
                              "loss_event_frequency { constant: 1234.5 } "
                              "primary_loss { constant: 1 }"),
                         Years(20000));
  ASSERT_TRUE(s.losses.ok()) << s.losses.status();
  const isms::v1::LossStats& p = s.losses->summary.portfolio_inherent();
  EXPECT_NEAR(p.mean(), 1234.5, 1.5);
  EXPECT_NEAR(p.stddev() * p.stddev(), 1234.5, 70);
  EXPECT_EQ(p.mean(), p.mean_events());
}

TEST(QuantTest, FrequencyAboveTheBoundIsClampedAndCounted) {
  QuantOptions options = Years(100);
  options.max_events_per_year = 50;
  Simulated s = Simulate(Risk("R-1",
                              "loss_event_frequency { constant: 1e6 } "
                              "primary_loss { constant: 1 }"),
                         options);
  ASSERT_TRUE(s.losses.ok()) << s.losses.status();
  EXPECT_EQ(s.losses->summary.clamped_draws(), 100);
  EXPECT_NEAR(s.losses->summary.portfolio_inherent().mean_events(), 50, 5);
}

TEST(QuantTest, SameSeedSameResultOtherSeedOtherResult) {
  const std::string body =
      Risk("R-1",
           "loss_event_frequency { pert { low: 0.5 mode: 2 high: 6 } } "
           "primary_loss { lognormal { low: 1000 high: 50000 } }");
  QuantOptions options = Years(20000);
  Simulated first = Simulate(body, options);
  Simulated again = Simulate(body, options);
  options.seed = 2;
  Simulated other = Simulate(body, options);
  ASSERT_TRUE(first.losses.ok() && again.losses.ok() && other.losses.ok());
  EXPECT_TRUE(
      MessageDifferencer::Equals(first.losses->summary, again.losses->summary));
  EXPECT_EQ(first.losses->current, again.losses->current);
  EXPECT_NE(first.losses->summary.portfolio_inherent().mean(),
            other.losses->summary.portfolio_inherent().mean());
  EXPECT_EQ(other.losses->summary.seed(), 2u);
}

TEST(QuantTest, IndependentOfTheThreadCount) {
  absl::StatusOr<Register> reg = isms::LoadRegister(isms::testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  std::unique_ptr<RiskEngine> engine = EvaluatedEngine(*reg);
  ASSERT_NE(engine, nullptr);
  std::vector<SimulatedLosses> runs;
  for (int threads : {1, 2, 4, 7}) {
    QuantOptions options = Years(30000);  // several blocks of years
    options.threads = threads;
    absl::StatusOr<SimulatedLosses> run =
        SimulateAnnualLosses(*reg, *engine, options);
    ASSERT_TRUE(run.ok()) << run.status();
    runs.push_back(*std::move(run));
  }
  for (size_t i = 1; i < runs.size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(runs[0].summary, runs[i].summary))
        << i;
    EXPECT_EQ(runs[0].inherent, runs[i].inherent);
    EXPECT_EQ(runs[0].current, runs[i].current);
    EXPECT_EQ(runs[0].target, runs[i].target);
  }
}

TEST(QuantTest, PerRiskResultsDoNotChangeThePortfolio) {
  absl::StatusOr<Register> reg = isms::LoadRegister(isms::testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  std::unique_ptr<RiskEngine> engine = EvaluatedEngine(*reg);
  ASSERT_NE(engine, nullptr);
  QuantOptions options = Years(10000);
  absl::StatusOr<SimulatedLosses> with =
      SimulateAnnualLosses(*reg, *engine, options);
  options.per_risk = false;
  absl::StatusOr<SimulatedLosses> without =
      SimulateAnnualLosses(*reg, *engine, options);
  ASSERT_TRUE(with.ok() && without.ok());
  EXPECT_EQ(without->summary.risks_size(), 0);
  EXPECT_EQ(with->current, without->current);
  EXPECT_TRUE(MessageDifferencer::Equals(with->summary.portfolio_current(),
                                         without->summary.portfolio_current()));
}

TEST(QuantTest, ARiskKeepsItsDrawsWhenOthersAreAdded) {
  const std::string first =
      Risk("R-1",
           "loss_event_frequency { pert { low: 1 mode: 2 high: 5 } } "
           "primary_loss { lognormal { low: 10 high: 1000 } }");
  Simulated alone = Simulate(first, Years(3000));
  Simulated with_others =
      Simulate(absl::StrCat(first,
                            "risks { id: \"R-2\" asset_ids: \"A-1\" threat_id: "
                            "\"T-1\" }\n",
                            Risk("R-3", kTwoThousands)),
               Years(3000));
  ASSERT_TRUE(alone.losses.ok() && with_others.losses.ok());
  const QuantAssessment& a = with_others.losses->summary;
  EXPECT_THAT(a.skipped_risk_ids(), ElementsAre("R-2"));
  ASSERT_EQ(a.risks_size(), 2);
  EXPECT_EQ(a.risks(1).risk_index(), 2);
  EXPECT_TRUE(MessageDifferencer::Equals(
      alone.losses->summary.risks(0).inherent(), a.risks(0).inherent()));
}

TEST(QuantReportTest, TextAndJson) {
  // LEF 2, loss 1000: p50 = 2000, p99 = 6000 (see ConstantFrequencyAndLoss);
  // money in whole units with thousands separators.
  Simulated s = Simulate(Risk("R-1", kTwoThousands), Years(20000));
  ASSERT_TRUE(s.losses.ok()) << s.losses.status();
  const QuantAssessment& a = s.losses->summary;
  const std::string text = isms::RenderQuant(a, isms::ReportFormat::kText);
  EXPECT_THAT(text, HasSubstr("Simulated years: 20,000 (seed 1)\n"));
  EXPECT_THAT(text, HasSubstr("Risks: 1 simulated, 0 without quant"));
  EXPECT_THAT(text, HasSubstr("Money in GBP."));
  EXPECT_THAT(text, HasSubstr("\nR-1\n---\n"));
  // inherent, mean ~2,000, stddev ~1,414, p50, p90, p95, p99, ES ~6,358,
  // events ~2.000.
  EXPECT_THAT(text, testing::ContainsRegex(
                        "inherent +[12],[0-9]{3} +1,[0-9]{3} +2,000 +4,000 "
                        "+5,000 +6,000 +6,[0-9]{3} +[12]\\.[0-9]{3}\n"));
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    EXPECT_LE(line.size(), 100u) << line;
  }
  EXPECT_THAT(isms::RenderQuant(a, isms::ReportFormat::kMarkdown),
              HasSubstr("| View | Mean | Std dev | p50 |"));
  EXPECT_THAT(isms::RenderQuant(a, isms::ReportFormat::kHtml),
              HasSubstr("<h2>Portfolio</h2>"));
  // JSON parses back into an equal message.
  QuantAssessment parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  isms::RenderQuant(a, isms::ReportFormat::kJson), &parsed)
                  .ok());
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, a));
}

// --- Errors ------------------------------------------------------------------

TEST(QuantErrorsTest, NoQuantAnywhereIsNotAnError) {
  Simulated s = Simulate(
      "risks { id: \"R-1\" asset_ids: \"A-1\" threat_id: \"T-1\" }\n"
      "risks { id: \"R-2\" asset_ids: \"A-1\" threat_id: \"T-1\" }\n",
      Years(100));
  ASSERT_TRUE(s.losses.ok()) << s.losses.status();
  const QuantAssessment& a = s.losses->summary;
  EXPECT_THAT(a.skipped_risk_ids(), ElementsAre("R-1", "R-2"));
  EXPECT_EQ(a.simulated_risks(), 0);
  EXPECT_EQ(a.risks_size(), 0);
  EXPECT_EQ(a.portfolio_current().mean(), 0);
  EXPECT_EQ(a.portfolio_current().var99(), 0);
  EXPECT_EQ(a.portfolio_current().curve_size(), 0);
  EXPECT_EQ(s.losses->current, std::vector<double>(100, 0.0));
}

TEST(QuantErrorsTest, MixedCurrencies) {
  Simulated s = Simulate(
      absl::StrCat(Risk("R-1", kTwoThousands),
                   Risk("R-2",
                        "loss_event_frequency { constant: 1 } primary_loss { "
                        "constant: 1 }"),  // no currency: takes GBP
                   Risk("R-3",
                        "loss_event_frequency { constant: 1 } primary_loss { "
                        "constant: 1 } currency: \"EUR\"")),
      Years(100));
  EXPECT_EQ(s.losses.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.losses.status().message(),
              HasSubstr("risks[2].quant.currency: \"EUR\" differs from "
                        "\"GBP\" of risks[0]"));
}

TEST(QuantErrorsTest, BadParametersNameThePlaceAsValidateDoes) {
  struct Case {
    const char* quant;
    const char* message;
  };
  const Case cases[] = {
      {"loss_event_frequency { constant: 1 } primary_loss { pert { low: 5 "
       "mode: 1 high: 9 } }",
       "risks[0].quant.primary_loss: PERT needs 0 <= low <= mode <= high"},
      {"loss_event_frequency { constant: 1 }",
       "risks[0].quant.primary_loss: no primary loss magnitude is given"},
      {"threat_event_frequency { constant: 1 } primary_loss { constant: 1 }",
       "risks[0].quant.vulnerability: threat_event_frequency needs a "
       "vulnerability"},
      {"loss_event_frequency { constant: 1 } primary_loss { pert { low: 1 "
       "mode: 2 high: 3 gamma: inf } }",
       "risks[0].quant.primary_loss: PERT gamma inf must be positive and "
       "finite"},
      {"loss_event_frequency { lognormal { low: 2 high: 1 } } primary_loss { "
       "constant: 1 }",
       "risks[0].quant.loss_event_frequency: lognormal needs 0 < low < high"},
      {"", "risks[0].quant: neither loss_event_frequency nor"},
  };
  for (const Case& c : cases) {
    Simulated s = Simulate(Risk("R-1", c.quant), Years(10));
    EXPECT_EQ(s.losses.status().code(), absl::StatusCode::kInvalidArgument)
        << c.quant;
    EXPECT_THAT(s.losses.status().message(), HasSubstr(c.message));
    // The validator reports the same fault (one set of rules).
    bool found = false;
    const isms::v1::ValidationReport report = isms::Validate(s.reg);
    for (const auto& d : report.diagnostics()) {
      if (d.code() == "QUANT_INVALID" &&
          absl::StrCat(d.path(), ": ", d.message()).find(c.message) == 0) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << c.message;
  }
}

TEST(QuantErrorsTest, OptionsOutOfRange) {
  for (int64_t years : {int64_t{0}, int64_t{-5}, isms::kMaxQuantYears + 1}) {
    Simulated s = Simulate(Risk("R-1", kTwoThousands), Years(years));
    EXPECT_EQ(s.losses.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(s.losses.status().message(),
                HasSubstr(absl::StrCat("years ", years, " is outside 1..")));
  }
  QuantOptions curve = Years(10);
  curve.curve_points = -1;
  EXPECT_EQ(Simulate(Risk("R-1", kTwoThousands), curve).losses.status().code(),
            absl::StatusCode::kInvalidArgument);
  QuantOptions events = Years(10);
  events.max_events_per_year = 0;
  EXPECT_EQ(Simulate(Risk("R-1", kTwoThousands), events).losses.status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(QuantErrorsTest, MemoryBound) {
  // 10^6 years need 48 MB of portfolio arrays and copies alone.
  QuantOptions options = Years(1000000);
  options.max_memory_bytes = 16 << 20;
  Simulated s = Simulate(Risk("R-1", kTwoThousands), options);
  EXPECT_EQ(s.losses.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(s.losses.status().message(),
              HasSubstr("simulating 1000000 years of 1 risks needs about"));
}

TEST(QuantErrorsTest, EngineOfAnotherRegister) {
  Simulated one = Simulate(Risk("R-1", kTwoThousands), Years(10));
  Register two = RegisterFromText(absl::StrCat(
      kMethod, Risk("R-1", kTwoThousands), Risk("R-2", kTwoThousands)));
  absl::StatusOr<QuantAssessment> a = SimulateLosses(two, *one.engine);
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(a.status().message(), HasSubstr("another register"));
}

// --- The sample register
// ------------------------------------------------------

TEST(QuantAcmeTest, StructureAndSanity) {
  absl::StatusOr<Register> reg = isms::LoadRegister(isms::testing::AcmePath());
  ASSERT_TRUE(reg.ok()) << reg.status();
  std::unique_ptr<RiskEngine> engine = EvaluatedEngine(*reg);
  ASSERT_NE(engine, nullptr);
  absl::StatusOr<SimulatedLosses> run =
      SimulateAnnualLosses(*reg, *engine, Years(20000));
  ASSERT_TRUE(run.ok()) << run.status();
  const QuantAssessment& a = run->summary;
  // R-001, R-007 and R-019 carry quant, in GBP; the other 40 are skipped.
  EXPECT_EQ(a.currency(), "GBP");
  EXPECT_EQ(a.as_of(), "2026-11-22");
  EXPECT_EQ(a.simulated_risks(), 3);
  EXPECT_EQ(a.skipped_risk_ids_size(), reg->risks_size() - 3);
  ASSERT_EQ(a.risks_size(), 3);
  EXPECT_EQ(a.risks(0).risk_id(), "R-001");
  EXPECT_EQ(a.risks(1).risk_id(), "R-007");
  EXPECT_EQ(a.risks(2).risk_id(), "R-019");

  auto check = [](const isms::v1::LossStats& s, const std::string& what) {
    SCOPED_TRACE(what);
    ASSERT_EQ(s.percentiles_size(), 6);
    for (int i = 1; i < 6; ++i) {
      EXPECT_LE(s.percentiles(i - 1).loss(), s.percentiles(i).loss());
    }
    EXPECT_EQ(s.var95(), s.percentiles(4).loss());
    EXPECT_EQ(s.var99(), s.percentiles(5).loss());
    EXPECT_GE(s.expected_shortfall99(), s.var99());
    EXPECT_GE(s.max(), s.expected_shortfall99());
    EXPECT_GE(s.mean(), 0);
    ASSERT_EQ(s.curve_size(), 40);
    for (int i = 1; i < s.curve_size(); ++i) {
      EXPECT_LT(s.curve(i - 1).loss(), s.curve(i).loss());
      EXPECT_GE(s.curve(i - 1).probability(), s.curve(i).probability());
    }
  };
  const isms::v1::LossStats* portfolio[] = {
      &a.portfolio_inherent(), &a.portfolio_current(), &a.portfolio_target()};
  for (int v = 0; v < 3; ++v) {
    check(*portfolio[v], absl::StrCat("portfolio view ", v));
    double mean = 0, events = 0;
    for (const auto& risk : a.risks()) {
      const isms::v1::LossStats& s = v == 0   ? risk.inherent()
                                     : v == 1 ? risk.current()
                                              : risk.target();
      check(s, absl::StrCat(risk.risk_id(), " view ", v));
      mean += s.mean();
      events += s.mean_events();
    }
    // The portfolio is the sum of the risks, year by year.
    EXPECT_NEAR(portfolio[v]->mean(), mean, 1e-9 * mean);
    EXPECT_NEAR(portfolio[v]->mean_events(), events, 1e-12 * events);
  }
  EXPECT_GT(a.portfolio_inherent().mean(), a.portfolio_current().mean());
  EXPECT_GE(a.portfolio_current().mean(), a.portfolio_target().mean());
  for (size_t y = 0; y < run->inherent.size(); ++y) {
    ASSERT_GE(run->inherent[y], run->current[y]) << y;
    ASSERT_GE(run->current[y], run->target[y]) << y;
  }
  // SimulateLosses is the summary of the same simulation.
  absl::StatusOr<QuantAssessment> summary =
      SimulateLosses(*reg, *engine, Years(20000));
  ASSERT_TRUE(summary.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(*summary, a));
}

}  // namespace
