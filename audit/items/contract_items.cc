#include "items/contract_items.h"

#include <sys/wait.h>

#include <algorithm>
#include <optional>

#include "driver/reply_reader.h"
#include "items/contract_session.h"

namespace e2e::items {
namespace {

using nlohmann::json;
using Session = ContractSession;

// A negative check's wait: after a response nothing may follow. Passing never
// depends on it; only a late line makes it matter.
constexpr int kQuietMs = 300;
// How long an adapter may take to exit once it must.
constexpr int kExitMs = 2'000;
const char* const kDevice = "contract";

// nullopt: the sub-checks passed; otherwise the first failure, fully worded.
using Check = std::optional<std::string>;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
std::string q(std::string_view s) { return "'" + driver::quote_line(s) + "'"; }

json versions_v1() { return json::array({{{"major", 1}, {"minor_min", 0}}}); }

json hello_params(json versions = versions_v1(), std::string protocol = "e2eproof-adapter") {
  return {{"protocol", std::move(protocol)}, {"versions", std::move(versions)}, {"device", kDevice}, {"seed", "1"}};
}

// Call: one request line and what came back.
struct Call {
  std::string sent;
  uint64_t id = 0;
  Session::Exchange ex;

  std::string got() const { return ex.response ? "got " + q(ex.response->text) : ex.ended; }
  const json* response() const { return ex.response ? &*ex.response->json : nullptr; }
  // error_code: the response's error.code, or nullopt when it is no error.
  std::optional<std::string> error_code() const {
    const json* r = response();
    if (r == nullptr) return std::nullopt;
    const auto e = r->find("error");
    if (e == r->end() || !e->is_object()) return std::nullopt;
    const auto c = e->find("code");
    if (c == e->end() || !c->is_string()) return std::nullopt;
    return c->get<std::string>();
  }
  bool id_is(const json& want) const {
    const json* r = response();
    return r != nullptr && r->find("id") != r->end() && (*r)["id"] == want;
  }
};

// Run: one adapter process and the next request id.
class Run {
 public:
  static Result<Run> open(const driver::AdapterOptions& adapter) {
    E2E_ASSIGN_OR_RETURN(auto s, Session::start(adapter));
    return Run(std::move(s));
  }
  Call call(std::string_view method, json params) {
    const uint64_t id = next_++;
    return raw(dump(json{{"id", id}, {"method", std::string(method)}, {"params", std::move(params)}}), id);
  }
  Call raw(std::string line, uint64_t id = 0) {
    Call c{std::move(line), id, {}};
    c.ex = session_->exchange(c.sent);
    return c;
  }
  Session& session() { return *session_; }

