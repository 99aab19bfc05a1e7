// A buffer for key material that is wiped when it goes, and never printed.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <openssl/crypto.h>

namespace tessera::detail {

class secret_bytes {
 public:
  secret_bytes() = default;
  explicit secret_bytes(std::span<const std::byte> bytes) : bytes_(bytes.begin(), bytes.end()) {}
  secret_bytes(const secret_bytes&) = delete;
  secret_bytes& operator=(const secret_bytes&) = delete;
  ~secret_bytes() {
    if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
  }

  [[nodiscard]] std::span<const std::byte> view() const noexcept { return bytes_; }
  [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }

 private:
  std::vector<std::byte> bytes_;
};

}  // namespace tessera::detail
