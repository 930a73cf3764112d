// The `isms` command-line tool. Run `isms --help` for the commands.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "isms/isms.h"
#include "lib/render_util.h"
#include "tools/generate.h"

ABSL_FLAG(std::string, format, "text",
          "Output format: text or json (validate); text, json or csv "
          "(catalog show).");
ABSL_FLAG(std::string, from, "auto",
          "convert: input format (json, binary, text); default: by extension.");
ABSL_FLAG(std::string, catalog, "",
          "soa, readiness: the catalog (default: the register's).");
ABSL_FLAG(std::string, to, "",
          "convert: output format (default: by extension); catalog map: the "
          "target catalog id.");
ABSL_FLAG(std::string, theme, "",
          "catalog show: only controls of this theme or domain (5, "
          "Organizational, A.9).");
ABSL_FLAG(std::string, attribute, "",
          "catalog show: only controls with this 27002 attribute, "
          "KIND=VALUE (e.g. control_type=Detective).");
ABSL_FLAG(std::vector<std::string>, catalogs, {},
          "Extra catalog files (isms.v1.Catalog JSON) to load, comma "
          "separated.");
ABSL_FLAG(bool, strict, false,
          "validate: dependency cycles are errors, not warnings.");
ABSL_FLAG(bool, ignore_unknown_fields, false,
          "Accept and drop JSON fields this version does not know.");
ABSL_FLAG(std::string, as_of, "",
          "assess, whatif, quant: the date statuses and findings refer to "
          "(YYYY-MM-DD; default today).");
ABSL_FLAG(std::string, o, "", "Write the output to this file (atomically).");
ABSL_FLAG(int, top, 10, "assess: how many top risks to list.");
ABSL_FLAG(int64_t, assets, 10000, "generate: number of assets.");
ABSL_FLAG(uint64_t, seed, 1, "generate, quant: random seed.");
ABSL_FLAG(int64_t, years, 10000, "quant: simulated years.");
ABSL_FLAG(int, threads, 0, "Threads for evaluation (0 = all cores).");
// The read limits (isms::ReadLimits), with the library's defaults.
ABSL_FLAG(uint64_t, max_bytes, isms::ReadLimits().max_bytes,
          "Largest input file accepted, in bytes.");
ABSL_FLAG(int, max_depth, isms::ReadLimits().max_depth,
          "Deepest nesting of the input accepted (the top level is 1).");
ABSL_FLAG(uint64_t, max_assets, isms::ReadLimits().max_assets,
          "Most assets a register may have.");
ABSL_FLAG(uint64_t, max_risks, isms::ReadLimits().max_risks,
          "Most risks a register may have.");
ABSL_FLAG(uint64_t, max_mitigations, isms::ReadLimits().max_mitigations,
          "Most mitigations over all risks.");
ABSL_FLAG(uint64_t, max_list_elements, isms::ReadLimits().max_list_elements,
          "Most elements of any other one list.");
ABSL_FLAG(uint64_t, max_string_length, isms::ReadLimits().max_string_length,
          "Longest string accepted, in bytes.");

