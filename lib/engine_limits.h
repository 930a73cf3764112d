// Limits of the risk engine that the validator checks too, so that a register
// `isms validate` accepts is one RiskEngine::Create() accepts.
#ifndef ISMS_LIB_ENGINE_LIMITS_H_
#define ISMS_LIB_ENGINE_LIMITS_H_

namespace isms::internal {

// Levels of a likelihood or impact scale, and risk levels: the engine stores
// levels as uint8/int8 indexes.
inline constexpr int kMaxScaleLevels = 100;

// What-if recomputes a risk once per control that mitigates it, so its cost
// grows with the square of a risk's mitigations: hostile input must not make
// that a hang. Real risks have a handful.
inline constexpr int kMaxMitigationsPerRisk = 1000;

}  // namespace isms::internal

#endif  // ISMS_LIB_ENGINE_LIMITS_H_
