// The adapter-process driver: each Driver method is one request of
// docs/ADAPTER.md to the device's adapter process (adapter_process.h).
#include <initializer_list>
#include <memory>

#include "common/encoding.h"
#include "driver/adapter_process.h"
#include "driver/driver.h"
#include "protocol/frame.h"

namespace e2e::driver {
namespace {

using nlohmann::json;
using Reply = AdapterProcess::Reply;

class AdapterDriver final : public Driver {
 public:
  AdapterDriver(AdapterOptions options, DeviceSpec spec) : options_(std::move(options)), spec_(std::move(spec)) {}

  // start: the first process life, and a new device in it.
  Result<void> start() {
    E2E_TRY(spawn());
    E2E_TRY(call("create_device", {{"device", spec_.device}, {"name", spec_.name}, {"preset", spec_.preset.name}}));
    return ok_result();
  }

  const Id& device() const override { return spec_.device; }

  Result<Step> register_device() override { return step("register", json::object()); }
  Result<Step> create_chat(const Id& chat) override { return step("create_chat", {{"chat", chat}}); }
  Result<std::string> share_code(const Id& chat) override {
    E2E_ASSIGN_OR_RETURN(Reply r, call("share_code", {{"chat", chat}}));
    return string_field(r, "share_code", "code");
  }
  Result<Step> join_with_share_code(std::string_view code) override {
    return step("join_with_share_code", {{"code", code}});
  }
  Result<Step> leave(const Id& chat) override { return step("leave", {{"chat", chat}}); }
  Result<Step> add_member(const Id& chat, const Id& d) override {
    return step("add_member", {{"chat", chat}, {"device", d}});
  }
  Result<Step> remove_member(const Id& chat, const Id& d) override {
    return step("remove_member", {{"chat", chat}, {"device", d}});
  }
  Result<std::pair<std::string, Step>> create_invite(const Id& chat) override {
    E2E_ASSIGN_OR_RETURN(Reply r, call("create_invite", {{"chat", chat}}));
    E2E_ASSIGN_OR_RETURN(std::string link, string_field(r, "create_invite", "link"));
    return std::pair<std::string, Step>{std::move(link), std::move(r.step)};
  }
  Result<Step> accept_invite(std::string_view link) override { return step("accept_invite", {{"link", link}}); }
  Result<Step> send_text(const Id& chat, std::string_view text) override {
    const ByteView bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    return step("send", {{"chat", chat}, {"plaintext_b64", base64url_encode(bytes)}});
  }
  Result<Step> set_typing(const Id& chat, bool on) override {
    return step("set_typing", {{"chat", chat}, {"on", on}});
  }
  Result<Step> fetch() override { return step("fetch", json::object()); }
  Result<Step> receive(const proto::RelayFrame& frame) override {
    const std::string text = proto::serialize(frame);
    const ByteView bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    return step("deliver", {{"bytes_b64", base64url_encode(bytes)}});
  }

  Result<std::vector<Id>> members(const Id& chat) override {
    E2E_ASSIGN_OR_RETURN(Reply r, call("members", {{"chat", chat}}));
    auto out = members_result(r.result);
    if (!out.ok()) return process_->violation("members", out.error().detail);
    return out;
  }

  Result<SecretBytes> export_state() override {
    E2E_TRY(need_hooks("export_state", {"state_export"}));
    E2E_ASSIGN_OR_RETURN(std::string b64, exported());
    auto doc = base64url_decode(b64);
    if (!doc.ok()) return process_->violation("export_state", "'state_b64' is not base64url");
    return SecretBytes(*doc);
  }

  // restart: the state leaves the old process, which is killed (hook
  // kill_restart) or shut down (killed if it lingers); a new process (the
  // next incarnation, a new seed) imports it.
  Result<Step> restart() override {
    E2E_TRY(need_hooks("restart", {"state_export", "state_import"}));
    E2E_ASSIGN_OR_RETURN(std::string b64, exported());
    // With kill_restart the old life ends as a crash would (no shutdown).
    if (process_->declares("kill_restart")) {
      process_->kill_now();
    } else {
      process_->stop();
    }
    ++incarnation_;
    E2E_TRY(spawn());
    auto imported = call("import_state", {{"state_b64", std::move(b64)}});
    if (!imported.ok()) return hook_error("import_state", imported.error());
    return std::move(imported->step);
  }

