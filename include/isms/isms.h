// Umbrella header of the isms C++ library: include this one.
//
//   #include "isms/isms.h"
//
//   auto reg = isms::LoadRegister("examples/registers/acme.json");
//   if (!reg.ok()) return 1;
//   isms::v1::ValidationReport report = isms::Validate(*reg);
//
// Link with the CMake target isms::isms (find_package(isms CONFIG)) or
// `pkg-config --cflags --libs isms`.
#ifndef ISMS_ISMS_H_
#define ISMS_ISMS_H_

#include "isms/catalog.h"
#include "isms/compliance.h"
#include "isms/io.h"
#include "isms/quant.h"
#include "isms/report.h"
#include "isms/risk_engine.h"
#include "isms/validate.h"
#include "isms/version.h"

#endif  // ISMS_ISMS_H_
