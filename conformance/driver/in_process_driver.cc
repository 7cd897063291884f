// The reference client in this process, behind the Driver interface.
#include <memory>

#include "common/rng.h"
#include "driver/driver.h"

namespace e2e::driver {

std::string rng_label(const Id& device, uint32_t incarnation) {
  return "device/" + device + "/" + std::to_string(incarnation);
}

namespace {

class InProcessDriver final : public Driver {
 public:
  InProcessDriver(const DeviceSpec& spec, std::unique_ptr<DeterministicRng> rng,
                  client::Client c)
      : spec_(spec), rng_(std::move(rng)), client_(std::make_unique<client::Client>(std::move(c))) {}

  const Id& device() const override { return spec_.device; }

  Result<Step> register_device() override { return client_->register_device(); }
  Result<Step> create_chat(const Id& chat) override { return client_->create_chat(chat); }
  Result<std::string> share_code(const Id& chat) override { return client_->share_code(chat); }
  Result<Step> join_with_share_code(std::string_view code) override {
    return client_->join_with_share_code(code);
  }
  Result<Step> leave(const Id& chat) override { return client_->leave(chat); }
  Result<Step> add_member(const Id& chat, const Id& d) override { return client_->add_member(chat, d); }
  Result<Step> remove_member(const Id& chat, const Id& d) override {
    return client_->remove_member(chat, d);
  }
  Result<std::pair<std::string, Step>> create_invite(const Id& chat) override {
    return client_->create_invite(chat);
  }
  Result<Step> accept_invite(std::string_view link) override { return client_->accept_invite(link); }
  Result<Step> send_text(const Id& chat, std::string_view text) override {
    return client_->send_text(chat, text);
  }
  Result<Step> set_typing(const Id& chat, bool on) override { return client_->set_typing(chat, on); }
  Result<Step> fetch() override { return client_->fetch(); }
  Result<Step> receive(const proto::RelayFrame& frame) override { return client_->receive(frame); }
  Result<std::vector<Id>> members(const Id& chat) override { return client_->members(chat); }
  Result<SecretBytes> export_state() override { return client_->export_state(); }

  // restart: export, then a fresh client (with the next incarnation's random
  // stream) from the exported document, as a process restart would.
  Result<Step> restart() override {
    SecretBytes saved = client_->export_state();
    auto rng = std::make_unique<DeterministicRng>(spec_.seed, rng_label(spec_.device, ++incarnation_));
    E2E_ASSIGN_OR_RETURN(client::Client fresh,
                         client::Client::import_state(saved.reveal(), *rng, *spec_.clock));
    client_ = std::make_unique<client::Client>(std::move(fresh));
    rng_ = std::move(rng);
    return Step{};
  }

  client::Client* in_process() override { return client_.get(); }

 private:
  DeviceSpec spec_;
  std::unique_ptr<DeterministicRng> rng_;  // outlives client_, which points at it
  std::unique_ptr<client::Client> client_;
  uint32_t incarnation_ = 0;
};

}  // namespace

DriverFactory in_process_factory() {
  return [](const DeviceSpec& spec) -> Result<std::unique_ptr<Driver>> {
    if (spec.clock == nullptr) return make_error(Errc::kInvalidArgument, "in-process driver: no clock");
    auto rng = std::make_unique<DeterministicRng>(spec.seed, rng_label(spec.device, 0));
    E2E_ASSIGN_OR_RETURN(client::Client c,
                         client::Client::create(spec.device, spec.name, spec.preset, *rng, *spec.clock));
    return std::unique_ptr<Driver>(std::make_unique<InProcessDriver>(spec, std::move(rng), std::move(c)));
  };
}

}  // namespace e2e::driver
