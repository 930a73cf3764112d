/* The isms C ABI from plain C99: every function of isms/isms_c.h, with its
 * error paths (NULL handles and out-pointers, bad bytes, unknown ids, values
 * out of range, buffers too small, struct versions, getters before evaluate,
 * double destroy), and the results on examples/registers/acme.json checked
 * against the C++ engine's.
 *
 * Usage: capi_test SOURCE_DIR SCRATCH_DIR
 * Prints one line per failed check and "N passed, M failed"; exits 1 on a
 * failure. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/isms_c.h"

/* ------------------------------------------------------------------------
 * A tiny check framework
 * ---------------------------------------------------------------------- */

static int g_passed = 0;
static int g_failed = 0;

static int check(int ok, const char* what, const char* file, int line) {
  if (ok) {
    ++g_passed;
  } else {
    ++g_failed;
    fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
  }
  return ok;
}

/* `needle` (may be NULL) must occur in `text` (NULL is "not found"). */
static int contains(const char* text, const char* needle) {
  return text != NULL && (needle == NULL || strstr(text, needle) != NULL);
}

static int check_status(isms_status got, isms_status want, const char* needle,
                        const char* what, const char* file, int line) {
  const char* error = isms_last_error();
  int ok = got == want;
  if (ok && want != ISMS_OK) {
    /* A failure sets this thread's message; `needle` (a function name or
     * the offending id) tells it from an earlier failure's. */
    ok = error != NULL && error[0] != '\0' && contains(error, needle);
  }
  if (!ok) {
    fprintf(stderr, "%s:%d: got %s, want %s%s%s; last error: \"%s\"\n", file,
            line, isms_status_name(got), isms_status_name(want),
            needle != NULL ? " with a message naming " : "",
            needle != NULL ? needle : "", error != NULL ? error : "(null)");
  }
  return check(ok, what, file, line);
}

#define CHECK(cond) check((cond) != 0, #cond, __FILE__, __LINE__)
/* The call succeeds. */
#define CHECK_OK(call) \
  check_status((call), ISMS_OK, NULL, #call, __FILE__, __LINE__)
/* The call fails with `want` and a non-empty message containing `needle`
 * (NULL: any message). */
#define CHECK_FAILS(want, needle, call) \
  check_status((call), (want), (needle), #call, __FILE__, __LINE__)
#define CHECK_STREQ(a, b)                                                  \
  check((a) != NULL && (b) != NULL && strcmp((a), (b)) == 0, #a " == " #b, \
        __FILE__, __LINE__)
#define CHECK_CONTAINS(text, needle)                                      \
  check(contains((text), (needle)), #text " contains " #needle, __FILE__, \
        __LINE__)

/* A pointer no call may write: out-parameters are set to it before a call
 * that must fail and checked afterwards. */
static union {
  void* p;
  long double d;
  long long l;
} g_sentinel_storage;
#define SENTINEL ((void*)&g_sentinel_storage)
#define SENTINEL_SIZE ((size_t)0x5e5e5e)

/* Does `data[0, size)` contain `needle`? (Serialized bytes are not
 * NUL-terminated.) */
static int bytes_contain(const void* data, size_t size, const char* needle) {
  const char* bytes = (const char*)data;
  size_t n = strlen(needle);
  size_t i;
  if (data == NULL || n > size) return 0;
  for (i = 0; i + n <= size; ++i) {
    if (memcmp(bytes + i, needle, n) == 0) return 1;
  }
  return 0;
}

/* int64_t buffers are filled with this before a call that must fail. */
#define KCELL_SENTINEL INT64_C(-7777)
static void fill_cells(int64_t* cells, size_t n) {
  size_t i;
  for (i = 0; i < n; ++i) cells[i] = KCELL_SENTINEL;
}

static size_t count_lines(const char* text) {
  size_t lines = 0;
  for (; *text != '\0'; ++text) lines += *text == '\n';
  return lines;
}

static const char* g_source_dir;
static const char* g_scratch_dir;
static char g_acme_path[4096];

static const char* scratch_path(char* buffer, size_t size, const char* name) {
  snprintf(buffer, size, "%s/%s", g_scratch_dir, name);
  return buffer;
}

/* ------------------------------------------------------------------------
 * Expected results on acme.json at 2026-11-22. They equal the output of
 *   isms assess examples/registers/acme.json --as_of 2026-11-22 --format json
 * (the C++ engine): levelCounts, *Heatmap, *Exposure, topRiskIds, statusCounts,
 * findings, and risks[0].
 * ---------------------------------------------------------------------- */

#define ACME_AS_OF "2026-11-22"
#define ACME_RISKS 43
#define ACME_ASSETS 60
#define ACME_LEVELS 4 /* low, medium, high, critical */
#define ACME_CELLS 25 /* 5 likelihood x 5 impact levels */

/* Indexed by isms_view: inherent, current, target; levels lowest first. */
static const int64_t kLevelCounts[3][ACME_LEVELS] = {
    {4, 12, 23, 4}, {5, 31, 7, 0}, {5, 37, 1, 0}};
static const double kExposure[3] = {152, 95, 83};
/* Row-major likelihood (rare .. almost certain) x impact (negligible ..
 * severe). */
static const int64_t kHeatmap[3][ACME_CELLS] = {
    {0,  1, 1, 1, 2, 0, 1, 0, 4, 4, 1, 1, 3,
     10, 6, 0, 1, 0, 2, 3, 0, 0, 1, 1, 0},
    {0, 1, 1, 1, 2, 0, 2, 5, 15, 1, 1, 2, 4,
     5, 0, 0, 2, 1, 0, 0, 0, 0,  0, 0, 0},
    {0, 1, 1, 1, 2, 0, 2, 6, 19, 0, 1, 2, 5,
     1, 0, 0, 2, 0, 0, 0, 0, 0,  0, 0, 0}};
static const char* const kTopRisks[5] = {"R-007", "R-004", "R-011", "R-024",
                                         "R-035"};
/* Risks per isms.v1.RiskStatus 1..4: acceptable, accepted, treatment
 * planned, untreated. */
static const int kStatusCounts[5] = {0, 36, 2, 4, 1};
#define ACME_FINDINGS 17
/* likelihood, impact, level indexes per view. */
static const int kR001[3][3] = {{4, 3, 3}, {1, 3, 1}, {1, 3, 1}};
/* Implementing C-049 (first in `isms whatif`) removes 4 from the current
 * exposure. */
#define ACME_EXPOSURE_WITH_C049 91.0

/* A register whose only risk names an asset that does not exist. */
static const char kDanglingJson[] =
    "{\"schemaVersion\": \"1\","
    " \"organization\": {\"name\": \"Acme\", \"scope\": \"Everything\"},"
    " \"riskMethod\": {"
    "  \"likelihood\": {\"levels\": [{\"id\": \"low\"}, {\"id\": \"medium\"},"
    "                                {\"id\": \"high\"}]},"
    "  \"impact\": {\"levels\": [{\"id\": \"minor\"}, {\"id\": \"moderate\"},"
    "                            {\"id\": \"major\"}]},"
    "  \"riskLevels\": [{\"id\": \"green\", \"acceptable\": true},"
    "                   {\"id\": \"amber\"}, {\"id\": \"red\"}],"
    "  \"grid\": [\"green\", \"green\", \"amber\", \"green\", \"amber\","
    "             \"red\", \"amber\", \"red\", \"red\"]},"
    " \"assets\": [{\"id\": \"A-1\", \"name\": \"Customer database\","
    "   \"type\": \"ASSET_TYPE_INFORMATION\", \"value\": {\"confidentiality\":"
    "   \"major\", \"integrity\": \"moderate\", \"availability\": \"minor\"}}],"
    " \"threats\": [{\"id\": \"T-1\", \"name\": \"Credential theft\","
    "   \"category\": \"THREAT_CATEGORY_HUMAN_ACTION\","
    "   \"likelihood\": \"medium\"}],"
    " \"controls\": [{\"id\": \"C-1\", \"name\": \"Access control policy\","
    "   \"catalogRefs\": [\"iso27001:2022/5.15\"],"
    "   \"status\": \"CONTROL_STATUS_IMPLEMENTED\"}],"
    " \"risks\": [{\"id\": \"R-1\", \"title\": \"Database breach\","
    "   \"assetIds\": [\"A-404\"], \"threatId\": \"T-1\", \"mitigations\":"
    "   [{\"controlId\": \"C-1\", \"reduces\": \"REDUCES_LIKELIHOOD\"}]}]}";

static isms_engine* new_engine(const isms_register* reg, int threads) {
  isms_engine_options options = ISMS_ENGINE_OPTIONS_INIT;
  isms_engine* engine = NULL;
  options.as_of = ACME_AS_OF;
  options.threads = threads;
  if (!CHECK_OK(isms_engine_create(reg, &options, &engine))) return NULL;
  CHECK(engine != NULL);
  return engine;
}

/* ------------------------------------------------------------------------
 * Versions, status names, errors, memory
 * ---------------------------------------------------------------------- */

static void test_versions(void) {
  const char* version = isms_version();
  CHECK(isms_c_api_version() == ISMS_C_API_VERSION);
  CHECK(version != NULL && version[0] != '\0');
  CHECK_STREQ(version, ISMS_PROJECT_VERSION);
}

static void test_status_names(void) {
  int code;
  CHECK_STREQ(isms_status_name(ISMS_OK), "OK");
  CHECK_STREQ(isms_status_name(ISMS_INVALID_ARGUMENT), "INVALID_ARGUMENT");
  CHECK_STREQ(isms_status_name(ISMS_NOT_FOUND), "NOT_FOUND");
  CHECK_STREQ(isms_status_name(ISMS_FAILED_PRECONDITION),
              "FAILED_PRECONDITION");
  CHECK_STREQ(isms_status_name(ISMS_UNAUTHENTICATED), "UNAUTHENTICATED");
  for (code = ISMS_OK; code <= ISMS_UNAUTHENTICATED; ++code) {
    const char* name = isms_status_name((isms_status)code);
    CHECK(name != NULL && name[0] != '\0');
  }
  /* Not a status: a string all the same, never NULL. */
  CHECK(isms_status_name((isms_status)99) != NULL);
  CHECK(isms_status_name((isms_status)-1) != NULL);
}

static void test_free(void) {
  isms_free(NULL); /* harmless */
  CHECK(1);
}

/* ------------------------------------------------------------------------
 * Registers: load, parse, serialize, save, count, id, destroy
 * ---------------------------------------------------------------------- */

static void test_register_load(void) {
  isms_register* reg = (isms_register*)SENTINEL;
  char missing[4096];
  snprintf(missing, sizeof missing,
           "%s/examples/registers/no-such-register.json", g_source_dir);

  CHECK_FAILS(ISMS_NOT_FOUND, "no-such-register.json",
              isms_register_load(missing, ISMS_FORMAT_AUTO, &reg));
  CHECK(reg == (isms_register*)SENTINEL);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_load",
              isms_register_load(NULL, ISMS_FORMAT_AUTO, &reg));
  CHECK(reg == (isms_register*)SENTINEL);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_load",
              isms_register_load(g_acme_path, ISMS_FORMAT_AUTO, NULL));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_register_load(g_acme_path, (isms_format)42, &reg));
  CHECK(reg == (isms_register*)SENTINEL);
  /* JSON read as binary protobuf. */
  CHECK(isms_register_load(g_acme_path, ISMS_FORMAT_BINARY, &reg) != ISMS_OK);
  CHECK(reg == (isms_register*)SENTINEL);
  CHECK(isms_last_error()[0] != '\0');

  reg = NULL;
  CHECK_OK(isms_register_load(g_acme_path, ISMS_FORMAT_JSON, &reg));
  CHECK(isms_register_count(reg, ISMS_LIST_RISKS) == ACME_RISKS);
  isms_register_destroy(&reg);
  CHECK(reg == NULL);
}

