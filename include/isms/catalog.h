// Control catalogs: the built-in ISO/IEC 27001:2022 and 2013 Annex A catalogs
// (ids, titles, themes or domains, ISO/IEC 27002:2022 attributes), the
// 2013 <-> 2022 correspondence, and catalogs of the user's own.
//
//   const isms::CatalogSet& catalogs = isms::CatalogSet::BuiltIn();
//   const isms::v1::CatalogControl* c =
//   catalogs.FindControl("iso27001:2022/8.24");
//   // c->title() == "Use of cryptography"
//   for (const std::string& id :
//        catalogs.MapControl("iso27001:2013", "A.10.1.1", "iso27001:2022"))
//     std::cout << id << "\n";  // 8.24
//
//   isms::CatalogSet mine = isms::CatalogSet::BuiltIn();  // a cheap copy
//   absl::Status st = mine.AddCatalogFile("soc2.json");
//
// References are "CATALOG/CONTROL" ("iso27001:2022/5.1"); a bare control id
// refers to a default catalog. The Annex A prefix is optional both ways:
// "iso27001:2022/A.5.1" finds 5.1 and "iso27001:2013/5.1.1" finds A.5.1.1.
//
// Thread safety: const methods are safe to call concurrently; BuiltIn() is
// immutable and lives for the whole program. Copies share the catalogs they
// hold (copy-on-write is not needed: catalogs are never modified once added).
#ifndef ISMS_CATALOG_H_
#define ISMS_CATALOG_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "isms/io.h"
#include "isms/v1/catalog.pb.h"

namespace isms {

// Id of the catalog a register uses when it names none.
inline constexpr absl::string_view kDefaultCatalog = "iso27001:2022";
inline constexpr absl::string_view kIso27001_2013 = "iso27001:2013";

// The five ISO/IEC 27002:2022 attribute kinds.
enum class AttributeKind {
  kControlType,
  kSecurityProperty,
  kCybersecurityConcept,
  kOperationalCapability,
  kSecurityDomain,
};

// "control_type", "security_property", "cybersecurity_concept",
// "operational_capability", "security_domain" (singular or plural, - or _).
absl::StatusOr<AttributeKind> ParseAttributeKind(absl::string_view name);
absl::string_view AttributeKindName(AttributeKind kind);

// Values of one attribute kind on a control.
const google::protobuf::RepeatedPtrField<std::string>& AttributeValues(
    const v1::CatalogControl& control, AttributeKind kind);

// A parsed catalog reference.
struct ControlRef {
  std::string catalog;     // "iso27001:2022"
  std::string control_id;  // "8.24"
};

// Splits "iso27001:2022/8.24"; a reference without '/' takes
// `default_catalog`. Does not check that the control exists.
absl::StatusOr<ControlRef> ParseControlRef(
    absl::string_view ref, absl::string_view default_catalog = kDefaultCatalog);

class CatalogSet {
 public:
  // An empty set.
  CatalogSet();
  // ISO/IEC 27001:2022 Annex A, ISO/IEC 27001:2013 Annex A and the
  // 2013 -> 2022 correspondence, compiled into the library.
  static const CatalogSet& BuiltIn();

  CatalogSet(const CatalogSet&);
  CatalogSet& operator=(const CatalogSet&);
  CatalogSet(CatalogSet&&) noexcept;
  CatalogSet& operator=(CatalogSet&&) noexcept;
  ~CatalogSet();

  // Adds a catalog after checking it: an id, unique control ids, group ids
  // that exist, no catalog of the same id already in the set.
  absl::Status AddCatalog(v1::Catalog catalog);
  // Reads a catalog file (see isms/io.h) and adds it.
  absl::Status AddCatalogFile(const std::string& path,
                              const ReadOptions& options = {});
  // Adds a correspondence; both catalogs and every control id must exist.
  absl::Status AddMapping(v1::CatalogMapping mapping);

  // Catalogs in the order they were added.
  std::vector<const v1::Catalog*> catalogs() const;
  const v1::Catalog* FindCatalog(absl::string_view catalog_id) const;

  // The control a reference names, or nullptr.
  const v1::CatalogControl* FindControl(
      absl::string_view ref,
      absl::string_view default_catalog = kDefaultCatalog) const;
  // The control with this id in this catalog (Annex A prefix optional).
  const v1::CatalogControl* FindControlInCatalog(
      absl::string_view catalog_id, absl::string_view control_id) const;

  // Controls of a theme or domain ("5", "A.9") or of a 2013 objective
  // ("A.9.2"), in catalog order. Empty if either is unknown.
  std::vector<const v1::CatalogControl*> ControlsInGroup(
      absl::string_view catalog_id, absl::string_view group_id) const;
  // Controls that carry an attribute value ("Preventive", "Detect"),
  // compared without regard to case or a leading '#'.
  std::vector<const v1::CatalogControl*> ControlsWithAttribute(
      absl::string_view catalog_id, AttributeKind kind,
      absl::string_view value) const;

  // Ids in `to_catalog` that correspond to `control_id` of `from_catalog`,
  // through a mapping in either direction. Empty if there is none.
  std::vector<std::string> MapControl(absl::string_view from_catalog,
                                      absl::string_view control_id,
                                      absl::string_view to_catalog) const;

  std::vector<const v1::CatalogMapping*> mappings() const;

 private:
  struct State;
  std::shared_ptr<const State> state_;
};

}  // namespace isms

#endif  // ISMS_CATALOG_H_
