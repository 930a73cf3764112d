// Files compiled into the library by cmake/embed_files.cmake (see
// lib/CMakeLists.txt): the built-in catalogs, as proto3 JSON.
#ifndef ISMS_LIB_EMBEDDED_DATA_H_
#define ISMS_LIB_EMBEDDED_DATA_H_

namespace isms::internal {

extern const char kIso27001_2022Json[];
extern const char kIso27001_2013Json[];
extern const char kIso27001_2013To2022Json[];

}  // namespace isms::internal

#endif  // ISMS_LIB_EMBEDDED_DATA_H_
