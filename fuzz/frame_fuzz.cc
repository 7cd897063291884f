// frame_fuzz: the strict frame parsers of reference/protocol/frame.h, both
// directions, on the same input.
//
// Properties for each direction (any violation aborts), PROTO-FRAME-08:
//   F1 parse(s) ok => parse(serialize(parse(s))) is ok
//   F2             ... and equals parse(s) (operator==, bodies as JSON values)
//   F3 serialize is a fixed point: serialize(parse(serialize(f))) == serialize(f)
//   F4 frame_type(f) is the "t" of the serialization and is non-empty
// Parsers return errors, never throw: an escaping exception is a finding too
// (libFuzzer reports it as a crash).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/frame.h"

namespace {

[[noreturn]] void fail(const char* dir, const char* property, std::string_view detail) {
  std::fprintf(stderr, "frame_fuzz: %s frame: property %s violated: %.*s\n", dir, property,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

template <class Frame, class Parse>
void check_round_trip(const char* dir, std::string_view text, Parse parse) {
  auto first = parse(text);
  if (!first.ok()) return;
  const Frame& f = first.value();
  const std::string s1 = e2e::proto::serialize(f);

  auto second = parse(s1);
  if (!second.ok()) fail(dir, "F1", "serialized frame does not parse: " + second.error().to_string() + "\n  " + s1);
  if (!(second.value() == f)) fail(dir, "F2", "parse(serialize(f)) != f\n  " + s1);
  const std::string s2 = e2e::proto::serialize(second.value());
  if (s2 != s1) fail(dir, "F3", "serialize not a fixed point\n  " + s1 + "\n  " + s2);

  const std::string_view type = e2e::proto::frame_type(f);
  if (type.empty()) fail(dir, "F4", "empty frame_type");
  auto json = e2e::proto::Json::parse(s1, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("t") || !json["t"].is_string() ||
      json["t"].get<std::string>() != type) {
    fail(dir, "F4", "frame_type does not match the serialized \"t\"\n  " + s1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_round_trip<e2e::proto::ClientFrame>("client", text, e2e::proto::parse_client_frame);
  check_round_trip<e2e::proto::RelayFrame>("relay", text, e2e::proto::parse_relay_frame);
  return 0;
}
