// Version of the isms library.
//
//   std::cout << "isms " << isms::Version() << "\n";
//
// Thread-safe: returns a static string.
#ifndef ISMS_VERSION_H_
#define ISMS_VERSION_H_

#define ISMS_VERSION_MAJOR 0
#define ISMS_VERSION_MINOR 1
#define ISMS_VERSION_PATCH 0

// Version of the register schema (isms.v1.Register.schema_version) this
// library writes and reads.
#define ISMS_SCHEMA_VERSION "1"

namespace isms {

// "MAJOR.MINOR.PATCH" of the library actually loaded (may differ from the
// macros above when a program runs against a newer shared library).
const char* Version();

}  // namespace isms

#endif  // ISMS_VERSION_H_