namespace {

constexpr char kUsage[] =
    R"(isms: model an ISO/IEC 27001 ISMS and check its register

Usage:
  isms validate FILE [--strict] [--format text|json]
      Check a register; compiler-style diagnostics on stdout.
      Exit 0 when there is no error, 1 on errors, 2 if FILE cannot be read.
  isms convert IN OUT [--from FORMAT] [--to FORMAT]
      Convert a register between JSON (.json), binary (.binpb, .pb) and text
      format (.txtpb); the output is written atomically.
  isms assess FILE [--as-of DATE] [--format text|json|md|html] [-o OUT] [--top N]
      Risk assessment: inherent / current / target risk, heatmaps, exposure,
      top risks, findings, what-if. Exit 0, or 2 if FILE cannot be assessed.
  isms whatif FILE [--as-of DATE] [--format text|json|md|html] [-o OUT]
      Controls not yet fully implemented, ranked by the current exposure
      they would remove, and per unit of annual cost.
  isms quant FILE [--years N] [--seed S] [--as-of DATE] [--threads T]
                  [--format text|json|md|html] [-o OUT]
      Quantitative risk (FAIR): a Monte Carlo of annual losses from the
      risks' quant parameters, before controls, now and with the planned
      controls: mean, standard deviation, percentiles, VaR, expected
      shortfall (json: loss exceedance curves too). The same for a seed,
      whatever --threads.
  isms generate --assets N [--seed S] -o FILE
      A synthetic register with realistic shapes (services on servers on
      sites, power-law fan-in, 3-6 risks per asset, 2-5 mitigations per risk).
  isms soa FILE [--catalog ID] [--format csv|md|html|json] [-o OUT]
      The Statement of Applicability: one row per catalog control with
      applicability, reasons, justification, implementation status derived
      from the applied controls, and the risks each treats.
  isms readiness FILE [--as-of DATE] [--format text|md|json] [-o OUT]
      Certification readiness (clauses 4-10): mandatory documents and
      records, audits, reviews, nonconformities, objectives, SoA, risk
      treatment. Exit 0 only when nothing is missing, 1 otherwise.
  isms traceability FILE [-o OUT]
      Controls x risks matrix as CSV.
  isms migrate FILE --to CATALOG -o OUT
      Map a register's control references and SoA to another catalog (e.g.
      iso27001:2013 -> iso27001:2022) and report the controls that need a
      decision.
  isms catalog list
      The loaded control catalogs and mappings.
  isms catalog show ID [--theme T] [--attribute KIND=VALUE] [--format text|json|csv]
      The controls of catalog ID (e.g. iso27001:2022), or one control
      (iso27001:2022/8.24) with its correspondences.
  isms catalog map REF [--to CATALOG]
      Controls corresponding to REF (iso27001:2013/A.10.1.1) in another catalog.

Common flags:
  --catalogs FILE[,FILE]     load extra catalogs (isms.v1.Catalog JSON)
  --ignore-unknown-fields    accept JSON fields this version does not know
  --max-bytes N              largest input accepted (default 2 GiB - 1)
  Flag names take - or _ alike (--as-of, --as_of).
  --help, --version
)";

// Exit codes.
constexpr int kOk = 0;
constexpr int kFindings = 1;  // validation errors
constexpr int kBadInput = 2;  // unreadable input, bad usage

int Fail(const absl::Status& status) {
  std::cerr << "isms: " << status.message() << "\n";
  return kBadInput;
}

int Usage(absl::string_view problem) {
  std::cerr << "isms: " << problem << "\nRun 'isms --help' for usage.\n";
  return kBadInput;
}

isms::ReadOptions ReadOptionsFromFlags() {
  isms::ReadOptions options;
  isms::ReadLimits& limits = options.limits;
  limits.max_bytes = absl::GetFlag(FLAGS_max_bytes);
  limits.max_depth = absl::GetFlag(FLAGS_max_depth);
  limits.max_assets = absl::GetFlag(FLAGS_max_assets);
  limits.max_risks = absl::GetFlag(FLAGS_max_risks);
  limits.max_mitigations = absl::GetFlag(FLAGS_max_mitigations);
  limits.max_list_elements = absl::GetFlag(FLAGS_max_list_elements);
  limits.max_string_length = absl::GetFlag(FLAGS_max_string_length);
  options.ignore_unknown_fields = absl::GetFlag(FLAGS_ignore_unknown_fields);
  return options;
}