 private:
  Result<void> spawn() {
    process_.reset();
    clock_sent_.reset();  // a new process starts at 0 (§4 set_clock)
    auto started = AdapterProcess::start(options_, spec_.device, adapter_seed(spec_.seed, spec_.device, incarnation_));
    if (!started.ok()) {
      no_process_ = started.error();  // a failed restart leaves the device down for good
      return started.error();
    }
    process_ = std::move(started).value();
    return ok_result();
  }

  // call sends one request, telling the adapter the time first if it moved
  // and it declared the clock hook.
  Result<Reply> call(std::string_view method, json params) {
    if (!process_) return no_process_;
    const int64_t now = spec_.clock->now_ms();
    if (clock_sent_ != now && process_->declares("clock")) {
      auto set = process_->request("set_clock", {{"now_ms", now}});
      if (!set.ok()) return hook_error("set_clock", set.error());
      clock_sent_ = now;
    }
    return process_->request(method, std::move(params));
  }

  // need_hooks: kUnsupported unless the device's hello declared every hook
  // |what| needs (the items skip what an implementation does not declare, so
  // this is the engine's own mistake showing).
  Result<void> need_hooks(std::string_view what, std::initializer_list<std::string_view> hooks) {
    if (!process_) return no_process_;
    for (std::string_view h : hooks) {
      if (!process_->declares(h)) {
        return make_error(Errc::kUnsupported, std::string(what) + " of " + spec_.device + " needs hook " +
                                                  std::string(h) + ", not declared by the implementation");
      }
    }
    return ok_result();
  }

  // hook_error: a hook's error response is a broken promise (kHookRefused);
  // a dead process stays the process failure it is.
  Error hook_error(std::string_view method, const Error& e) {
    if (!process_ || process_->dead()) return e;
    return make_error(e.code, std::string(kHookRefused) + "'" + std::string(method) + "' answered by " +
                                  spec_.device + "'s adapter with " + e.to_string());
  }

  // exported: export_state's state_b64 (a hook error marked as such).
  Result<std::string> exported() {
    auto saved = call("export_state", json::object());
    if (!saved.ok()) return hook_error("export_state", saved.error());
    return string_field(*saved, "export_state", "state_b64");
  }

  Result<Step> step(std::string_view method, json params) {
    E2E_ASSIGN_OR_RETURN(Reply r, call(method, std::move(params)));
    return std::move(r.step);
  }

  Result<std::string> string_field(const Reply& r, std::string_view method, const char* key) {
    auto s = string_result(r.result, key);
    if (!s.ok()) return process_->violation(method, s.error().detail);
    return s;
  }

  AdapterOptions options_;
  DeviceSpec spec_;
  std::unique_ptr<AdapterProcess> process_;
  uint32_t incarnation_ = 0;
  std::optional<int64_t> clock_sent_;
  Error no_process_ = make_error(Errc::kState, "no adapter process");
};

}  // namespace

bool hook_refusal(std::string_view detail) { return detail.find(kHookRefused) != std::string_view::npos; }

DriverFactory adapter_factory(AdapterOptions options) {
  return [options = std::move(options)](const DeviceSpec& spec) -> Result<std::unique_ptr<Driver>> {
    if (spec.clock == nullptr) return make_error(Errc::kInvalidArgument, "adapter driver: no clock");
    if (options.argv.empty()) return make_error(Errc::kInvalidArgument, "adapter driver: no adapter command");
    auto d = std::make_unique<AdapterDriver>(options, spec);
    E2E_TRY(d->start());
    return std::unique_ptr<Driver>(std::move(d));
  };
}

}  // namespace e2e::driver
