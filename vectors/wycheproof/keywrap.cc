// AES key wrap (keywrap_test_schema_v1.json): AES-WRAP via aes_kw_*, AES-KWP
// via aes_kwp_*.
//
// valid / acceptable: wrap(msg) must equal ct and unwrap(ct) must equal msg
// (acceptable: only accepted operations are compared).
// invalid: unwrap(ct) must be rejected; when msg itself cannot be wrapped at
// all (KW: empty or not a multiple of 8 bytes; KWP: empty), wrap(msg) must be
// rejected too. Other invalid tests carry a wrappable msg whose wrapping is
// simply not `ct`, so wrap is not run for them.
#include "crypto/key_wrap.h"
#include "wycheproof/adapters.h"

namespace e2e::wycheproof::keywrap {
namespace {

struct Case {
  bool padded = false;  // AES-KWP
  Bytes key, msg, ct;
};

bool wrappable(const Case& c) {
  if (c.msg.empty()) return false;
  return c.padded || c.msg.size() % 8 == 0;
}

std::vector<OpOutcome> run(const Case& c, Expected expected) {
  std::vector<OpOutcome> ops;
  const char* wrap_op = c.padded ? "aes_kwp_wrap" : "aes_kw_wrap";
  const char* unwrap_op = c.padded ? "aes_kwp_unwrap" : "aes_kw_unwrap";
  if (expected != Expected::kInvalid || !wrappable(c)) {
    auto wrapped =
        c.padded ? crypto::aes_kwp_wrap(c.key, c.msg) : crypto::aes_kw_wrap(c.key, c.msg);
    if (!wrapped.ok()) {
      ops.push_back(OpOutcome::rejected(wrap_op, wrapped.error()));
    } else if (expected == Expected::kInvalid) {
      ops.push_back(OpOutcome::accepted_unchecked(wrap_op));
    } else {
      ops.push_back(OpOutcome::produced(wrap_op, *wrapped, c.ct));
    }
  }
  auto unwrapped =
      c.padded ? crypto::aes_kwp_unwrap(c.key, c.ct) : crypto::aes_kw_unwrap(c.key, c.ct);
  if (!unwrapped.ok()) {
    ops.push_back(OpOutcome::rejected(unwrap_op, unwrapped.error()));
  } else if (expected == Expected::kInvalid) {
    ops.push_back(OpOutcome::accepted_unchecked(unwrap_op));
  } else {
    ops.push_back(OpOutcome::produced(unwrap_op, unwrapped->reveal(), c.msg));
  }
  return ops;
}

}  // namespace

FileStatus check_group(const Fields& group) { return check_aes_key_size(group); }

FileResult<CaseRunner> prepare(std::string_view algorithm, const Fields& test) {
  Case c;
  c.padded = algorithm == "AES-KWP";
  E2E_ASSIGN_OR_RETURN(c.key, test.hex("key"));
  E2E_ASSIGN_OR_RETURN(c.msg, test.hex("msg"));
  E2E_ASSIGN_OR_RETURN(c.ct, test.hex("ct"));
  return CaseRunner([c = std::move(c)](Expected e) { return run(c, e); });
}

}  // namespace e2e::wycheproof::keywrap