absl::StatusOr<isms::CatalogSet> CatalogsFromFlags() {
  isms::CatalogSet catalogs = isms::CatalogSet::BuiltIn();
  for (const std::string& path : absl::GetFlag(FLAGS_catalogs)) {
    absl::Status st = catalogs.AddCatalogFile(path, ReadOptionsFromFlags());
    if (!st.ok()) return st;
  }
  return catalogs;
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

int Validate(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage("validate takes one FILE");
  const std::string& path = args[0];
  absl::StatusOr<isms::CatalogSet> catalogs = CatalogsFromFlags();
  if (!catalogs.ok()) return Fail(catalogs.status());
  absl::StatusOr<isms::v1::Register> reg =
      isms::LoadRegister(path, ReadOptionsFromFlags());
  if (!reg.ok()) return Fail(reg.status());
  isms::ValidateOptions options;
  options.catalogs = &*catalogs;
  options.strict_cycles = absl::GetFlag(FLAGS_strict);
  isms::v1::ValidationReport report = isms::Validate(*reg, options);
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format == "json") {
    std::cout << ToJson(report);
  } else if (format == "text") {
    for (const isms::v1::Diagnostic& d : report.diagnostics()) {
      std::cout << isms::FormatDiagnostic(d, path) << "\n";
    }
    if (report.diagnostics_size() <
        report.error_count() + report.warning_count()) {
      std::cout << path << ": (only the first " << report.diagnostics_size()
                << " diagnostics are shown)\n";
    }
    int applicable = 0;
    for (const auto& e : reg->soa().entries()) applicable += e.applicable();
    std::cout << absl::StrFormat(
        "%s: %s: %d assets, %d threats, %d vulnerabilities, %d risks, %d "
        "controls, SoA %d rows (%d applicable), %d documents; %d error%s, %d "
        "warning%s\n",
        path, report.error_count() == 0 ? "valid" : "invalid",
        reg->assets_size(), reg->threats_size(), reg->vulnerabilities_size(),
        reg->risks_size(), reg->controls_size(), reg->soa().entries_size(),
        applicable, reg->documents_size(), report.error_count(),
        report.error_count() == 1 ? "" : "s", report.warning_count(),
        report.warning_count() == 1 ? "" : "s");
  } else {
    return Usage(absl::StrCat("validate: unknown --format ", format));
  }
  return report.error_count() == 0 ? kOk : kFindings;
}

isms::ComplianceOptions ComplianceOptionsFromFlags(
    const isms::CatalogSet& catalogs) {
  isms::ComplianceOptions options;
  options.as_of = absl::GetFlag(FLAGS_as_of);
  options.catalog = absl::GetFlag(FLAGS_catalog);
  options.catalogs = &catalogs;
  return options;
}

// Writes `text` to -o (atomically) or stdout.
int Emit(const std::string& text) {
  const std::string out = absl::GetFlag(FLAGS_o);
  if (out.empty()) {
    std::cout << text;
    return kOk;
  }
  absl::Status st = isms::WriteFileAtomically(out, text);
  if (!st.ok()) return Fail(st);
  std::cerr << "isms: wrote " << out << "\n";
  return kOk;
}

// Loads, compiles and evaluates a register; progress on stderr for large
// ones.
struct Evaluated {
  isms::v1::Register reg;
  std::unique_ptr<isms::RiskEngine> engine;
};

absl::StatusOr<Evaluated> LoadAndEvaluate(const std::string& path) {
  Evaluated e;
  absl::StatusOr<isms::v1::Register> reg =
      isms::LoadRegister(path, ReadOptionsFromFlags());
  if (!reg.ok()) return reg.status();
  e.reg = *std::move(reg);
  const bool large = e.reg.risks_size() > 100000;
  if (large) {
    std::cerr << "isms: compiling " << e.reg.assets_size() << " assets, "
              << e.reg.risks_size() << " risks\n";
  }
  isms::EngineOptions options;
  options.as_of = absl::GetFlag(FLAGS_as_of);
  options.strict_cycles = absl::GetFlag(FLAGS_strict);
  options.threads = absl::GetFlag(FLAGS_threads);
  absl::StatusOr<std::unique_ptr<isms::RiskEngine>> engine =
      isms::RiskEngine::Create(e.reg, options);
  if (!engine.ok()) {
    return absl::Status(engine.status().code(),
                        absl::StrCat(path, ": ", engine.status().message()));
  }
  e.engine = *std::move(engine);
  if (large) std::cerr << "isms: evaluating\n";
  e.engine->Evaluate();
  return e;
}

