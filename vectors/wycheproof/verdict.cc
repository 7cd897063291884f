#include "wycheproof/verdict.h"

#include <algorithm>

#include "common/encoding.h"

namespace e2e::wycheproof {
namespace {

constexpr size_t kMaxShownBytes = 32;

std::string abbreviated_hex(ByteView b) {
  if (b.size() <= kMaxShownBytes) return b.empty() ? "\"\"" : hex_encode(b);
  return hex_encode(b.first(kMaxShownBytes)) + "...(" + std::to_string(b.size()) + " bytes)";
}

void append(std::string& out, const std::string& part) {
  if (!out.empty()) out += "; ";
  out += part;
}

}  // namespace

std::string_view expected_name(Expected e) {
  switch (e) {
    case Expected::kValid: return "valid";
    case Expected::kInvalid: return "invalid";
    case Expected::kAcceptable: return "acceptable";
  }
  return "?";
}

std::string describe_mismatch(ByteView got, ByteView want) {
  std::string s = "got " + abbreviated_hex(got) + " want " + abbreviated_hex(want);
  if (got.size() != want.size()) {
    s += " (length " + std::to_string(got.size()) + " vs " + std::to_string(want.size()) + ")";
  } else if (got.size() > kMaxShownBytes) {
    auto diff = std::mismatch(got.begin(), got.end(), want.begin());
    s += " (first difference at byte " + std::to_string(diff.first - got.begin()) + ")";
  }
  return s;
}

OpOutcome OpOutcome::rejected(std::string op, const Error& e) {
  return OpOutcome{std::move(op), false, false, e.to_string()};
}

OpOutcome OpOutcome::rejected_because(std::string op, std::string why) {
  return OpOutcome{std::move(op), false, false, std::move(why)};
}

OpOutcome OpOutcome::produced(std::string op, ByteView got, ByteView want) {
  bool same = got.size() == want.size() && std::equal(got.begin(), got.end(), want.begin());
  return OpOutcome{std::move(op), true, same, same ? std::string() : describe_mismatch(got, want)};
}

OpOutcome OpOutcome::accepted_unchecked(std::string op) {
  return OpOutcome{std::move(op), true, true, {}};
}

CaseVerdict judge(Expected expected, const std::vector<OpOutcome>& ops) {
  CaseVerdict v;
  if (ops.empty()) {
    v.reason = "no operation ran";
    return v;
  }
  for (const OpOutcome& op : ops) {
    v.accepted = v.accepted || op.accepted;
    switch (expected) {
      case Expected::kValid:
        if (!op.accepted) {
          append(v.reason, op.op + " rejected a valid input: " + op.detail);
        } else if (!op.matches) {
          append(v.reason, op.op + " output differs: " + op.detail);
        }
        break;
      case Expected::kInvalid:
        if (op.accepted) append(v.reason, op.op + " accepted an invalid input");
        break;
      case Expected::kAcceptable:
        if (op.accepted && !op.matches) {
          append(v.reason, op.op + " accepted with a wrong output: " + op.detail);
        }
        break;
    }
  }
  v.passed = v.reason.empty();
  return v;
}

}  // namespace e2e::wycheproof
