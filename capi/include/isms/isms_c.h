/* The isms C ABI (libisms_c.so): load an ISO/IEC 27001 register, validate
 * it, assess its risk, change it and recalculate, and get the Statement of
 * Applicability, coverage and readiness, from any language that calls C.
 *
 *   isms_register* reg = NULL;
 *   if (isms_register_load("acme.json", ISMS_FORMAT_AUTO, &reg) != ISMS_OK) {
 *     fprintf(stderr, "%s\n", isms_last_error());
 *     return 1;
 *   }
 *   isms_engine_options options = ISMS_ENGINE_OPTIONS_INIT;
 *   options.as_of = "2026-11-22";
 *   isms_engine* engine = NULL;
 *   isms_engine_create(reg, &options, &engine);
 *   isms_engine_evaluate(engine);
 *   int64_t cells[25];
 *   isms_engine_heatmap(engine, ISMS_VIEW_CURRENT, cells, 25);
 *   isms_engine_set_control_status(engine, "C-012", 3);  // implemented
 *   isms_engine_recalculate(engine);
 *   isms_engine_destroy(&engine);    // engine is NULL afterwards
 *   isms_register_destroy(&reg);
 *
 * Conventions (after LevelDB's c.h, libgit2 and or-tools' C API):
 * - Every fallible call returns an isms_status whose values mirror
 *   absl::StatusCode (0 = ISMS_OK). On failure, out-parameters are left
 *   untouched and isms_last_error() returns the message for this thread.
 * - Out-parameters come last. An object returned through `**out` belongs to
 *   the caller and is released with its own destroy function, which takes a
 *   pointer to the handle, sets the handle to NULL, and accepts NULL (and a
 *   pointer to NULL), so a second destroy is harmless.
 * - Buffers the library allocates (serialized messages, reports) are freed
 *   with isms_free(), never with the caller's free().
 * - Models and results cross as serialized isms.v1 protobuf messages (binary
 *   or proto3 JSON; schemas in proto/isms/v1/), and through typed getters for
 *   hosts without protobuf. Strings are UTF-8 and NUL-terminated; sizes are
 *   size_t.
 * - No C++ exception crosses this boundary; NULL or invalid arguments return
 *   ISMS_INVALID_ARGUMENT, never crash.
 * - Public structs start with a `version` field; initialise them with their
 *   *_INIT macro so that a newer library can tell an older caller apart.
 *
 * Thread safety: functions taking different handles may run concurrently.
 * An isms_register is safe for concurrent reads (load, validate, serialize,
 * create engines from it) once created. An isms_engine is not safe for
 * concurrent use: give each thread its own engine, or serialize access.
 * isms_last_error() is per thread.
 */
#ifndef ISMS_ISMS_C_H_
#define ISMS_ISMS_C_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this header's ABI. The library's SONAME carries the same major
 * version (libisms_c.so.1). */
#define ISMS_C_API_VERSION 1

#if defined(__GNUC__)
#define ISMS_EXPORT __attribute__((visibility("default")))
#else
#define ISMS_EXPORT
#endif

/* In C++ the enums get a fixed underlying type, so that any int a C caller
 * passes is a valid value to read (the library rejects unknown ones); in C
 * they are plain enums. The size (32 bits) is the same either way. */
#ifdef __cplusplus
#define ISMS_ENUM_BASE : int
#else
#define ISMS_ENUM_BASE
#endif

/* ------------------------------------------------------------------------
 * Status, errors, memory
 * ---------------------------------------------------------------------- */

/* The absl::StatusCode values. */
typedef enum isms_status ISMS_ENUM_BASE {
  ISMS_OK = 0,
  ISMS_CANCELLED = 1,
  ISMS_UNKNOWN = 2,
  ISMS_INVALID_ARGUMENT = 3,
  ISMS_DEADLINE_EXCEEDED = 4,
  ISMS_NOT_FOUND = 5,
  ISMS_ALREADY_EXISTS = 6,
  ISMS_PERMISSION_DENIED = 7,
  ISMS_RESOURCE_EXHAUSTED = 8,
  ISMS_FAILED_PRECONDITION = 9,
  ISMS_ABORTED = 10,
  ISMS_OUT_OF_RANGE = 11,
  ISMS_UNIMPLEMENTED = 12,
  ISMS_INTERNAL = 13,
  ISMS_UNAVAILABLE = 14,
  ISMS_DATA_LOSS = 15,
  ISMS_UNAUTHENTICATED = 16
} isms_status;

