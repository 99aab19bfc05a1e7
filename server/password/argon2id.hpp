// Password hashing with Argon2id through libsodium's crypto_pwhash_str: one string holds the
// algorithm, the cost and the salt, so nothing else has to be stored.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "error.hpp"

namespace tessera::server {

struct argon2id_cost {
  std::uint64_t memory_kib = std::uint64_t{19} * 1024;
  std::uint64_t iterations = 2;
};

class password_hasher {
 public:
  /// `errc::crypto_unavailable` when libsodium cannot start or the cost cannot be met.
  [[nodiscard]] static result<password_hasher> create(argon2id_cost cost);

  /// A new hash of `password`; `errc::crypto_unavailable` when out of memory.
  [[nodiscard]] result<std::string> hash(std::string_view password) const;
  /// True when `password` matches `stored`. Constant work whatever the outcome.
  [[nodiscard]] bool verify(std::string_view stored, std::string_view password) const;
  /// True when `stored` was made with other parameters than the configured ones.
  [[nodiscard]] bool needs_rehash(std::string_view stored) const;
  /// Spends the time of a verification against a hash of the current cost, so an unknown user
  /// costs what a known one does.
  void verify_dummy(std::string_view password) const;

 private:
  explicit password_hasher(argon2id_cost cost) : cost_(cost) {}
  argon2id_cost cost_;
  std::string dummy_hash_;
};

}  // namespace tessera::server
