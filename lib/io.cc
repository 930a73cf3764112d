#include "isms/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "lib/io_internal.h"
#include "lib/json_scan.h"
#include "lib/read_limits.h"
#include "lib/wire_scan.h"

namespace isms {
namespace {

namespace pb = google::protobuf;

std::atomic<internal::SaveFaultHook> save_fault_hook{nullptr};

// The errno a test injects before `step` of a save, or 0.
int InjectedFault(internal::SaveStep step, const std::string& temp) {
  internal::SaveFaultHook hook =
      save_fault_hook.load(std::memory_order_acquire);
  return hook == nullptr ? 0 : hook(step, temp.c_str());
}

// `status` with `source` and `separator` before its message: ":" before a
// "LINE:COLUMN: ..." message, ": " before a field path.
absl::Status WithSource(const absl::Status& status, absl::string_view source,
                        absl::string_view separator) {
  return absl::Status(status.code(),
                      absl::StrCat(source, separator, status.message()));
}

absl::Status ErrnoError(absl::string_view what, const std::string& path,
                        int err) {
  std::string message =
      absl::StrCat(path, ": ", what, ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case ENOSPC:
    case EDQUOT:
      return absl::ResourceExhaustedError(message);
    default:
      return absl::UnavailableError(message);
  }
}

// Collects text-format parse errors with their line and column.
class TextErrorCollector : public pb::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) {
      // The tokenizer counts from 0.
      first_ = absl::StrFormat("%d:%d: %s", line + 1, column + 1, message);
    }
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

absl::Status ParseJson(absl::string_view bytes, const ReadOptions& options,
                       absl::string_view source, pb::Message* message) {
  absl::Status syntax = internal::CheckJsonSyntax(
      bytes, message->GetDescriptor(), options.limits);
  if (!syntax.ok()) return WithSource(syntax, source, ":");
  pb::util::JsonParseOptions json_options;
  json_options.ignore_unknown_fields = options.ignore_unknown_fields;
  auto st = pb::util::JsonStringToMessage(
      pb::StringPiece(bytes.data(), bytes.size()), message, json_options);
  if (st.ok()) return absl::OkStatus();
  // Protobuf reports the field path as "(risks[0].likelihood): message";
  // reshape that into "FILE: risks[0].likelihood: message".
  std::string detail(st.message().data(), st.message().size());
  if (!detail.empty() && detail[0] == '(') {
    size_t close = detail.find("): ");
    if (close != std::string::npos) {
      detail = absl::StrCat(detail.substr(1, close - 1), ": ",
                            detail.substr(close + 3));
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat(source, ": ", detail, " (expected an ",
                   message->GetDescriptor()->full_name(), " in proto3 JSON)"));
}

absl::Status ParseText(absl::string_view bytes, const ReadOptions& options,
                       absl::string_view source, pb::Message* message) {
  absl::Status nesting = internal::CheckTextNesting(bytes, options.limits);
  if (!nesting.ok()) return WithSource(nesting, source, ":");
  TextErrorCollector errors;
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.SetRecursionLimit(options.limits.max_depth);
  parser.AllowUnknownField(options.ignore_unknown_fields);
  if (parser.ParseFromString(std::string(bytes), message)) {
    // The text parser cannot be stopped early; max_bytes bounded what it
    // built (see ReadLimits).
    absl::Status limits =
        internal::CheckMessageLimits(*message, options.limits);
    return limits.ok() ? limits : WithSource(limits, source, ": ");
  }
  return absl::InvalidArgumentError(
      absl::StrCat(source, ":", errors.first().empty() ? " " : "",
                   errors.first(), " (expected an ",
                   message->GetDescriptor()->full_name(), " in text format)"));
}

absl::Status ParseBinary(absl::string_view bytes, const ReadOptions& options,
                         absl::string_view source, pb::Message* message) {
  absl::Status scan = internal::ScanBinary(bytes, message->GetDescriptor(),
                                           options.limits, source);
  if (!scan.ok()) return scan;
  return internal::ParseScannedBinary(bytes, options.limits.max_depth, source,
                                      message);
}

// Protobuf's sizes are int; the limit may have been raised.
absl::Status TooBigForProtobuf(Format format, absl::string_view source) {
  return absl::ResourceExhaustedError(
      absl::StrCat(source, ": protobuf's ", FormatName(format),
                   " parser takes at most 2 GiB"));
}

absl::Status OverMaxBytes(uint64_t size, const ReadLimits& limits,
                          absl::string_view source) {
  return absl::ResourceExhaustedError(absl::StrCat(
      source, ": ", size,
      " bytes is more than the limit max_bytes=", limits.max_bytes));
}

absl::Status ParseMessage(absl::string_view bytes, const ReadOptions& options,
                          absl::string_view source, pb::Message* message) {
  if (bytes.size() > options.limits.max_bytes) {
    return OverMaxBytes(bytes.size(), options.limits, source);
  }
  // Empty input is the binary and text encoding of an empty message (which
  // the writers produce for one), so it reads back; JSON needs an object.
  if (bytes.empty() && options.format == Format::kJson) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": the input is empty (JSON needs at least {})"));
  }
  switch (options.format) {
    case Format::kJson:
      return ParseJson(bytes, options, source, message);
    case Format::kText:
      if (bytes.size() > static_cast<uint64_t>(INT32_MAX)) {
        return TooBigForProtobuf(options.format, source);
      }
      return ParseText(bytes, options, source, message);
    case Format::kBinary:
      return ParseBinary(bytes, options, source, message);  // checks the size
    case Format::kAuto:
      break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(source, ": the format must be given explicitly"));
}

