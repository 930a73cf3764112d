// The one list of finding codes of the risk engine: code, severity, meaning.
// FindingCodes() and the README's table are made from it.
#ifndef ISMS_LIB_FINDING_CODES_H_
#define ISMS_LIB_FINDING_CODES_H_

// X(CODE, SEVERITY, "meaning")
#define ISMS_FINDING_CODES(X)                                               \
  X(RISK_UNTREATED, ERROR,                                                  \
    "A risk above the risk appetite is neither accepted nor given a "       \
    "treatment (clause 6.1.3).")                                            \
  X(TREATMENT_INSUFFICIENT, WARNING,                                        \
    "A risk above appetite stays above it even with every planned control " \
    "in place (target level), and is not accepted.")                        \
  X(ACCEPTANCE_MISSING, ERROR,                                              \
    "A risk above appetite is treated by retaining it, but has no "         \
    "acceptance record with who accepted it and when (clause 6.1.3 f).")    \
  X(ACCEPTANCE_EXPIRED, WARNING,                                            \
    "A risk acceptance expired before the assessment date.")                \
  X(TREATMENT_OVERDUE, WARNING,                                             \
    "A risk treatment is past its due date and not done.")                  \
  X(OVERRIDE_ABOVE_INHERENT, WARNING,                                       \
    "A residual override rates the risk above its inherent level on an "    \
    "axis.")                                                                \
  X(OVERRIDE_WITHOUT_CONTROL, WARNING,                                      \
    "A residual override lowers the risk although no implemented or "       \
    "in-progress control mitigates it.")                                    \
  X(RISK_NO_OWNER, WARNING, "A risk has no owner (clause 6.1.2 c 2).")      \
  X(CONTROL_NO_OWNER, WARNING, "An applied control has no owner.")          \
  X(MITIGATION_RETIRED_CONTROL, WARNING,                                    \
    "A risk counts on a retired control, which reduces nothing.")           \
  X(CONTROL_OVERDUE, WARNING,                                               \
    "A planned or in-progress control is past its due date.")               \
  X(CONTROL_NOT_TESTED, INFO,                                               \
    "An implemented control has not been tested in the last 12 months.")    \
  X(CONTROL_UNUSED, INFO,                                                   \
    "An applied control (not retired) mitigates no risk.")                  \
  X(ASSET_NO_RISK, INFO,                                                    \
    "An asset with a value above the lowest level has no risk assessed.")   \
  X(RISK_REVIEW_OVERDUE, INFO,                                              \
    "A risk was last assessed more than 12 months before the assessment "   \
    "date.")

#endif  // ISMS_LIB_FINDING_CODES_H_