int Assess(const std::vector<std::string>& args, bool whatif_only) {
  if (args.size() != 1) return Usage("assess and whatif take one FILE");
  absl::StatusOr<isms::ReportFormat> format =
      isms::ParseReportFormat(absl::GetFlag(FLAGS_format));
  if (!format.ok()) return Fail(format.status());
  absl::StatusOr<Evaluated> e = LoadAndEvaluate(args[0]);
  if (!e.ok()) return Fail(e.status());
  const isms::AssessmentOptions options = isms::ReportAssessmentOptions(
      *format, e->engine->risk_count(), absl::GetFlag(FLAGS_top));
  absl::StatusOr<isms::CatalogSet> catalogs = CatalogsFromFlags();
  if (!catalogs.ok()) return Fail(catalogs.status());
  absl::Status coverage;
  const isms::v1::Assessment assessment = isms::AssessWithCoverage(
      e->reg, *e->engine, options, ComplianceOptionsFromFlags(*catalogs),
      &coverage);
  if (!coverage.ok()) {
    std::cerr << "isms: no coverage: " << coverage.message() << "\n";
  }
  isms::ReportOptions report;
  report.top_n = options.top_n;
  return Emit(
      whatif_only
          ? isms::RenderWhatIf(e->reg, assessment, *format, report)
          : isms::RenderAssessment(e->reg, assessment, *format, report));
}

int Quant(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage("quant takes one FILE");
  absl::StatusOr<isms::ReportFormat> format =
      isms::ParseReportFormat(absl::GetFlag(FLAGS_format));
  if (!format.ok()) return Fail(format.status());
  absl::StatusOr<Evaluated> e = LoadAndEvaluate(args[0]);
  if (!e.ok()) return Fail(e.status());
  isms::QuantOptions options;
  options.years = absl::GetFlag(FLAGS_years);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.threads = absl::GetFlag(FLAGS_threads);
  int simulated = 0;
  for (const isms::v1::Risk& risk : e->reg.risks())
    simulated += risk.has_quant();
  // Progress for long work (acme runs about 2 x 10^6 risk-years a second).
  if (static_cast<double>(options.years) * simulated > 1e7) {
    std::cerr << "isms: simulating " << options.years << " years of "
              << simulated << " risks\n";
  }
  absl::StatusOr<isms::v1::QuantAssessment> quant =
      isms::SimulateLosses(e->reg, *e->engine, options);
  if (!quant.ok()) {
    return Fail(
        absl::Status(quant.status().code(),
                     absl::StrCat(args[0], ": ", quant.status().message())));
  }
  return Emit(isms::RenderQuant(*quant, *format));
}

int Soa(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage("soa takes one FILE");
  std::string name = absl::GetFlag(FLAGS_format);
  if (name == "text") name = "csv";  // the flag's default is for other commands
  absl::StatusOr<isms::SoaFormat> format = isms::ParseSoaFormat(name);
  if (!format.ok()) return Fail(format.status());
  absl::StatusOr<isms::CatalogSet> catalogs = CatalogsFromFlags();
  if (!catalogs.ok()) return Fail(catalogs.status());
  absl::StatusOr<isms::v1::Register> reg =
      isms::LoadRegister(args[0], ReadOptionsFromFlags());
  if (!reg.ok()) return Fail(reg.status());
  absl::StatusOr<isms::v1::StatementOfApplicabilityReport> soa =
      isms::BuildSoa(*reg, ComplianceOptionsFromFlags(*catalogs));
  if (!soa.ok()) return Fail(soa.status());
  return Emit(isms::RenderSoa(*soa, *format));
}

