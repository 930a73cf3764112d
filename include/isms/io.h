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
// full disk leaves either the old file or the new one, never a mix. A failed
// save removes its temporary file; a crash (or a kill) between creating it and
// the rename leaves it behind as `.NAME.tmp.PID.N` next to the target. Such a
// file is never read, and later saves neither reuse nor remove it (on a
// shared folder a live writer's file looks the same); it is safe to delete.
//
// Thread safety: every function here is safe to call concurrently, from
// threads or processes; two saves to the same path never interleave (each
// writes its own temporary file; the last rename wins).
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

// Bounds on what a reader accepts, so that hostile input cannot make it
// allocate without bound. The defaults take the `isms generate` L register (1M
// assets, 4.5M risks, 15.8M mitigations) with about 4x headroom and stop
// hostile input early; a host reading untrusted files may lower them. A
// refusal is ResourceExhausted and names the source, the place where the
// reader knows it, the limit and its value ("acme.json:12:7: more assets than
// the limit max_assets=10").
//
// When they are checked, per format:
// - JSON and binary: all of them before protobuf's parser runs, by a pass over
//   the bytes that allocates nothing per element (JSON: a syntax check that
//   counts array elements; binary: a walk of the wire format that checks every
//   length prefix against the bytes left and counts the elements of every
//   list). A length prefix that claims more than max_bytes (or, for a string,
//   more than max_string_length) is refused from the claim alone.
// - Text format: max_bytes before reading and max_depth before parsing (a
//   scan that skips strings and comments); the counts and string lengths
//   only after parsing, as protobuf's text parser cannot be stopped early.
//   Its memory is still bounded by max_bytes (below): each element it builds
//   costs a few bytes of input (`risks{}`, 7 bytes, makes a 216-byte message).
//
// Memory: the count limits cap the large lists; within them, what a reader
// builds is bounded through max_bytes: at most about 120 bytes per byte of
// binary input (an empty risk is 2 bytes on the wire), 80 per byte of JSON
// and 40 of text format (measured with lists of empty risks). A host that
// needs a tighter bound, or reads untrusted text format, lowers max_bytes.
struct ReadLimits {
  // Largest input in bytes. 2 GiB - 1 is protobuf's own ceiling for one
  // message.
  uint64_t max_bytes = (uint64_t{1} << 31) - 1;
  // Deepest nesting of JSON arrays/objects, binary submessages or text-format
  // messages and lists; the top-level message is level 1. The schema itself
  // needs fewer than 10 levels. Protobuf's parsers recurse once per level,
  // so a much higher limit costs call stack.
  int max_depth = 64;
  // Register.assets.
  uint64_t max_assets = 4'000'000;
  // Register.risks.
  uint64_t max_risks = 20'000'000;
  // Risk.mitigations, added up over all risks.
  uint64_t max_mitigations = 60'000'000;
  // Elements of any one other list (repeated field) of one message: threats,
  // controls, a risk's asset_ids, an asset's tags, a packed list of
  // dimensions, the unknown fields of one message in binary input, ... An L
  // register's longest such list is under 100,000 entries.
  uint64_t max_list_elements = 10'000'000;
  // Longest string (binary: also bytes and unknown length-delimited fields;
  // JSON: the length as written, escapes included, keys included).
  uint64_t max_string_length = uint64_t{16} << 20;
};

struct ReadOptions {
  Format format = Format::kAuto;
  ReadLimits limits;
  // Accept (and drop) JSON fields this version does not know, e.g. from a
  // newer writer. Off by default, so that a misspelt field is an error.
  bool ignore_unknown_fields = false;
};

// Fields this version does not know (kept when a binary file from a newer
// writer is read) are written back in binary only: JSON and text cannot
// carry them.
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
