// The rules of the QUANT_INVALID diagnostic, shared by Validate() and
// SimulateLosses(), so that the two never disagree on which FAIR parameters
// are valid.
#ifndef ISMS_LIB_QUANT_RULES_H_
#define ISMS_LIB_QUANT_RULES_H_

#include <functional>
#include <string>

#include "isms/v1/register.pb.h"

namespace isms::internal {

// Receives the place and the description of one fault.
using QuantFault = std::function<void(std::string path, std::string message)>;

// Calls `fault` for every fault of `quant`, in field order; `path` is the
// place of `quant` itself (e.g. "risks[3].quant"). Pure; safe to call
// concurrently.
void CheckQuantParameters(const v1::QuantParameters& quant,
                          const std::string& path, const QuantFault& fault);

}  // namespace isms::internal

#endif  // ISMS_LIB_QUANT_RULES_H_