int Readiness(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage("readiness takes one FILE");
  absl::StatusOr<isms::ReadinessFormat> format =
      isms::ParseReadinessFormat(absl::GetFlag(FLAGS_format));
  if (!format.ok()) return Fail(format.status());
  absl::StatusOr<isms::CatalogSet> catalogs = CatalogsFromFlags();
  if (!catalogs.ok()) return Fail(catalogs.status());
  absl::StatusOr<Evaluated> e = LoadAndEvaluate(args[0]);
  if (!e.ok()) return Fail(e.status());
  absl::StatusOr<isms::v1::Readiness> readiness = isms::CheckReadiness(
      e->reg, *e->engine, ComplianceOptionsFromFlags(*catalogs));
  if (!readiness.ok()) return Fail(readiness.status());
  const int code = Emit(isms::RenderReadiness(*readiness, *format));
  if (code != kOk) return code;
  return readiness->ready() ? kOk : kFindings;
}

int Traceability(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage("traceability takes one FILE");
  absl::StatusOr<isms::v1::Register> reg =
      isms::LoadRegister(args[0], ReadOptionsFromFlags());
  if (!reg.ok()) return Fail(reg.status());
  return Emit(isms::TraceabilityCsv(*reg));
}

int Migrate(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage("migrate takes one FILE");
  const std::string to = absl::GetFlag(FLAGS_to);
  const std::string out = absl::GetFlag(FLAGS_o);
  if (to.empty() || out.empty())
    return Usage("migrate needs --to CATALOG and -o OUT");
  absl::StatusOr<isms::CatalogSet> catalogs = CatalogsFromFlags();
  if (!catalogs.ok()) return Fail(catalogs.status());
  absl::StatusOr<isms::v1::Register> reg =
      isms::LoadRegister(args[0], ReadOptionsFromFlags());
  if (!reg.ok()) return Fail(reg.status());
  auto migrated = isms::MigrateRegister(*reg, to, &*catalogs);
  if (!migrated.ok()) return Fail(migrated.status());
  const auto& [result, report] = *migrated;
  absl::Status st = isms::SaveRegister(result, out);
  if (!st.ok()) return Fail(st);
  std::cout << absl::StrFormat(
      "%s -> %s: %d control references and %d SoA rows mapped; wrote %s\n",
      report.from_catalog(), report.to_catalog(), report.control_refs_mapped(),
      report.soa_rows_mapped(), out);
  if (!report.new_controls().empty()) {
    std::cout << report.new_controls_size()
              << " controls are new and need an applicability decision:\n";
    for (const std::string& id : report.new_controls()) {
      const isms::v1::CatalogControl* c =
          catalogs->FindControlInCatalog(to, id);
      std::cout << "  " << id << "  " << (c ? c->title() : "") << "\n";
    }
  }
  if (!report.conflicts().empty()) {
    std::cout << report.conflicts_size()
              << " merged controls have disagreeing SoA decisions:\n";
    for (const auto& c : report.conflicts()) {
      std::cout << "  " << c.target_control_id() << " <- "
                << absl::StrJoin(c.source_control_ids(), ", ") << ": "
                << c.detail() << "\n";
    }
  }
  for (const std::string& ref : report.unmapped()) {
    std::cout << "  unmapped, kept as is: " << ref << "\n";
  }
  return kOk;
}

