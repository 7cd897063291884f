// Small helpers shared by the world tests.
#pragma once

#include <gtest/gtest.h>

#include <sstream>

#include <algorithm>
#include <string>
#include <vector>

#include "world/world.h"

namespace e2e::world::testing {

inline std::vector<std::string> texts(const World& w, const Id& who, const Id& chat) {
  std::vector<std::string> out;
  for (const auto& m : w.messages(who, chat)) out.push_back(m.sender + ": " + m.text);
  return out;
}

template <class E>
std::vector<E> events_of(const World& w, const Id& who) {
  std::vector<E> out;
  for (const auto& e : w.events(who)) {
    if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
  }
  return out;
}

inline bool holds_member(const std::vector<Id>& members, const Id& x) {
  return std::find(members.begin(), members.end(), x) != members.end();
}

#define E2E_RUN_OK(world, who, op)                              \
  do {                                                          \
    auto e2e_run_result_ = (world).run((who), (op));            \
    ASSERT_TRUE(e2e_run_result_.ok()) << e2e_run_result_.error(); \
  } while (0)

}  // namespace e2e::world::testing
