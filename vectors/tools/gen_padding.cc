// e2e_vectors_gen, family padding: writes padding/padding-new.json (see gen_common.h).
#include <filesystem>
#include <string>

#include "common/encoding.h"
#include "protocol/padding.h"
#include "gen_common.h"

namespace e2e::vectors::gen {

void gen_padding(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "padding");
  Doc d("padding", {{"Bucket", "pad() to the smallest bucket holding len(x) + 1 (PROTO-HARD-06)."},
                    {"BucketEdge", "len(x) + 1 equals a bucket size, or exceeds it by one."},
                    {"BadPadding", "unpad() must refuse it with E2E_ERR_DECODE."}});
  Json& gp = d.group({{"op", "pad"}});
  for (size_t n : {size_t{0}, size_t{1}, size_t{100}, size_t{255}, size_t{256}, size_t{1023}}) {
    const Bytes m = rng.bytes(n);
    const Bytes p = sb(must(proto::pad(m), "pad"));
    const bool edge = n == 255 || n == 256 || n == 1023;
    d.add(gp, std::to_string(n) + " bytes into " + std::to_string(p.size()), {edge ? "BucketEdge" : "Bucket"},
          "valid", {{"msg", hx(m)}, {"padded", hx(p)}});
  }
  Json& gu = d.group({{"op", "unpad"}});
  const Bytes m = rng.bytes(10);
  const Bytes p = sb(must(proto::pad(m), "pad"));
  d.add(gu, "10 bytes from a 256-byte bucket", {"Bucket"}, "valid", {{"padded", hx(p)}, {"msg", hx(m)}});
  const auto bad = [&](std::string comment, const Bytes& b) {
    d.add(gu, std::move(comment), {"BadPadding"}, "invalid", {{"padded", hx(b)}}, "E2E_ERR_DECODE");
  };
  bad("all zeros, no 0x80 marker", Bytes(256, 0));
  Bytes b = p;
  b.back() = 0x01;
  bad("last byte 0x01", b);
  b = p;
  b[m.size() + 2] = 0x01;
  bad("a non-zero byte after the 0x80 marker", b);
  bad("255 bytes: not a bucket size", Bytes(p.begin(), p.end() - 1));
  b = p;
  b.push_back(0);
  bad("257 bytes: not a bucket size", b);
  bad("empty", Bytes{});
  b = Bytes(512, 0);
  b[0] = 0x80;
  bad("512 bytes: not a bucket size", b);
  b = Bytes(256, 0);
  b.back() = 0x80;
  b[0] = 0x80;
  d.add(gu, "marker in the last byte: the payload keeps its own 0x80", {"Bucket"}, "valid",
        {{"padded", hx(b)}, {"msg", hx(Bytes(b.begin(), b.end() - 1))}});
  d.write(out, "padding");
}

}  // namespace e2e::vectors::gen
