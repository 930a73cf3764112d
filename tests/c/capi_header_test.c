/* isms/isms_c.h on its own is valid C99 (-std=c99 -pedantic, warnings as
 * errors): it includes what it needs, and its *_INIT macros initialise its
 * structs. */
#include "isms/isms_c.h"

int main(void) {
  isms_engine_options options = ISMS_ENGINE_OPTIONS_INIT;
  isms_diagnostic diagnostic = ISMS_DIAGNOSTIC_INIT;
  isms_finding finding = ISMS_FINDING_INIT;
  isms_mitigation mitigation = ISMS_MITIGATION_INIT;
  isms_register* reg = NULL;
  isms_status status = ISMS_OK;
  (void)reg;
  return options.version == ISMS_ENGINE_OPTIONS_VERSION &&
                 diagnostic.version == ISMS_DIAGNOSTIC_VERSION &&
                 finding.version == ISMS_FINDING_VERSION &&
                 mitigation.version == ISMS_MITIGATION_VERSION &&
                 mitigation.strength < 0 && status == ISMS_OK &&
                 isms_c_api_version() == ISMS_C_API_VERSION
             ? 0
             : 1;
}
