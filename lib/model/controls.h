// How much an applied control counts for (DESIGN.md 4.3), the one rule that
// the risk engine, the SoA and coverage use.
//
//   current view: implemented and in-progress controls, at their
//                 implementation (unset: 1 when implemented, 0 otherwise);
//   target view:  every control that is not retired, at implementation 1;
//   retired controls count for nothing, and a control with no status counts
//   like a planned one.
//
// The factor is effectiveness x implementation; a mitigation's strength
// toward a risk is strength x factor. Values outside 0..1 (which validation
// refuses) are clamped, so that a report on an invalid register stays sane.
//
// Thread-safe: pure functions.
#ifndef ISMS_LIB_MODEL_CONTROLS_H_
#define ISMS_LIB_MODEL_CONTROLS_H_

#include "isms/v1/register.pb.h"

namespace isms::model {

// The implementation a control has now: its own when given (`implementation`
// < 0 means unset), else 1 when implemented; 0 for a control that does not
// count now (planned, retired, no status).
double CurrentImplementation(int status, double implementation);
double CurrentImplementation(const v1::Control& control);

// Effectiveness when given, else 1.
double Effectiveness(const v1::Control& control);

// effectiveness x CurrentImplementation.
double CurrentFactor(int status, double implementation, double effectiveness);

// effectiveness for every status but retired, which counts 0.
double TargetFactor(int status, double effectiveness);

}  // namespace isms::model

#endif  // ISMS_LIB_MODEL_CONTROLS_H_
