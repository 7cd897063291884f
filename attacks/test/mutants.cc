#include "mutants.h"

#include <nlohmann/json.hpp>

#include "common/rng.h"

namespace e2e::attacks::testing {
namespace {

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

class Amnesiac final : public Forwarding {
 public:
  Amnesiac(std::unique_ptr<driver::Driver> inner, const driver::DeviceSpec& spec)
      : Forwarding(std::move(inner)), rng_(spec.seed, "mutant/amnesiac/" + spec.device), clock_(spec.clock) {}

  Result<driver::Step> receive(const proto::RelayFrame& f) override {
    E2E_ASSIGN_OR_RETURN(driver::Step step, inner_->receive(f));
    E2E_TRY(forget());
    return step;
  }

 private:
  Result<void> forget() {
    client::Client* c = inner_->in_process();
    if (c == nullptr) return make_error(Errc::kUnsupported, "amnesiac mutant: in-process clients only");
    const SecretBytes saved = c->export_state();
    const ByteView doc = saved.reveal();
    nlohmann::json j = nlohmann::json::parse(doc.begin(), doc.end());
    j["seen"] = nlohmann::json::array();
    for (auto& chat : j["chats"]) {
      if (chat.contains("hardened")) chat["hardened"]["windows"] = nlohmann::json::array();
    }
    const std::string text = j.dump();
    E2E_ASSIGN_OR_RETURN(client::Client fresh, client::Client::import_state(as_bytes(text), rng_, *clock_));
    *c = std::move(fresh);
    return ok_result();
  }

  DeterministicRng rng_;
  const Clock* clock_;
};

class Leaky final : public Forwarding {
 public:
  using Forwarding::Forwarding;
  Result<driver::Step> send_text(const proto::Id& chat, std::string_view text) override {
    E2E_ASSIGN_OR_RETURN(driver::Step step, inner_->send_text(chat, text));
    // rid and cmid far from the client's own counters, so nothing collides.
    ++leaks_;
    step.out.emplace_back(proto::Send{(uint64_t{1} << 40) + leaks_, chat, "leak" + std::to_string(leaks_),
                                      nlohmann::json{{"debug", std::string(text)}}});
    return step;
  }

 private:
  uint64_t leaks_ = 0;
};

}  // namespace

driver::DriverFactory amnesiac_factory() {
  auto inner = driver::in_process_factory();
  return [inner](const driver::DeviceSpec& spec) -> Result<std::unique_ptr<driver::Driver>> {
    E2E_ASSIGN_OR_RETURN(std::unique_ptr<driver::Driver> d, inner(spec));
    return std::unique_ptr<driver::Driver>(std::make_unique<Amnesiac>(std::move(d), spec));
  };
}

driver::DriverFactory leaky_factory() {
  auto inner = driver::in_process_factory();
  return [inner](const driver::DeviceSpec& spec) -> Result<std::unique_ptr<driver::Driver>> {
    E2E_ASSIGN_OR_RETURN(std::unique_ptr<driver::Driver> d, inner(spec));
    return std::unique_ptr<driver::Driver>(std::make_unique<Leaky>(std::move(d)));
  };
}

}  // namespace e2e::attacks::testing
