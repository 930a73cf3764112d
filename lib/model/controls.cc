#include "lib/model/controls.h"

namespace isms::model {
namespace {

double Clamp01(double x) {
  if (!(x >= 0)) return 0;  // also NaN
  return x > 1 ? 1 : x;
}

}  // namespace

double CurrentImplementation(int status, double implementation) {
  switch (status) {
    case v1::CONTROL_STATUS_IMPLEMENTED:
      return implementation < 0 ? 1.0 : Clamp01(implementation);
    case v1::CONTROL_STATUS_IN_PROGRESS:
      return implementation < 0 ? 0.0 : Clamp01(implementation);
    default:
      return 0.0;
  }
}

double CurrentImplementation(const v1::Control& control) {
  return CurrentImplementation(control.status(), control.has_implementation()
                                                     ? control.implementation()
                                                     : -1.0);
}

double Effectiveness(const v1::Control& control) {
  return control.has_effectiveness() ? Clamp01(control.effectiveness()) : 1.0;
}

double CurrentFactor(int status, double implementation, double effectiveness) {
  return Clamp01(effectiveness) * CurrentImplementation(status, implementation);
}

double TargetFactor(int status, double effectiveness) {
  return status == v1::CONTROL_STATUS_RETIRED ? 0.0 : Clamp01(effectiveness);
}

}  // namespace isms::model