static void test_register_lists(const isms_register* acme) {
  /* Sizes and first ids of examples/registers/acme.json. */
  CHECK(isms_register_count(acme, ISMS_LIST_ASSETS) == 60);
  CHECK(isms_register_count(acme, ISMS_LIST_THREATS) == 21);
  CHECK(isms_register_count(acme, ISMS_LIST_VULNERABILITIES) == 16);
  CHECK(isms_register_count(acme, ISMS_LIST_CONTROLS) == 66);
  CHECK(isms_register_count(acme, ISMS_LIST_RISKS) == ACME_RISKS);
  CHECK(isms_register_count(acme, (isms_list)99) == 0);
  CHECK(isms_register_count(NULL, ISMS_LIST_RISKS) == 0);

  CHECK_STREQ(isms_register_id(acme, ISMS_LIST_ASSETS, 0), "A-001");
  CHECK_STREQ(isms_register_id(acme, ISMS_LIST_ASSETS, 59), "A-060");
  CHECK_STREQ(isms_register_id(acme, ISMS_LIST_THREATS, 0), "T-01");
  CHECK_STREQ(isms_register_id(acme, ISMS_LIST_VULNERABILITIES, 15), "V-16");
  CHECK_STREQ(isms_register_id(acme, ISMS_LIST_CONTROLS, 48), "C-049");
  CHECK_STREQ(isms_register_id(acme, ISMS_LIST_RISKS, 0), "R-001");
  CHECK_STREQ(isms_register_id(acme, ISMS_LIST_RISKS, 42), "R-043");
  CHECK(isms_register_id(acme, ISMS_LIST_RISKS, ACME_RISKS) == NULL);
  CHECK(isms_register_id(acme, ISMS_LIST_RISKS, (size_t)-1) == NULL);
  CHECK(isms_register_id(acme, (isms_list)99, 0) == NULL);
  CHECK(isms_register_id(NULL, ISMS_LIST_RISKS, 0) == NULL);
}

/* Serializes `reg` as binary (which is deterministic) for comparisons. */
static void* binary_of(const isms_register* reg, size_t* size) {
  void* data = NULL;
  *size = 0;
  if (!CHECK_OK(isms_register_serialize(reg, ISMS_FORMAT_BINARY, &data, size)))
    return NULL;
  return data;
}

static int same_register(const isms_register* a, const isms_register* b) {
  size_t size_a, size_b;
  void* data_a = binary_of(a, &size_a);
  void* data_b = binary_of(b, &size_b);
  int same = data_a != NULL && data_b != NULL && size_a == size_b &&
             memcmp(data_a, data_b, size_a) == 0;
  isms_free(data_a);
  isms_free(data_b);
  return same;
}

static void test_register_parse_serialize(const isms_register* acme) {
  static const char kNotJson[] = "{not json";
  static const unsigned char kRandom[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0xff, 0xff, 0x0f,
                                          0x07, 0x9a, 0x3c, 0xe1};
  isms_format formats[3] = {ISMS_FORMAT_JSON, ISMS_FORMAT_BINARY,
                            ISMS_FORMAT_TEXT};
  void* data = SENTINEL;
  size_t size = SENTINEL_SIZE;
  isms_register* reg = (isms_register*)SENTINEL;
  int i;

  /* Serialize: errors leave the out-parameters alone. */
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_serialize",
              isms_register_serialize(NULL, ISMS_FORMAT_JSON, &data, &size));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_serialize",
              isms_register_serialize(acme, ISMS_FORMAT_JSON, NULL, &size));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_serialize",
              isms_register_serialize(acme, ISMS_FORMAT_JSON, &data, NULL));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_register_serialize(acme, ISMS_FORMAT_AUTO, &data, &size));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_register_serialize(acme, (isms_format)42, &data, &size));
  CHECK(data == SENTINEL && size == SENTINEL_SIZE);

  /* Each format round-trips through parse. */
  for (i = 0; i < 3; ++i) {
    data = NULL;
    size = 0;
    reg = NULL;
    if (!CHECK_OK(isms_register_serialize(acme, formats[i], &data, &size)))
      continue;
    CHECK(data != NULL && size > 1000);
    if (formats[i] != ISMS_FORMAT_BINARY) {
      CHECK(bytes_contain(data, size, "Acme Cloud Ltd"));
      CHECK(bytes_contain(data, size, "R-043"));
    }
    CHECK_OK(isms_register_parse(data, size, formats[i], &reg));
    CHECK(isms_register_count(reg, ISMS_LIST_RISKS) == ACME_RISKS);
    CHECK_STREQ(isms_register_id(reg, ISMS_LIST_RISKS, 0), "R-001");
    CHECK(same_register(acme, reg));
    /* The same bytes as another format fail to parse, and ISMS_FORMAT_AUTO
     * is for files only. */
    if (formats[i] == ISMS_FORMAT_BINARY) {
      isms_register* other = (isms_register*)SENTINEL;
      CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                  isms_register_parse(data, size, ISMS_FORMAT_JSON, &other));
      CHECK(other == (isms_register*)SENTINEL);
    }
    {
      isms_register* other = (isms_register*)SENTINEL;
      CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                  isms_register_parse(data, size, ISMS_FORMAT_AUTO, &other));
      CHECK(other == (isms_register*)SENTINEL);
      CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_parse",
                  isms_register_parse(data, size, formats[i], NULL));
    }
    isms_register_destroy(&reg);
    CHECK(reg == NULL);
    isms_free(data);
  }

  /* Bad bytes, empty input, NULL data. */
  reg = (isms_register*)SENTINEL;
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, NULL,
      isms_register_parse(kNotJson, strlen(kNotJson), ISMS_FORMAT_JSON, &reg));
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, NULL,
      isms_register_parse(kNotJson, strlen(kNotJson), ISMS_FORMAT_TEXT, &reg));
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, NULL,
      isms_register_parse(kRandom, sizeof kRandom, ISMS_FORMAT_BINARY, &reg));
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, NULL,
      isms_register_parse(kRandom, sizeof kRandom, ISMS_FORMAT_JSON, &reg));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_register_parse("", 0, ISMS_FORMAT_JSON, &reg));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_parse",
              isms_register_parse(NULL, 10, ISMS_FORMAT_JSON, &reg));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_register_parse(NULL, 0, ISMS_FORMAT_JSON, &reg));
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, NULL,
      isms_register_parse(kNotJson, strlen(kNotJson), (isms_format)42, &reg));
  CHECK(reg == (isms_register*)SENTINEL);
}

static void test_register_save(const isms_register* acme) {
  static const char* const kNames[3] = {"capi_test_register.json",
                                        "capi_test_register.binpb",
                                        "capi_test_register.txtpb"};
  char path[4096];
  int i;

  for (i = 0; i < 3; ++i) {
    isms_register* reg = NULL;
    scratch_path(path, sizeof path, kNames[i]);
    remove(path);
    CHECK_OK(isms_register_save(acme, path, ISMS_FORMAT_AUTO));
    CHECK_OK(isms_register_load(path, ISMS_FORMAT_AUTO, &reg));
    CHECK(isms_register_count(reg, ISMS_LIST_RISKS) == ACME_RISKS);
    CHECK(same_register(acme, reg));
    isms_register_destroy(&reg);
    remove(path);
  }
  /* An explicit format whatever the extension. */
  scratch_path(path, sizeof path, "capi_test_register.data");
  CHECK_OK(isms_register_save(acme, path, ISMS_FORMAT_BINARY));
  {
    isms_register* reg = NULL;
    CHECK_OK(isms_register_load(path, ISMS_FORMAT_BINARY, &reg));
    CHECK(same_register(acme, reg));
    isms_register_destroy(&reg);
  }
  remove(path);

  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_save",
              isms_register_save(NULL, path, ISMS_FORMAT_JSON));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_save",
              isms_register_save(acme, NULL, ISMS_FORMAT_JSON));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_register_save(acme, path, (isms_format)42));
  scratch_path(path, sizeof path, "no-such-dir/capi_test_register.json");
  CHECK(isms_register_save(acme, path, ISMS_FORMAT_JSON) != ISMS_OK);
  CHECK(isms_last_error()[0] != '\0');
}

/* Read options: each limit refuses input over it with
 * ISMS_RESOURCE_EXHAUSTED naming it; 0 and NULL keep the defaults. */
