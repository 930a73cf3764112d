// The binary register reader: any bytes give a register or an error, and a
// register that reads writes back out in every format and reads again.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  isms::fuzzing::ParseAndRoundTrip(isms::fuzzing::AsBytes(data, size),
                                   isms::Format::kBinary);
  return 0;
}
