// Loads a register with an installed isms and prints a one-line check.
#include <iostream>

#include "isms/isms.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  auto reg = isms::LoadRegister(argv[1]);
  if (!reg.ok()) {
    std::cerr << reg.status() << "\n";
    return 2;
  }
  isms::v1::ValidationReport report = isms::Validate(*reg);
  std::cout << "isms " << isms::Version() << ": " << reg->assets_size()
            << " assets, " << report.error_count() << " errors, "
            << isms::CatalogSet::BuiltIn()
                   .FindCatalog("iso27001:2022")
                   ->controls_size()
            << " controls in iso27001:2022\n";
  return report.error_count() == 0 ? 0 : 1;
}