static void test_read_options(const isms_register* acme) {
  const size_t assets = isms_register_count(acme, ISMS_LIST_ASSETS);
  void* json = NULL;
  size_t json_size = 0;
  void* binary = NULL;
  size_t binary_size = 0;
  isms_register* reg = (isms_register*)SENTINEL;
  isms_read_options options = ISMS_READ_OPTIONS_INIT;
  char expected[64];
  /* Field 4 (assets) claiming 2^31 bytes in a 10-byte buffer. */
  static const char kTwoGibClaim[] =
      "\x22\x80\x80\x80\x80\x08"
      "abcd";
  static const char kUnknownField[] = "{\"assetz\": []}";

  if (!CHECK_OK(
          isms_register_serialize(acme, ISMS_FORMAT_JSON, &json, &json_size)) ||
      !CHECK_OK(isms_register_serialize(acme, ISMS_FORMAT_BINARY, &binary,
                                        &binary_size))) {
    return;
  }
  CHECK(assets == ACME_ASSETS);

  /* Defaults: NULL options or all limits 0. */
  reg = NULL;
  CHECK_OK(isms_register_parse_with_options(json, json_size, ISMS_FORMAT_JSON,
                                            NULL, &reg));
  CHECK(same_register(acme, reg));
  isms_register_destroy(&reg);
  CHECK_OK(isms_register_load_with_options(g_acme_path, ISMS_FORMAT_AUTO,
                                           &options, &reg));
  CHECK(same_register(acme, reg));
  isms_register_destroy(&reg);

  /* One asset too many, in JSON, binary and from a file; then exactly
   * enough. */
  options.max_assets = assets - 1;
  snprintf(expected, sizeof expected, "max_assets=%u", (unsigned)(assets - 1));
  reg = (isms_register*)SENTINEL;
  CHECK_FAILS(ISMS_RESOURCE_EXHAUSTED, expected,
              isms_register_parse_with_options(
                  json, json_size, ISMS_FORMAT_JSON, &options, &reg));
  CHECK_FAILS(ISMS_RESOURCE_EXHAUSTED, expected,
              isms_register_parse_with_options(
                  binary, binary_size, ISMS_FORMAT_BINARY, &options, &reg));
  CHECK_FAILS(ISMS_RESOURCE_EXHAUSTED, expected,
              isms_register_load_with_options(g_acme_path, ISMS_FORMAT_AUTO,
                                              &options, &reg));
  CHECK(reg == (isms_register*)SENTINEL);
  options.max_assets = assets;
  reg = NULL;
  CHECK_OK(isms_register_parse_with_options(
      binary, binary_size, ISMS_FORMAT_BINARY, &options, &reg));
  CHECK(isms_register_count(reg, ISMS_LIST_ASSETS) == assets);
  isms_register_destroy(&reg);

  /* The other limits reach the library too: one limit each, on the JSON
   * (or the binary) form of acme. */
  reg = (isms_register*)SENTINEL;
  {
    static const struct {
      isms_read_options options;
      const char* named;
      int binary;
    } kCases[] = {
        {{.version = ISMS_READ_OPTIONS_VERSION, .max_risks = 1},
         "max_risks=1",
         0},
        {{.version = ISMS_READ_OPTIONS_VERSION, .max_mitigations = 1},
         "max_mitigations=1",
         0},
        {{.version = ISMS_READ_OPTIONS_VERSION, .max_list_elements = 1},
         "max_list_elements=1",
         0},
        {{.version = ISMS_READ_OPTIONS_VERSION, .max_string_length = 3},
         "max_string_length=3",
         1},
        {{.version = ISMS_READ_OPTIONS_VERSION, .max_depth = 1},
         "max_depth=1",
         0},
    };
    size_t i;
    for (i = 0; i < sizeof kCases / sizeof kCases[0]; ++i) {
      CHECK_FAILS(ISMS_RESOURCE_EXHAUSTED, kCases[i].named,
                  isms_register_parse_with_options(
                      kCases[i].binary ? binary : json,
                      kCases[i].binary ? binary_size : json_size,
                      kCases[i].binary ? ISMS_FORMAT_BINARY : ISMS_FORMAT_JSON,
                      &kCases[i].options, &reg));
    }
    isms_read_options small = ISMS_READ_OPTIONS_INIT;
    small.max_bytes = 10;
    CHECK_FAILS(ISMS_RESOURCE_EXHAUSTED, "max_bytes=10",
                isms_register_load_with_options(g_acme_path, ISMS_FORMAT_AUTO,
                                                &small, &reg));
    CHECK(reg == (isms_register*)SENTINEL);
  }

  /* A hostile buffer: refused from its claim. */
  CHECK_FAILS(
      ISMS_RESOURCE_EXHAUSTED, "max_bytes=2147483647",
      isms_register_parse_with_options(kTwoGibClaim, sizeof kTwoGibClaim - 1,
                                       ISMS_FORMAT_BINARY, NULL, &reg));
  CHECK(reg == (isms_register*)SENTINEL);

  /* Unknown fields: an error unless ignored. */
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, "assetz",
      isms_register_parse_with_options(kUnknownField, strlen(kUnknownField),
                                       ISMS_FORMAT_JSON, NULL, &reg));
  options = (isms_read_options)ISMS_READ_OPTIONS_INIT;
  options.ignore_unknown_fields = 1;
  reg = NULL;
  CHECK_OK(isms_register_parse_with_options(
      kUnknownField, strlen(kUnknownField), ISMS_FORMAT_JSON, &options, &reg));
  CHECK(isms_register_count(reg, ISMS_LIST_ASSETS) == 0);
  isms_register_destroy(&reg);

  /* Bad arguments and struct versions. */
  reg = (isms_register*)SENTINEL;
  options.version = 0;
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_read_options",
              isms_register_parse_with_options(
                  json, json_size, ISMS_FORMAT_JSON, &options, &reg));
  options.version = ISMS_READ_OPTIONS_VERSION + 1;
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_read_options",
              isms_register_load_with_options(g_acme_path, ISMS_FORMAT_AUTO,
                                              &options, &reg));
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, "isms_register_load_with_options",
      isms_register_load_with_options(NULL, ISMS_FORMAT_AUTO, NULL, &reg));
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, "isms_register_parse_with_options",
      isms_register_parse_with_options(NULL, 1, ISMS_FORMAT_JSON, NULL, &reg));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_parse_with_options",
              isms_register_parse_with_options(json, json_size,
                                               ISMS_FORMAT_AUTO, NULL, &reg));
  CHECK(reg == (isms_register*)SENTINEL);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_register_parse_with_options",
              isms_register_parse_with_options(json, json_size,
                                               ISMS_FORMAT_JSON, NULL, NULL));

  isms_free(json);
  isms_free(binary);
}

static void test_register_destroy(void) {
  isms_register* reg = NULL;
  CHECK_OK(isms_register_load(g_acme_path, ISMS_FORMAT_AUTO, &reg));
  isms_register_destroy(&reg);
  CHECK(reg == NULL);
  isms_register_destroy(&reg); /* a second destroy through the NULL handle */
  CHECK(reg == NULL);
  isms_register_destroy(NULL);
  CHECK(1);
}

/* ------------------------------------------------------------------------
 * Validation
 * ---------------------------------------------------------------------- */

static void test_validate(const isms_register* acme) {
  isms_validation* v = (isms_validation*)SENTINEL;
  isms_register* dangling = NULL;
  isms_diagnostic d = ISMS_DIAGNOSTIC_INIT;
  void* data = SENTINEL;
  size_t size = SENTINEL_SIZE;

  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_validate",
              isms_validate(NULL, 0, &v));
  CHECK(v == (isms_validation*)SENTINEL);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_validate",
              isms_validate(acme, 0, NULL));
  CHECK(isms_validation_count(NULL) == 0);
  CHECK(isms_validation_error_count(NULL) == 0);
  CHECK(isms_validation_warning_count(NULL) == 0);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_validation_get",
              isms_validation_get(NULL, 0, &d));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_validation_serialize",
              isms_validation_serialize(NULL, ISMS_FORMAT_JSON, &data, &size));
  CHECK(data == SENTINEL && size == SENTINEL_SIZE);

  /* acme.json is clean, also with strict cycles (`isms validate --strict`). */
  v = NULL;
  CHECK_OK(isms_validate(acme, 0, &v));
  CHECK(isms_validation_count(v) == 0);
  CHECK(isms_validation_error_count(v) == 0);
  CHECK(isms_validation_warning_count(v) == 0);
  CHECK(isms_validation_get(v, 0, &d) != ISMS_OK);
  CHECK(d.code == NULL && d.path == NULL && d.message == NULL);
  isms_validation_destroy(&v);
  CHECK(v == NULL);
  CHECK_OK(isms_validate(acme, 1, &v));
  CHECK(isms_validation_error_count(v) == 0);
  isms_validation_destroy(&v);

  /* One dangling reference, given as bytes. */
  if (!CHECK_OK(isms_register_parse(kDanglingJson, strlen(kDanglingJson),
                                    ISMS_FORMAT_JSON, &dangling)))
    return;
  CHECK_OK(isms_validate(dangling, 0, &v));
  CHECK(isms_validation_count(v) == 1);
  CHECK(isms_validation_error_count(v) == 1);
  CHECK(isms_validation_warning_count(v) == 0);
  if (CHECK_OK(isms_validation_get(v, 0, &d))) {
    CHECK(d.version == ISMS_DIAGNOSTIC_VERSION);
    CHECK(d.severity == ISMS_SEVERITY_ERROR);
    CHECK_STREQ(d.code, "UNKNOWN_ASSET");
    CHECK_STREQ(d.path, "risks[0].asset_ids[0]");
    CHECK_CONTAINS(d.message, "A-404");
  }
  {
    /* Out of range, NULL out, and struct versions the library does not know
     * leave the struct alone. */
    isms_diagnostic e = ISMS_DIAGNOSTIC_INIT;
    CHECK(isms_validation_get(v, 1, &e) != ISMS_OK);
    CHECK(isms_validation_get(v, (size_t)-1, &e) != ISMS_OK);
    CHECK(e.code == NULL && e.path == NULL && e.message == NULL);
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_validation_get",
                isms_validation_get(v, 0, NULL));
    e.version = 0;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL, isms_validation_get(v, 0, &e));
    CHECK(e.version == 0 && e.code == NULL);
    e.version = 99;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL, isms_validation_get(v, 0, &e));
    CHECK(e.version == 99 && e.code == NULL);
  }
  data = NULL;
  size = 0;
  if (CHECK_OK(isms_validation_serialize(v, ISMS_FORMAT_JSON, &data, &size))) {
    CHECK(bytes_contain(data, size, "UNKNOWN_ASSET"));
    CHECK(bytes_contain(data, size, "risks[0].asset_ids[0]"));
    isms_free(data);
  }
  data = NULL;
  size = 0;
  if (CHECK_OK(
          isms_validation_serialize(v, ISMS_FORMAT_BINARY, &data, &size))) {
    CHECK(data != NULL && size > 0);
    CHECK(bytes_contain(data, size, "UNKNOWN_ASSET"));
    isms_free(data);
  }
  data = SENTINEL;
  size = SENTINEL_SIZE;
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_validation_serialize(v, ISMS_FORMAT_AUTO, &data, &size));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_validation_serialize",
              isms_validation_serialize(v, ISMS_FORMAT_JSON, NULL, &size));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_validation_serialize",
              isms_validation_serialize(v, ISMS_FORMAT_JSON, &data, NULL));
  CHECK(data == SENTINEL && size == SENTINEL_SIZE);

  /* The diagnostics outlive the register they came from. */
  isms_register_destroy(&dangling);
  CHECK(isms_validation_error_count(v) == 1);
  d.code = NULL;
  if (CHECK_OK(isms_validation_get(v, 0, &d))) {
    CHECK_STREQ(d.code, "UNKNOWN_ASSET");
  }

  /* An engine cannot be built from an invalid register. */
  if (CHECK_OK(isms_register_parse(kDanglingJson, strlen(kDanglingJson),
                                   ISMS_FORMAT_JSON, &dangling))) {
    isms_engine* engine = (isms_engine*)SENTINEL;
    CHECK(isms_engine_create(dangling, NULL, &engine) != ISMS_OK);
    CHECK(engine == (isms_engine*)SENTINEL);
    CHECK_CONTAINS(isms_last_error(), "A-404");
    isms_register_destroy(&dangling);
  }

  isms_validation_destroy(&v);
  CHECK(v == NULL);
  isms_validation_destroy(&v);
  isms_validation_destroy(NULL);
  CHECK(v == NULL);
}

/* ------------------------------------------------------------------------
 * The engine: creation, getters before evaluation, results, NULL handles
 * ---------------------------------------------------------------------- */

