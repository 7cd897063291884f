// Overload: a visitor built from lambdas, for std::visit over the frame and
// event variants (one definition instead of one per file).
#pragma once

namespace e2e {

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

}  // namespace e2e
