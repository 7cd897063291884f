// SecretBytes: key material and plaintext. Every buffer it ever owned is wiped
// when released (growth and destruction alike), it never converts to Bytes
// implicitly, compares in constant time and prints redacted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <vector>

#include "common/bytes.h"

namespace e2e {

namespace internal {
// wipe overwrites |len| bytes at |p| in a way the compiler cannot elide.
void wipe(void* p, size_t len);
}  // namespace internal

// ZeroizingAllocator wipes memory before handing it back, so a vector that
// reallocates leaves no copy of its old contents behind.
template <class T>
struct ZeroizingAllocator {
  using value_type = T;
  ZeroizingAllocator() noexcept = default;
  template <class U>
  ZeroizingAllocator(const ZeroizingAllocator<U>&) noexcept {}
  T* allocate(size_t n) { return std::allocator<T>{}.allocate(n); }
  void deallocate(T* p, size_t n) noexcept {
    internal::wipe(p, n * sizeof(T));
    std::allocator<T>{}.deallocate(p, n);
  }
  template <class U>
  bool operator==(const ZeroizingAllocator<U>&) const noexcept { return true; }
};

class SecretBytes {
 public:
  SecretBytes() = default;
  // SecretBytes(n) holds n zero bytes, ready to be filled through mutable_data().
  explicit SecretBytes(size_t n) : buf_(n) {}
  // SecretBytes(view) copies |view| into wiping storage.
  explicit SecretBytes(ByteView view) : buf_(view.begin(), view.end()) {}

  SecretBytes(SecretBytes&&) noexcept = default;
  SecretBytes& operator=(SecretBytes&&) noexcept = default;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() = default;  // the allocator wipes

  // clone makes an explicit second copy; copies never happen by accident.
  SecretBytes clone() const { return SecretBytes(reveal()); }

  // reveal exposes the bytes for use; grep for it to audit where secrets flow.
  ByteView reveal() const { return {buf_.data(), buf_.size()}; }
  uint8_t* mutable_data() { return buf_.data(); }
  size_t size() const { return buf_.size(); }
  bool empty() const { return buf_.empty(); }

  // resize grows or shrinks; the old buffer is wiped on reallocation.
  void resize(size_t n) { buf_.resize(n); }
  void append(ByteView more) { buf_.insert(buf_.end(), more.begin(), more.end()); }
  // clear wipes the contents now and releases the storage.
  void clear() {
    internal::wipe(buf_.data(), buf_.size());
    std::vector<uint8_t, ZeroizingAllocator<uint8_t>>().swap(buf_);
  }

  // operator== is constant-time in the contents (lengths are public).
  friend bool operator==(const SecretBytes& a, const SecretBytes& b);
  bool operator<(const SecretBytes&) const = delete;

  friend std::ostream& operator<<(std::ostream& os, const SecretBytes& s) {
    return os << "SecretBytes(len=" << s.size() << ")";
  }

 private:
  std::vector<uint8_t, ZeroizingAllocator<uint8_t>> buf_;
};

}  // namespace e2e