static void test_engine_create(const isms_register* acme) {
  isms_engine_options options = ISMS_ENGINE_OPTIONS_INIT;
  isms_engine* engine = (isms_engine*)SENTINEL;

  CHECK(options.version == ISMS_ENGINE_OPTIONS_VERSION);
  CHECK(options.as_of == NULL && options.strict_cycles == 0 &&
        options.threads == 0);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_create",
              isms_engine_create(NULL, &options, &engine));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_create",
              isms_engine_create(acme, &options, NULL));
  options.version = 0;
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_engine_create(acme, &options, &engine));
  options.version = 99;
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_engine_create(acme, &options, &engine));
  options.version = ISMS_ENGINE_OPTIONS_VERSION;
  options.as_of = "2026-02-30";
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "2026-02-30",
              isms_engine_create(acme, &options, &engine));
  options.as_of = "22/11/2026";
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "22/11/2026",
              isms_engine_create(acme, &options, &engine));
  options.as_of = ACME_AS_OF;
  options.threads = -3;
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_engine_create(acme, &options, &engine));
  CHECK(engine == (isms_engine*)SENTINEL);

  /* Defaults (as of today), strict cycles, explicit threads. */
  engine = NULL;
  CHECK_OK(isms_engine_create(acme, NULL, &engine));
  CHECK_OK(isms_engine_evaluate(engine));
  CHECK(isms_engine_risk_count(engine) == ACME_RISKS);
  isms_engine_destroy(&engine);
  CHECK(engine == NULL);
  options.as_of = "";
  options.strict_cycles = 1;
  options.threads = 2;
  CHECK_OK(isms_engine_create(acme, &options, &engine));
  CHECK_OK(isms_engine_evaluate(engine));
  isms_engine_destroy(&engine);
  isms_engine_destroy(&engine); /* harmless */
  isms_engine_destroy(NULL);
  CHECK(engine == NULL);

  /* The engine copies what it needs: its register may go first. */
  {
    isms_register* reg = NULL;
    CHECK_OK(isms_register_load(g_acme_path, ISMS_FORMAT_AUTO, &reg));
    engine = new_engine(reg, 1);
    isms_register_destroy(&reg);
    if (engine != NULL) {
      CHECK_OK(isms_engine_evaluate(engine));
      CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) == kExposure[1]);
      CHECK_OK(isms_engine_set_control_status(engine, "C-049", 3));
      CHECK_OK(isms_engine_recalculate(engine));
      CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) ==
            ACME_EXPOSURE_WITH_C049);
    }
    isms_engine_destroy(&engine);
  }
}

/* Two evaluated engines hold the same results: levels, statuses, heatmaps,
 * level counts and exposure of every view. */
static int same_results(const isms_engine* a, const isms_engine* b) {
  uint8_t la[3][ACME_RISKS], lb[3][ACME_RISKS];
  uint8_t sa[ACME_RISKS], sb[ACME_RISKS];
  int64_t ca[ACME_CELLS], cb[ACME_CELLS], na[ACME_LEVELS], nb[ACME_LEVELS];
  int view, same = 1;
  if (isms_engine_risk_count(a) != ACME_RISKS ||
      isms_engine_risk_count(b) != ACME_RISKS ||
      !CHECK_OK(isms_engine_statuses(a, sa, ACME_RISKS)) ||
      !CHECK_OK(isms_engine_statuses(b, sb, ACME_RISKS))) {
    return 0;
  }
  same = memcmp(sa, sb, sizeof sa) == 0;
  for (view = ISMS_VIEW_INHERENT; view <= ISMS_VIEW_TARGET; ++view) {
    const isms_view v = (isms_view)view;
    if (!CHECK_OK(isms_engine_levels(a, v, la[0], la[1], la[2], ACME_RISKS)) ||
        !CHECK_OK(isms_engine_levels(b, v, lb[0], lb[1], lb[2], ACME_RISKS)) ||
        !CHECK_OK(isms_engine_heatmap(a, v, ca, ACME_CELLS)) ||
        !CHECK_OK(isms_engine_heatmap(b, v, cb, ACME_CELLS)) ||
        !CHECK_OK(isms_engine_level_counts(a, v, na, ACME_LEVELS)) ||
        !CHECK_OK(isms_engine_level_counts(b, v, nb, ACME_LEVELS))) {
      return 0;
    }
    same = same && memcmp(la, lb, sizeof la) == 0 &&
           memcmp(ca, cb, sizeof ca) == 0 && memcmp(na, nb, sizeof na) == 0 &&
           isms_engine_exposure(a, v) == isms_engine_exposure(b, v);
  }
  return same;
}

/* The message of the last error after the function name that starts it,
 * e.g. ": unsupported struct version ..." (copied into `buffer`). */
static const char* error_after(const char* function, char* buffer,
                               size_t size) {
  const char* error = isms_last_error();
  const size_t n = strlen(function);
  if (strncmp(error, function, n) == 0) error += n;
  snprintf(buffer, size, "%s", error);
  return buffer;
}

/* isms_engine_create_from_file: the same engine as isms_register_load +
 * isms_engine_create from JSON, text and binary files (the binary one
 * compiled while it is parsed), and the same errors. */
static void test_engine_create_from_file(const isms_register* acme) {
  static const char* const kNames[3] = {"capi_test_from_file.json",
                                        "capi_test_from_file.txtpb",
                                        "capi_test_from_file.binpb"};
  isms_engine_options options = ISMS_ENGINE_OPTIONS_INIT;
  isms_read_options read = ISMS_READ_OPTIONS_INIT;
  isms_engine* loaded = new_engine(acme, 1);
  isms_engine* engine = NULL;
  isms_register* dangling = NULL;
  char path[4096], binary[4096], data_path[4096], missing[4096];
  char want[1024], got[1024];
  int i;
  if (loaded == NULL) return;
  CHECK_OK(isms_engine_evaluate(loaded));
  options.as_of = ACME_AS_OF;
  options.threads = 1;
  scratch_path(binary, sizeof binary, kNames[2]);
  scratch_path(data_path, sizeof data_path, "capi_test_from_file.data");

  /* acme.json itself, then copies in every format (AUTO from the
   * extension), then a binary file with an explicit format. */
  for (i = -1; i < 4; ++i) {
    const char* file = g_acme_path;
    isms_format format = ISMS_FORMAT_AUTO;
    if (i >= 0 && i < 3) {
      file = scratch_path(path, sizeof path, kNames[i]);
      CHECK_OK(isms_register_save(acme, file, ISMS_FORMAT_AUTO));
    } else if (i == 3) {
      file = data_path;
      format = ISMS_FORMAT_BINARY;
      CHECK_OK(isms_register_save(acme, file, format));
    }
    engine = NULL;
    if (!CHECK_OK(isms_engine_create_from_file(file, format, NULL, &options,
                                               &engine))) {
      continue;
    }
    CHECK(engine != NULL);
    CHECK(isms_engine_risk_count(engine) == ACME_RISKS);
    /* Like a new engine of isms_engine_create: not evaluated yet. */
    {
      int64_t cells[ACME_CELLS];
      CHECK_FAILS(
          ISMS_FAILED_PRECONDITION, "isms_engine_evaluate",
          isms_engine_heatmap(engine, ISMS_VIEW_CURRENT, cells, ACME_CELLS));
    }
    CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) == 0.0);
    CHECK(isms_engine_finding_count(engine) == 0);
    CHECK_OK(isms_engine_evaluate(engine));
    CHECK(same_results(engine, loaded));
    CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) == kExposure[1]);
    CHECK(isms_engine_finding_count(engine) == ACME_FINDINGS);
    /* Changes, recalculation and the register-based reports work as on any
     * engine (acme has the same risks). */
    CHECK_OK(isms_engine_set_control_status(engine, "C-049", 3));
    CHECK_OK(isms_engine_recalculate(engine));
    CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) ==
          ACME_EXPOSURE_WITH_C049);
    {
      char* text = NULL;
      size_t size = 0;
      if (CHECK_OK(isms_report(acme, engine, ISMS_REPORT_TEXT, &text, &size))) {
        CHECK(size > 0);
        isms_free(text);
      }
    }
    isms_engine_destroy(&engine);
    CHECK(engine == NULL);
    if (i >= 0 && i < 2) remove(path);
  }
  /* NULL options and read options are the defaults (as of today). */
  engine = NULL;
  CHECK_OK(isms_engine_create_from_file(binary, ISMS_FORMAT_AUTO, &read, NULL,
                                        &engine));
  CHECK(isms_engine_risk_count(engine) == ACME_RISKS);
  isms_engine_destroy(&engine);
  CHECK_OK(isms_engine_create_from_file(g_acme_path, ISMS_FORMAT_AUTO, NULL,
                                        NULL, &engine));
  CHECK(isms_engine_risk_count(engine) == ACME_RISKS);
  isms_engine_destroy(&engine);

  /* Errors leave `out` alone. */
  engine = (isms_engine*)SENTINEL;
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_create_from_file: path",
              isms_engine_create_from_file(NULL, ISMS_FORMAT_AUTO, NULL,
                                           &options, &engine));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_create_from_file: out",
              isms_engine_create_from_file(g_acme_path, ISMS_FORMAT_AUTO, NULL,
                                           &options, NULL));
  snprintf(missing, sizeof missing,
           "%s/examples/registers/no-such-register.json", g_source_dir);
  CHECK_FAILS(ISMS_NOT_FOUND, "no-such-register.json",
              isms_engine_create_from_file(missing, ISMS_FORMAT_AUTO, NULL,
                                           &options, &engine));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_create_from_file",
              isms_engine_create_from_file(g_acme_path, (isms_format)42, NULL,
                                           &options, &engine));
  /* JSON read as binary protobuf. */
  CHECK(isms_engine_create_from_file(g_acme_path, ISMS_FORMAT_BINARY, NULL,
                                     &options, &engine) != ISMS_OK);
  CHECK(isms_last_error()[0] != '\0');
  CHECK(engine == (isms_engine*)SENTINEL);

  /* Read limits, whole (JSON) and streamed (binary). */
  read.max_risks = 1;
  CHECK_FAILS(ISMS_RESOURCE_EXHAUSTED, "max_risks=1",
              isms_engine_create_from_file(g_acme_path, ISMS_FORMAT_AUTO, &read,
                                           &options, &engine));
  CHECK_FAILS(ISMS_RESOURCE_EXHAUSTED, "max_risks=1",
              isms_engine_create_from_file(binary, ISMS_FORMAT_AUTO, &read,
                                           &options, &engine));
  read = (isms_read_options)ISMS_READ_OPTIONS_INIT;
  read.max_bytes = 10;
  CHECK_FAILS(ISMS_RESOURCE_EXHAUSTED, "max_bytes=10",
              isms_engine_create_from_file(binary, ISMS_FORMAT_AUTO, &read,
                                           &options, &engine));
  read = (isms_read_options)ISMS_READ_OPTIONS_INIT;
  read.version = ISMS_READ_OPTIONS_VERSION + 1;
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_read_options",
              isms_engine_create_from_file(g_acme_path, ISMS_FORMAT_AUTO, &read,
                                           &options, &engine));
  read = (isms_read_options)ISMS_READ_OPTIONS_INIT;
  CHECK(engine == (isms_engine*)SENTINEL);

  /* Bad engine options: the errors of isms_engine_create, named after this
   * function. */
  for (i = 0; i < 4; ++i) {
    isms_engine_options bad = ISMS_ENGINE_OPTIONS_INIT;
    isms_engine* created = (isms_engine*)SENTINEL;
    if (i == 0) bad.version = 0;
    if (i == 1) bad.version = 99;
    if (i == 2) bad.threads = -3;
    if (i == 3) bad.as_of = "2026-02-30";
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_create(acme, &bad, &created));
    error_after("isms_engine_create", want, sizeof want);
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_create_from_file(binary, ISMS_FORMAT_AUTO, &read,
                                             &bad, &engine));
    error_after("isms_engine_create_from_file", got, sizeof got);
    CHECK_STREQ(got, want);
    CHECK(created == (isms_engine*)SENTINEL);
  }
  CHECK(engine == (isms_engine*)SENTINEL);

  /* A register the engine refuses, from a binary file (compiled while
   * parsed) and from JSON: the fault of isms_engine_create. */
  if (CHECK_OK(isms_register_parse(kDanglingJson, strlen(kDanglingJson),
                                   ISMS_FORMAT_JSON, &dangling))) {
    isms_engine* created = (isms_engine*)SENTINEL;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "A-404",
                isms_engine_create(dangling, NULL, &created));
    snprintf(want, sizeof want, "%s", isms_last_error());
    for (i = 0; i < 2; ++i) {
      scratch_path(
          path, sizeof path,
          i == 0 ? "capi_test_dangling.binpb" : "capi_test_dangling.json");
      CHECK_OK(isms_register_save(dangling, path, ISMS_FORMAT_AUTO));
      CHECK_FAILS(ISMS_INVALID_ARGUMENT, "A-404",
                  isms_engine_create_from_file(path, ISMS_FORMAT_AUTO, NULL,
                                               NULL, &engine));
      CHECK_STREQ(isms_last_error(), want);
      remove(path);
    }
    CHECK(created == (isms_engine*)SENTINEL);
    isms_register_destroy(&dangling);
  }
  CHECK(engine == (isms_engine*)SENTINEL);

  remove(binary);
  remove(data_path);
  isms_engine_destroy(&loaded);
}