/* The library's version, "MAJOR.MINOR.PATCH". */
ISMS_EXPORT const char* isms_version(void);
/* ISMS_C_API_VERSION of the library actually loaded. */
ISMS_EXPORT int isms_c_api_version(void);
/* The message of this thread's last failed call, "" if none. Valid until the
 * next failing call on this thread. */
ISMS_EXPORT const char* isms_last_error(void);
/* Name of a status code, e.g. "INVALID_ARGUMENT". */
ISMS_EXPORT const char* isms_status_name(isms_status status);
/* Frees a buffer the library returned. NULL is fine. */
ISMS_EXPORT void isms_free(void* buffer);

/* ------------------------------------------------------------------------
 * Registers
 * ---------------------------------------------------------------------- */

typedef enum isms_format ISMS_ENUM_BASE {
  ISMS_FORMAT_AUTO = 0, /* from the file extension (files only) */
  ISMS_FORMAT_JSON = 1, /* proto3 JSON */
  ISMS_FORMAT_BINARY = 2,
  ISMS_FORMAT_TEXT = 3
} isms_format;

/* An isms.v1.Register. Destroy with isms_register_destroy(). */
typedef struct isms_register isms_register;

ISMS_EXPORT isms_status isms_register_load(const char* path, isms_format format,
                                           isms_register** out);
/* From bytes in memory; `format` must not be ISMS_FORMAT_AUTO. */
ISMS_EXPORT isms_status isms_register_parse(const void* data, size_t size,
                                            isms_format format,
                                            isms_register** out);
/* Serializes into a new buffer (free it with isms_free). */
ISMS_EXPORT isms_status isms_register_serialize(const isms_register* reg,
                                                isms_format format, void** out,
                                                size_t* out_size);
/* Saves atomically (temporary file, fsync, rename). */
ISMS_EXPORT isms_status isms_register_save(const isms_register* reg,
                                           const char* path,
                                           isms_format format);
ISMS_EXPORT void isms_register_destroy(isms_register** reg);

/* How a register is read: the limits that keep hostile input from making the
 * library allocate without bound (isms::ReadLimits in isms/io.h says when
 * each is checked). A limit of 0 means the library's default, given in
 * brackets. Input over a limit fails with ISMS_RESOURCE_EXHAUSTED and a
 * message naming the limit and its value, e.g. "max_assets=10". */
typedef struct isms_read_options {
  uint32_t version;           /* ISMS_READ_OPTIONS_VERSION */
  int ignore_unknown_fields;  /* non-zero: drop JSON and text fields this
                                 version does not know, instead of failing */
  uint64_t max_bytes;         /* input size [2^31 - 1] */
  uint64_t max_depth;         /* nesting; the top-level message is 1 [64] */
  uint64_t max_assets;        /* Register.assets [4,000,000] */
  uint64_t max_risks;         /* Register.risks [20,000,000] */
  uint64_t max_mitigations;   /* Risk.mitigations over all risks
                                 [60,000,000] */
  uint64_t max_list_elements; /* any other one list [10,000,000] */
  uint64_t max_string_length; /* bytes [16 MiB] */
} isms_read_options;
#define ISMS_READ_OPTIONS_VERSION 1
#define ISMS_READ_OPTIONS_INIT \
  { ISMS_READ_OPTIONS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0 }

/* isms_register_load and isms_register_parse with options; `options` may be
 * NULL for the defaults. */
ISMS_EXPORT isms_status isms_register_load_with_options(
    const char* path, isms_format format, const isms_read_options* options,
    isms_register** out);
ISMS_EXPORT isms_status isms_register_parse_with_options(
    const void* data, size_t size, isms_format format,
    const isms_read_options* options, isms_register** out);

/* Lists of a register, for the count and id getters. */
typedef enum isms_list ISMS_ENUM_BASE {
  ISMS_LIST_ASSETS = 0,
  ISMS_LIST_THREATS = 1,
  ISMS_LIST_VULNERABILITIES = 2,
  ISMS_LIST_CONTROLS = 3,
  ISMS_LIST_RISKS = 4
} isms_list;

/* Number of entries of a list (0 for a NULL register or unknown list). */
ISMS_EXPORT size_t isms_register_count(const isms_register* reg,
                                       isms_list list);
/* Id of entry `index` of a list, or NULL. Valid while `reg` lives. */
ISMS_EXPORT const char* isms_register_id(const isms_register* reg,
                                         isms_list list, size_t index);

