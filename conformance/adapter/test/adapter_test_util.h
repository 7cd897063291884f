// Helpers for driving an Adapter through handle_line in tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adapter/adapter.h"

namespace e2e::adapter::testing {

// Answer: one request's output, split and checked for shape.
struct Answer {
  std::vector<json> events;  // in order
  json response;             // {"id", "result"} or {"id", "error"}
  bool ok() const { return response.contains("result"); }
  const json& result() const { return response.at("result"); }
  std::string code() const { return ok() ? std::string() : response["error"]["code"].get<std::string>(); }
};

// split_output checks the completion rule: every line is one JSON object,
// events first, exactly one response, last.
inline Answer split_output(const std::vector<std::string>& lines) {
  Answer a;
  EXPECT_FALSE(lines.empty());
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].find('\n'), std::string::npos);
    const json j = json::parse(lines[i]);
    EXPECT_TRUE(j.is_object()) << lines[i];
    if (i + 1 < lines.size()) {
      EXPECT_TRUE(j.contains("event")) << "not an event before the response: " << lines[i];
      a.events.push_back(j);
    } else {
      EXPECT_TRUE(j.contains("id")) << "last line is not a response: " << lines[i];
      EXPECT_NE(j.contains("result"), j.contains("error")) << lines[i];
      a.response = j;
    }
  }
  return a;
}

inline Answer call(Adapter& a, uint64_t id, const std::string& method, const json& params = json::object()) {
  const json request = {{"id", id}, {"method", method}, {"params", params}};
  Answer out = split_output(a.handle_line(request.dump()));
  EXPECT_EQ(out.response["id"], id);
  return out;
}

inline json hello_params(const std::string& device, const std::string& seed = "1") {
  return {{"protocol", "e2eproof-adapter"},
          {"versions", json::array({{{"major", 1}, {"minor_min", 0}}})},
          {"device", device},
          {"seed", seed},
          {"suite", "test"}};
}

inline std::vector<json> of_kind(const std::vector<json>& events, const std::string& name) {
  std::vector<json> out;
  for (const auto& e : events) {
    if (e["event"] == name) out.push_back(e);
  }
  return out;
}

}  // namespace e2e::adapter::testing