static void test_getters_before_evaluate(const isms_register* acme) {
  isms_engine* engine = new_engine(acme, 1);
  uint8_t levels[ACME_RISKS];
  int64_t cells[ACME_CELLS];
  int32_t top[5];
  size_t written = SENTINEL_SIZE;
  isms_finding f = ISMS_FINDING_INIT;
  void* data = SENTINEL;
  size_t size = SENTINEL_SIZE;
  char* text = (char*)SENTINEL;
  if (engine == NULL) return;

  memset(levels, 0xab, sizeof levels);
  fill_cells(cells, ACME_CELLS);
  CHECK_FAILS(ISMS_FAILED_PRECONDITION, NULL,
              isms_engine_levels(engine, ISMS_VIEW_CURRENT, levels, levels,
                                 levels, ACME_RISKS));
  CHECK_FAILS(ISMS_FAILED_PRECONDITION, NULL,
              isms_engine_statuses(engine, levels, ACME_RISKS));
  CHECK(levels[0] == 0xab && levels[ACME_RISKS - 1] == 0xab);
  CHECK_FAILS(
      ISMS_FAILED_PRECONDITION, NULL,
      isms_engine_heatmap(engine, ISMS_VIEW_CURRENT, cells, ACME_CELLS));
  CHECK_FAILS(
      ISMS_FAILED_PRECONDITION, NULL,
      isms_engine_level_counts(engine, ISMS_VIEW_CURRENT, cells, ACME_CELLS));
  CHECK(cells[0] == KCELL_SENTINEL);
  CHECK_FAILS(ISMS_FAILED_PRECONDITION, NULL,
              isms_engine_top_risks(engine, 5, top, 5, &written));
  CHECK(written == SENTINEL_SIZE);
  CHECK_FAILS(ISMS_FAILED_PRECONDITION, NULL,
              isms_engine_finding(engine, 0, &f));
  CHECK(f.code == NULL);
  CHECK_FAILS(
      ISMS_FAILED_PRECONDITION, NULL,
      isms_engine_assessment(engine, ISMS_FORMAT_JSON, 1, &data, &size));
  CHECK_FAILS(ISMS_FAILED_PRECONDITION, NULL,
              isms_engine_whatif(engine, ISMS_FORMAT_JSON, &data, &size));
  CHECK_FAILS(ISMS_FAILED_PRECONDITION, NULL,
              isms_coverage(acme, engine, ISMS_FORMAT_JSON, &data, &size));
  CHECK(data == SENTINEL && size == SENTINEL_SIZE);
  CHECK_FAILS(ISMS_FAILED_PRECONDITION, NULL,
              isms_report(acme, engine, ISMS_REPORT_TEXT, &text, &size));
  CHECK(text == (char*)SENTINEL && size == SENTINEL_SIZE);
  CHECK(isms_engine_finding_count(engine) == 0);
  isms_engine_destroy(&engine);
}

static void test_null_engine(const isms_register* acme) {
  uint8_t levels[ACME_RISKS];
  int64_t cells[ACME_CELLS];
  int32_t top[5];
  size_t written = SENTINEL_SIZE;
  int sizes[3] = {-1, -1, -1};
  isms_finding f = ISMS_FINDING_INIT;
  isms_mitigation m = ISMS_MITIGATION_INIT;
  void* data = SENTINEL;
  size_t size = SENTINEL_SIZE;
  char* text = (char*)SENTINEL;
  int ready = 42;

  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_evaluate",
              isms_engine_evaluate(NULL));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_recalculate",
              isms_engine_recalculate(NULL));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_control_status",
              isms_engine_set_control_status(NULL, "C-049", 3));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_control_implementation",
              isms_engine_set_control_implementation(NULL, "C-049", 1));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_control_effectiveness",
              isms_engine_set_control_effectiveness(NULL, "C-049", 1));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_asset_value",
              isms_engine_set_asset_value(NULL, "A-001", 1, "minor"));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_risk_likelihood",
              isms_engine_set_risk_likelihood(NULL, "R-001", "rare"));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_risk_impact",
              isms_engine_set_risk_impact(NULL, "R-001", "minor"));
  m.control_id = "C-014";
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_risk_mitigations",
              isms_engine_set_risk_mitigations(NULL, "R-001", &m, 1));
  CHECK(isms_engine_risk_count(NULL) == 0);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_scale_sizes",
              isms_engine_scale_sizes(NULL, &sizes[0], &sizes[1], &sizes[2]));
  CHECK(sizes[0] == -1 && sizes[1] == -1 && sizes[2] == -1);
  memset(levels, 0xab, sizeof levels);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_levels",
              isms_engine_levels(NULL, ISMS_VIEW_CURRENT, levels, levels,
                                 levels, ACME_RISKS));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_statuses",
              isms_engine_statuses(NULL, levels, ACME_RISKS));
  CHECK(levels[0] == 0xab);
  fill_cells(cells, ACME_CELLS);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_heatmap",
              isms_engine_heatmap(NULL, ISMS_VIEW_CURRENT, cells, ACME_CELLS));
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, "isms_engine_level_counts",
      isms_engine_level_counts(NULL, ISMS_VIEW_CURRENT, cells, ACME_CELLS));
  CHECK(cells[0] == KCELL_SENTINEL);
  CHECK(isms_engine_exposure(NULL, ISMS_VIEW_CURRENT) == 0.0);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_top_risks",
              isms_engine_top_risks(NULL, 5, top, 5, &written));
  CHECK(written == SENTINEL_SIZE);
  CHECK(isms_engine_finding_count(NULL) == 0);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_finding",
              isms_engine_finding(NULL, 0, &f));
  CHECK(f.code == NULL);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_assessment",
              isms_engine_assessment(NULL, ISMS_FORMAT_JSON, 1, &data, &size));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_whatif",
              isms_engine_whatif(NULL, ISMS_FORMAT_JSON, &data, &size));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_coverage",
              isms_coverage(acme, NULL, ISMS_FORMAT_JSON, &data, &size));
  CHECK(data == SENTINEL && size == SENTINEL_SIZE);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_report",
              isms_report(acme, NULL, ISMS_REPORT_TEXT, &text, &size));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_readiness",
              isms_readiness(acme, NULL, ACME_AS_OF, ISMS_REPORT_TEXT, &text,
                             &size, &ready));
  CHECK(text == (char*)SENTINEL && size == SENTINEL_SIZE && ready == 42);
}

