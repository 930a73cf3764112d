// The one list of validation codes: code, default severity, meaning. The
// README's table and DiagnosticCodes() are both made from it.
#ifndef ISMS_LIB_DIAGNOSTIC_CODES_H_
#define ISMS_LIB_DIAGNOSTIC_CODES_H_

// X(CODE, SEVERITY, "meaning")
#define ISMS_DIAGNOSTIC_CODES(X)                                              \
  X(EMPTY_ID, ERROR, "An object that others refer to has no id.")             \
  X(BAD_ID, ERROR,                                                            \
    "An id contains a control character (a NUL, a tab, a line break...).")    \
  X(DUPLICATE_ID, ERROR,                                                      \
    "Two objects of one kind (or two levels of one scale) share an id.")      \
  X(UNKNOWN_ASSET, ERROR, "A reference names an asset that does not exist.")  \
  X(UNKNOWN_THREAT, ERROR, "A risk names a threat that does not exist.")      \
  X(UNKNOWN_VULNERABILITY, ERROR,                                             \
    "A risk names a vulnerability that does not exist.")                      \
  X(UNKNOWN_CONTROL, ERROR,                                                   \
    "A mitigation names an applied control that does not exist.")             \
  X(UNKNOWN_RISK, ERROR, "An incident names a risk that does not exist.")     \
  X(UNKNOWN_AUDIT, ERROR,                                                     \
    "A nonconformity names an audit that does not exist.")                    \
  X(UNKNOWN_DOCUMENT, ERROR,                                                  \
    "A management review names a minutes document that does not exist.")      \
  X(UNKNOWN_CATALOG, ERROR,                                                   \
    "A catalog id (risk method, SoA or control reference) is not loaded.")    \
  X(BAD_CONTROL_REF, ERROR,                                                   \
    "A catalog reference is not of the form CATALOG/CONTROL.")                \
  X(UNKNOWN_CATALOG_CONTROL, ERROR,                                           \
    "A catalog reference names a control its catalog does not have.")         \
  X(UNKNOWN_LEVEL, ERROR,                                                     \
    "A likelihood, impact or risk level id is not on its scale.")             \
  X(SCALE_EMPTY, ERROR,                                                       \
    "The register has risks but the likelihood or impact scale, or the list " \
    "of risk levels, is empty.")                                              \
  X(GRID_SHAPE, ERROR,                                                        \
    "The risk matrix does not have likelihood levels x impact levels "        \
    "cells.")                                                                 \
  X(GRID_DECREASING, WARNING,                                                 \
    "The risk matrix gives a lower risk level for a higher likelihood or "    \
    "impact.")                                                                \
  X(TOO_MANY, ERROR,                                                          \
    "A scale has more than 100 levels, or a risk more than 1000 mitigations " \
    "(the risk engine's limits).")                                            \
  X(OUT_OF_RANGE, ERROR,                                                      \
    "A number is outside its range: degree, strength, effectiveness and "     \
    "implementation in 0..1, costs and weights not negative, lower <= "       \
    "upper.")                                                                 \
  X(INVALID_ENUM, ERROR,                                                      \
    "An enum holds a value this version does not know, or UNSPECIFIED where " \
    "a value is required (dimensions).")                                      \
  X(BAD_DATE, ERROR, "A date is not a real calendar date YYYY-MM-DD.")        \
  X(DATE_ORDER, WARNING,                                                      \
    "Two dates of one record are in the wrong order (an acceptance that "     \
    "expires before it was given, an action closed before it was raised).")   \
  X(RISK_NO_ASSET, ERROR, "A risk scenario names no asset.")                  \
  X(NO_LIKELIHOOD, ERROR,                                                     \
    "A risk has no likelihood and its threat gives none.")                    \
  X(DUPLICATE_MITIGATION, WARNING,                                            \
    "A risk lists the same control twice among its mitigations.")             \
  X(DEPENDENCY_CYCLE, WARNING,                                                \
    "Assets depend on each other in a cycle; each takes the cycle's highest " \
    "value (an error in strict mode).")                                       \
  X(QUANT_INVALID, ERROR,                                                     \
    "Quantitative parameters are inconsistent: PERT needs low <= mode <= "    \
    "high and a positive, finite gamma, lognormal 0 < low < high (and not "   \
    "so wide that its draws could overflow), "                                \
    "probabilities 0..1, no negatives, a secondary loss and its probability " \
    "both or neither.")                                                       \
  X(SOA_UNKNOWN_CONTROL, ERROR,                                               \
    "A Statement of Applicability row names a control its catalog does not "  \
    "have.")                                                                  \
  X(SOA_DUPLICATE, ERROR,                                                     \
    "Two Statement of Applicability rows name the same control.")             \
  X(SOA_INCOMPLETE, WARNING,                                                  \
    "The Statement of Applicability leaves out controls of its catalog.")     \
  X(SOA_UNDECIDED, WARNING,                                                   \
    "A Statement of Applicability row records no applicability decision.")    \
  X(SOA_EXCLUSION_UNJUSTIFIED, WARNING,                                       \
    "An excluded control has no exclusion justification (clause 6.1.3 d).")   \
  X(SOA_NO_REASON, WARNING,                                                   \
    "An applicable control gives no reason for its inclusion.")               \
  X(SCHEMA_VERSION, WARNING,                                                  \
    "The register declares a schema version this library does not know.")

#endif  // ISMS_LIB_DIAGNOSTIC_CODES_H_
