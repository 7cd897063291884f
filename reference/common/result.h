// Result<T>: a value or an Error. Library code returns these and never throws.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>
#include <utility>
#include <variant>

#include "common/errc.h"

namespace e2e {

// Error carries a public code and a detail string for logs and tool output.
// The detail never contains secrets or plaintext.
struct Error {
  Errc code;
  std::string detail;

  std::string to_string() const {
    std::string s(errc_name(code));
    if (!detail.empty()) s += ": " + detail;
    return s;
  }
  friend std::ostream& operator<<(std::ostream& os, const Error& e) { return os << e.to_string(); }
};

// make_error builds an Error; the usual way to fail: `return make_error(Errc::kX, "why");`.
inline Error make_error(Errc code, std::string detail = {}) { return Error{code, std::move(detail)}; }

namespace internal {
[[noreturn]] inline void die_on_error(const Error& e) {
  std::fprintf(stderr, "e2eproof: value() on a failed Result: %s\n", e.to_string().c_str());
  std::abort();
}
}  // namespace internal

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // value() aborts when the Result holds an error: check ok() first.
  T& value() & {
    if (!ok()) internal::die_on_error(std::get<1>(v_));
    return std::get<0>(v_);
  }
  const T& value() const& {
    if (!ok()) internal::die_on_error(std::get<1>(v_));
    return std::get<0>(v_);
  }
  T&& value() && {
    if (!ok()) internal::die_on_error(std::get<1>(v_));
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }
  Errc code() const { return std::get<1>(v_).code; }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const {
    if (!ok_) internal::die_on_error(err_);
  }
  const Error& error() const { return err_; }
  Errc code() const { return err_.code; }

 private:
  Error err_{Errc::kInternal, {}};
  bool ok_ = true;
};

// ok_result() is the successful Result<void>.
inline Result<void> ok_result() { return {}; }

}  // namespace e2e

#define E2E_CONCAT_INNER(a, b) a##b
#define E2E_CONCAT(a, b) E2E_CONCAT_INNER(a, b)

// E2E_TRY(expr): evaluate a Result<void>-like expression and return its error.
#define E2E_TRY(expr)                                   \
  do {                                                  \
    auto e2e_try_result_ = (expr);                      \
    if (!e2e_try_result_.ok()) return e2e_try_result_.error(); \
  } while (0)

// E2E_ASSIGN_OR_RETURN(lhs, expr): `lhs = value` or return the error.
#define E2E_ASSIGN_OR_RETURN(lhs, expr) \
  E2E_ASSIGN_OR_RETURN_IMPL(E2E_CONCAT(e2e_tmp_result_, __LINE__), lhs, expr)
#define E2E_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.error();              \
  lhs = std::move(tmp).value()
