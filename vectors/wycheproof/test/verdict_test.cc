// The three-way verdict, without any crypto.
#include "wycheproof/verdict.h"

#include <gtest/gtest.h>

namespace e2e::wycheproof {
namespace {

const Bytes kOut = {1, 2, 3};
const Bytes kOther = {1, 2, 4};

OpOutcome good() { return OpOutcome::produced("op", kOut, kOut); }
OpOutcome wrong() { return OpOutcome::produced("op", kOther, kOut); }
OpOutcome refused() { return OpOutcome::rejected("op", make_error(Errc::kAuthFailed)); }

TEST(Verdict, ValidMustBeAcceptedWithTheExpectedOutput) {
  EXPECT_TRUE(judge(Expected::kValid, {good(), good()}).passed);
  auto rejected = judge(Expected::kValid, {good(), refused()});
  EXPECT_FALSE(rejected.passed);
  EXPECT_NE(rejected.reason.find("rejected a valid input"), std::string::npos);
  EXPECT_NE(rejected.reason.find("E2E_ERR_AUTH_FAILED"), std::string::npos);
  auto differs = judge(Expected::kValid, {wrong()});
  EXPECT_FALSE(differs.passed);
  EXPECT_NE(differs.reason.find("got 010204 want 010203"), std::string::npos);
}

TEST(Verdict, InvalidMustBeRejected) {
  auto v = judge(Expected::kInvalid, {refused()});
  EXPECT_TRUE(v.passed);
  EXPECT_FALSE(v.accepted);
  auto accepted = judge(Expected::kInvalid, {OpOutcome::accepted_unchecked("open")});
  EXPECT_FALSE(accepted.passed);
  EXPECT_NE(accepted.reason.find("open accepted an invalid input"), std::string::npos);
  // Every operation must reject, not just one.
  EXPECT_FALSE(
      judge(Expected::kInvalid, {refused(), OpOutcome::accepted_unchecked("wrap")}).passed);
}

TEST(Verdict, AcceptableEitherWayButAcceptedOutputMustMatch) {
  auto rejected = judge(Expected::kAcceptable, {refused()});
  EXPECT_TRUE(rejected.passed);
  EXPECT_FALSE(rejected.accepted);
  auto accepted = judge(Expected::kAcceptable, {good()});
  EXPECT_TRUE(accepted.passed);
  EXPECT_TRUE(accepted.accepted);
  auto wrong_output = judge(Expected::kAcceptable, {wrong()});
  EXPECT_FALSE(wrong_output.passed);
  EXPECT_TRUE(wrong_output.accepted);
  EXPECT_NE(wrong_output.reason.find("accepted with a wrong output"), std::string::npos);
  // One operation rejecting does not excuse another accepting wrongly.
  EXPECT_FALSE(judge(Expected::kAcceptable, {refused(), wrong()}).passed);
}

TEST(Verdict, NoOperationIsAFailure) {
  for (auto e : {Expected::kValid, Expected::kInvalid, Expected::kAcceptable}) {
    EXPECT_FALSE(judge(e, {}).passed);
  }
}

TEST(Verdict, LongMismatchesAreAbbreviated) {
  Bytes a(100, 0xaa), b(100, 0xaa);
  b[70] = 0;
  std::string s = describe_mismatch(a, b);
  EXPECT_NE(s.find("(100 bytes)"), std::string::npos);
  EXPECT_NE(s.find("first difference at byte 70"), std::string::npos);
  EXPECT_LT(s.size(), 250u);
  EXPECT_NE(describe_mismatch({}, kOut).find("length 0 vs 3"), std::string::npos);
}

}  // namespace
}  // namespace e2e::wycheproof
