// The pieces of the loss simulation (include/isms/quant.h), exposed to its
// tests: random streams, distributions, Poisson inversion and the statistics
// of a set of annual losses.
#ifndef ISMS_LIB_QUANT_INTERNAL_H_
#define ISMS_LIB_QUANT_INTERNAL_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "isms/v1/quant.pb.h"
#include "isms/v1/register.pb.h"
#include "lib/xoshiro.h"

namespace isms::internal {

// The random stream of one (seed, risk index, year): xoshiro256** on a state
// of SplitMix64 hashes of the three. Sequential; not thread-safe (each
// simulated year has its own).
class RandomStream {
 public:
  RandomStream(uint64_t seed, uint64_t risk_index, uint64_t year);

  uint64_t Next() { return bits_.Next(); }
  // Uniform on the open interval (0, 1): never 0 or 1, so logarithms and
  // inverse CDFs stay finite.
  double Uniform();
  // Standard normal: InverseNormalCdf(Uniform()).
  double Normal();
  // Gamma(shape, 1), shape > 0: Marsaglia-Tsang, boosted below 1.
  double Gamma(double shape);

 private:
  struct State {
    uint64_t words[4];
  };
  static State InitialState(uint64_t seed, uint64_t risk_index, uint64_t year);

  Xoshiro256StarStar bits_;
};

// Phi^-1(p) for 0 < p < 1 (Wichura's AS241, relative error about 1e-16).
double InverseNormalCdf(double p);

// The smallest n with P(Poisson(mean) <= n) >= u, by summing the CDF from 0;
// for mean <= 500 (exp(-mean) must not underflow). Monotone in mean for a
// fixed u, except where u is within rounding of a CDF value.
int64_t PoissonInverse(double u, double mean);

// A Distribution message prepared for drawing.
class Sampler {
 public:
  Sampler() = default;  // absent: draws 0
  explicit Sampler(const v1::Distribution& distribution);

  bool present() const { return kind_ != Kind::kAbsent; }
  double Draw(RandomStream* stream) const;

 private:
  enum class Kind { kAbsent, kConstant, kPert, kLognormal };
  Kind kind_ = Kind::kAbsent;
  double a_ = 0;                 // constant value, PERT low, lognormal mu
  double b_ = 0;                 // PERT high - low, lognormal sigma
  double alpha_ = 0, beta_ = 0;  // PERT shapes
};

// Sum of `values` by numpy's pairwise algorithm (8 accumulators, blocks of
// 128): accurate to O(log n) roundings; numpy.sum agrees to the last bits.
double PairwiseSum(absl::Span<const double> values);

// The percentile p (0..100) of ascending `sorted` values, linear
// interpolation as numpy.percentile (method "linear"); sorted not empty.
double SortedPercentile(absl::Span<const double> sorted, double p);

// Fills `out` (see LossStats) from annual losses in year order (not empty);
// sorts `losses` in place. mean_events is copied as is.
void SummarizeLosses(std::vector<double>* losses, double mean_events,
                     int curve_points, v1::LossStats* out);

}  // namespace isms::internal

#endif  // ISMS_LIB_QUANT_INTERNAL_H_