int Generate(const std::vector<std::string>& args) {
  if (!args.empty()) return Usage("generate takes flags only");
  if (absl::GetFlag(FLAGS_o).empty()) return Usage("generate needs -o FILE");
  isms::tools::GenerateOptions options;
  options.assets = absl::GetFlag(FLAGS_assets);
  options.seed = absl::GetFlag(FLAGS_seed);
  std::cerr << "isms: generating " << options.assets << " assets\n";
  absl::StatusOr<isms::v1::Register> reg =
      isms::tools::GenerateRegister(options);
  if (!reg.ok()) return Fail(reg.status());
  std::cerr << "isms: " << reg->risks_size() << " risks, "
            << reg->controls_size() << " controls; saving\n";
  absl::Status st = isms::SaveRegister(*reg, absl::GetFlag(FLAGS_o));
  if (!st.ok()) return Fail(st);
  std::cerr << "isms: wrote " << absl::GetFlag(FLAGS_o) << "\n";
  return kOk;
}

int Convert(const std::vector<std::string>& args) {
  if (args.size() != 2) return Usage("convert takes IN and OUT");
  isms::ReadOptions read = ReadOptionsFromFlags();
  absl::StatusOr<isms::Format> from =
      isms::ParseFormatName(absl::GetFlag(FLAGS_from));
  if (!from.ok()) return Fail(from.status());
  read.format = *from;
  isms::WriteOptions write;
  if (!absl::GetFlag(FLAGS_to).empty()) {
    absl::StatusOr<isms::Format> to =
        isms::ParseFormatName(absl::GetFlag(FLAGS_to));
    if (!to.ok()) return Fail(to.status());
    write.format = *to;
  }
  absl::StatusOr<isms::v1::Register> reg = isms::LoadRegister(args[0], read);
  if (!reg.ok()) return Fail(reg.status());
  absl::Status st = isms::SaveRegister(*reg, args[1], write);
  if (!st.ok()) return Fail(st);
  std::cerr << "isms: wrote " << args[1] << "\n";
  return kOk;
}

std::string GroupTitle(const isms::v1::Catalog& catalog,
                       const std::string& group_id) {
  for (const auto& g : catalog.groups()) {
    if (g.id() == group_id) return g.title();
  }
  return group_id;
}

int CatalogList(const isms::CatalogSet& catalogs) {
  for (const isms::v1::Catalog* c : catalogs.catalogs()) {
    int top_groups = 0;
    for (const auto& g : c->groups()) top_groups += g.parent_id().empty();
    std::cout << absl::StrFormat("%-16s %-32s %3d controls in %d groups\n",
                                 c->id(), c->name(), c->controls_size(),
                                 top_groups);
  }
  for (const isms::v1::CatalogMapping* m : catalogs.mappings()) {
    std::cout << absl::StrFormat("mapping %s -> %s: %d pairs\n",
                                 m->source_catalog(), m->target_catalog(),
                                 m->pairs_size());
  }
  return kOk;
}

// A theme filter matches the group id ("5"), its title ("Organizational
// controls") or the title's first word ("Organizational").
bool ThemeMatches(const isms::v1::Catalog& catalog,
                  const isms::v1::CatalogControl& control,
                  absl::string_view theme) {
  if (theme.empty() || control.group_id() == theme ||
      control.objective_id() == theme) {
    return true;
  }
  std::string title = GroupTitle(catalog, control.group_id());
  return absl::EqualsIgnoreCase(title, theme) ||
         absl::StartsWithIgnoreCase(title, absl::StrCat(theme, " "));
}

void PrintControl(const isms::CatalogSet& catalogs,
                  const isms::v1::Catalog& catalog,
                  const isms::v1::CatalogControl& c) {
  std::cout << catalog.id() << "/" << c.id() << "  " << c.title() << "\n";
  std::cout << "  group: " << c.group_id() << " "
            << GroupTitle(catalog, c.group_id()) << "\n";
  if (!c.objective_id().empty()) {
    std::cout << "  objective: " << c.objective_id() << " "
              << GroupTitle(catalog, c.objective_id()) << "\n";
  }
  for (isms::AttributeKind kind : {isms::AttributeKind::kControlType,
                                   isms::AttributeKind::kSecurityProperty,
                                   isms::AttributeKind::kCybersecurityConcept,
                                   isms::AttributeKind::kOperationalCapability,
                                   isms::AttributeKind::kSecurityDomain}) {
    const auto& values = isms::AttributeValues(c, kind);
    if (!values.empty()) {
      std::cout << "  " << isms::AttributeKindName(kind) << ": "
                << absl::StrJoin(values, ", ") << "\n";
    }
  }
  for (const isms::v1::Catalog* other : catalogs.catalogs()) {
    if (other->id() == catalog.id()) continue;
    std::vector<std::string> ids =
        catalogs.MapControl(catalog.id(), c.id(), other->id());
    if (!ids.empty()) {
      std::cout << "  corresponds to " << other->id() << ": "
                << absl::StrJoin(ids, ", ") << "\n";
    }
  }
}

