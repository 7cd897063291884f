// HMAC-SHA-256 (mac_test_schema_v1.json) through crypto::hmac_sha256{,_verify}.
// Every test runs the verifier with tag_len = tagSize/8; a valid test also
// computes the MAC and compares its first tagSize/8 bytes with `tag`.
#include <algorithm>

#include "crypto/hmac.h"
#include "wycheproof/adapters.h"

namespace e2e::wycheproof::mac {
namespace {

struct Case {
  Bytes key, msg, tag;
  size_t tag_len = 0;
};

std::vector<OpOutcome> run(const Case& c, Expected expected) {
  std::vector<OpOutcome> ops;
  auto verified = crypto::hmac_sha256_verify(c.key, c.msg, c.tag, c.tag_len);
  ops.push_back(verified.ok() ? OpOutcome::accepted_unchecked("hmac_sha256_verify")
                              : OpOutcome::rejected("hmac_sha256_verify", verified.error()));
  if (expected == Expected::kValid) {
    auto full = crypto::hmac_sha256(c.key, c.msg);
    if (!full.ok()) {
      ops.push_back(OpOutcome::rejected("hmac_sha256", full.error()));
    } else {
      ByteView got(*full);
      ops.push_back(
          OpOutcome::produced("hmac_sha256", got.first(std::min(c.tag_len, got.size())), c.tag));
    }
  }
  return ops;
}

FileResult<size_t> tag_len(const Fields& group) {
  E2E_ASSIGN_OR_RETURN(int64_t bits, group.integer("tagSize"));
  if (bits <= 0 || bits % 8 != 0 || bits > static_cast<int64_t>(crypto::kHmacSha256Len * 8)) {
    return group.error(Problem::kUnsupported, "tagSize",
                       "unsupported tagSize " + std::to_string(bits) +
                           " (HMAC-SHA-256 tags are 8..256 bits in whole bytes)");
  }
  return static_cast<size_t>(bits / 8);
}

}  // namespace

FileStatus check_group(const Fields& group) {
  E2E_ASSIGN_OR_RETURN(size_t len, tag_len(group));
  (void)len;
  return {};
}

FileResult<CaseRunner> prepare(const Fields& group, const Fields& test) {
  Case c;
  E2E_ASSIGN_OR_RETURN(c.tag_len, tag_len(group));
  E2E_ASSIGN_OR_RETURN(c.key, test.hex("key"));
  E2E_ASSIGN_OR_RETURN(c.msg, test.hex("msg"));
  E2E_ASSIGN_OR_RETURN(c.tag, test.hex("tag"));
  return CaseRunner([c = std::move(c)](Expected e) { return run(c, e); });
}

}  // namespace e2e::wycheproof::mac
