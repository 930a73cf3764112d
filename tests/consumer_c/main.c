/* Loads a register with an installed isms C ABI, evaluates it and prints a
 * one-line check. Usage: consumer_c REGISTER */
#include <stdio.h>

#include "isms/isms_c.h"

int main(int argc, char** argv) {
  isms_register* reg = NULL;
  isms_engine* engine = NULL;
  isms_engine_options options = ISMS_ENGINE_OPTIONS_INIT;
  int rc = 2;

  if (argc != 2) return 2;
  if (isms_c_api_version() != ISMS_C_API_VERSION) {
    fprintf(stderr, "header ABI %d, library ABI %d\n", ISMS_C_API_VERSION,
            isms_c_api_version());
    return 2;
  }
  if (isms_register_load(argv[1], ISMS_FORMAT_AUTO, &reg) != ISMS_OK) {
    fprintf(stderr, "load: %s\n", isms_last_error());
    return 2;
  }
  options.as_of = "2026-11-22";
  if (isms_engine_create(reg, &options, &engine) != ISMS_OK ||
      isms_engine_evaluate(engine) != ISMS_OK) {
    fprintf(stderr, "engine: %s\n", isms_last_error());
  } else {
    printf("isms %s: %lu risks, current exposure %g\n", isms_version(),
           (unsigned long)isms_engine_risk_count(engine),
           isms_engine_exposure(engine, ISMS_VIEW_CURRENT));
    rc = 0;
  }
  isms_engine_destroy(&engine);
  isms_register_destroy(&reg);
  return rc;
}