int CatalogShow(const isms::CatalogSet& catalogs,
                const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage("catalog show takes one ID");
  const std::string& id = args[0];
  if (id.find('/') != std::string::npos) {
    absl::StatusOr<isms::ControlRef> ref = isms::ParseControlRef(id);
    if (!ref.ok()) return Fail(ref.status());
    const isms::v1::Catalog* catalog = catalogs.FindCatalog(ref->catalog);
    const isms::v1::CatalogControl* control = catalogs.FindControl(id);
    if (catalog == nullptr || control == nullptr) {
      return Fail(absl::NotFoundError(absl::StrCat("no control ", id)));
    }
    PrintControl(catalogs, *catalog, *control);
    return kOk;
  }
  const isms::v1::Catalog* catalog = catalogs.FindCatalog(id);
  if (catalog == nullptr) {
    return Fail(absl::NotFoundError(absl::StrCat(
        "no catalog \"", id, "\"; 'isms catalog list' shows them")));
  }
  std::vector<const isms::v1::CatalogControl*> selected;
  const std::string attribute = absl::GetFlag(FLAGS_attribute);
  if (!attribute.empty()) {
    std::vector<std::string> kv = absl::StrSplit(attribute, '=');
    if (kv.size() != 2) return Usage("--attribute takes KIND=VALUE");
    absl::StatusOr<isms::AttributeKind> kind = isms::ParseAttributeKind(kv[0]);
    if (!kind.ok()) return Fail(kind.status());
    selected = catalogs.ControlsWithAttribute(id, *kind, kv[1]);
  } else {
    for (const auto& c : catalog->controls()) selected.push_back(&c);
  }
  const std::string theme = absl::GetFlag(FLAGS_theme);
  std::vector<const isms::v1::CatalogControl*> shown;
  for (const auto* c : selected) {
    if (ThemeMatches(*catalog, *c, theme)) shown.push_back(c);
  }
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format == "json") {
    isms::v1::Catalog out = *catalog;
    out.clear_controls();
    for (const auto* c : shown) *out.add_controls() = *c;
    std::cout << ToJson(out);
  } else if (format == "csv") {
    std::cout << "id,title,group,control_types,security_properties,"
                 "cybersecurity_concepts,operational_capabilities,"
                 "security_domains\n";
    for (const auto* c : shown) {
      const auto& a = c->attributes();
      std::cout
          << isms::internal::CsvField(c->id()) << ","
          << isms::internal::CsvField(c->title()) << ","
          << isms::internal::CsvField(GroupTitle(*catalog, c->group_id()))
          << ","
          << isms::internal::CsvField(absl::StrJoin(a.control_types(), ";"))
          << ","
          << isms::internal::CsvField(
                 absl::StrJoin(a.security_properties(), ";"))
          << ","
          << isms::internal::CsvField(
                 absl::StrJoin(a.cybersecurity_concepts(), ";"))
          << ","
          << isms::internal::CsvField(
                 absl::StrJoin(a.operational_capabilities(), ";"))
          << ","
          << isms::internal::CsvField(absl::StrJoin(a.security_domains(), ";"))
          << "\n";
    }
  } else if (format == "text") {
    std::string group;
    for (const auto* c : shown) {
      if (c->group_id() != group) {
        group = c->group_id();
        std::cout << group << "  " << GroupTitle(*catalog, group) << "\n";
      }
      std::cout << absl::StrFormat("  %-9s %s\n", c->id(), c->title());
    }
    std::cout << shown.size() << " of " << catalog->controls_size()
              << " controls\n";
  } else {
    return Usage(absl::StrCat("catalog show: unknown --format ", format));
  }
  return kOk;
}

