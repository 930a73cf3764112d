// The user catalog reader: CatalogSet::AddCatalogFile on a copy of the
// built-in set, with the input as a catalog file in each format. A catalog
// that is added must then answer every look-up and serve as the catalog of a
// register's controls and Statement of Applicability without crashing.
//
// AddCatalogFile only reads files: the input goes into an in-memory file
// (memfd) that is read back through /proc/self/fd, so that no fuzzing run
// touches the disk.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "isms/catalog.h"
#include "isms/compliance.h"
#include "isms/validate.h"
#include "tests/fuzz/fuzz_util.h"

namespace isms::fuzzing {
namespace {

// The in-memory file the input is written to; one per process.
class MemoryFile {
 public:
  MemoryFile() : fd_(memfd_create("isms_catalog_fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) Violated("memfd_create failed");
    path_ = absl::StrCat("/proc/self/fd/", fd_);
  }

  // Replaces the file's contents.
  const std::string& Write(absl::string_view bytes) {
    if (ftruncate(fd_, 0) != 0 || pwrite(fd_, bytes.data(), bytes.size(), 0) !=
                                      static_cast<ssize_t>(bytes.size())) {
      Violated("cannot write the memfd");
    }
    return path_;
  }

 private:
  int fd_;
  std::string path_;
};

// A register whose controls and SoA name every control of `catalog`.
v1::Register RegisterOn(const v1::Catalog& catalog) {
  v1::Register reg;
  reg.mutable_risk_method()->set_catalog(catalog.id());
  reg.mutable_soa()->set_catalog(catalog.id());
  for (const v1::CatalogControl& control : catalog.controls()) {
    v1::Control* applied = reg.add_controls();
    applied->set_id(absl::StrCat("C-", reg.controls_size()));
    applied->add_catalog_refs(absl::StrCat(catalog.id(), "/", control.id()));
    v1::SoaEntry* entry = reg.mutable_soa()->add_entries();
    entry->set_control_ref(control.id());
    entry->set_applicable(reg.controls_size() % 2 == 0);
  }
  return reg;
}

// Every look-up on a set that holds `catalog`.
void LookUpEverything(const CatalogSet& set, const v1::Catalog& catalog) {
  for (const v1::CatalogControl& control : catalog.controls()) {
    if (set.FindControlInCatalog(catalog.id(), control.id()) == nullptr ||
        set.FindControl(absl::StrCat(catalog.id(), "/", control.id())) ==
            nullptr) {
      Violated("a control of an added catalog is not found");
    }
    set.ControlsInGroup(catalog.id(), control.group_id());
    set.ControlsInGroup(catalog.id(), control.objective_id());
    for (AttributeKind kind :
         {AttributeKind::kControlType, AttributeKind::kSecurityProperty,
          AttributeKind::kCybersecurityConcept,
          AttributeKind::kOperationalCapability,
          AttributeKind::kSecurityDomain}) {
      for (const std::string& value : AttributeValues(control, kind)) {
        set.ControlsWithAttribute(catalog.id(), kind, value);
      }
    }
    set.MapControl(catalog.id(), control.id(), kDefaultCatalog);
  }
  for (const v1::CatalogGroup& group : catalog.groups()) {
    set.ControlsInGroup(catalog.id(), group.id());
  }

  const v1::Register reg = RegisterOn(catalog);
  ValidateOptions validate;
  validate.catalogs = &set;
  Validate(reg, validate);
  ComplianceOptions compliance;
  compliance.as_of = kAsOf;
  compliance.catalogs = &set;
  absl::StatusOr<v1::StatementOfApplicabilityReport> soa =
      BuildSoa(reg, compliance);
  if (soa.ok()) RenderSoa(*soa, SoaFormat::kHtml);
}

void FuzzCatalog(absl::string_view bytes) {
  SilenceProtobufLogs();
  static MemoryFile* const file = new MemoryFile();
  const std::string& path = file->Write(bytes);
  for (Format format : kFormats) {
    CatalogSet set = CatalogSet::BuiltIn();
    if (!set.AddCatalogFile(path, FuzzReadOptions(format)).ok()) continue;
    absl::StatusOr<v1::Catalog> catalog =
        LoadCatalog(path, FuzzReadOptions(format));
    if (!catalog.ok()) Violated("an added catalog does not read again");
    if (set.FindCatalog(catalog->id()) == nullptr) {
      Violated("an added catalog is not in the set");
    }
    LookUpEverything(set, *catalog);
  }
}

}  // namespace
}  // namespace isms::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  isms::fuzzing::FuzzCatalog(isms::fuzzing::AsBytes(data, size));
  return 0;
}