static void test_results(const isms_register* acme) {
  isms_engine* engine = new_engine(acme, 0);
  uint8_t likelihood[3][ACME_RISKS], impact[3][ACME_RISKS],
      level[3][ACME_RISKS];
  uint8_t statuses[ACME_RISKS];
  int64_t cells[ACME_CELLS], counts[ACME_LEVELS];
  int32_t top[ACME_RISKS + 5];
  int sizes[3] = {0, 0, 0};
  int view, i, status_counts[5] = {0, 0, 0, 0, 0};
  size_t written = 0;
  if (engine == NULL) return;

  CHECK_OK(isms_engine_evaluate(engine));
  CHECK(isms_engine_risk_count(engine) == ACME_RISKS);

  CHECK_OK(isms_engine_scale_sizes(engine, &sizes[0], &sizes[1], &sizes[2]));
  CHECK(sizes[0] == 5 && sizes[1] == 5 && sizes[2] == ACME_LEVELS);
  CHECK_OK(isms_engine_scale_sizes(engine, NULL, NULL, NULL));
  sizes[2] = 0;
  CHECK_OK(isms_engine_scale_sizes(engine, NULL, NULL, &sizes[2]));
  CHECK(sizes[2] == ACME_LEVELS);

  for (view = ISMS_VIEW_INHERENT; view <= ISMS_VIEW_TARGET; ++view) {
    int64_t from_levels[ACME_LEVELS] = {0, 0, 0, 0};
    int64_t from_cells[ACME_CELLS];
    int64_t sum = 0;
    memset(from_cells, 0, sizeof from_cells);

    CHECK_OK(isms_engine_levels(engine, (isms_view)view, likelihood[view],
                                impact[view], level[view], ACME_RISKS));
    CHECK_OK(isms_engine_heatmap(engine, (isms_view)view, cells, ACME_CELLS));
    CHECK_OK(
        isms_engine_level_counts(engine, (isms_view)view, counts, ACME_LEVELS));
    for (i = 0; i < ACME_RISKS; ++i) {
      CHECK(likelihood[view][i] < 5 && impact[view][i] < 5 &&
            level[view][i] < ACME_LEVELS);
      if (likelihood[view][i] < 5 && impact[view][i] < 5 &&
          level[view][i] < ACME_LEVELS) {
        ++from_cells[likelihood[view][i] * 5 + impact[view][i]];
        ++from_levels[level[view][i]];
      }
    }
    /* The C++ engine's numbers, and the getters agree with each other. */
    CHECK(memcmp(counts, kLevelCounts[view], sizeof counts) == 0);
    CHECK(memcmp(from_levels, counts, sizeof counts) == 0);
    CHECK(memcmp(cells, kHeatmap[view], sizeof cells) == 0);
    CHECK(memcmp(from_cells, cells, sizeof cells) == 0);
    for (i = 0; i < ACME_CELLS; ++i) sum += cells[i];
    CHECK(sum == ACME_RISKS);
    CHECK(isms_engine_exposure(engine, (isms_view)view) == kExposure[view]);
    CHECK(likelihood[view][0] == kR001[view][0] &&
          impact[view][0] == kR001[view][1] &&
          level[view][0] == kR001[view][2]);
    /* Exposure is the sum of the level weights (1, 2, 4, 8). */
    CHECK(isms_engine_exposure(engine, (isms_view)view) ==
          (double)(counts[0] + 2 * counts[1] + 4 * counts[2] + 8 * counts[3]));
  }

  /* Any level buffer may be NULL; too-small buffers (OUT_OF_RANGE) and
   * unknown views fail and leave the buffers alone. */
  CHECK_OK(isms_engine_levels(engine, ISMS_VIEW_CURRENT, NULL, NULL, NULL,
                              ACME_RISKS));
  memset(statuses, 0, sizeof statuses);
  CHECK_OK(isms_engine_levels(engine, ISMS_VIEW_CURRENT, NULL, NULL, statuses,
                              ACME_RISKS));
  CHECK(memcmp(statuses, level[ISMS_VIEW_CURRENT], sizeof statuses) == 0);
  memset(statuses, 0xab, sizeof statuses);
  CHECK_FAILS(ISMS_OUT_OF_RANGE, "isms_engine_levels",
              isms_engine_levels(engine, ISMS_VIEW_CURRENT, statuses, NULL,
                                 NULL, ACME_RISKS - 1));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_engine_levels(engine, (isms_view)7, statuses, NULL, NULL,
                                 ACME_RISKS));
  CHECK_FAILS(ISMS_OUT_OF_RANGE, "isms_engine_statuses",
              isms_engine_statuses(engine, statuses, ACME_RISKS - 1));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_statuses",
              isms_engine_statuses(engine, NULL, ACME_RISKS));
  CHECK(statuses[0] == 0xab && statuses[ACME_RISKS - 2] == 0xab);

  CHECK_OK(isms_engine_statuses(engine, statuses, ACME_RISKS));
  for (i = 0; i < ACME_RISKS; ++i) {
    CHECK(statuses[i] >= 1 && statuses[i] <= 4);
    if (statuses[i] >= 1 && statuses[i] <= 4) ++status_counts[statuses[i]];
  }
  CHECK(memcmp(status_counts, kStatusCounts, sizeof status_counts) == 0);
  CHECK(statuses[0] == 1); /* R-001 acceptable */
  CHECK(statuses[3] == 3); /* R-004 treatment planned */
  CHECK(statuses[6] == 2); /* R-007 accepted */

  fill_cells(cells, ACME_CELLS);
  CHECK_FAILS(
      ISMS_OUT_OF_RANGE, "isms_engine_heatmap",
      isms_engine_heatmap(engine, ISMS_VIEW_CURRENT, cells, ACME_CELLS - 1));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
              isms_engine_heatmap(engine, (isms_view)-1, cells, ACME_CELLS));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_heatmap",
              isms_engine_heatmap(engine, ISMS_VIEW_CURRENT, NULL, ACME_CELLS));
  CHECK_FAILS(ISMS_OUT_OF_RANGE, "isms_engine_level_counts",
              isms_engine_level_counts(engine, ISMS_VIEW_CURRENT, cells,
                                       ACME_LEVELS - 1));
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, NULL,
      isms_engine_level_counts(engine, (isms_view)3, cells, ACME_LEVELS));
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, "isms_engine_level_counts",
      isms_engine_level_counts(engine, ISMS_VIEW_CURRENT, NULL, ACME_LEVELS));
  CHECK(cells[0] == KCELL_SENTINEL && cells[ACME_CELLS - 2] == KCELL_SENTINEL);
  CHECK(isms_engine_exposure(engine, (isms_view)7) == 0.0);

  /* Top risks. */
  CHECK_OK(isms_engine_top_risks(engine, 5, top, 5, &written));
  CHECK(written == 5);
  for (i = 0; i < 5 && i < (int)written; ++i) {
    CHECK_STREQ(isms_register_id(acme, ISMS_LIST_RISKS, (size_t)top[i]),
                kTopRisks[i]);
  }
  CHECK_OK(isms_engine_top_risks(engine, 10, top, 3, &written));
  CHECK(written == 3);
  CHECK_OK(isms_engine_top_risks(engine, ACME_RISKS + 5, top, ACME_RISKS + 5,
                                 &written));
  CHECK(written == ACME_RISKS);
  CHECK_OK(isms_engine_top_risks(engine, 0, top, 5, &written));
  CHECK(written == 0);
  written = SENTINEL_SIZE;
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_top_risks",
              isms_engine_top_risks(engine, 5, NULL, 5, &written));
  CHECK(written == SENTINEL_SIZE);
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_top_risks",
              isms_engine_top_risks(engine, 5, top, 5, NULL));

  /* Findings. */
  CHECK(isms_engine_finding_count(engine) == ACME_FINDINGS);
  {
    size_t n = isms_engine_finding_count(engine), k;
    int insufficient = 0, expired = 0, unused = 0;
    isms_finding f = ISMS_FINDING_INIT;
    for (k = 0; k < n; ++k) {
      if (!CHECK_OK(isms_engine_finding(engine, k, &f))) continue;
      CHECK(f.version == ISMS_FINDING_VERSION);
      CHECK(f.severity >= ISMS_SEVERITY_ERROR &&
            f.severity <= ISMS_SEVERITY_INFO);
      CHECK(f.code != NULL && f.object_id != NULL && f.message != NULL &&
            f.message[0] != '\0');
      if (f.code == NULL || f.object_id == NULL) continue;
      if (strcmp(f.code, "TREATMENT_INSUFFICIENT") == 0 &&
          strcmp(f.object_id, "R-024") == 0 &&
          f.severity == ISMS_SEVERITY_WARNING)
        ++insufficient;
      if (strcmp(f.code, "ACCEPTANCE_EXPIRED") == 0 &&
          strcmp(f.object_id, "R-024") == 0 &&
          contains(f.message, "2026-10-31"))
        ++expired;
      if (strcmp(f.code, "CONTROL_UNUSED") == 0 &&
          f.severity == ISMS_SEVERITY_INFO)
        ++unused;
    }
    CHECK(insufficient == 1 && expired == 1 && unused == 15);

    f.code = NULL;
    CHECK(isms_engine_finding(engine, n, &f) != ISMS_OK);
    CHECK(f.code == NULL);
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_finding",
                isms_engine_finding(engine, 0, NULL));
    f.version = 0;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_finding(engine, 0, &f));
    f.version = 99;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_finding(engine, 0, &f));
    CHECK(f.version == 99 && f.code == NULL);
  }

  /* The whole assessment and the what-if ranking, serialized. */
  {
    void* data = NULL;
    size_t size = 0, with_risks = 0;
    if (CHECK_OK(isms_engine_assessment(engine, ISMS_FORMAT_JSON, 1, &data,
                                        &size))) {
      with_risks = size;
      CHECK(bytes_contain(data, size, "Acme Cloud Ltd"));
      CHECK(bytes_contain(data, size, "R-043"));
      CHECK(bytes_contain(data, size, "currentExposure"));
      isms_free(data);
    }
    data = NULL;
    if (CHECK_OK(isms_engine_assessment(engine, ISMS_FORMAT_JSON, 0, &data,
                                        &size))) {
      CHECK(size > 0 && size < with_risks);
      CHECK(bytes_contain(data, size, "R-007")); /* top risk ids */
      isms_free(data);
    }
    data = NULL;
    if (CHECK_OK(isms_engine_assessment(engine, ISMS_FORMAT_BINARY, 1, &data,
                                        &size))) {
      CHECK(data != NULL && size > 0);
      CHECK(bytes_contain(data, size, "R-043"));
      isms_free(data);
    }
    data = NULL;
    if (CHECK_OK(isms_engine_assessment(engine, ISMS_FORMAT_TEXT, 0, &data,
                                        &size))) {
      CHECK(bytes_contain(data, size, "Acme Cloud Ltd"));
      isms_free(data);
    }
    data = NULL;
    if (CHECK_OK(isms_engine_whatif(engine, ISMS_FORMAT_JSON, &data, &size))) {
      CHECK(bytes_contain(data, size, "C-049"));
      CHECK(!bytes_contain(data, size, "R-043"));
      isms_free(data);
    }
    data = NULL;
    if (CHECK_OK(
            isms_engine_whatif(engine, ISMS_FORMAT_BINARY, &data, &size))) {
      CHECK(data != NULL && size > 0 && bytes_contain(data, size, "C-049"));
      isms_free(data);
    }
    data = SENTINEL;
    size = SENTINEL_SIZE;
    CHECK_FAILS(
        ISMS_INVALID_ARGUMENT, NULL,
        isms_engine_assessment(engine, ISMS_FORMAT_AUTO, 1, &data, &size));
    CHECK_FAILS(
        ISMS_INVALID_ARGUMENT, "isms_engine_assessment",
        isms_engine_assessment(engine, ISMS_FORMAT_JSON, 1, NULL, &size));
    CHECK_FAILS(
        ISMS_INVALID_ARGUMENT, "isms_engine_assessment",
        isms_engine_assessment(engine, ISMS_FORMAT_JSON, 1, &data, NULL));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_whatif(engine, ISMS_FORMAT_AUTO, &data, &size));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_whatif",
                isms_engine_whatif(engine, ISMS_FORMAT_JSON, NULL, &size));
    CHECK(data == SENTINEL && size == SENTINEL_SIZE);
  }

  /* Evaluating again gives the same. */
  CHECK_OK(isms_engine_evaluate(engine));
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) == kExposure[1]);
  isms_engine_destroy(&engine);
}

/* ------------------------------------------------------------------------
 * Changes and recalculation
 * ---------------------------------------------------------------------- */

/* Level indexes of risk `index` in `view`: likelihood, impact, level. */
static void risk_levels(const isms_engine* engine, isms_view view, int index,
                        int out[3]) {
  uint8_t l[ACME_RISKS], i[ACME_RISKS], v[ACME_RISKS];
  out[0] = out[1] = out[2] = -1;
  if (CHECK_OK(isms_engine_levels(engine, view, l, i, v, ACME_RISKS))) {
    out[0] = l[index];
    out[1] = i[index];
    out[2] = v[index];
  }
}