int CatalogMap(const isms::CatalogSet& catalogs,
               const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage("catalog map takes one REF");
  absl::StatusOr<isms::ControlRef> ref = isms::ParseControlRef(args[0]);
  if (!ref.ok()) return Fail(ref.status());
  if (catalogs.FindControl(args[0]) == nullptr) {
    return Fail(absl::NotFoundError(absl::StrCat("no control ", args[0])));
  }
  std::string to = absl::GetFlag(FLAGS_to);
  if (to.empty()) {
    to = ref->catalog == isms::kDefaultCatalog
             ? std::string(isms::kIso27001_2013)
             : std::string(isms::kDefaultCatalog);
  }
  std::vector<std::string> ids =
      catalogs.MapControl(ref->catalog, ref->control_id, to);
  for (const std::string& id : ids) {
    const isms::v1::CatalogControl* c = catalogs.FindControlInCatalog(to, id);
    std::cout << to << "/" << id << "  " << (c ? c->title() : "") << "\n";
  }
  if (ids.empty()) std::cout << "no corresponding control in " << to << "\n";
  return kOk;
}

int Catalog(const std::vector<std::string>& args) {
  if (args.empty()) return Usage("catalog needs list, show or map");
  absl::StatusOr<isms::CatalogSet> catalogs = CatalogsFromFlags();
  if (!catalogs.ok()) return Fail(catalogs.status());
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "list") return CatalogList(*catalogs);
  if (args[0] == "show") return CatalogShow(*catalogs, rest);
  if (args[0] == "map") return CatalogMap(*catalogs, rest);
  return Usage(absl::StrCat("unknown catalog command \"", args[0], "\""));
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h" || arg == "help") {
      std::cout << kUsage;
      return kOk;
    }
    if (arg == "--version") {
      std::cout << "isms " << isms::Version() << " (register schema "
                << ISMS_SCHEMA_VERSION << ")\n";
      return kOk;
    }
  }
  // Accept --as-of as well as --as_of: Abseil flag names are identifiers,
  // people type hyphens.
  std::vector<std::string> spelled(argv, argv + argc);
  std::vector<char*> args_for_absl;
  for (std::string& arg : spelled) {
    if (absl::StartsWith(arg, "--")) {
      const size_t end = std::min(arg.find('='), arg.size());
      std::replace(arg.begin() + 2, arg.begin() + end, '-', '_');
    }
    args_for_absl.push_back(arg.data());
  }
  std::vector<char*> positional = absl::ParseCommandLine(
      static_cast<int>(args_for_absl.size()), args_for_absl.data());
  if (positional.size() < 2) {
    std::cerr << kUsage;
    return kBadInput;
  }
  const std::string command = positional[1];
  std::vector<std::string> args(positional.begin() + 2, positional.end());
  if (command == "validate") return Validate(args);
  if (command == "convert") return Convert(args);
  if (command == "assess") return Assess(args, /*whatif_only=*/false);
  if (command == "whatif") return Assess(args, /*whatif_only=*/true);
  if (command == "quant") return Quant(args);
  if (command == "generate") return Generate(args);
  if (command == "soa") return Soa(args);
  if (command == "readiness") return Readiness(args);
  if (command == "traceability") return Traceability(args);
  if (command == "migrate") return Migrate(args);
  if (command == "catalog") return Catalog(args);
  return Usage(absl::StrCat("unknown command \"", command, "\""));
}
