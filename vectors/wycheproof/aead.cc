// AES-GCM (aead_test_schema_v1.json) through crypto::AesGcm.
//
// valid / acceptable: seal(iv, aad, msg) must equal ct||tag and open(ct||tag)
// must return msg (acceptable: only what is accepted is compared).
// invalid: open must be rejected; the API then holds no plaintext to release.
// Our primitive only makes 16-byte tags, so a group with tagSize != 128 is
// reported as unsupported (exit 2) instead of guessing how to count it.
#include "crypto/aes_gcm.h"
#include "wycheproof/adapters.h"

namespace e2e::wycheproof::aead {
namespace {

struct Case {
  Bytes key, iv, aad, msg, ct_tag;
};

std::vector<OpOutcome> run(const Case& c, Expected expected) {
  std::vector<OpOutcome> ops;
  auto gcm = crypto::AesGcm::create(c.key);
  if (!gcm.ok()) {
    ops.push_back(OpOutcome::rejected("AesGcm::create", gcm.error()));
    return ops;
  }
  if (expected != Expected::kInvalid) {
    auto sealed = gcm->seal(c.iv, c.aad, c.msg);
    ops.push_back(sealed.ok() ? OpOutcome::produced("seal", *sealed, c.ct_tag)
                              : OpOutcome::rejected("seal", sealed.error()));
  }
  auto opened = gcm->open(c.iv, c.aad, c.ct_tag);
  if (!opened.ok()) {
    ops.push_back(OpOutcome::rejected("open", opened.error()));
  } else if (expected == Expected::kInvalid) {
    ops.push_back(OpOutcome::accepted_unchecked("open"));
  } else {
    ops.push_back(OpOutcome::produced("open", opened->reveal(), c.msg));
  }
  return ops;
}

}  // namespace

FileStatus check_group(std::string_view, const Fields& group) {
  E2E_TRY(check_aes_key_size(group));
  E2E_ASSIGN_OR_RETURN(int64_t iv_bits, group.integer("ivSize"));
  if (iv_bits < 0) return group.error(Problem::kBadValue, "ivSize", "negative ivSize");
  E2E_ASSIGN_OR_RETURN(int64_t tag_bits, group.integer("tagSize"));
  if (tag_bits != 128) {
    return group.error(Problem::kUnsupported, "tagSize",
                       "unsupported tagSize " + std::to_string(tag_bits) +
                           " (crypto::AesGcm only produces and accepts 128-bit tags)");
  }
  return {};
}

FileResult<CaseRunner> prepare(std::string_view, const Fields&, const Fields& test) {
  Case c;
  E2E_ASSIGN_OR_RETURN(c.key, test.hex("key"));
  E2E_ASSIGN_OR_RETURN(c.iv, test.hex("iv"));
  E2E_ASSIGN_OR_RETURN(c.aad, test.hex("aad"));
  E2E_ASSIGN_OR_RETURN(c.msg, test.hex("msg"));
  E2E_ASSIGN_OR_RETURN(Bytes ct, test.hex("ct"));
  E2E_ASSIGN_OR_RETURN(Bytes tag, test.hex("tag"));
  c.ct_tag = concat({ct, tag});
  return CaseRunner([c = std::move(c)](Expected e) { return run(c, e); });
}

FileResult<std::optional<std::string>> policy(const Fields&, const Fields& test) {
  E2E_ASSIGN_OR_RETURN(Bytes iv, test.hex("iv"));
  if (iv.size() > crypto::AesGcm::kMaxIvLen) {
    return std::optional<std::string>(
        "IV of " + std::to_string(iv.size()) + " bytes: crypto::AesGcm takes 1.." +
        std::to_string(crypto::AesGcm::kMaxIvLen) +
        " (OpenSSL's GCM limit; the protocol uses 12), so it must refuse this test");
  }
  return std::optional<std::string>();
}

}  // namespace e2e::wycheproof::aead
