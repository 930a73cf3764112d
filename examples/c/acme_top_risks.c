/* Top risks and heatmap of an ISMS register through the isms C ABI, and the
 * effect of implementing one control.
 *
 *   acme_top_risks [REGISTER [AS_OF [CONTROL]]]
 *
 * REGISTER defaults to examples/registers/acme.json, AS_OF (YYYY-MM-DD) to
 * today, CONTROL to C-049 (first in `isms whatif` on acme.json). Plain C99;
 * link with isms::isms_c (CMake) or `pkg-config --cflags --libs isms_c`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "isms/isms_c.h"

#define TOP 5
#define MAX_LEVELS 16 /* enough for any sensible scale */

/* Prints the failed call and this thread's last error; returns 0. */
static int ok(isms_status status, const char* call) {
  if (status == ISMS_OK) return 1;
  fprintf(stderr, "%s: %s: %s\n", call, isms_status_name(status),
          isms_last_error());
  return 0;
}

/* Prints the validation's diagnostics; returns its error count. */
static size_t print_validation(const isms_register* reg) {
  isms_validation* v = NULL;
  size_t i, errors;
  if (!ok(isms_validate(reg, 0, &v), "isms_validate")) return 1;
  for (i = 0; i < isms_validation_count(v); ++i) {
    isms_diagnostic d = ISMS_DIAGNOSTIC_INIT;
    if (!ok(isms_validation_get(v, i, &d), "isms_validation_get")) break;
    printf("  %s: %s: %s [%s]\n", d.path,
           d.severity == ISMS_SEVERITY_ERROR     ? "error"
           : d.severity == ISMS_SEVERITY_WARNING ? "warning"
                                                 : "info",
           d.message, d.code);
  }
  errors = isms_validation_error_count(v);
  printf("Validation: %lu errors, %lu warnings\n", (unsigned long)errors,
         (unsigned long)isms_validation_warning_count(v));
  isms_validation_destroy(&v);
  return errors;
}

/* The heatmap of a view as a grid: likelihood rows, highest first; impact
 * columns, lowest first. */
static int print_heatmap(const isms_engine* engine, isms_view view) {
  int rows = 0, cols = 0, r, c;
  int64_t* cells;
  if (!ok(isms_engine_scale_sizes(engine, &rows, &cols, NULL),
          "isms_engine_scale_sizes"))
    return 0;
  cells = (int64_t*)malloc((size_t)rows * (size_t)cols * sizeof *cells);
  if (cells == NULL) return 0;
  if (!ok(isms_engine_heatmap(engine, view, cells, (size_t)rows * (size_t)cols),
          "isms_engine_heatmap")) {
    free(cells);
    return 0;
  }
  printf("  likelihood \\ impact");
  for (c = 0; c < cols; ++c) printf("%4d", c);
  printf("\n");
  for (r = rows - 1; r >= 0; --r) {
    printf("  %19d", r);
    for (c = 0; c < cols; ++c) {
      int64_t n = cells[r * cols + c];
      if (n == 0) {
        printf("%4s", ".");
      } else {
        printf("%4lld", (long long)n);
      }
    }
    printf("\n");
  }
  free(cells);
  return 1;
}

/* Risks per level of a view, e.g. "5 / 31 / 7 / 0". */
static int print_level_counts(const isms_engine* engine, isms_view view) {
  int levels = 0, i;
  int64_t counts[MAX_LEVELS];
  if (!ok(isms_engine_scale_sizes(engine, NULL, NULL, &levels),
          "isms_engine_scale_sizes") ||
      levels > MAX_LEVELS ||
      !ok(isms_engine_level_counts(engine, view, counts, MAX_LEVELS),
          "isms_engine_level_counts"))
    return 0;
  for (i = 0; i < levels; ++i) {
    printf("%s%lld", i == 0 ? "" : " / ", (long long)counts[i]);
  }
  printf(" (lowest level first)\n");
  return 1;
}

