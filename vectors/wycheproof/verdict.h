// The three-way Wycheproof verdict. Adapters only report what each operation
// did (accepted or rejected, and whether an accepted output equals the expected
// one); judge() alone decides pass or fail, so the rules live in one place:
//   valid      every operation must accept with exactly the expected output;
//   invalid    every operation must reject;
//   acceptable either outcome passes, but an accepted output must still match.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace e2e::wycheproof {

// Expected is a test's `result`.
enum class Expected { kValid, kInvalid, kAcceptable };

// expected_name returns "valid", "invalid" or "acceptable".
std::string_view expected_name(Expected e);

// OpOutcome: what one operation of a test (seal, open, verify, ecdh, ...) did.
struct OpOutcome {
  std::string op;
  bool accepted = false;
  bool matches = false;  // meaningful only when accepted
  std::string detail;    // rejection reason, or "got ... want ..." on a mismatch

  // rejected records an operation that failed with |e|.
  static OpOutcome rejected(std::string op, const Error& e);
  // rejected_because records a rejection decided before the crypto call
  // (for example a test input the runner cannot hand to the API at all).
  static OpOutcome rejected_because(std::string op, std::string why);
  // produced records an accepted operation whose output |got| must equal |want|.
  static OpOutcome produced(std::string op, ByteView got, ByteView want);
  // accepted_unchecked records an accepted operation whose output is not
  // compared: a verifier (no output), or any operation of an invalid test.
  static OpOutcome accepted_unchecked(std::string op);
};

// CaseVerdict: the outcome of one test.
struct CaseVerdict {
  bool passed = false;
  bool accepted = false;  // at least one operation accepted
  std::string reason;     // why it failed; empty when it passed
};

// judge applies the three-way rule to the operations a test ran. A test that
// ran no operation fails (it would otherwise pass silently).
CaseVerdict judge(Expected expected, const std::vector<OpOutcome>& ops);

// describe_mismatch renders "got <hex> want <hex>", abbreviating long values.
std::string describe_mismatch(ByteView got, ByteView want);

}  // namespace e2e::wycheproof
