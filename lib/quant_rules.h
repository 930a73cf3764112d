// The rules of the QUANT_INVALID diagnostic, shared by Validate() and
// SimulateLosses(), so that the two never disagree on which FAIR parameters
// are valid.
#ifndef ISMS_LIB_QUANT_RULES_H_
#define ISMS_LIB_QUANT_RULES_H_

#include <functional>
#include <string>

#include "isms/v1/register.pb.h"

namespace isms::internal {

// Phi^-1(0.95): a lognormal's 90% interval spans mu -+ this many sigmas.
inline constexpr double kZ95 = 1.6448536269514722;

// A lognormal is accepted while mu + kMaxNormalDraw x sigma <= kMaxLogDraw.
// The simulation's normal draws lie within -+8.21 (the inverse normal CDF of
// 2^-53), so every draw is below e^650 (about 1e282): even 10^5 events a
// year (the frequency cap) over millions of risks stay far from the largest
// double (1.8e308).
inline constexpr double kMaxNormalDraw = 8.3;
inline constexpr double kMaxLogDraw = 650;

// Receives the place and the description of one fault.
using QuantFault = std::function<void(std::string path, std::string message)>;

// Calls `fault` for every fault of `quant`, in field order; `path` is the
// place of `quant` itself (e.g. "risks[3].quant"). Pure; safe to call
// concurrently.
void CheckQuantParameters(const v1::QuantParameters& quant,
                          const std::string& path, const QuantFault& fault);

}  // namespace isms::internal

#endif  // ISMS_LIB_QUANT_RULES_H_
