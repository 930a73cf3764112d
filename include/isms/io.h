// Reading and writing registers and catalogs: proto3 JSON, binary and text
// format, with input limits and atomic saves.
//
//   absl::StatusOr<isms::v1::Register> reg =
//       isms::LoadRegister("examples/registers/acme.json");
//   if (!reg.ok()) { std::cerr << reg.status() << "\n"; return 1; }
//   reg->mutable_organization()->set_name("Acme Cloud Ltd");
//   absl::Status saved = isms::SaveRegister(*reg, "acme.binpb");
//
// The format is chosen by the file's extension (.json; .binpb, .pb; .txtpb,
// .textproto, .pbtxt) unless ReadOptions/WriteOptions name one. Every failure
// is an absl::Status whose message starts with the file name and, where the
// reader knows it, the place of the fault ("acme.json:12:7: ..." for JSON
// syntax, "acme.json: risks[3].mitigations[0].strength: ..." for a value of the
// wrong type).
//
// Saving is atomic: the bytes go to a temporary file in the same folder, which
// is flushed to disk (fsync) and then renamed over the target, so a crash or a
// full disk leaves either the old file or the new one, never a mix.
//
// Thread safety: every function here is safe to call concurrently; two saves to
// the same path never interleave (the last rename wins).
#ifndef ISMS_IO_H_
#define ISMS_IO_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "isms/v1/catalog.pb.h"
#include "isms/v1/register.pb.h"

namespace isms {

enum class Format {
  kAuto,    // from the file extension
  kJson,    // proto3 JSON (lowerCamelCase field names)
  kBinary,  // protobuf wire format
  kText,    // protobuf text format
};

// Name of a format ("json", "binary", "text", "auto").
absl::string_view FormatName(Format format);

// Parses "json", "binary"/"binpb"/"pb", "text"/"txtpb".
absl::StatusOr<Format> ParseFormatName(absl::string_view name);

// The format implied by a path's extension, or InvalidArgument naming the
// extensions that are understood.
absl::StatusOr<Format> FormatFromPath(absl::string_view path);

// Bounds on what a reader accepts, checked before any large allocation. The
// defaults take a million-asset register and stop hostile input early.
struct ReadLimits {
  // Largest input in bytes. 2 GiB - 1 is protobuf's own ceiling for one
  // message.
  uint64_t max_bytes = (uint64_t{1} << 31) - 1;
  // Deepest nesting of JSON arrays/objects or text-format messages. The
  // schema itself needs fewer than 10 levels.
  int max_depth = 64;
};

struct ReadOptions {
  Format format = Format::kAuto;
  ReadLimits limits;
  // Accept (and drop) JSON fields this version does not know, e.g. from a
  // newer writer. Off by default, so that a misspelt field is an error.
  bool ignore_unknown_fields = false;
};

struct WriteOptions {
  Format format = Format::kAuto;
  // JSON and text: indent for people to read. Binary ignores it.
  bool pretty = true;
};

// Reads a register from a file.
absl::StatusOr<v1::Register> LoadRegister(const std::string& path,
                                          const ReadOptions& options = {});

// Parses a register from bytes in an explicit format (kAuto is an error).
// `source_name` prefixes error messages, e.g. a file name or "<stdin>".
absl::StatusOr<v1::Register> ParseRegister(absl::string_view bytes,
                                           const ReadOptions& options,
                                           absl::string_view source_name);

// Serializes a register in an explicit format (kAuto is an error).
absl::StatusOr<std::string> SerializeRegister(const v1::Register& reg,
                                              const WriteOptions& options);

// Writes a register atomically (see above).
absl::Status SaveRegister(const v1::Register& reg, const std::string& path,
                          const WriteOptions& options = {});

// Reads a catalog of the isms.v1.Catalog schema (any of the three formats).
absl::StatusOr<v1::Catalog> LoadCatalog(const std::string& path,
                                        const ReadOptions& options = {});

// Reads a whole file, refusing files larger than `max_bytes`.
absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     uint64_t max_bytes);

// Replaces `path` with `contents` atomically: temporary file in the same
// folder, fsync, rename, fsync of the folder. On failure the previous file is
// untouched and the temporary file is removed. A new file gets mode 0666 less
// the umask; an existing file keeps its mode.
absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents);

}  // namespace isms

#endif  // ISMS_IO_H_
