#include "lib/wire_scan.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "lib/read_limits.h"

namespace isms::internal {
namespace {

namespace pb = google::protobuf;
using WireFormat = pb::internal::WireFormatLite;

// A varint takes at most 10 bytes, so a packed list of n bytes of varints
// holds at least n / 10 of them.
constexpr uint64_t kMaxVarintBytes = 10;

// Tags and length prefixes are 32-bit varints: protobuf's parser refuses
// them longer than 5 bytes.
constexpr int kMaxTagBytes = 5;

// Field numbers up to this are found through a table per message type;
// higher ones (rare) by a scan of the type's fields.
constexpr int kMaxTableNumber = 1024;

struct TypeInfo;

// What the scanner needs of a field, at hand without a look-up in the
// descriptor pool (which costs more than the rest of the scan).
struct FieldInfo {
  const pb::FieldDescriptor* field = nullptr;
  ListKind kind = ListKind::kOther;
  TypeInfo* message = nullptr;  // its message type's, once entered
};

// A message type's fields.
struct TypeInfo {
  const pb::Descriptor* type = nullptr;
  std::vector<FieldInfo> fields;  // by field index
  // By number up to kMaxTableNumber: an index into `fields`, or -1.
  std::vector<int> index_by_number;
};

class WireScanner {
 public:
  WireScanner(absl::string_view bytes, const pb::Descriptor* type,
              const ReadLimits& limits)
      : bytes_(bytes),
        input_(reinterpret_cast<const uint8_t*>(bytes.data()),
               static_cast<int>(bytes.size())),
        root_type_(type),
        counter_(limits) {}

  absl::Status Run() {
    // The top level gets a limit too, so that BytesLeft() holds everywhere.
    Push(&Info(root_type_), PathStep{}).limit =
        input_.PushLimit(static_cast<int>(bytes_.size()));
    absl::Status st;
    while (st.ok() && depth_ > 0) st = Next();
    return st;
  }

 private:
  // A message (or group) being read.
  struct Frame {
    TypeInfo* type = nullptr;  // nullptr inside unknown fields
    PathStep step;             // how the enclosing message refers to it
    int group_number = 0;      // a group ends at END_GROUP of this field
    pb::io::CodedInputStream::Limit limit = 0;  // messages only
    std::vector<uint64_t> counts;  // elements so far, per field index
    uint64_t unknown_fields = 0;
  };

  // Reads one tag and its value.
  absl::Status Next() {
    tag_offset_ = input_.CurrentPosition();
    const uint32_t tag = input_.ReadTag();
    Frame& frame = frames_[depth_ - 1];
    const int tag_bytes = input_.CurrentPosition() - tag_offset_;
    if (tag == 0) {
      // The end of this message's bytes (nothing read), or a bad tag: a tag
      // written as 0 is an error even as the last bytes.
      if (input_.BytesUntilLimit() != 0 || tag_bytes != 0) {
        return Corrupt(nullptr, "a field tag of 0, or one cut short");
      }
      if (frame.group_number != 0) {
        return Corrupt(nullptr, "a group that never ends");
      }
      input_.PopLimit(frame.limit);
      --depth_;
      return absl::OkStatus();
    }
    // Protobuf's parser reads a tag of at most 5 bytes (CodedInputStream
    // would take up to 10).
    if (tag_bytes > kMaxTagBytes) {
      return Corrupt(nullptr, "a field tag longer than 5 bytes");
    }
    const int number = WireFormat::GetTagFieldNumber(tag);
    const WireFormat::WireType wire_type = WireFormat::GetTagWireType(tag);
    if (number == 0) return Corrupt(nullptr, "field number 0");
    if (wire_type == WireFormat::WIRETYPE_END_GROUP) {
      if (frame.group_number != number) {
        return Corrupt(nullptr, "the end of a group that was never started");
      }
      --depth_;
      return absl::OkStatus();
    }
    FieldInfo* info = FindField(frame, number);
    // A known field with an unexpected wire type is kept as an unknown one.
    if (info == nullptr || !WireTypeFits(info->field, wire_type)) {
      return UnknownField(number, wire_type);
    }
    return KnownField(*info, wire_type);
  }

  absl::Status KnownField(FieldInfo& info, WireFormat::WireType wire_type) {
    const pb::FieldDescriptor* field = info.field;
    PathStep step{field, field->number(), -1};
    const bool packed = field->is_packable() &&
                        wire_type == WireFormat::WIRETYPE_LENGTH_DELIMITED;
    if (field->is_repeated() && !packed) {
      uint64_t& count = frames_[depth_ - 1].counts[field->index()];
      step.index = static_cast<int64_t>(count);
      absl::Status st = counter_.AddElements(info.kind, 1, count + 1);
      if (!st.ok()) return Refused(&step, st);
      ++count;
    }
    return Value(step, wire_type, &info);
  }