 private:
  explicit Run(std::unique_ptr<Session> s) : session_(std::move(s)) {}
  std::unique_ptr<Session> session_;
  uint64_t next_ = 1;
};

// error_is: |c| was answered {"id": want_id, "error": {"code": code, ...}}.
Check error_is(const std::string& what, const Call& c, const json& want_id, std::string_view code) {
  if (c.id_is(want_id) && c.error_code() == std::string(code)) return std::nullopt;
  return what + ": sent " + q(c.sent) + ", expected error '" + std::string(code) + "' with id " + dump(want_id) +
         ", " + c.got();
}

// result_is: |c| was answered {"id": its id, "result": {...}}; |out| gets the result.
Check result_is(const std::string& what, const Call& c, json* out = nullptr) {
  const json* r = c.response();
  if (c.id_is(c.id) && r->size() == 2 && r->contains("result") && (*r)["result"].is_object()) {
    if (out != nullptr) *out = (*r)["result"];
    return std::nullopt;
  }
  return what + ": sent " + q(c.sent) + ", expected a result with id " + std::to_string(c.id) + ", " + c.got();
}

// answered: |c| got some response with its id (the adapter carried on).
Check answered(const std::string& what, const Call& c) {
  if (c.id_is(c.id)) return std::nullopt;
  return what + ": sent " + q(c.sent) + ", expected a response with id " + std::to_string(c.id) + ", " + c.got();
}

#define CHECK(expr)                   \
  do {                                \
    if (Check e2e_c = (expr)) return e2e_c; \
  } while (0)

// hello answers the default hello and keeps its result.
Check hello(Run& run, json* result) { return result_is("hello", run.call("hello", hello_params()), result); }

// first_preset: a preset the hello declared, for create_device.
Result<std::string> first_preset(const json& hello_result) {
  const auto presets = driver::hello_strings(hello_result, "presets");
  if (presets.empty()) return make_error(Errc::kUnsupported, "hello declares no preset");
  return presets.front();
}

json device_params(const std::string& preset) { return {{"device", kDevice}, {"name", "Contract"}, {"preset", preset}}; }

bool has(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// Opens a process, says hello and creates the device. |hello_result| gets the hello.
Result<Check> with_device(const driver::AdapterOptions& a, std::optional<Run>& run, json& hello_result) {
  E2E_ASSIGN_OR_RETURN(Run r, Run::open(a));
  run.emplace(std::move(r));
  if (Check c = hello(*run, &hello_result)) return c;
  auto preset = first_preset(hello_result);
  if (!preset.ok()) return Check("hello: " + preset.error().detail);
  return result_is("create_device", run->call("create_device", device_params(*preset)));
}

// ---- the cases ------------------------------------------------------------------

Result<Check> malformed_line(const driver::AdapterOptions& a) {
  E2E_ASSIGN_OR_RETURN(Run run, Run::open(a));
  const std::string deep = "{\"id\":1,\"method\":\"frobnicate\",\"params\":{\"a\":" + std::string(70, '[') +
                           std::string(70, ']') + "}}";
  const std::pair<const char*, std::string> lines[] = {
      {"not JSON", "this is not JSON"},
      {"duplicate keys", R"({"id":1,"id":2,"method":"frobnicate","params":{}})"},
      {"nesting deeper than 64", deep},
      {"invalid UTF-8", "{\"id\":1,\"method\":\"frobnicate\",\"params\":{\"x\":\"\xff\xfe\"}}"},
  };
  bool said_hello = false;
  for (int round = 0; round < 2; ++round) {
    for (const auto& [what, line] : lines) {
      const std::string when = std::string(what) + (said_hello ? " (after hello)" : " (before hello)");
      CHECK(error_is(when, run.raw(line), json(nullptr), "invalid_params"));
      CHECK(answered(when + ", then the next request", run.call("frobnicate", json::object())));
    }
    if (!said_hello) CHECK(hello(run, nullptr));
    said_hello = true;
  }
  return Check();
}

Result<Check> not_a_request(const driver::AdapterOptions& a) {
  E2E_ASSIGN_OR_RETURN(Run run, Run::open(a));
  const std::pair<const char*, std::string> lines[] = {
      {"an array", R"([{"id":1,"method":"frobnicate","params":{}}])"},
      {"a string", R"("frobnicate")"},
      {"id missing", R"({"method":"frobnicate","params":{}})"},
      {"id negative", R"({"id":-1,"method":"frobnicate","params":{}})"},
      {"id not an integer (1.5)", R"({"id":1.5,"method":"frobnicate","params":{}})"},
      {"id a string", R"({"id":"1","method":"frobnicate","params":{}})"},
      {"method missing", R"({"id":1,"params":{}})"},
      {"method not a string", R"({"id":1,"method":5,"params":{}})"},
      {"params not an object", R"({"id":1,"method":"frobnicate","params":[]})"},
      {"an extra top-level field", R"({"id":1,"method":"frobnicate","params":{},"x":1})"},
  };
  for (const auto& [what, line] : lines) CHECK(error_is(what, run.raw(line), json(nullptr), "invalid_params"));
  CHECK(answered("after the bad lines, the next request", run.call("frobnicate", json::object())));
  return Check();
}

Result<Check> unknown_method(const driver::AdapterOptions& a) {
  std::optional<Run> none;
  E2E_ASSIGN_OR_RETURN(Run run, Run::open(a));
  Call c = run.call("frobnicate", json::object());
  CHECK(error_is("an unknown method before hello", c, json(c.id), "unsupported"));
  json h;
  CHECK(hello(run, &h));
  c = run.call("frobnicate", {{"chat", "g"}});
  CHECK(error_is("an unknown method after hello", c, json(c.id), "unsupported"));
  c = run.call("HELLO", hello_params());
  CHECK(error_is("a method name in the wrong case after hello", c, json(c.id), "unsupported"));
  auto preset = first_preset(h);
  if (!preset.ok()) return Check("hello: " + preset.error().detail);
  CHECK(result_is("create_device", run.call("create_device", device_params(*preset))));
  c = run.call("frobnicate", json::object());
  CHECK(error_is("an unknown method after create_device", c, json(c.id), "unsupported"));
  return Check();
}

Result<Check> bad_params(const driver::AdapterOptions& a) {
  E2E_ASSIGN_OR_RETURN(Run run, Run::open(a));
  json h;
  CHECK(hello(run, &h));
  auto preset = first_preset(h);
  if (!preset.ok()) return Check("hello: " + preset.error().detail);
  const auto hooks = driver::hello_strings(h, "hooks");
  auto bad = [&](const char* what, const char* method, json params) -> Check {
    Call c = run.call(method, std::move(params));
    return error_is(std::string(method) + " with " + what, c, json(c.id), "invalid_params");
  };
  CHECK(bad("'preset' missing", "create_device", {{"device", kDevice}, {"name", "Contract"}}));
  CHECK(bad("'preset' not a string", "create_device", {{"device", kDevice}, {"name", "Contract"}, {"preset", 5}}));
  json unlisted = device_params(*preset);
  unlisted["colour"] = "blue";
  CHECK(bad("an unlisted 'colour'", "create_device", unlisted));
  if (has(hooks, "clock")) CHECK(bad("'now_ms' a string", "set_clock", {{"now_ms", "5"}}));
  CHECK(result_is("create_device", run.call("create_device", device_params(*preset))));
  CHECK(bad("'chat' missing", "create_chat", json::object()));
  CHECK(bad("'chat' not a string", "create_chat", {{"chat", 5}}));
  CHECK(bad("an unlisted 'extra'", "create_chat", {{"chat", "g"}, {"extra", 1}}));
  CHECK(bad("'plaintext_b64' missing", "send", {{"chat", "g"}}));
  CHECK(bad("'plaintext_b64' not a string", "send", {{"chat", "g"}, {"plaintext_b64", json::array()}}));
  CHECK(bad("'bytes_b64' not a string", "deliver", {{"bytes_b64", 5}}));
  CHECK(bad("'bytes_b64' missing", "deliver", json::object()));
  CHECK(bad("an unlisted 'x'", "members", {{"chat", "g"}, {"x", true}}));
  CHECK(bad("an unlisted 'x'", "fetch", {{"x", 1}}));
  CHECK(bad("an unlisted 'x'", "register", {{"x", 1}}));
  const auto methods = driver::hello_strings(h, "methods");
  if (has(methods, "set_typing")) CHECK(bad("'on' not a boolean", "set_typing", {{"chat", "g"}, {"on", "yes"}}));
  if (has(methods, "add_member")) CHECK(bad("'device' missing", "add_member", {{"chat", "g"}}));
  return Check();
}

Result<Check> wrong_state(const driver::AdapterOptions& a) {
  E2E_ASSIGN_OR_RETURN(Run run, Run::open(a));
  auto state = [&](const std::string& what, const char* method, json params) -> Check {
    Call c = run.call(method, std::move(params));
    return error_is(what, c, json(c.id), "state");
  };
  CHECK(state("members before hello", "members", {{"chat", "g"}}));
  CHECK(state("register before hello", "register", json::object()));
  CHECK(state("members before hello with bad params (state comes first)", "members", {{"chat", 5}}));
  json h;
  CHECK(hello(run, &h));
  auto preset = first_preset(h);
  if (!preset.ok()) return Check("hello: " + preset.error().detail);
  CHECK(state("a second hello", "hello", hello_params()));
  CHECK(state("create_chat before create_device", "create_chat", {{"chat", "g"}}));
  CHECK(state("register before create_device", "register", json::object()));
  CHECK(state("create_chat before create_device with 'chat' not a string (state comes first)", "create_chat",
              {{"chat", 5}}));
  CHECK(state("send before create_device with params missing (state comes first)", "send", json::object()));
  CHECK(result_is("create_device", run.call("create_device", device_params(*preset))));
  CHECK(state("a second create_device", "create_device", device_params(*preset)));
  const auto methods = driver::hello_strings(h, "methods");
  if (has(methods, "import_state")) CHECK(state("import_state after create_device", "import_state", {{"state_b64", "e30"}}));
  return Check();
}

// transmits: how many of |c|'s lines before the response were transmit events.
size_t transmits(const Call& c) {
  size_t n = 0;
  for (const auto& l : c.ex.before) {
    if (l.json && l.json->is_object() && l.json->value("event", json()) == "transmit") ++n;
  }
  return n;
}

Result<Check> completion(const driver::AdapterOptions& a) {
  std::optional<Run> run;
  json h;
  E2E_ASSIGN_OR_RETURN(Check started, with_device(a, run, h));
  CHECK(started);
  auto step = [&](const char* method, json params, bool must_transmit) -> Check {
    Call c = run->call(method, std::move(params));
    CHECK(result_is(method, c));
    if (must_transmit && transmits(c) == 0) {
      return std::string(method) + ": its frame must come as a transmit event before the response; the response " +
             q(c.ex.response->text) + " came with no transmit before it";
    }
    if (auto late = run->session().quiet(kQuietMs)) {
      return std::string(method) + ": a line came after its response " + q(c.ex.response->text) + ": " +
             q(late->text) + " (every event belongs before the response)";
    }
    return std::nullopt;
  };
  CHECK(step("register", json::object(), true));
  CHECK(step("create_chat", {{"chat", "g"}}, false));
  CHECK(step("send", {{"chat", "g"}, {"plaintext_b64", "aGk"}}, false));
  CHECK(step("fetch", json::object(), true));
  CHECK(step("members", {{"chat", "g"}}, false));
  return Check();
}

// exits_zero: after |what|, the process exits 0 within kExitMs.
Check exits_zero(const std::string& what, Session& s) {
  const auto st = s.exit_status(kExitMs);
  if (!st) {
    s.kill();
    return what + ": still running " + std::to_string(kExitMs) + " ms later (killed)";
  }
  if (!WIFEXITED(*st) || WEXITSTATUS(*st) != 0) return what + ": the adapter " + driver::describe_status(*st);
  return std::nullopt;
}

Result<Check> end_of_input(const driver::AdapterOptions& a) {
  {
    E2E_ASSIGN_OR_RETURN(Run run, Run::open(a));
    run.session().close_stdin();
    CHECK(exits_zero("stdin closed before hello", run.session()));
  }
  {
    std::optional<Run> run;
    json h;
    E2E_ASSIGN_OR_RETURN(Check started, with_device(a, run, h));
    CHECK(started);
    run->session().close_stdin();
    CHECK(exits_zero("stdin closed after create_device, without shutdown", run->session()));
  }
  {
    E2E_ASSIGN_OR_RETURN(Run run, Run::open(a));
    CHECK(hello(run, nullptr));
    CHECK(result_is("shutdown", run.call("shutdown", json::object())));
    run.session().close_stdin();
    CHECK(exits_zero("stdin closed after shutdown", run.session()));
  }
  return Check();
}

Result<Check> shutdown(const driver::AdapterOptions& a) {
  std::optional<Run> run;
  json h;
  E2E_ASSIGN_OR_RETURN(Check started, with_device(a, run, h));
  CHECK(started);
  Call c = run->call("shutdown", json::object());
  json result;
  CHECK(result_is("shutdown", c, &result));
  if (!result.empty()) return Check("shutdown: expected the result {}, got " + q(c.ex.response->text));
  if (!c.ex.before.empty()) return Check("shutdown: a line before its response: " + q(c.ex.before.front().text));
  // Stdin stays open: the adapter must go by itself.
  (void)run->session().write(dump(json{{"id", 99}, {"method", "frobnicate"}, {"params", json::object()}}));
  const auto rest = run->session().ends(kExitMs);
  if (!rest) {
    run->session().kill();
    return Check("shutdown: stdout still open " + std::to_string(kExitMs) + " ms after the response (killed)");
  }
  if (!rest->empty()) return Check("shutdown: a line after the response: " + q(rest->front().text));
  CHECK(exits_zero("after shutdown, stdin still open", run->session()));
  return Check();
}

// version_of: result.version {major, minor} as integers, or nullopt.
std::optional<std::pair<uint64_t, uint64_t>> version_of(const json& result) {
  const auto v = result.find("version");
  if (v == result.end() || !v->is_object()) return std::nullopt;
  const auto ma = v->find("major"), mi = v->find("minor");
  if (ma == v->end() || mi == v->end() || !ma->is_number_unsigned() || !mi->is_number_unsigned()) return std::nullopt;
  return std::pair<uint64_t, uint64_t>{ma->get<uint64_t>(), mi->get<uint64_t>()};
}

Result<Check> hello_versions(const driver::AdapterOptions& a) {
  auto refused = [&](const std::string& what, json params) -> Result<Check> {
    E2E_ASSIGN_OR_RETURN(Run run, Run::open(a));
    Call c = run.call("hello", std::move(params));
    return error_is(what, c, json(c.id), "unsupported");
  };
  auto accepted = [&](const std::string& what, json versions, json& result) -> Result<Check> {
    E2E_ASSIGN_OR_RETURN(Run run, Run::open(a));
    Call c = run.call("hello", hello_params(std::move(versions)));
    if (Check f = result_is(what, c, &result)) return f;
    if (!version_of(result)) return Check(what + ": no integer version.major and version.minor in " + q(c.ex.response->text));
    return Check();
  };
  E2E_ASSIGN_OR_RETURN(Check c1, refused("hello offering only major 2", hello_params(json::array({{{"major", 2}, {"minor_min", 0}}}))));
  CHECK(c1);
  E2E_ASSIGN_OR_RETURN(Check c2, refused("hello with protocol 'other-protocol'", hello_params(versions_v1(), "other-protocol")));
  CHECK(c2);
  json r;
  E2E_ASSIGN_OR_RETURN(Check c3, accepted("hello offering major 2 then major 1",
                                          json::array({{{"major", 2}, {"minor_min", 0}}, {{"major", 1}, {"minor_min", 0}}}), r));
  CHECK(c3);
  const auto [major, minor] = *version_of(r);
  if (major != 1) return Check("hello offering major 2 then major 1: chose major " + std::to_string(major) + ", expected 1");
  // Offered exactly its own minor: accepted, and the answer is its own minor.
  json r2;
  E2E_ASSIGN_OR_RETURN(Check c4, accepted("hello offering major 1 from minor " + std::to_string(minor),
                                          json::array({{{"major", 1}, {"minor_min", minor}}}), r2));
  CHECK(c4);
  if (*version_of(r2) != std::pair<uint64_t, uint64_t>{1, minor}) {
    return Check("hello offering major 1 from minor " + std::to_string(minor) + ": answered " + dump(r2["version"]) +
                 ", expected its own version 1." + std::to_string(minor));
  }
  E2E_ASSIGN_OR_RETURN(Check c5, refused("hello offering major 1 only from minor " + std::to_string(minor + 1) +
                                             " (above the adapter's own 1." + std::to_string(minor) + ")",
                                         hello_params(json::array({{{"major", 1}, {"minor_min", minor + 1}}}))));
  CHECK(c5);
  return Check();
}

Result<Check> hooks(const driver::AdapterOptions& a) {
  E2E_ASSIGN_OR_RETURN(Run first, Run::open(a));
  json h;
  CHECK(hello(first, &h));
  const auto declared = driver::hello_strings(h, "hooks");
  const auto methods = driver::hello_strings(h, "methods");
  auto preset = first_preset(h);
  if (!preset.ok()) return Check("hello: " + preset.error().detail);
  if (has(declared, "clock")) {
    CHECK(result_is("set_clock before create_device (hook clock declared)",
                    first.call("set_clock", {{"now_ms", 1'700'000'000'000}})));
  }
  CHECK(result_is("create_device", first.call("create_device", device_params(*preset))));
  if (has(declared, "clock")) {
    CHECK(result_is("set_clock after create_device (hook clock declared)",
                    first.call("set_clock", {{"now_ms", 1'700'000'060'000}})));
  }
  std::optional<Run> later;
  Run* current = &first;
  if (has(declared, "state_export")) {
    json saved;
    Call c = first.call("export_state", json::object());
    CHECK(result_is("export_state (hook state_export declared)", c, &saved));
    auto doc = driver::string_result(saved, "state_b64");
    if (!doc.ok()) return Check("export_state (hook state_export declared): " + doc.error().detail + ", got " + q(c.ex.response->text));
    if (has(declared, "state_import")) {
      // kill_restart: the engine may kill without a shutdown; otherwise the polite way.
      if (has(declared, "kill_restart")) {
        first.session().kill();
      } else {
        CHECK(result_is("shutdown before the restart", first.call("shutdown", json::object())));
      }
      E2E_ASSIGN_OR_RETURN(Run r, Run::open(a));
      later.emplace(std::move(r));
      CHECK(hello(*later, nullptr));
      CHECK(result_is("import_state in a new process of the exported document (hook state_import declared)",
                      later->call("import_state", {{"state_b64", *doc}})));
      current = &*later;
    }
  }
  // Every declared method is implemented: with empty params it may be refused
  // for its params or its state, but never as unsupported.
  for (const auto& m : methods) {
    if (m == "hello" || m == "shutdown" || m == "create_device" || m == "import_state") continue;
    if ((m == "set_clock" && !has(declared, "clock")) || (m == "export_state" && !has(declared, "state_export"))) continue;
    Call c = current->call(m, json::object());
    CHECK(answered("declared method " + m, c));
    if (c.error_code() == std::string("unsupported")) {
      return Check("declared method " + m + ": sent " + q(c.sent) + ", answered unsupported: " + q(c.ex.response->text));
    }
  }
  return Check();
}

#undef CHECK

using CaseFn = Result<Check> (*)(const driver::AdapterOptions&);
struct CaseEntry {
  ContractCase info;
  CaseFn run;
};

const std::vector<CaseEntry>& table() {
  static const std::vector<CaseEntry> kCases = {
      {{"contract/malformed-line", "lines that are not JSON or break its rules get invalid_params with id null"}, malformed_line},
      {{"contract/not-a-request", "JSON lines that are not requests get invalid_params with id null"}, not_a_request},
      {{"contract/unknown-method", "an unknown method is unsupported, before and after hello"}, unknown_method},
      {{"contract/bad-params", "missing, mistyped and unlisted params are invalid_params"}, bad_params},
      {{"contract/wrong-state", "calls in the wrong state are state, checked before params"}, wrong_state},
      {{"contract/completion", "a request's events come before its response, nothing after"}, completion},
      {{"contract/end-of-input", "stdin closed: exit 0 promptly, with or without shutdown"}, end_of_input},
      {{"contract/shutdown", "shutdown answers {}, writes nothing more and exits 0"}, shutdown},
      {{"contract/hello-versions", "version negotiation: unsupported majors refused, the minor as specified"}, hello_versions},
      {{"contract/hooks", "every declared hook and method answers"}, hooks},
  };
  return kCases;
}

}  // namespace

const std::vector<ContractCase>& contract_cases() {
  static const std::vector<ContractCase> kInfo = [] {
    std::vector<ContractCase> out;
    for (const auto& c : table()) out.push_back(c.info);
    return out;
  }();
  return kInfo;
}

bool is_contract_case(const std::string& id) {
  return std::any_of(table().begin(), table().end(), [&](const CaseEntry& c) { return c.info.id == id; });
}

Result<ItemResult> run_contract_case(const std::string& id, const driver::AdapterOptions& adapter) {
  const auto it = std::find_if(table().begin(), table().end(), [&](const CaseEntry& c) { return c.info.id == id; });
  if (it == table().end()) return make_error(Errc::kNotFound, "no such item: " + id);
  E2E_ASSIGN_OR_RETURN(Check failed, it->run(adapter));
  ItemResult r;
  r.id = id;
  r.status = failed ? "fail" : "pass";
  r.message = failed ? *failed : it->info.title;
  return r;
}

}  // namespace e2e::items