static void test_changes(const isms_register* acme) {
  isms_engine* engine = new_engine(acme, 2);
  const double before = kExposure[ISMS_VIEW_CURRENT];
  isms_mitigation m = ISMS_MITIGATION_INIT;
  int got[3], inherent[3];
  if (engine == NULL) return;
  CHECK_OK(isms_engine_evaluate(engine));

  /* Implementing a control cannot raise the current exposure; C-049 lowers
   * it by 4 (`isms whatif`), and setting it back restores it. */
  CHECK_OK(isms_engine_set_control_status(engine, "C-049", 3));
  CHECK_OK(isms_engine_recalculate(engine));
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) <= before);
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) ==
        ACME_EXPOSURE_WITH_C049);
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_INHERENT) == kExposure[0]);
  CHECK_OK(isms_engine_set_control_status(engine, "C-049", 1));
  CHECK_OK(isms_engine_recalculate(engine));
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) == before);

  /* Every control fully implemented: no current exposure rises. */
  {
    size_t n = isms_register_count(acme, ISMS_LIST_CONTROLS), c;
    double last = before;
    for (c = 0; c < n; ++c) {
      const char* id = isms_register_id(acme, ISMS_LIST_CONTROLS, c);
      double now;
      CHECK_OK(isms_engine_set_control_status(engine, id, 3));
      CHECK_OK(isms_engine_set_control_implementation(engine, id, 1.0));
      CHECK_OK(isms_engine_recalculate(engine));
      now = isms_engine_exposure(engine, ISMS_VIEW_CURRENT);
      CHECK(now <= last);
      last = now;
    }
    CHECK(last < before);
  }
  isms_engine_destroy(&engine);

  engine = new_engine(acme, 1);
  if (engine == NULL) return;
  CHECK_OK(isms_engine_evaluate(engine));
  /* Implementation counts from "in progress" on: a planned control fully
   * implemented removes nothing yet, one in progress all of it. */
  CHECK_OK(isms_engine_set_control_implementation(engine, "C-049", 1.0));
  CHECK_OK(isms_engine_recalculate(engine));
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) == before);
  CHECK_OK(isms_engine_set_control_status(engine, "C-049", 2));
  CHECK_OK(isms_engine_recalculate(engine));
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) ==
        ACME_EXPOSURE_WITH_C049);
  CHECK_OK(isms_engine_set_control_effectiveness(engine, "C-049", 0.0));
  CHECK_OK(isms_engine_recalculate(engine));
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) == before);
  CHECK_OK(isms_engine_set_control_effectiveness(engine, "C-049", 1.0));
  CHECK_OK(isms_engine_recalculate(engine));
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) ==
        ACME_EXPOSURE_WITH_C049);
  CHECK_OK(isms_engine_set_control_implementation(engine, "C-049", 0.0));
  CHECK_OK(isms_engine_recalculate(engine));
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) == before);

  /* R-001 without mitigations: its current risk is its inherent risk. */
  risk_levels(engine, ISMS_VIEW_INHERENT, 0, inherent);
  CHECK_OK(isms_engine_set_risk_mitigations(engine, "R-001", NULL, 0));
  CHECK_OK(isms_engine_recalculate(engine));
  risk_levels(engine, ISMS_VIEW_CURRENT, 0, got);
  CHECK(got[0] == inherent[0] && got[1] == inherent[1] &&
        got[2] == inherent[2]);
  CHECK(got[2] == kR001[ISMS_VIEW_INHERENT][2]);
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) > before);
  /* One strong mitigation brings it down again. */
  m.control_id = "C-014"; /* implemented */
  m.reduces = 1;
  m.strength = 0.8;
  CHECK_OK(isms_engine_set_risk_mitigations(engine, "R-001", &m, 1));
  CHECK_OK(isms_engine_recalculate(engine));
  risk_levels(engine, ISMS_VIEW_CURRENT, 0, got);
  CHECK(got[2] >= 0 && got[2] < inherent[2]);

  /* A risk's own likelihood and impact replace the derived ones; "" clears.
   * R-002 is inherently likely (3) x severe (4). */
  CHECK_OK(isms_engine_set_risk_likelihood(engine, "R-002", "rare"));
  CHECK_OK(isms_engine_set_risk_impact(engine, "R-002", "negligible"));
  CHECK_OK(isms_engine_recalculate(engine));
  risk_levels(engine, ISMS_VIEW_INHERENT, 1, got);
  CHECK(got[0] == 0 && got[1] == 0 && got[2] == 0);
  CHECK_OK(isms_engine_set_risk_likelihood(engine, "R-002", ""));
  CHECK_OK(isms_engine_set_risk_impact(engine, "R-002", ""));
  CHECK_OK(isms_engine_recalculate(engine));
  risk_levels(engine, ISMS_VIEW_INHERENT, 1, got);
  CHECK(got[0] == 3 && got[1] == 4 && got[2] == 3);

  /* Asset values: lowering every dimension of A-001 cannot raise the
   * inherent exposure. */
  CHECK_OK(isms_engine_set_asset_value(engine, "A-001", 1, "negligible"));
  CHECK_OK(isms_engine_set_asset_value(engine, "A-001", 2, "negligible"));
  CHECK_OK(isms_engine_set_asset_value(engine, "A-001", 3, "negligible"));
  CHECK_OK(isms_engine_recalculate(engine));
  CHECK(isms_engine_exposure(engine, ISMS_VIEW_INHERENT) <= kExposure[0]);
  CHECK_OK(isms_engine_set_asset_value(engine, "A-001", 1, ""));
  CHECK_OK(isms_engine_recalculate(engine));

  /* Unknown ids, bad values and bad structs fail and change nothing. */
  {
    double exposure = isms_engine_exposure(engine, ISMS_VIEW_CURRENT);
    isms_mitigation items[2] = {ISMS_MITIGATION_INIT, ISMS_MITIGATION_INIT};
    items[0].control_id = "C-014";
    items[1].control_id = "C-014";

    CHECK_FAILS(ISMS_NOT_FOUND, "C-999",
                isms_engine_set_control_status(engine, "C-999", 3));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_control_status(engine, "C-049", 99));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_control_status(engine, "C-049", -1));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_control_status",
                isms_engine_set_control_status(engine, NULL, 3));
    CHECK_FAILS(ISMS_NOT_FOUND, "C-998",
                isms_engine_set_control_implementation(engine, "C-998", 1));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "1.5",
                isms_engine_set_control_implementation(engine, "C-049", 1.5));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_control_implementation(engine, "C-049", -0.1));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_control_implementation",
                isms_engine_set_control_implementation(engine, NULL, 1));
    CHECK_FAILS(ISMS_NOT_FOUND, "C-997",
                isms_engine_set_control_effectiveness(engine, "C-997", 1));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_control_effectiveness(engine, "C-049", 1.5));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_control_effectiveness",
                isms_engine_set_control_effectiveness(engine, NULL, 1));
    CHECK_FAILS(ISMS_NOT_FOUND, "A-999",
                isms_engine_set_asset_value(engine, "A-999", 1, "minor"));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "enormous",
                isms_engine_set_asset_value(engine, "A-001", 1, "enormous"));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_asset_value(engine, "A-001", 0, "minor"));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_asset_value(engine, "A-001", 4, "minor"));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_asset_value",
                isms_engine_set_asset_value(engine, NULL, 1, "minor"));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_asset_value",
                isms_engine_set_asset_value(engine, "A-001", 1, NULL));
    CHECK_FAILS(ISMS_NOT_FOUND, "R-999",
                isms_engine_set_risk_likelihood(engine, "R-999", "rare"));
    /* "minor" is an impact level, not a likelihood level. */
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "minor",
                isms_engine_set_risk_likelihood(engine, "R-001", "minor"));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_risk_likelihood",
                isms_engine_set_risk_likelihood(engine, NULL, "rare"));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_risk_likelihood",
                isms_engine_set_risk_likelihood(engine, "R-001", NULL));
    CHECK_FAILS(ISMS_NOT_FOUND, "R-998",
                isms_engine_set_risk_impact(engine, "R-998", "minor"));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "rare",
                isms_engine_set_risk_impact(engine, "R-001", "rare"));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_risk_impact",
                isms_engine_set_risk_impact(engine, "R-001", NULL));
    CHECK_FAILS(ISMS_NOT_FOUND, "R-997",
                isms_engine_set_risk_mitigations(engine, "R-997", items, 1));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_risk_mitigations",
                isms_engine_set_risk_mitigations(engine, NULL, items, 1));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_engine_set_risk_mitigations",
                isms_engine_set_risk_mitigations(engine, "R-001", NULL, 1));
    items[1].control_id = "C-996";
    CHECK_FAILS(ISMS_NOT_FOUND, "C-996",
                isms_engine_set_risk_mitigations(engine, "R-001", items, 2));
    items[1].control_id = NULL;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_risk_mitigations(engine, "R-001", items, 2));
    items[1].control_id = "C-014";
    items[1].version = 0;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_risk_mitigations(engine, "R-001", items, 2));
    items[1].version = 99;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_risk_mitigations(engine, "R-001", items, 2));
    items[1].version = ISMS_MITIGATION_VERSION;
    items[1].strength = 1.5;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_risk_mitigations(engine, "R-001", items, 2));
    items[1].strength = -1.0;
    items[1].reduces = 9;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_engine_set_risk_mitigations(engine, "R-001", items, 2));

    CHECK_OK(isms_engine_recalculate(engine));
    CHECK(isms_engine_exposure(engine, ISMS_VIEW_CURRENT) == exposure);
    risk_levels(engine, ISMS_VIEW_CURRENT, 0, got);
    CHECK(got[2] >= 0 && got[2] < inherent[2]);
  }
  isms_engine_destroy(&engine);
  CHECK(engine == NULL);
}

/* ------------------------------------------------------------------------
 * Reports, SoA, readiness, coverage
 * ---------------------------------------------------------------------- */