  absl::Status UnknownField(int number, WireFormat::WireType wire_type) {
    PathStep step{nullptr, number, -1};
    // Protobuf keeps each one (in the message's UnknownFieldSet).
    Frame& frame = frames_[depth_ - 1];
    absl::Status st = counter_.CheckUnknownFields(frame.unknown_fields + 1);
    if (!st.ok()) return Refused(&step, st);
    ++frame.unknown_fields;
    return Value(step, wire_type, nullptr);
  }

  // A field's value; `info` is null for an unknown field, whose groups are
  // walked without a type and whose length-delimited values are kept as
  // bytes.
  absl::Status Value(const PathStep& step, WireFormat::WireType wire_type,
                     FieldInfo* info) {
    switch (wire_type) {
      case WireFormat::WIRETYPE_VARINT:
        return SkipVarint(&step);
      case WireFormat::WIRETYPE_FIXED64:
        return SkipBytes(&step, 8);
      case WireFormat::WIRETYPE_FIXED32:
        return SkipBytes(&step, 4);
      case WireFormat::WIRETYPE_START_GROUP:
        return EnterGroup(info != nullptr ? &MessageInfo(*info) : nullptr,
                          step);
      case WireFormat::WIRETYPE_LENGTH_DELIMITED:
        break;
      default:
        return Corrupt(&step, absl::StrCat("wire type ", wire_type));
    }
    uint64_t length = 0;
    absl::Status read = ReadLength(&step, &length);
    if (!read.ok()) return read;
    if (info != nullptr) {
      if (info->field->is_packable()) return PackedList(*info, step, length);
      if (info->field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        return EnterMessage(&MessageInfo(*info), step, length);
      }
    }
    return SkipString(&step, length);
  }

  // A packed list of numbers, `length` bytes.
  absl::Status PackedList(const FieldInfo& info, const PathStep& step,
                          uint64_t length) {
    uint64_t& count = frames_[depth_ - 1].counts[info.field->index()];
    const ListKind kind = info.kind;
    const WireFormat::WireType element_type = ElementWireType(info.field);
    if (length > BytesLeft()) {
      // Refused from the claim alone when even its fewest elements are too
      // many; else it is merely cut short.
      const uint64_t at_least =
          element_type == WireFormat::WIRETYPE_VARINT
              ? (length + kMaxVarintBytes - 1) / kMaxVarintBytes
              : length / ElementBytes(element_type);
      absl::Status st = counter_.AddElements(kind, at_least, count + at_least,
                                             LimitCounter::Count::kAtLeast);
      if (!st.ok()) return Refused(&step, st);
      return Corrupt(&step, PastTheEnd(length));
    }
    uint64_t elements = 0;
    if (element_type == WireFormat::WIRETYPE_VARINT) {
      // Every varint ends with exactly one byte below 0x80.
      const char* begin = bytes_.data() + input_.CurrentPosition();
      elements = static_cast<uint64_t>(
          std::count_if(begin, begin + length,
                        [](char c) { return static_cast<uint8_t>(c) < 0x80; }));
    } else {
      elements = length / ElementBytes(element_type);
    }
    absl::Status st = counter_.AddElements(kind, elements, count + elements);
    if (!st.ok()) return Refused(&step, st);
    count += elements;
    input_.Skip(static_cast<int>(length));
    return absl::OkStatus();
  }

  absl::Status EnterMessage(TypeInfo* type, const PathStep& step,
                            uint64_t length) {
    absl::Status st = counter_.CheckDepth(static_cast<int>(depth_) + 1);
    if (st.ok()) st = counter_.CheckLengthClaim(length);
    if (!st.ok()) return Refused(&step, st);
    if (length > BytesLeft()) return Corrupt(&step, PastTheEnd(length));
    Frame& frame = Push(type, step);
    frame.limit = input_.PushLimit(static_cast<int>(length));
    return absl::OkStatus();
  }

  absl::Status EnterGroup(TypeInfo* type, const PathStep& step) {
    absl::Status st = counter_.CheckDepth(static_cast<int>(depth_) + 1);
    if (!st.ok()) return Refused(&step, st);
    Push(type, step).group_number = step.number;
    return absl::OkStatus();
  }

  Frame& Push(TypeInfo* type, const PathStep& step) {
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& frame = frames_[depth_++];
    frame.type = type;
    frame.step = step;
    frame.group_number = 0;
    frame.limit = 0;
    // Reuses the vector of an earlier message at this depth.
    frame.counts.assign(type == nullptr ? 0 : type->fields.size(), 0);
    frame.unknown_fields = 0;
    return frame;
  }

  absl::Status SkipString(const PathStep* step, uint64_t length) {
    absl::Status st = counter_.CheckStringLength(length);
    if (!st.ok()) return Refused(step, st);
    return SkipBytes(step, length);
  }

  absl::Status SkipBytes(const PathStep* step, uint64_t length) {
    if (length > BytesLeft()) return Corrupt(step, PastTheEnd(length));
    input_.Skip(static_cast<int>(length));
    return absl::OkStatus();
  }

