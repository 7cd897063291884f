// Test helper for mutant clients: a driver that forwards every call to the
// reference client, so a mutant overrides only the one call it weakens. Each
// attack's mutants live in its own test file (test/<stem>_test.cc).
#pragma once

#include <memory>

#include "driver/driver.h"

namespace e2e::attacks::testing {

// Forwards everything to the reference client; mutants override one call.
class Forwarding : public driver::Driver {
 public:
  explicit Forwarding(std::unique_ptr<driver::Driver> inner) : inner_(std::move(inner)) {}
  const proto::Id& device() const override { return inner_->device(); }
  Result<driver::Step> register_device() override { return inner_->register_device(); }
  Result<driver::Step> create_chat(const proto::Id& c) override { return inner_->create_chat(c); }
  Result<std::string> share_code(const proto::Id& c) override { return inner_->share_code(c); }
  Result<driver::Step> join_with_share_code(std::string_view code) override {
    return inner_->join_with_share_code(code);
  }
  Result<driver::Step> leave(const proto::Id& c) override { return inner_->leave(c); }
  Result<driver::Step> add_member(const proto::Id& c, const proto::Id& d) override { return inner_->add_member(c, d); }
  Result<driver::Step> remove_member(const proto::Id& c, const proto::Id& d) override {
    return inner_->remove_member(c, d);
  }
  Result<std::pair<std::string, driver::Step>> create_invite(const proto::Id& c) override {
    return inner_->create_invite(c);
  }
  Result<driver::Step> accept_invite(std::string_view link) override { return inner_->accept_invite(link); }
  Result<driver::Step> send_text(const proto::Id& c, std::string_view t) override { return inner_->send_text(c, t); }
  Result<driver::Step> set_typing(const proto::Id& c, bool on) override { return inner_->set_typing(c, on); }
  Result<driver::Step> fetch() override { return inner_->fetch(); }
  Result<driver::Step> receive(const proto::RelayFrame& f) override { return inner_->receive(f); }
  Result<std::vector<proto::Id>> members(const proto::Id& c) override { return inner_->members(c); }
  Result<SecretBytes> export_state() override { return inner_->export_state(); }
  Result<driver::Step> restart() override { return inner_->restart(); }
  client::Client* in_process() override { return inner_->in_process(); }

 protected:
  std::unique_ptr<driver::Driver> inner_;
};

// wrapping_factory: the in-process reference factory with every driver
// wrapped by |wrap| (the mutant).
template <class Wrap>
driver::DriverFactory wrapping_factory(Wrap wrap) {
  auto inner = driver::in_process_factory();
  return [inner, wrap](const driver::DeviceSpec& spec) -> Result<std::unique_ptr<driver::Driver>> {
    E2E_ASSIGN_OR_RETURN(std::unique_ptr<driver::Driver> d, inner(spec));
    return wrap(std::move(d), spec);
  };
}

}  // namespace e2e::attacks::testing
