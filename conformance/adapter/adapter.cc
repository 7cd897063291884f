#include "adapter/adapter.h"

#include <charconv>
#include <utility>

#include "adapter/output_lines.h"
#include "common/encoding.h"
#include "protocol/ids.h"
#include "protocol/preset.h"
#include "protocol/strict_json.h"
#include "verify/ops.h"

#ifndef E2E_VERSION
#define E2E_VERSION "unknown"
#endif

namespace e2e::adapter {
namespace {

constexpr std::string_view kProtocolName = "e2eproof-adapter";

Error state_error(std::string detail) { return make_error(Errc::kState, std::move(detail)); }

// parse_seed: a decimal uint64 in canonical form (no sign, no leading zero).
Result<uint64_t> parse_seed(std::string_view s) {
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  const bool canonical = !s.empty() && (s.size() == 1 || s[0] != '0');
  if (ec != std::errc() || end != s.data() + s.size() || !canonical) {
    return Params::bad("seed", "expected a decimal unsigned 64-bit integer in a string");
  }
  return v;
}

// offers_v1: whether hello's "versions" list holds major 1 with minor_min <= our minor.
Result<bool> offers_v1(const Params& p) {
  const json* versions = p.find("versions");
  if (versions == nullptr) return Params::bad("versions", "missing");
  if (!versions->is_array()) return Params::bad("versions", "expected an array");
  bool ok = false;
  for (size_t i = 0; i < versions->size(); ++i) {
    const json& v = (*versions)[i];
    const std::string field = "versions[" + std::to_string(i) + "]";
    if (!v.is_object()) return Params::bad(field, "expected an object");
    const auto major = v.find("major");
    const auto minor = v.find("minor_min");
    if (major == v.end() || !major->is_number_unsigned()) {
      return Params::bad(field + ".major", "expected an integer >= 0");
    }
    if (minor == v.end() || !minor->is_number_unsigned()) {
      return Params::bad(field + ".minor_min", "expected an integer >= 0");
    }
    ok = ok || (major->get<uint64_t>() == kProtocolMajor && minor->get<uint64_t>() <= kProtocolMinor);
  }
  return ok;
}

// A frame the client never saw: its parse error as the deliver error. Only
// the size bound keeps its own reason; everything else is decode_error.
Error frame_error(const Error& e) {
  const Errc code = e.code == Errc::kLimitExceeded ? e.code : Errc::kDecodeError;
  return make_error(code, "relay frame: " + std::string(errc_name(e.code)) + ": " + e.detail);
}

}  // namespace

Adapter::Adapter(std::ostream* log, LogLevel level) : log_(log), level_(level) {}
Adapter::~Adapter() = default;

std::span<const Adapter::Method> Adapter::method_table() {
  // The order is the one hello announces.
  static const Method kMethods[] = {
      {"hello", Needs::kNoHello, &Adapter::hello},
      {"create_device", Needs::kHelloNoDevice, &Adapter::create_device},
      {"import_state", Needs::kHelloNoDevice, &Adapter::import_state},
      {"export_state", Needs::kDevice, &Adapter::export_state},
      {"set_clock", Needs::kHello, &Adapter::set_clock},
      {"register", Needs::kDevice, &Adapter::register_device},
      {"create_chat", Needs::kDevice, &Adapter::create_chat},
      {"share_code", Needs::kDevice, &Adapter::share_code},
      {"join_with_share_code", Needs::kDevice, &Adapter::join_with_share_code},
      {"leave", Needs::kDevice, &Adapter::leave},
      {"add_member", Needs::kDevice, &Adapter::add_member},
      {"remove_member", Needs::kDevice, &Adapter::remove_member},
      {"create_invite", Needs::kDevice, &Adapter::create_invite},
      {"accept_invite", Needs::kDevice, &Adapter::accept_invite},
      {"send", Needs::kDevice, &Adapter::send},
      {"set_typing", Needs::kDevice, &Adapter::set_typing},
      {"fetch", Needs::kDevice, &Adapter::fetch},
      {"deliver", Needs::kDevice, &Adapter::deliver},
      {"members", Needs::kDevice, &Adapter::members},
      {"vector", Needs::kHello, &Adapter::vector},
      {"shutdown", Needs::kNothing, &Adapter::shutdown},
  };
  return kMethods;
}

std::vector<std::string> Adapter::methods() {
  std::vector<std::string> names;
  for (const Method& m : method_table()) names.emplace_back(m.name);
  return names;
}

const std::vector<std::string>& Adapter::hooks() {
  static const std::vector<std::string> kHooks = {"state_export", "state_import", "clock",
                                                  "kill_restart"};
  return kHooks;
}

void Adapter::log(LogLevel level, const std::string& line) const {
  if (log_ == nullptr || level_ < level) return;
  *log_ << "e2eproof adapter[" << (device_ ? *device_ : std::string("-")) << "]: " << line << "\n";
  log_->flush();
}

std::vector<std::string> Adapter::handle_line(std::string_view line) {
  auto request = parse_request(line);
  if (!request.ok()) {
    // Whatever the parser's reason (size, depth, syntax), a bad line is a
    // malformed request (docs/ADAPTER.md §1); the message keeps the cause.
    const Error& cause = request.error();
    const Error e = make_error(Errc::kInvalidArgument,
                               "bad request line: " + cause.to_string());
    log(LogLevel::kInfo, "line refused: " + e.to_string());
    return {error_line(std::nullopt, e)};
  }
  return handle(*request);
}

std::vector<std::string> Adapter::handle(const Request& request) {
  Lines out;
  const Method* method = nullptr;
  for (const Method& m : method_table()) {
    if (m.name == request.method) method = &m;
  }
  Result<json> result = make_error(Errc::kInternal, "not run");
  if (method == nullptr) {
    result = make_error(Errc::kUnsupported,
                        "unknown method '" + proto::internal::printable(request.method) + "'");
  } else if (auto ready = check(method->needs); !ready.ok()) {
    result = ready.error();
  } else {
    const Params params(request.params);
    result = (this->*(method->handler))(params, out);
  }
  const std::string name = proto::internal::printable(request.method);
  if (result.ok()) {
    log(LogLevel::kDebug, "#" + std::to_string(request.id) + " " + name + ": ok, " +
                              std::to_string(out.size()) + " event(s)");
    out.push_back(response_line(request.id, *result));
  } else {
    // A refused vector operation is that operation's answer, not a failure.
    const bool answer = request.method == "vector" && code_for(result.error().code) == "rejected";
    log(answer ? LogLevel::kDebug : LogLevel::kInfo,
        "#" + std::to_string(request.id) + " " + name + ": " + result.error().to_string());
    // A failed request shows no events: client operations change nothing when
    // they fail, and every handler fails before it emits.
    out.clear();
    out.push_back(error_line(request.id, result.error()));
  }
  return out;
}

Result<void> Adapter::check(Needs needs) const {
  switch (needs) {
    case Needs::kNothing:
      return ok_result();
    case Needs::kNoHello:
      if (device_) return state_error("hello was already answered");
      return ok_result();
    case Needs::kHello:
      if (!device_) return state_error("hello must come first");
      return ok_result();
    case Needs::kHelloNoDevice:
      if (!device_) return state_error("hello must come first");
      if (client_) return state_error("this process already runs a device");
      return ok_result();
    case Needs::kDevice:
      if (!device_) return state_error("hello must come first");
      if (!client_) return state_error("no device yet: create_device or import_state first");
      return ok_result();
  }
  return state_error("unknown precondition");
}

void Adapter::emit(const client::Step& step, Lines& out) const {
  // Frames first, then the events shown, each in the client's order. The
  // engine rebuilds a client::Step, which keeps the two lists apart anyway.
  for (const auto& f : step.out) out.push_back(event_line(transmit_to_json(f)));
  for (const auto& e : step.events) out.push_back(event_line(event_to_json(e)));
}

Result<json> Adapter::step_result(Result<client::Step> step, Lines& out) const {
  if (!step.ok()) return step.error();
  emit(*step, out);
  return json::object();
}

// ---- lifecycle ---------------------------------------------------------------

Result<json> Adapter::hello(const Params& p, Lines& /*out*/) {
  // hello alone tolerates unknown fields: a newer engine may say more here
  // before it knows which version this adapter speaks.
  E2E_ASSIGN_OR_RETURN(std::string protocol, p.str("protocol"));
  if (protocol != kProtocolName) {
    return make_error(Errc::kUnsupported,
                      "protocol '" + proto::internal::printable(protocol) + "' is not " +
                          std::string(kProtocolName));
  }
  E2E_ASSIGN_OR_RETURN(bool compatible, offers_v1(p));
  if (!compatible) return make_error(Errc::kUnsupported, "adapter incompatible: supports " + std::to_string(kProtocolMajor) + "." + std::to_string(kProtocolMinor));
  E2E_ASSIGN_OR_RETURN(std::string device, p.str("device"));
  if (!proto::valid_id(device)) return Params::bad("device", "expected an identifier [A-Za-z0-9_-]{1,64}");
  E2E_ASSIGN_OR_RETURN(std::string seed_text, p.str("seed"));
  E2E_ASSIGN_OR_RETURN(uint64_t seed, parse_seed(seed_text));
  if (p.has("suite")) E2E_TRY(p.str("suite"));

  rng_ = std::make_unique<DeterministicRng>(seed, "adapter/" + device);
  device_ = device;
  log(LogLevel::kDebug, "hello: protocol 1.1");
  json presets = json::array();
  for (const auto& name : proto::preset_names()) presets.push_back(name);
  // No "claims" in 1.0: which claims an implementation supports is declared
  // per preset in a later minor version (docs/ADAPTER.md §4).
  return json{{"version", {{"major", kProtocolMajor}, {"minor", kProtocolMinor}}},
              {"implementation", {{"name", "e2eproof-reference"}, {"version", E2E_VERSION}}},
              {"capabilities", {{"presets", presets}, {"hooks", hooks()}, {"methods", methods()},
                                {"vectors", vectors::op_families()}}}};
}

Result<json> Adapter::create_device(const Params& p, Lines& /*out*/) {
  E2E_TRY(p.only({"device", "name", "preset"}));
  E2E_ASSIGN_OR_RETURN(std::string device, p.str("device"));
  E2E_ASSIGN_OR_RETURN(std::string name, p.str("name"));
  E2E_ASSIGN_OR_RETURN(std::string preset_name, p.str("preset"));
  if (device != *device_) return Params::bad("device", "differs from the device of hello");
  auto preset = proto::find_preset(preset_name);
  if (!preset.ok()) {
    return make_error(Errc::kUnsupported,
                      "preset '" + proto::internal::printable(preset_name) + "' is not implemented");
  }
  E2E_ASSIGN_OR_RETURN(client::Client c, client::Client::create(device, name, *preset, *rng_, clock_));
  client_ = std::make_unique<client::Client>(std::move(c));
  return json{{"dh_public_b64", base64url_encode(client_->dh_public())},
              {"sig_public_b64", base64url_encode(client_->sig_public())}};
}

Result<json> Adapter::import_state(const Params& p, Lines& /*out*/) {
  E2E_TRY(p.only({"state_b64"}));
  E2E_ASSIGN_OR_RETURN(SecretBytes doc, p.secret_b64("state_b64"));
  E2E_ASSIGN_OR_RETURN(client::Client c, client::Client::import_state(doc.reveal(), *rng_, clock_));
  if (c.device() != *device_) return Params::bad("state_b64", "holds another device than hello's");
  client_ = std::make_unique<client::Client>(std::move(c));
  return json::object();
}

Result<json> Adapter::export_state(const Params& p, Lines& /*out*/) {
  E2E_TRY(p.only({}));
  const SecretBytes doc = client_->export_state();
  return json{{"state_b64", base64url_encode(doc.reveal())}};
}

Result<json> Adapter::set_clock(const Params& p, Lines& /*out*/) {
  E2E_TRY(p.only({"now_ms"}));
  E2E_ASSIGN_OR_RETURN(int64_t now, p.i64("now_ms"));
  clock_.set_ms(now);
  return json::object();
}

Result<json> Adapter::shutdown(const Params& p, Lines& /*out*/) {
  E2E_TRY(p.only({}));
  done_ = true;
  return json::object();
}

// ---- client operations -----------------------------------------------------------

Result<json> Adapter::register_device(const Params& p, Lines& out) {
  E2E_TRY(p.only({}));
  return step_result(client_->register_device(), out);
}

Result<json> Adapter::create_chat(const Params& p, Lines& out) {
  E2E_TRY(p.only({"chat"}));
  E2E_ASSIGN_OR_RETURN(std::string chat, p.str("chat"));
  return step_result(client_->create_chat(chat), out);
}

Result<json> Adapter::share_code(const Params& p, Lines& /*out*/) {
  E2E_TRY(p.only({"chat"}));
  E2E_ASSIGN_OR_RETURN(std::string chat, p.str("chat"));
  E2E_ASSIGN_OR_RETURN(std::string code, client_->share_code(chat));
  return json{{"code", code}};
}

Result<json> Adapter::join_with_share_code(const Params& p, Lines& out) {
  E2E_TRY(p.only({"code"}));
  E2E_ASSIGN_OR_RETURN(std::string code, p.str("code"));
  return step_result(client_->join_with_share_code(code), out);
}

Result<json> Adapter::leave(const Params& p, Lines& out) {
  E2E_TRY(p.only({"chat"}));
  E2E_ASSIGN_OR_RETURN(std::string chat, p.str("chat"));
  return step_result(client_->leave(chat), out);
}

Result<json> Adapter::add_member(const Params& p, Lines& out) {
  E2E_TRY(p.only({"chat", "device"}));
  E2E_ASSIGN_OR_RETURN(std::string chat, p.str("chat"));
  E2E_ASSIGN_OR_RETURN(std::string device, p.str("device"));
  return step_result(client_->add_member(chat, device), out);
}

Result<json> Adapter::remove_member(const Params& p, Lines& out) {
  E2E_TRY(p.only({"chat", "device"}));
  E2E_ASSIGN_OR_RETURN(std::string chat, p.str("chat"));
  E2E_ASSIGN_OR_RETURN(std::string device, p.str("device"));
  return step_result(client_->remove_member(chat, device), out);
}

Result<json> Adapter::create_invite(const Params& p, Lines& out) {
  E2E_TRY(p.only({"chat"}));
  E2E_ASSIGN_OR_RETURN(std::string chat, p.str("chat"));
  E2E_ASSIGN_OR_RETURN(auto invite, client_->create_invite(chat));
  emit(invite.second, out);
  return json{{"link", invite.first}};
}

Result<json> Adapter::accept_invite(const Params& p, Lines& out) {
  E2E_TRY(p.only({"link"}));
  E2E_ASSIGN_OR_RETURN(std::string link, p.str("link"));
  return step_result(client_->accept_invite(link), out);
}

Result<json> Adapter::send(const Params& p, Lines& out) {
  E2E_TRY(p.only({"chat", "plaintext_b64"}));
  E2E_ASSIGN_OR_RETURN(std::string chat, p.str("chat"));
  E2E_ASSIGN_OR_RETURN(SecretBytes text, p.secret_b64("plaintext_b64"));
  const ByteView t = text.reveal();
  return step_result(
      client_->send_text(chat, std::string_view(reinterpret_cast<const char*>(t.data()), t.size())),
      out);
}

Result<json> Adapter::set_typing(const Params& p, Lines& out) {
  E2E_TRY(p.only({"chat", "on"}));
  E2E_ASSIGN_OR_RETURN(std::string chat, p.str("chat"));
  E2E_ASSIGN_OR_RETURN(bool on, p.boolean("on"));
  return step_result(client_->set_typing(chat, on), out);
}

Result<json> Adapter::fetch(const Params& p, Lines& out) {
  E2E_TRY(p.only({}));
  return step_result(client_->fetch(), out);
}

Result<json> Adapter::deliver(const Params& p, Lines& out) {
  E2E_TRY(p.only({"bytes_b64"}));
  E2E_ASSIGN_OR_RETURN(Bytes bytes, p.b64("bytes_b64"));
  auto frame = proto::parse_relay_frame(to_string(bytes));
  if (!frame.ok()) return frame_error(frame.error());
  return step_result(client_->receive(*frame), out);
}

Result<json> Adapter::members(const Params& p, Lines& /*out*/) {
  E2E_TRY(p.only({"chat"}));
  E2E_ASSIGN_OR_RETURN(std::string chat, p.str("chat"));
  // Like Client::members: a chat this device does not know has no members.
  return json{{"members", client_->members(chat)}};
}

// ---- vectors (§4.1) -------------------------------------------------------------

// vector needs no device: the operations are pure functions of their input.
// Inputs may hold keys; they are never logged.
Result<json> Adapter::vector(const Params& p, Lines& /*out*/) {
  E2E_TRY(p.only({"op", "input"}));
  E2E_ASSIGN_OR_RETURN(std::string op, p.str("op"));
  const json* input = p.find("input");
  if (input == nullptr || !input->is_object()) return Params::bad("input", "expected an object");
  E2E_ASSIGN_OR_RETURN(json output, vectors::run_reference_op(op, *input));
  return json{{"output", std::move(output)}};
}

}  // namespace e2e::adapter
