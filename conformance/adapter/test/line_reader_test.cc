// read_line and parse_request: the adapter's input must survive any bytes.
#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>

#include "adapter/line_reader.h"

namespace e2e::adapter {
namespace {

TEST(ReadLine, SplitsLinesAndReportsTheEnd) {
  std::istringstream in("one\ntwo\n\nlast");
  EXPECT_EQ(read_line(in).value(), std::optional<std::string>("one"));
  EXPECT_EQ(read_line(in).value(), std::optional<std::string>("two"));
  EXPECT_EQ(read_line(in).value(), std::optional<std::string>(""));
  EXPECT_EQ(read_line(in).value(), std::optional<std::string>("last"));  // no final "\n"
  EXPECT_EQ(read_line(in).value(), std::nullopt);
  EXPECT_EQ(read_line(in).value(), std::nullopt);
}

TEST(ReadLine, AnOverLongLineIsConsumedAndReportedThenReadingGoesOn) {
  std::istringstream in(std::string(11, 'x') + "\nok\n" + std::string(10, 'y') + "\n");
  auto first = read_line(in, 10);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.code(), Errc::kLimitExceeded);
  EXPECT_EQ(read_line(in, 10).value(), std::optional<std::string>("ok"));
  EXPECT_EQ(read_line(in, 10).value(), std::optional<std::string>(std::string(10, 'y')));  // at the bound
  EXPECT_EQ(read_line(in, 10).value(), std::nullopt);
}

TEST(ReadLine, TheDefaultCapIs16MiB) {
  EXPECT_EQ(kMaxLineBytes, size_t{16} * 1024 * 1024);
  std::string big(kMaxLineBytes + 1, 'a');
  big += "\n{}\n";
  std::istringstream in(std::move(big));
  EXPECT_EQ(read_line(in).code(), Errc::kLimitExceeded);
  EXPECT_EQ(read_line(in).value(), std::optional<std::string>("{}"));
}

TEST(ParseRequest, AcceptsTheDocumentedShapes) {
  auto r = parse_request(R"({"id": 7, "method": "send", "params": {"chat": "g"}})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->id, 7u);
  EXPECT_EQ(r->method, "send");
  EXPECT_EQ(r->params, nlohmann::json({{"chat", "g"}}));
  auto no_params = parse_request(R"({"method":"fetch","id":0})");
  ASSERT_TRUE(no_params.ok());
  EXPECT_EQ(no_params->params, nlohmann::json::object());
  auto big_id = parse_request(R"({"id":18446744073709551615,"method":"x"})");
  ASSERT_TRUE(big_id.ok());
  EXPECT_EQ(big_id->id, UINT64_MAX);
}

void expect_refused(std::string_view line, Errc code = Errc::kDecodeError,
                    std::string_view mention = "") {
  auto r = parse_request(line);
  ASSERT_FALSE(r.ok()) << line;
  EXPECT_EQ(r.code(), code) << line << " -> " << r.error();
  EXPECT_NE(r.error().detail.find(mention), std::string::npos) << r.error();
}

TEST(ParseRequest, RefusesEverythingElse) {
  expect_refused(R"({"id":1,"id":2,"method":"x"})", Errc::kDecodeError, "duplicate key");
  expect_refused(R"([1,2])", Errc::kDecodeError, "not a JSON object");
  expect_refused(R"("hello")");
  expect_refused(R"({"method":"x"})", Errc::kDecodeError, "'id'");
  expect_refused(R"({"id":-1,"method":"x"})", Errc::kDecodeError, "request.id");
  expect_refused(R"({"id":1.0,"method":"x"})", Errc::kDecodeError, "request.id");
  expect_refused(R"({"id":1.5,"method":"x"})", Errc::kDecodeError, "request.id");
  expect_refused(R"({"id":"1","method":"x"})", Errc::kDecodeError, "request.id");
  expect_refused(R"({"id":18446744073709551616,"method":"x"})", Errc::kDecodeError, "request.id");
  expect_refused(R"({"id":1})", Errc::kDecodeError, "'method'");
  expect_refused(R"({"id":1,"method":7})", Errc::kDecodeError, "request.method");
  expect_refused(R"({"id":1,"method":null})", Errc::kDecodeError, "request.method");
  expect_refused(R"({"id":1,"method":"x","params":[]})", Errc::kDecodeError, "request.params");
  expect_refused(R"({"id":1,"method":"x","params":null})", Errc::kDecodeError, "request.params");
  expect_refused(R"({"id":1,"method":"x","extra":1})", Errc::kDecodeError, "'extra'");
  expect_refused("\xEF\xBB\xBF{\"id\":1,\"method\":\"x\"}", Errc::kDecodeError, "byte-order mark");
  expect_refused(R"({"id":1,"method":"x"} {})");
  expect_refused(R"({"id":1,"method":"x")");
  expect_refused("");
  expect_refused("{\"id\":1,\"method\":\"\xFF\"}");  // not UTF-8
}

TEST(ParseRequest, BoundsDepthAndSize) {
  std::string deep = R"({"id":1,"method":"x","params":)";
  for (size_t i = 0; i < kMaxLineDepth; ++i) deep += R"({"a":)";
  deep += "1";
  for (size_t i = 0; i < kMaxLineDepth; ++i) deep += "}";
  deep += "}";
  expect_refused(deep, Errc::kLimitExceeded);

  std::string shallow = R"({"id":1,"method":"x","params":)";
  for (size_t i = 0; i + 2 < kMaxLineDepth; ++i) shallow += R"({"a":)";
  shallow += "1";
  for (size_t i = 0; i + 2 < kMaxLineDepth; ++i) shallow += "}";
  shallow += "}";
  EXPECT_TRUE(parse_request(shallow).ok());

  std::string big = R"({"id":1,"method":"x","params":{"s":")" + std::string(kMaxLineBytes, 'a') + "\"}}";
  expect_refused(big, Errc::kLimitExceeded);
}

TEST(ParseRequest, RandomBytesNeverCrash) {
  std::mt19937_64 gen(20240601);
  const std::string seeds[] = {R"({"id":1,"method":"send","params":{"chat":"g","x":[1,2,{"y":null}]}})",
                               "", "{", "[[[[", "\"\\u12"};
  for (int i = 0; i < 20000; ++i) {
    std::string s = seeds[static_cast<size_t>(i) % std::size(seeds)];
    const size_t edits = gen() % 8;
    for (size_t k = 0; k < edits; ++k) {
      const auto byte = static_cast<char>(gen() & 0xFF);
      if (s.empty() || gen() % 3 == 0) {
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(s.empty() ? 0 : gen() % s.size()), byte);
      } else if (gen() % 2 == 0) {
        s[gen() % s.size()] = byte;
      } else {
        s.erase(gen() % s.size(), 1);
      }
    }
    auto r = parse_request(s);
    if (r.ok()) {
      EXPECT_TRUE(r->params.is_object());
    }
  }
}

}  // namespace
}  // namespace e2e::adapter