static void test_reports(const isms_register* acme) {
  isms_engine* engine = new_engine(acme, 0);
  char* text = NULL;
  size_t size = 0;
  int ready = 42;
  if (engine == NULL) return;
  CHECK_OK(isms_engine_evaluate(engine));

  if (CHECK_OK(isms_report(acme, engine, ISMS_REPORT_TEXT, &text, &size))) {
    CHECK(size == strlen(text));
    CHECK_CONTAINS(text, "Acme Cloud Ltd");
    CHECK_CONTAINS(text, "R-007");
    isms_free(text);
  }
  text = NULL;
  if (CHECK_OK(isms_report(acme, engine, ISMS_REPORT_MARKDOWN, &text, &size))) {
    CHECK(size == strlen(text));
    CHECK_CONTAINS(text, "Acme Cloud Ltd");
    isms_free(text);
  }
  text = NULL;
  if (CHECK_OK(isms_report(acme, engine, ISMS_REPORT_HTML, &text, &size))) {
    CHECK(size == strlen(text));
    CHECK_CONTAINS(text, "<svg");
    isms_free(text);
  }
  text = NULL;
  if (CHECK_OK(isms_report(acme, engine, ISMS_REPORT_JSON, &text, &size))) {
    CHECK(size == strlen(text) && text[0] == '{');
    CHECK_CONTAINS(text, "Acme Cloud Ltd");
    isms_free(text);
  }

  /* The Statement of Applicability: a header and one row per control of
   * ISO/IEC 27001:2022 (`isms soa --format csv | wc -l`). */
  text = NULL;
  if (CHECK_OK(isms_soa(acme, NULL, ISMS_REPORT_CSV, &text, &size))) {
    CHECK(size == strlen(text));
    CHECK(count_lines(text) == 94);
    isms_free(text);
  }
  text = NULL;
  if (CHECK_OK(
          isms_soa(acme, "iso27001:2022", ISMS_REPORT_CSV, &text, &size))) {
    CHECK(count_lines(text) == 94);
    isms_free(text);
  }
  text = NULL;
  if (CHECK_OK(isms_soa(acme, "", ISMS_REPORT_MARKDOWN, &text, &size))) {
    CHECK(size > 0 && size == strlen(text));
    isms_free(text);
  }
  text = NULL;
  if (CHECK_OK(isms_soa(acme, NULL, ISMS_REPORT_HTML, &text, &size))) {
    CHECK_CONTAINS(text, "<html");
    isms_free(text);
  }
  text = NULL;
  if (CHECK_OK(isms_soa(acme, NULL, ISMS_REPORT_JSON, &text, &size))) {
    CHECK_CONTAINS(text, "8.12");
    isms_free(text);
  }

  /* Readiness at 2026-11-22: 38 of 39 items met (`isms readiness`). */
  text = NULL;
  if (CHECK_OK(isms_readiness(acme, engine, ACME_AS_OF, ISMS_REPORT_TEXT, &text,
                              &size, &ready))) {
    char* again = NULL;
    size_t again_size = 0;
    CHECK(ready == 0);
    CHECK(size == strlen(text));
    CHECK_CONTAINS(text, "38 of 39");
    /* NULL and "" mean the engine's as_of, which is the same date. */
    if (CHECK_OK(isms_readiness(acme, engine, NULL, ISMS_REPORT_TEXT, &again,
                                &again_size, NULL))) {
      CHECK_STREQ(again, text);
      isms_free(again);
    }
    again = NULL;
    if (CHECK_OK(isms_readiness(acme, engine, "", ISMS_REPORT_TEXT, &again,
                                &again_size, NULL))) {
      CHECK_STREQ(again, text);
      isms_free(again);
    }
    isms_free(text);
  }
  text = NULL;
  ready = 42;
  if (CHECK_OK(isms_readiness(acme, engine, ACME_AS_OF, ISMS_REPORT_MARKDOWN,
                              &text, &size, &ready))) {
    CHECK(ready == 0 && size == strlen(text));
    isms_free(text);
  }
  text = NULL;
  if (CHECK_OK(isms_readiness(acme, engine, ACME_AS_OF, ISMS_REPORT_JSON, &text,
                              &size, NULL))) {
    CHECK(text[0] == '{');
    isms_free(text);
  }

  /* Coverage. */
  {
    void* data = NULL;
    size_t n = 0;
    if (CHECK_OK(isms_coverage(acme, engine, ISMS_FORMAT_BINARY, &data, &n))) {
      CHECK(data != NULL && n > 0);
      isms_free(data);
    }
    data = NULL;
    if (CHECK_OK(isms_coverage(acme, engine, ISMS_FORMAT_JSON, &data, &n))) {
      CHECK(bytes_contain(data, n, "iso27001:2022"));
      CHECK(bytes_contain(data, n, "Technological controls"));
      isms_free(data);
    }
  }

  /* Errors: NULL handles and outs, formats a report does not have, bad
   * dates and catalogs. Nothing is written. */
  {
    void* data = SENTINEL;
    ready = 42;
    text = (char*)SENTINEL;
    size = SENTINEL_SIZE;
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_report",
                isms_report(NULL, engine, ISMS_REPORT_TEXT, &text, &size));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_report",
                isms_report(acme, engine, ISMS_REPORT_TEXT, NULL, &size));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_report(acme, engine, ISMS_REPORT_CSV, &text, &size));
    CHECK_FAILS(
        ISMS_INVALID_ARGUMENT, NULL,
        isms_report(acme, engine, (isms_report_format)42, &text, &size));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_soa",
                isms_soa(NULL, NULL, ISMS_REPORT_CSV, &text, &size));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_soa",
                isms_soa(acme, NULL, ISMS_REPORT_CSV, NULL, &size));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_soa(acme, NULL, ISMS_REPORT_TEXT, &text, &size));
    CHECK(isms_soa(acme, "nist:csf-9", ISMS_REPORT_CSV, &text, &size) !=
          ISMS_OK);
    CHECK_CONTAINS(isms_last_error(), "nist:csf-9");
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_readiness",
                isms_readiness(NULL, engine, ACME_AS_OF, ISMS_REPORT_TEXT,
                               &text, &size, &ready));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_readiness",
                isms_readiness(acme, engine, ACME_AS_OF, ISMS_REPORT_TEXT, NULL,
                               &size, &ready));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_readiness(acme, engine, ACME_AS_OF, ISMS_REPORT_HTML,
                               &text, &size, &ready));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_readiness(acme, engine, ACME_AS_OF, ISMS_REPORT_CSV, &text,
                               &size, &ready));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "2026-13-01",
                isms_readiness(acme, engine, "2026-13-01", ISMS_REPORT_TEXT,
                               &text, &size, &ready));
    CHECK(text == (char*)SENTINEL && size == SENTINEL_SIZE && ready == 42);
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_coverage",
                isms_coverage(NULL, engine, ISMS_FORMAT_JSON, &data, &size));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_coverage",
                isms_coverage(acme, engine, ISMS_FORMAT_JSON, NULL, &size));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_coverage",
                isms_coverage(acme, engine, ISMS_FORMAT_JSON, &data, NULL));
    CHECK_FAILS(ISMS_INVALID_ARGUMENT, NULL,
                isms_coverage(acme, engine, ISMS_FORMAT_AUTO, &data, &size));
    CHECK(data == SENTINEL && size == SENTINEL_SIZE);
  }
  isms_engine_destroy(&engine);
}

/* ------------------------------------------------------------------------ */

/* Quantitative risk: acme has 3 risks with quant parameters (GBP). The
 * simulation is deterministic for a seed whatever the thread count, and
 * controls never add loss in a year: inherent >= current >= target. */
static void test_quant(const isms_register* acme) {
  enum { kYears = 2000 };
  isms_engine* engine = new_engine(acme, 0);
  isms_quant_options options = ISMS_QUANT_OPTIONS_INIT;
  void* json = NULL;
  void* again = NULL;
  size_t json_size = 0, again_size = 0;
  double* losses = NULL;
  double* losses_again = NULL;
  char* text = NULL;
  size_t text_size = 0;
  void* untouched = SENTINEL;
  size_t untouched_size = SENTINEL_SIZE;
  double* untouched_losses = (double*)SENTINEL;
  if (engine == NULL) return;

  /* Before evaluation there is nothing to simulate from. */
  CHECK_FAILS(ISMS_FAILED_PRECONDITION, "isms_quant_simulate",
              isms_quant_simulate(acme, engine, NULL, ISMS_FORMAT_JSON,
                                  &untouched, &untouched_size, NULL));
  CHECK_OK(isms_engine_evaluate(engine));

  options.years = kYears;
  options.seed = 5;
  options.threads = 1;
  if (CHECK_OK(isms_quant_simulate(acme, engine, &options, ISMS_FORMAT_JSON,
                                   &json, &json_size, &losses))) {
    int ordered = 1, some_loss = 0;
    size_t y;
    CHECK(bytes_contain(json, json_size, "\"currency\": \"GBP\""));
    CHECK(bytes_contain(json, json_size, "\"years\": \"2000\""));
    for (y = 0; y < kYears; ++y) {
      const double inherent = losses[y], current = losses[kYears + y],
                   target = losses[2 * kYears + y];
      if (!(inherent >= current && current >= target && target >= 0)) {
        ordered = 0;
      }
      if (inherent > 0) some_loss = 1;
    }
    CHECK(ordered);
    CHECK(some_loss);
  }
  /* Two threads: the same bytes and the same years. */
  options.threads = 2;
  if (CHECK_OK(isms_quant_simulate(acme, engine, &options, ISMS_FORMAT_JSON,
                                   &again, &again_size, &losses_again))) {
    CHECK(again_size == json_size && memcmp(again, json, json_size) == 0);
    CHECK(losses != NULL &&
          memcmp(losses, losses_again, 3 * kYears * sizeof(double)) == 0);
  }
  isms_free(again);
  isms_free(losses_again);
  /* No per-year losses asked for: only the message. */
  again = NULL;
  if (CHECK_OK(isms_quant_simulate(acme, engine, &options, ISMS_FORMAT_JSON,
                                   &again, &again_size, NULL))) {
    CHECK(again_size == json_size && memcmp(again, json, json_size) == 0);
  }
  isms_free(again);
  isms_free(json);
  isms_free(losses);

  /* NULL options are the defaults (10,000 years, seed 1). */
  again = NULL;
  if (CHECK_OK(isms_quant_simulate(acme, engine, NULL, ISMS_FORMAT_JSON, &again,
                                   &again_size, NULL))) {
    CHECK(bytes_contain(again, again_size, "\"years\": \"10000\""));
  }
  isms_free(again);

  if (CHECK_OK(isms_quant_report(acme, engine, &options, ISMS_REPORT_TEXT,
                                 &text, &text_size))) {
    CHECK(text_size == strlen(text));
    CHECK_CONTAINS(text, "Simulated years: 2,000 (seed 5)");
    CHECK_CONTAINS(text, "Risks: 3 simulated, 40 without quant parameters");
    isms_free(text);
  }

  /* Failures leave every out-parameter untouched. */
  options.years = 0;
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, "years 0",
      isms_quant_simulate(acme, engine, &options, ISMS_FORMAT_JSON, &untouched,
                          &untouched_size, &untouched_losses));
  options.years = kYears;
  options.version = 99;
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, "isms_quant_options",
      isms_quant_simulate(acme, engine, &options, ISMS_FORMAT_JSON, &untouched,
                          &untouched_size, &untouched_losses));
  options.version = ISMS_QUANT_OPTIONS_VERSION;
  CHECK_FAILS(
      ISMS_INVALID_ARGUMENT, "isms_quant_simulate",
      isms_quant_simulate(acme, engine, &options, ISMS_FORMAT_AUTO, &untouched,
                          &untouched_size, &untouched_losses));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "reg",
              isms_quant_simulate(NULL, engine, &options, ISMS_FORMAT_JSON,
                                  &untouched, &untouched_size, NULL));
  CHECK_FAILS(ISMS_INVALID_ARGUMENT, "isms_quant_report",
              isms_quant_report(acme, engine, &options, ISMS_REPORT_CSV,
                                (char**)&untouched, &untouched_size));
  CHECK(untouched == SENTINEL && untouched_size == SENTINEL_SIZE &&
        untouched_losses == (double*)SENTINEL);
  isms_engine_destroy(&engine);
}

int main(int argc, char** argv) {
  isms_register* acme = NULL;
  if (argc != 3) {
    fprintf(stderr, "usage: %s SOURCE_DIR SCRATCH_DIR\n", argv[0]);
    return 2;
  }
  g_source_dir = argv[1];
  g_scratch_dir = argv[2];
  snprintf(g_acme_path, sizeof g_acme_path, "%s/examples/registers/acme.json",
           g_source_dir);

  /* Nothing has failed on this thread yet. */
  CHECK_STREQ(isms_last_error(), "");

  test_versions();
  test_status_names();
  test_free();
  test_register_load();
  test_register_destroy();
  if (CHECK_OK(isms_register_load(g_acme_path, ISMS_FORMAT_AUTO, &acme))) {
    test_register_lists(acme);
    test_register_parse_serialize(acme);
    test_register_save(acme);
    test_read_options(acme);
    test_validate(acme);
    test_engine_create(acme);
    test_engine_create_from_file(acme);
    test_getters_before_evaluate(acme);
    test_null_engine(acme);
    test_results(acme);
    test_changes(acme);
    test_reports(acme);
    test_quant(acme);
  }
  isms_register_destroy(&acme);
  CHECK(acme == NULL);

  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