absl::StatusOr<std::string> SerializeMessage(const pb::Message& message,
                                             const WriteOptions& options) {
  std::string out;
  switch (options.format) {
    case Format::kJson: {
      pb::util::JsonPrintOptions json_options;
      json_options.add_whitespace = options.pretty;
      auto st = pb::util::MessageToJsonString(message, &out, json_options);
      if (!st.ok()) {
        return absl::InternalError(absl::StrCat(
            "cannot write JSON: ",
            absl::string_view(st.message().data(), st.message().size())));
      }
      return out;
    }
    case Format::kText: {
      pb::TextFormat::Printer printer;
      printer.SetSingleLineMode(!options.pretty);
      // Unknown fields (kept from a newer writer's binary) would print as
      // bare field numbers that no text reader accepts; JSON drops them too.
      printer.SetHideUnknownFields(true);
      if (!printer.PrintToString(message, &out)) {
        return absl::InternalError("cannot write text format");
      }
      return out;
    }
    case Format::kBinary:
      if (!message.SerializeToString(&out)) {
        return absl::ResourceExhaustedError(
            "cannot write binary: the message is over protobuf's 2 GiB limit");
      }
      return out;
    case Format::kAuto:
      break;
  }
  return absl::InvalidArgumentError("the format must be given explicitly");
}

// Resolves kAuto from the path.
absl::StatusOr<Format> Resolve(Format format, absl::string_view path) {
  if (format != Format::kAuto) return format;
  return FormatFromPath(path);
}

template <typename T>
absl::StatusOr<T> LoadMessage(const std::string& path,
                              const ReadOptions& options) {
  absl::StatusOr<Format> format = Resolve(options.format, path);
  if (!format.ok()) return format.status();
  absl::StatusOr<std::string> bytes = ReadFile(path, options.limits.max_bytes);
  if (!bytes.ok()) return bytes.status();
  ReadOptions resolved = options;
  resolved.format = *format;
  T message;
  absl::Status st = ParseMessage(*bytes, resolved, path, &message);
  if (!st.ok()) return st;
  return message;
}

}  // namespace

absl::string_view FormatName(Format format) {
  switch (format) {
    case Format::kJson:
      return "json";
    case Format::kBinary:
      return "binary";
    case Format::kText:
      return "text";
    case Format::kAuto:
      break;
  }
  return "auto";
}

absl::StatusOr<Format> ParseFormatName(absl::string_view name) {
  std::string n = absl::AsciiStrToLower(name);
  if (n == "json") return Format::kJson;
  if (n == "binary" || n == "binpb" || n == "pb") return Format::kBinary;
  if (n == "text" || n == "txtpb" || n == "textproto") return Format::kText;
  if (n == "auto") return Format::kAuto;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown format \"", name, "\" (expected json, binary or text)"));
}

absl::StatusOr<Format> FormatFromPath(absl::string_view path) {
  std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".json")) return Format::kJson;
  if (absl::EndsWith(lower, ".binpb") || absl::EndsWith(lower, ".pb")) {
    return Format::kBinary;
  }
  if (absl::EndsWith(lower, ".txtpb") || absl::EndsWith(lower, ".textproto") ||
      absl::EndsWith(lower, ".pbtxt")) {
    return Format::kText;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      path,
      ": cannot tell the format from the extension (use .json, .binpb or .pb, "
      ".txtpb or .textproto, or name the format)"));
}

absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     uint64_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open", path, errno);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoError("cannot stat", path, err);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory"));
  }
  if (S_ISREG(info.st_mode) &&
      static_cast<uint64_t>(info.st_size) > max_bytes) {
    ::close(fd);
    return absl::ResourceExhaustedError(
        absl::StrCat(path, ": ", info.st_size,
                     " bytes is more than the limit max_bytes=", max_bytes));
  }
  std::string contents;
  if (S_ISREG(info.st_mode)) contents.reserve(info.st_size);
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ErrnoError("cannot read", path, err);
    }
    if (n == 0) break;
    // Pipes and devices have no size up front: bound them as we go.
    if (contents.size() + n > max_bytes) {
      ::close(fd);
      return absl::ResourceExhaustedError(absl::StrCat(
          path, ": more than the limit max_bytes=", max_bytes, " bytes"));
    }
    contents.append(buffer, n);
  }
  ::close(fd);
  return contents;
}

absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents) {
  static std::atomic<unsigned> counter{0};
  size_t slash = path.rfind('/');
  std::string dir =
      slash == std::string::npos ? "." : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a file name"));
  }
  // Keep an existing file's permissions; a new one gets 0666 less the umask.
  mode_t mode = 0666;
  struct stat old_info;
  bool existed = ::stat(path.c_str(), &old_info) == 0;
  if (existed) mode = old_info.st_mode & 07777;

  // The name is unique among threads (the counter) and processes (the pid);
  // O_EXCL turns a clash with a file a crashed process left behind, or with a
  // process of the same pid in another pid namespace sharing the folder,
  // into a retry with the next number.
  std::string temp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temp = absl::StrCat(slash == std::string::npos ? "" : dir, ".", base,
                        ".tmp.", ::getpid(), ".", counter.fetch_add(1));
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0 && errno != EEXIST) {
      return ErrnoError("cannot create a temporary file", temp, errno);
    }
  }
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat(path, ": cannot find a free temporary file name"));
  }
  auto fail = [&](absl::string_view what, int err) {
    ::close(fd);
    ::unlink(temp.c_str());
    return ErrnoError(what, path, err);
  };
  if (existed) ::fchmod(fd, mode);  // open() applied the umask
  const char* data = contents.data();
  size_t left = contents.size();
  int err = InjectedFault(internal::SaveStep::kWrite, temp);
  while (err == 0 && left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno != EINTR) err = errno;
      continue;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  if (err != 0) return fail("cannot write", err);
  err = InjectedFault(internal::SaveStep::kSync, temp);
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (err != 0) return fail("cannot flush to disk", err);
  err = InjectedFault(internal::SaveStep::kClose, temp);
  if (err != 0) return fail("cannot close", err);
  if (::close(fd) != 0) {
    err = errno;
    ::unlink(temp.c_str());
    return ErrnoError("cannot close", path, err);
  }
  err = InjectedFault(internal::SaveStep::kRename, temp);
  if (err == 0 && ::rename(temp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(temp.c_str());
    return ErrnoError("cannot replace", path, err);
  }
  // Make the rename itself durable. The new file is in place already, so a
  // failure here is not reported (nor is an injected one).
  InjectedFault(internal::SaveStep::kSyncFolder, temp);
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Register> LoadRegister(const std::string& path,
                                          const ReadOptions& options) {
  return LoadMessage<v1::Register>(path, options);
}

absl::StatusOr<v1::Register> ParseRegister(absl::string_view bytes,
                                           const ReadOptions& options,
                                           absl::string_view source_name) {
  v1::Register reg;
  absl::Status st = ParseMessage(bytes, options, source_name, &reg);
  if (!st.ok()) return st;
  return reg;
}

absl::StatusOr<std::string> SerializeRegister(const v1::Register& reg,
                                              const WriteOptions& options) {
  return SerializeMessage(reg, options);
}

absl::Status SaveRegister(const v1::Register& reg, const std::string& path,
                          const WriteOptions& options) {
  absl::StatusOr<Format> format = Resolve(options.format, path);
  if (!format.ok()) return format.status();
  WriteOptions resolved = options;
  resolved.format = *format;
  absl::StatusOr<std::string> bytes = SerializeMessage(reg, resolved);
  if (!bytes.ok()) {
    return absl::Status(bytes.status().code(),
                        absl::StrCat(path, ": ", bytes.status().message()));
  }
  return WriteFileAtomically(path, *bytes);
}

absl::StatusOr<v1::Catalog> LoadCatalog(const std::string& path,
                                        const ReadOptions& options) {
  return LoadMessage<v1::Catalog>(path, options);
}

absl::Status internal::ScanBinary(absl::string_view bytes,
                                  const pb::Descriptor* type,
                                  const ReadLimits& limits,
                                  absl::string_view source) {
  if (bytes.size() > limits.max_bytes) {
    return OverMaxBytes(bytes.size(), limits, source);
  }
  if (bytes.size() > static_cast<uint64_t>(INT32_MAX)) {
    return TooBigForProtobuf(Format::kBinary, source);
  }
  absl::Status scan = internal::CheckWireLimits(bytes, type, limits);
  if (absl::IsResourceExhausted(scan)) return WithSource(scan, source, ": ");
  if (!scan.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": not a valid binary ", type->full_name(), ": ",
                     scan.message()));
  }
  return absl::OkStatus();
}

absl::Status internal::ParseScannedBinary(absl::string_view bytes,
                                          int max_depth,
                                          absl::string_view source,
                                          pb::Message* message) {
  pb::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                                 static_cast<int>(bytes.size()));
  input.SetRecursionLimit(max_depth);
  if (message->ParseFromCodedStream(&input) && input.ConsumedEntireMessage()) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      source, ": not a valid binary ", message->GetDescriptor()->full_name(),
      " (truncated, corrupt, nested deeper than max_depth=", max_depth,
      ", or not protobuf at all)"));
}

void internal::SetSaveFaultHookForTesting(internal::SaveFaultHook hook) {
  save_fault_hook.store(hook, std::memory_order_release);
}

}  // namespace isms
