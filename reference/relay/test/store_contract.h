// The Store contract (relay/store.h) as a type-parameterised GoogleTest suite.
// A backend's test file instantiates it with a factory:
//
//   struct MyFactory {
//     std::unique_ptr<Store> make();   // a fresh, empty store; called once per test
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(My, StoreContract, MyFactory);
//
// The factory object lives as long as the test (a destructor may delete files).
// gtest needs the instantiations in the file that registers the suite, so the
// MemoryStore and SqliteStore instantiations are at the end of store_contract.cc;
// add a new backend's factory there.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/temp_dir.h"
#include "relay/store.h"

namespace e2e::relay::test {

template <class Factory>
class StoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = factory_.make();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override { store_.reset(); }

  Store& s() { return *store_; }

  Factory factory_;
  std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE_P(StoreContract);

// describe_store renders everything |s| answers about the listed keys as text,
// so two stores (or one store before and after a failed batch) compare with ==.
std::string describe_store(const Store& s, const std::vector<proto::Id>& devices,
                           const std::vector<proto::Id>& chats,
                           const std::vector<std::pair<proto::Id, proto::Id>>& dedups);

// A message item / roster item with recognisable fields, for contract tests.
proto::Deliver msg_item(UnixMillis ts, const proto::Id& chat = "c", const proto::Id& from = "a");
proto::Deliver roster_item(UnixMillis ts, proto::RosterOp op, const proto::Id& device,
                           std::optional<Bytes> signed_op);

}  // namespace e2e::relay::test