/* ------------------------------------------------------------------------
 * Validation
 * ---------------------------------------------------------------------- */

typedef enum isms_severity ISMS_ENUM_BASE {
  ISMS_SEVERITY_ERROR = 1,
  ISMS_SEVERITY_WARNING = 2,
  ISMS_SEVERITY_INFO = 3
} isms_severity;

/* One diagnostic; the strings are valid while the validation lives. */
typedef struct isms_diagnostic {
  uint32_t version; /* ISMS_DIAGNOSTIC_VERSION */
  isms_severity severity;
  const char* code; /* e.g. "UNKNOWN_ASSET" */
  const char* path; /* e.g. "risks[12].asset_ids[0]" */
  const char* message;
} isms_diagnostic;
#define ISMS_DIAGNOSTIC_VERSION 1
#define ISMS_DIAGNOSTIC_INIT \
  { ISMS_DIAGNOSTIC_VERSION, ISMS_SEVERITY_ERROR, NULL, NULL, NULL }

/* An isms.v1.ValidationReport. Destroy with isms_validation_destroy(). */
typedef struct isms_validation isms_validation;

/* `strict_cycles` non-zero reports dependency cycles as errors. */
ISMS_EXPORT isms_status isms_validate(const isms_register* reg,
                                      int strict_cycles, isms_validation** out);
ISMS_EXPORT size_t isms_validation_count(const isms_validation* v);
ISMS_EXPORT size_t isms_validation_error_count(const isms_validation* v);
ISMS_EXPORT size_t isms_validation_warning_count(const isms_validation* v);
/* Fills `out` (whose version the caller set) with diagnostic `index`. */
ISMS_EXPORT isms_status isms_validation_get(const isms_validation* v,
                                            size_t index, isms_diagnostic* out);
ISMS_EXPORT isms_status isms_validation_serialize(const isms_validation* v,
                                                  isms_format format,
                                                  void** out, size_t* out_size);
ISMS_EXPORT void isms_validation_destroy(isms_validation** v);

/* ------------------------------------------------------------------------
 * The risk engine
 * ---------------------------------------------------------------------- */

typedef struct isms_engine_options {
  uint32_t version;  /* ISMS_ENGINE_OPTIONS_VERSION */
  const char* as_of; /* "YYYY-MM-DD"; NULL or "" = today (UTC) */
  int strict_cycles; /* non-zero: a dependency cycle fails creation */
  int threads;       /* 0 = all cores */
} isms_engine_options;
#define ISMS_ENGINE_OPTIONS_VERSION 1
#define ISMS_ENGINE_OPTIONS_INIT \
  { ISMS_ENGINE_OPTIONS_VERSION, NULL, 0, 0 }

typedef enum isms_view ISMS_ENUM_BASE {
  ISMS_VIEW_INHERENT = 0,
  ISMS_VIEW_CURRENT = 1,
  ISMS_VIEW_TARGET = 2
} isms_view;

/* A compiled register (isms::RiskEngine). It copies what it needs: the
 * register may be destroyed afterwards. Destroy with isms_engine_destroy(). */
typedef struct isms_engine isms_engine;

/* `options` may be NULL for the defaults. */
ISMS_EXPORT isms_status isms_engine_create(const isms_register* reg,
                                           const isms_engine_options* options,
                                           isms_engine** out);
/* Reads and compiles a register file in one step (isms::RiskEngine::
 * CreateFromFile): the same results as isms_register_load_with_options
 * followed by isms_engine_create, and the same status for an input they
 * refuse (with several faults, the one named first may differ), but a
 * binary file is compiled while it is parsed, one risk at a time, without
 * holding the whole register (about half the time and memory at a million
 * assets). JSON and text files are loaded whole. `read` and `options` may be
 * NULL for the defaults. */
ISMS_EXPORT isms_status isms_engine_create_from_file(
    const char* path, isms_format format, const isms_read_options* read,
    const isms_engine_options* options, isms_engine** out);
ISMS_EXPORT void isms_engine_destroy(isms_engine** engine);
/* Full evaluation. */
ISMS_EXPORT isms_status isms_engine_evaluate(isms_engine* engine);
/* Applies the pending changes (only what depends on them). */
ISMS_EXPORT isms_status isms_engine_recalculate(isms_engine* engine);