  // A length prefix, of at most 5 bytes as protobuf's parser reads them.
  absl::Status ReadLength(const PathStep* step, uint64_t* length) {
    const int start = input_.CurrentPosition();
    if (!input_.ReadVarint64(length)) {
      return Corrupt(step, "a length prefix cut short");
    }
    if (input_.CurrentPosition() - start > kMaxTagBytes) {
      return Corrupt(step, "a length prefix longer than 5 bytes");
    }
    return absl::OkStatus();
  }

  absl::Status SkipVarint(const PathStep* step) {
    uint64_t ignored = 0;
    if (input_.ReadVarint64(&ignored)) return absl::OkStatus();
    return Corrupt(step, "a number cut short or longer than 10 bytes");
  }

  // Bytes left in the current message (the top level has a limit too).
  uint64_t BytesLeft() const {
    return static_cast<uint64_t>(std::max(0, input_.BytesUntilLimit()));
  }

  std::string PastTheEnd(uint64_t length) const {
    return absl::StrCat("a length prefix of ", length,
                        " bytes runs past the end of its message (",
                        BytesLeft(), " bytes left)");
  }

  static FieldInfo* FindField(const Frame& frame, int number) {
    if (frame.type == nullptr) return nullptr;
    TypeInfo& type = *frame.type;
    if (number < static_cast<int>(type.index_by_number.size())) {
      const int index = type.index_by_number[number];
      return index < 0 ? nullptr : &type.fields[index];
    }
    for (FieldInfo& info : type.fields) {
      if (info.field->number() == number) return &info;
    }
    return nullptr;
  }

  // The TypeInfo of a message field's type, found once per field.
  TypeInfo& MessageInfo(FieldInfo& info) {
    if (info.message == nullptr)
      info.message = &Info(info.field->message_type());
    return *info.message;
  }

  TypeInfo& Info(const pb::Descriptor* type) {
    TypeInfo& info = types_[type];
    if (info.type == nullptr) {
      info.type = type;
      int highest = 0;
      for (int i = 0; i < type->field_count(); ++i) {
        const pb::FieldDescriptor* field = type->field(i);
        info.fields.push_back({field, ListKindOf(field), nullptr});
        highest = std::max(highest, field->number());
      }
      info.index_by_number.assign(std::min(highest, kMaxTableNumber) + 1, -1);
      for (int i = 0; i < type->field_count(); ++i) {
        const int number = type->field(i)->number();
        if (number <= kMaxTableNumber) info.index_by_number[number] = i;
      }
    }
    return info;
  }

  static WireFormat::WireType ElementWireType(
      const pb::FieldDescriptor* field) {
    return WireFormat::WireTypeForFieldType(
        static_cast<WireFormat::FieldType>(field->type()));
  }

  static uint64_t ElementBytes(WireFormat::WireType wire_type) {
    return wire_type == WireFormat::WIRETYPE_FIXED64 ? 8 : 4;
  }

  // Whether protobuf's parser reads `wire_type` as a value of `field`
  // (numbers of a repeated field may come one by one or packed).
  static bool WireTypeFits(const pb::FieldDescriptor* field,
                           WireFormat::WireType wire_type) {
    return wire_type == ElementWireType(field) ||
           (field->is_packable() &&
            wire_type == WireFormat::WIRETYPE_LENGTH_DELIMITED);
  }

  // "risks[3].mitigations[0] (byte 1234)": the enclosing messages, then
  // `current` (may be nullptr), then where its tag starts.
  std::string Place(const PathStep* current) const {
    std::vector<PathStep> path;
    for (size_t i = 1; i < depth_; ++i) path.push_back(frames_[i].step);
    if (current != nullptr) path.push_back(*current);
    return absl::StrCat(FieldPath(path), " (byte ", tag_offset_, ")");
  }

  absl::Status Refused(const PathStep* current, const absl::Status& st) const {
    return absl::Status(st.code(),
                        absl::StrCat(Place(current), ": ", st.message()));
  }

  absl::Status Corrupt(const PathStep* current, absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(Place(current), ": ", what));
  }

  absl::string_view bytes_;
  pb::io::CodedInputStream input_;
  const pb::Descriptor* root_type_;
  LimitCounter counter_;
  // frames_[0, depth_) are the messages being read, the top level first; the
  // rest are kept for their vectors.
  std::vector<Frame> frames_;
  size_t depth_ = 0;
  int tag_offset_ = 0;
  // Frames and FieldInfos point into it: an unordered_map keeps its values
  // in place.
  std::unordered_map<const pb::Descriptor*, TypeInfo> types_;
};

}  // namespace

absl::Status CheckWireLimits(absl::string_view bytes,
                             const pb::Descriptor* type,
                             const ReadLimits& limits) {
  return WireScanner(bytes, type, limits).Run();
}

}  // namespace isms::internal
