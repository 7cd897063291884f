#include "common/result.h"

#include <gtest/gtest.h>

#include <set>

namespace e2e {
namespace {

Result<int> half(int x) {
  if (x % 2 != 0) return make_error(Errc::kInvalidArgument, "odd");
  return x / 2;
}

Result<int> quarter(int x) {
  E2E_ASSIGN_OR_RETURN(int h, half(x));
  return half(h);
}

Result<void> check_even(int x) {
  E2E_TRY(half(x));
  return ok_result();
}

TEST(Result, CarriesValueOrError) {
  auto ok = half(4);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 2);
  auto bad = half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.code(), Errc::kInvalidArgument);
  EXPECT_EQ(bad.error().to_string(), "E2E_ERR_INVALID_ARGUMENT: odd");
}

TEST(Result, MacrosPropagateErrors) {
  EXPECT_EQ(*quarter(8), 2);
  EXPECT_EQ(quarter(6).code(), Errc::kInvalidArgument);  // 6/2 = 3 is odd
  EXPECT_TRUE(check_even(2).ok());
  EXPECT_EQ(check_even(1).code(), Errc::kInvalidArgument);
}

TEST(ResultDeathTest, ValueOnErrorAborts) {
  EXPECT_DEATH({ (void)half(1).value(); }, "value\\(\\) on a failed Result");
}

TEST(Errc, CategoriesSitInHighBits) {
  EXPECT_EQ(category(Errc::kAuthFailed), ErrCategory::kAuth);
  EXPECT_EQ(category(Errc::kReplay), ErrCategory::kReplay);
  EXPECT_EQ(category(Errc::kDecodeError), ErrCategory::kMalformed);
  EXPECT_EQ(category(Errc::kInternal), ErrCategory::kInternal);
}

TEST(Errc, StableNamesAreUniqueAndRoundTrip) {
  std::set<std::string_view> names;
  const Errc all[] = {
#define E2E_ERRC_ALL(name, cat, idx, stable, msg) Errc::name,
      E2E_ERRC_LIST(E2E_ERRC_ALL)
#undef E2E_ERRC_ALL
  };
  for (Errc c : all) {
    auto name = errc_name(c);
    EXPECT_TRUE(name.starts_with("E2E_ERR_"));
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(errc_from_name(name), c);
    EXPECT_FALSE(errc_message(c).empty());
  }
  EXPECT_EQ(errc_from_name("E2E_ERR_NOPE"), std::nullopt);
}

}  // namespace
}  // namespace e2e