/* Changes; `status` is an isms.v1.ControlStatus value (1 planned, 2 in
 * progress, 3 implemented, 4 retired), `dimension` an isms.v1.Dimension (1
 * confidentiality, 2 integrity, 3 availability); level ids are scale level
 * ids ("" clears). ISMS_NOT_FOUND for an unknown id. */
ISMS_EXPORT isms_status isms_engine_set_control_status(isms_engine* engine,
                                                       const char* control_id,
                                                       int status);
ISMS_EXPORT isms_status isms_engine_set_control_implementation(
    isms_engine* engine, const char* control_id, double implementation);
ISMS_EXPORT isms_status isms_engine_set_control_effectiveness(
    isms_engine* engine, const char* control_id, double effectiveness);
ISMS_EXPORT isms_status isms_engine_set_asset_value(isms_engine* engine,
                                                    const char* asset_id,
                                                    int dimension,
                                                    const char* impact_level);
ISMS_EXPORT isms_status isms_engine_set_risk_likelihood(
    isms_engine* engine, const char* risk_id, const char* likelihood_level);
ISMS_EXPORT isms_status isms_engine_set_risk_impact(isms_engine* engine,
                                                    const char* risk_id,
                                                    const char* impact_level);

typedef struct isms_mitigation {
  uint32_t version; /* ISMS_MITIGATION_VERSION */
  const char* control_id;
  int reduces;     /* isms.v1.Reduces: 1 likelihood, 2 impact, 0/3 both */
  double strength; /* 0..1; negative means unset (1) */
} isms_mitigation;
#define ISMS_MITIGATION_VERSION 1
#define ISMS_MITIGATION_INIT \
  { ISMS_MITIGATION_VERSION, NULL, 0, -1.0 }

/* Replaces a risk's mitigations. `items` may be NULL when `count` is 0. */
ISMS_EXPORT isms_status
isms_engine_set_risk_mitigations(isms_engine* engine, const char* risk_id,
                                 const isms_mitigation* items, size_t count);

/* --- Results (after evaluate / recalculate) --- */

ISMS_EXPORT size_t isms_engine_risk_count(const isms_engine* engine);
/* Sizes of the scales: any out pointer may be NULL. */
ISMS_EXPORT isms_status isms_engine_scale_sizes(const isms_engine* engine,
                                                int* likelihood_levels,
                                                int* impact_levels,
                                                int* risk_levels);
/* Copies the per-risk level indexes of a view (indexed like the register's
 * risks) into caller buffers of `count` >= risk count entries; any buffer may
 * be NULL. A buffer too small for a getter gives ISMS_OUT_OF_RANGE. */
ISMS_EXPORT isms_status isms_engine_levels(const isms_engine* engine,
                                           isms_view view, uint8_t* likelihood,
                                           uint8_t* impact, uint8_t* level,
                                           size_t count);
/* Per-risk isms.v1.RiskStatus values (1 acceptable, 2 accepted, 3 treatment
 * planned, 4 untreated). */
ISMS_EXPORT isms_status isms_engine_statuses(const isms_engine* engine,
                                             uint8_t* status, size_t count);
/* Risks per cell, row-major likelihood x impact; `count` >= rows * cols. */
ISMS_EXPORT isms_status isms_engine_heatmap(const isms_engine* engine,
                                            isms_view view, int64_t* cells,
                                            size_t count);
/* Risks per risk level, lowest first; `count` >= risk levels. */
ISMS_EXPORT isms_status isms_engine_level_counts(const isms_engine* engine,
                                                 isms_view view,
                                                 int64_t* counts, size_t count);
/* Sum of the levels' weights; 0 for NULL. */
ISMS_EXPORT double isms_engine_exposure(const isms_engine* engine,
                                        isms_view view);
/* The `n` highest current risks as register indexes, best first; writes at
 * most `capacity` and sets *written. */
ISMS_EXPORT isms_status isms_engine_top_risks(const isms_engine* engine,
                                              size_t n, int32_t* indexes,
                                              size_t capacity, size_t* written);

/* One finding; the strings are valid until the next evaluate, recalculate or
 * change on this engine. */
typedef struct isms_finding {
  uint32_t version; /* ISMS_FINDING_VERSION */
  isms_severity severity;
  const char* code;
  const char* object_id;
  const char* message;
} isms_finding;
#define ISMS_FINDING_VERSION 1
#define ISMS_FINDING_INIT \
  { ISMS_FINDING_VERSION, ISMS_SEVERITY_ERROR, NULL, NULL, NULL }

