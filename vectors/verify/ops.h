// The vector operations: what an implementation computes from a case's
// inputs. The verifier (families.cc) asks for them and compares the answers
// with the case's recorded outputs; it never judges by what an implementation
// says of itself. The reference answers here, in process; another
// implementation answers behind the adapter method `vector` (docs/ADAPTER.md
// §4.1), so the same cases check both.
//
// Inputs and outputs are JSON objects whose fields are spelled exactly as in
// the vector files (vectors/README.md): lowercase hex byte strings, strings,
// integers, and message bodies and payloads as JSON objects. A value a
// construction would draw at random (an IV, an ephemeral scalar) is an input.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/errc.h"
#include "common/result.h"

namespace e2e::vectors {

// OpRunner runs one operation. An error is the implementation refusing the
// input (its code is compared with a case's `error`); a runner whose
// implementation could not be asked at all (a dead adapter) throws
// HarnessError instead, so a broken harness never counts as a refusal.
using OpRunner = std::function<Result<nlohmann::json>(std::string_view op, const nlohmann::json& input)>;

class HarnessError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OpInfo {
  std::string_view name;
  std::string_view family;
  std::string_view summary;  // "inputs -> outputs", for docs and --help
};

// op_catalog: every operation, in family order.
const std::vector<OpInfo>& op_catalog();
// op_families: the families op_catalog covers, in order (what an
// implementation of every operation can declare).
std::vector<std::string> op_families();

// run_reference_op: the reference's answer. Unknown op: kUnsupported; an
// input field missing, unknown or of the wrong type: kInvalidArgument;
// otherwise whatever the construction returns.
Result<nlohmann::json> run_reference_op(std::string_view op, const nlohmann::json& input);

// Implementation: what the verifier checks a vector file against.
struct Implementation {
  OpRunner run;
  // same_error: whether a refusal with |got| counts as the case's `error`
  // |want|. The reference is held to the exact code; an adapter reports
  // codes only as finely as the reasons of docs/ADAPTER.md §2.1.
  std::function<bool(Errc got, Errc want)> same_error;
};

// reference_implementation: run_reference_op, exact error codes.
Implementation reference_implementation();

}  // namespace e2e::vectors
