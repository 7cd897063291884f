#include <gtest/gtest.h>

#include "claims/command_line.h"

namespace e2e::audit {
namespace {

using V = std::vector<std::string>;

TEST(CommandLine, SplitsOnWhitespace) {
  EXPECT_EQ(split_command_line("  e2eproof   adapter\t--preset x ").value(), (V{"e2eproof", "adapter", "--preset", "x"}));
}

TEST(CommandLine, Quotes) {
  EXPECT_EQ(split_command_line(R"(python3 'my adapter.py' "a \"b\" \\c" d\ e '')").value(),
            (V{"python3", "my adapter.py", R"(a "b" \c)", "d e", ""}));
  EXPECT_EQ(split_command_line(R"(x"y"'z')").value(), (V{"xyz"}));
  EXPECT_EQ(split_command_line(R"("a\nb")").value(), (V{R"(a\nb)"}));  // no other escapes inside "..."
}

TEST(CommandLine, Errors) {
  EXPECT_EQ(split_command_line("a 'b").code(), Errc::kInvalidArgument);
  EXPECT_EQ(split_command_line("a \"b").code(), Errc::kInvalidArgument);
  EXPECT_EQ(split_command_line("a \\").code(), Errc::kInvalidArgument);
  EXPECT_EQ(split_command_line("   ").code(), Errc::kInvalidArgument);
}

}  // namespace
}  // namespace e2e::audit