ISMS_EXPORT size_t isms_engine_finding_count(isms_engine* engine);
ISMS_EXPORT isms_status isms_engine_finding(isms_engine* engine, size_t index,
                                            isms_finding* out);

/* The whole isms.v1.Assessment (per-risk results when `include_risks` is
 * non-zero), serialized; free with isms_free. */
ISMS_EXPORT isms_status isms_engine_assessment(const isms_engine* engine,
                                               isms_format format,
                                               int include_risks, void** out,
                                               size_t* out_size);
/* The what-if ranking as an isms.v1.Assessment holding only `whatif`. */
ISMS_EXPORT isms_status isms_engine_whatif(const isms_engine* engine,
                                           isms_format format, void** out,
                                           size_t* out_size);

/* ------------------------------------------------------------------------
 * Reports, SoA, coverage, readiness
 * ---------------------------------------------------------------------- */

typedef enum isms_report_format ISMS_ENUM_BASE {
  ISMS_REPORT_TEXT = 0,
  ISMS_REPORT_MARKDOWN = 1,
  ISMS_REPORT_HTML = 2,
  ISMS_REPORT_JSON = 3,
  ISMS_REPORT_CSV = 4 /* SoA only */
} isms_report_format;

/* The risk assessment report of an evaluated engine built from `reg`, with
 * coverage. A NUL-terminated buffer; free with isms_free. */
ISMS_EXPORT isms_status isms_report(const isms_register* reg,
                                    const isms_engine* engine,
                                    isms_report_format format, char** out,
                                    size_t* out_size);
/* The Statement of Applicability; `catalog` NULL or "" = the register's.
 * Text is not a SoA format (use CSV, Markdown, HTML or JSON). */
ISMS_EXPORT isms_status isms_soa(const isms_register* reg, const char* catalog,
                                 isms_report_format format, char** out,
                                 size_t* out_size);
/* Readiness for certification at `as_of` (NULL or "" = the engine's); `*ready`
 * (may be NULL) is set to 1 when nothing is missing. Text, Markdown or JSON. */
ISMS_EXPORT isms_status isms_readiness(const isms_register* reg,
                                       const isms_engine* engine,
                                       const char* as_of,
                                       isms_report_format format, char** out,
                                       size_t* out_size, int* ready);
/* The isms.v1.Coverage message of an evaluated engine built from `reg`. */
ISMS_EXPORT isms_status isms_coverage(const isms_register* reg,
                                      const isms_engine* engine,
                                      isms_format format, void** out,
                                      size_t* out_size);

/* ------------------------------------------------------------------------
 * Quantitative risk: a FAIR-style Monte Carlo of annual losses from the
 * risks' quant parameters (isms/quant.h; README "Quantitative risk")
 * ---------------------------------------------------------------------- */

typedef struct isms_quant_options {
  uint32_t version; /* ISMS_QUANT_OPTIONS_VERSION */
  int64_t years;    /* simulated years, 1..10,000,000 */
  uint64_t seed;    /* the same seed and years give the same results */
  int threads;      /* 0: the hardware's concurrency; never changes results */
  int per_risk;     /* non-zero: a RiskLoss per simulated risk */
} isms_quant_options;
#define ISMS_QUANT_OPTIONS_VERSION 1
#define ISMS_QUANT_OPTIONS_INIT \
  { ISMS_QUANT_OPTIONS_VERSION, 10000, 1, 0, 1 }

/* Simulates the losses of an evaluated engine built from `reg` (`options`
 * NULL: ISMS_QUANT_OPTIONS_INIT): the isms.v1.QuantAssessment, serialized in
 * `format`; free with isms_free. When `annual_losses` is not NULL it receives
 * 3 x years doubles allocated by the library, the portfolio's loss in each
 * simulated year for the inherent, current and target views one after the
 * other; free with isms_free. */
ISMS_EXPORT isms_status isms_quant_simulate(const isms_register* reg,
                                            const isms_engine* engine,
                                            const isms_quant_options* options,
                                            isms_format format, void** out,
                                            size_t* out_size,
                                            double** annual_losses);
/* The same simulation as a report for people: text, Markdown, HTML or JSON. */
ISMS_EXPORT isms_status isms_quant_report(const isms_register* reg,
                                          const isms_engine* engine,
                                          const isms_quant_options* options,
                                          isms_report_format format, char** out,
                                          size_t* out_size);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ISMS_ISMS_C_H_ */