static int run(const isms_register* reg, const char* as_of,
               const char* control) {
  isms_engine_options options = ISMS_ENGINE_OPTIONS_INIT;
  isms_engine* engine = NULL;
  size_t risks, i, written = 0;
  int32_t top[TOP];
  uint8_t* levels = NULL; /* [view][likelihood, impact, level][risk] */
  int view;
  double before, after;
  int done = 0;

  options.as_of = as_of; /* NULL: today */
  if (!ok(isms_engine_create(reg, &options, &engine), "isms_engine_create") ||
      !ok(isms_engine_evaluate(engine), "isms_engine_evaluate"))
    goto out;

  /* Per-risk level indexes (0 = lowest) of the three views, indexed like
   * the register's risks. */
  risks = isms_engine_risk_count(engine);
  levels = (uint8_t*)malloc(9 * risks + 1);
  if (levels == NULL) goto out;
  for (view = ISMS_VIEW_INHERENT; view <= ISMS_VIEW_TARGET; ++view) {
    uint8_t* v = levels + 3 * (size_t)view * risks;
    if (!ok(isms_engine_levels(engine, (isms_view)view, v, v + risks,
                               v + 2 * risks, risks),
            "isms_engine_levels"))
      goto out;
  }
  if (!ok(isms_engine_top_risks(engine, TOP, top, TOP, &written),
          "isms_engine_top_risks"))
    goto out;

  printf(
      "\nTop %lu of %lu risks (likelihood x impact = risk level, as scale"
      " indexes from 0):\n",
      (unsigned long)written, (unsigned long)risks);
  printf("  %-8s  %-9s    %-9s    %s\n", "risk", "inherent", "current",
         "target");
  for (i = 0; i < written; ++i) {
    const size_t r = (size_t)top[i];
    printf("  %-8s", isms_register_id(reg, ISMS_LIST_RISKS, r));
    for (view = ISMS_VIEW_INHERENT; view <= ISMS_VIEW_TARGET; ++view) {
      const uint8_t* v = levels + 3 * (size_t)view * risks;
      printf("%s%d x %d = %d", view == 0 ? "  " : "    ", v[r], v[risks + r],
             v[2 * risks + r]);
    }
    printf("\n");
  }

  printf("\nCurrent risks per level: ");
  if (!print_level_counts(engine, ISMS_VIEW_CURRENT)) goto out;
  printf("Current heatmap (risks per cell):\n");
  if (!print_heatmap(engine, ISMS_VIEW_CURRENT)) goto out;

  /* What if `control` were implemented? Only what depends on it is
   * recomputed. */
  before = isms_engine_exposure(engine, ISMS_VIEW_CURRENT);
  if (!ok(isms_engine_set_control_status(engine, control, 3 /* implemented */),
          "isms_engine_set_control_status") ||
      !ok(isms_engine_recalculate(engine), "isms_engine_recalculate"))
    goto out;
  after = isms_engine_exposure(engine, ISMS_VIEW_CURRENT);
  printf("\nWith %s implemented: current exposure %g -> %g\n", control, before,
         after);
  printf("Current risks per level: ");
  if (!print_level_counts(engine, ISMS_VIEW_CURRENT)) goto out;
  printf("Current heatmap (risks per cell):\n");
  if (!print_heatmap(engine, ISMS_VIEW_CURRENT)) goto out;
  done = 1;

out:
  free(levels);
  isms_engine_destroy(&engine);
  return done;
}

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "examples/registers/acme.json";
  const char* as_of = argc > 2 ? argv[2] : NULL;
  const char* control = argc > 3 ? argv[3] : "C-049";
  isms_register* reg = NULL;
  int done;

  printf("isms %s, C API %d\n", isms_version(), isms_c_api_version());
  if (!ok(isms_register_load(path, ISMS_FORMAT_AUTO, &reg),
          "isms_register_load"))
    return 1;
  printf("Register %s: %lu assets, %lu controls, %lu risks\n", path,
         (unsigned long)isms_register_count(reg, ISMS_LIST_ASSETS),
         (unsigned long)isms_register_count(reg, ISMS_LIST_CONTROLS),
         (unsigned long)isms_register_count(reg, ISMS_LIST_RISKS));
  if (print_validation(reg) > 0) {
    isms_register_destroy(&reg);
    return 1;
  }
  printf("As of %s\n", as_of != NULL ? as_of : "today");
  done = run(reg, as_of, control);
  isms_register_destroy(&reg);
  return done ? 0 : 1;
}
