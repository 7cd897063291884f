#include "items/contract_session.h"

#include "driver/reply_reader.h"
#include "protocol/strict_json.h"

namespace e2e::items {

using nlohmann::json;

namespace {
constexpr size_t kMaxLinesBefore = 10'000;
}  // namespace

Result<std::unique_ptr<ContractSession>> ContractSession::start(const driver::AdapterOptions& options) {
  driver::Subprocess::Options sp;
  sp.argv = options.argv;
  sp.max_line = driver::kMaxAdapterLine;
  auto proc = driver::Subprocess::spawn(std::move(sp));
  if (!proc.ok()) return make_error(proc.code(), "contract session: " + proc.error().detail);
  return std::unique_ptr<ContractSession>(
      new ContractSession(std::move(proc).value(), std::min(options.request_timeout_ms, 10'000)));
}

ContractSession::Line ContractSession::parse(std::string text) {
  Line l{std::move(text), std::nullopt};
  auto parsed = proto::internal::parse_strict_json(l.text, driver::kMaxAdapterLine, driver::kMaxAdapterDepth);
  if (parsed.ok()) l.json = std::move(parsed).value();
  return l;
}

bool is_response(const ContractSession::Line& line) {
  return line.json && line.json->is_object() && line.json->contains("id");
}

bool ContractSession::write(std::string_view line) {
  auto w = proc_->write_all(std::string(line) + "\n", driver::deadline_in(timeout_ms_));
  return w.ok() && *w == driver::Subprocess::Write::kDone;
}

ContractSession::Exchange ContractSession::exchange(std::string_view line) {
  Exchange ex;
  if (!write(line)) {
    ex.ended = "the adapter did not read the request (stdin closed or full)";
    return ex;
  }
  const auto deadline = driver::deadline_in(timeout_ms_);
  std::string text;
  for (;;) {
    if (eof_) {
      ex.ended = "stdout closed";
      return ex;
    }
    auto r = proc_->read_line(text, deadline);
    if (!r.ok()) {
      ex.ended = r.error().detail;
      return ex;
    }
    switch (*r) {
      case driver::Subprocess::Read::kLine:
        break;
      case driver::Subprocess::Read::kEof:
        eof_ = true;
        continue;
      case driver::Subprocess::Read::kTimeout:
        ex.ended = "no answer within " + std::to_string(timeout_ms_) + " ms";
        return ex;
      case driver::Subprocess::Read::kTooLong:
        ex.ended = "a stdout line longer than 16 MiB";
        return ex;
    }
    Line l = parse(std::move(text));
    if (is_response(l)) {
      ex.response = std::move(l);
      return ex;
    }
    // A flood without a response is an answer too; keep the memory bounded.
    if (ex.before.size() == kMaxLinesBefore) {
      ex.ended = "more than " + std::to_string(kMaxLinesBefore) + " lines without a response";
      return ex;
    }
    ex.before.push_back(std::move(l));
  }
}

std::optional<ContractSession::Line> ContractSession::quiet(int ms) {
  if (eof_) return std::nullopt;
  std::string text;
  auto r = proc_->read_line(text, driver::deadline_in(ms));
  if (!r.ok()) return std::nullopt;
  if (*r == driver::Subprocess::Read::kEof) eof_ = true;
  if (*r == driver::Subprocess::Read::kLine) return parse(std::move(text));
  if (*r == driver::Subprocess::Read::kTooLong) return Line{"(a line longer than 16 MiB)", std::nullopt};
  return std::nullopt;
}

std::optional<std::vector<ContractSession::Line>> ContractSession::ends(int ms) {
  std::vector<Line> lines;
  const auto deadline = driver::deadline_in(ms);
  std::string text;
  while (!eof_) {
    auto r = proc_->read_line(text, deadline);
    if (!r.ok()) return std::nullopt;
    switch (*r) {
      case driver::Subprocess::Read::kLine:
        lines.push_back(parse(std::move(text)));
        break;
      case driver::Subprocess::Read::kEof:
        eof_ = true;
        break;
      case driver::Subprocess::Read::kTimeout:
        return std::nullopt;
      case driver::Subprocess::Read::kTooLong:
        lines.push_back(Line{"(a line longer than 16 MiB)", std::nullopt});
        break;
    }
  }
  return lines;
}

}  // namespace e2e::items
