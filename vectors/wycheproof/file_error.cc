#include "wycheproof/file_error.h"

namespace e2e::wycheproof {

std::string_view problem_name(Problem p) {
  switch (p) {
    case Problem::kUsage: return "usage";
    case Problem::kIo: return "io";
    case Problem::kNotJson: return "not_json";
    case Problem::kUnknownSchema: return "unknown_schema";
    case Problem::kAlgorithmMismatch: return "algorithm_mismatch";
    case Problem::kUnsupported: return "unsupported";
    case Problem::kCountMismatch: return "count_mismatch";
    case Problem::kDuplicateTcId: return "duplicate_tc_id";
    case Problem::kUnknownResult: return "unknown_result";
    case Problem::kUnknownFlag: return "unknown_flag";
    case Problem::kMissingField: return "missing_field";
    case Problem::kWrongType: return "wrong_type";
    case Problem::kBadEncoding: return "bad_encoding";
    case Problem::kBadValue: return "bad_value";
    case Problem::kInternal: return "internal";
  }
  return "unknown";
}

Errc FileError::code() const {
  switch (problem) {
    case Problem::kUsage: return Errc::kInvalidArgument;
    case Problem::kIo: return Errc::kIo;
    case Problem::kUnsupported: return Errc::kUnsupported;
    case Problem::kInternal: return Errc::kInternal;
    default: return Errc::kDecodeError;
  }
}

std::string FileError::to_string() const {
  std::string s = file;
  std::string where;
  auto add = [&where](const std::string& part) {
    where += where.empty() ? "" : ", ";
    where += part;
  };
  if (group) add("group " + std::to_string(*group));
  if (tc_id) add("tcId " + std::to_string(*tc_id));
  if (!field.empty()) add("field '" + field + "'");
  if (!where.empty()) s += ": " + where;
  s += ": " + message + " (" + std::string(problem_name(problem)) + ")";
  return s;
}

}  // namespace e2e::wycheproof
