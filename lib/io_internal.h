// What the readers share inside the library, and fault injection into
// isms::WriteFileAtomically for tests: a hook can make a step fail with an
// errno (a full disk, an I/O error) or end the process between two steps (a
// crash), to show that the previous file survives every such fault.
#ifndef ISMS_LIB_IO_INTERNAL_H_
#define ISMS_LIB_IO_INTERNAL_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "isms/io.h"

namespace isms::internal {

// The checks every binary input passes before protobuf parses it: the size
// (max_bytes, protobuf's 2 GiB) and the wire structure against the limits
// (CheckWireLimits). Errors are prefixed with `source`, as the readers' are.
absl::Status ScanBinary(absl::string_view bytes,
                        const google::protobuf::Descriptor* type,
                        const ReadLimits& limits, absl::string_view source);

// Parses binary input that passed ScanBinary (for the whole input or a
// larger one it is part of), nested at most `max_depth` deep.
absl::Status ParseScannedBinary(absl::string_view bytes, int max_depth,
                                absl::string_view source,
                                google::protobuf::Message* message);

// The steps of a save, in order.
enum class SaveStep {
  kWrite,       // the temporary file exists and is empty
  kSync,        // the bytes are written, not yet flushed to disk
  kClose,       // flushed
  kRename,      // closed: only the rename is left
  kSyncFolder,  // renamed: the new file is in place (so a failure here,
                // real or injected, is not reported)
};

// Called before each step with the temporary file's path. A non-zero return
// is an errno value the step fails with, as if the system call had.
using SaveFaultHook = int (*)(SaveStep step, const char* temp_path);

// Installs `hook` for every later save in the process (nullptr removes it).
// Tests only: set it while no save runs.
void SetSaveFaultHookForTesting(SaveFaultHook hook);

}  // namespace isms::internal

#endif  // ISMS_LIB_IO_INTERNAL_H_
