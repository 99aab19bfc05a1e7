#include "password/argon2id.hpp"

#include <array>

#include <sodium.h>

namespace tessera::server {
namespace {

std::size_t memlimit(const argon2id_cost& cost) {
  return static_cast<std::size_t>(cost.memory_kib) * 1024;
}

}  // namespace

result<password_hasher> password_hasher::create(argon2id_cost cost) {
  if (sodium_init() < 0) return fail(errc::crypto_unavailable, "libsodium cannot start");
  password_hasher hasher(cost);
  std::array<unsigned char, 32> random{};
  randombytes_buf(random.data(), random.size());
  auto dummy =
      hasher.hash(std::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
  if (!dummy) return std::unexpected(dummy.error());
  hasher.dummy_hash_ = std::move(*dummy);
  return hasher;
}

result<std::string> password_hasher::hash(std::string_view password) const {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), cost_.iterations,
                            memlimit(cost_), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return fail(errc::crypto_unavailable, "Argon2id hashing failed (out of memory?)");
  }
  return std::string(out.data());
}

bool password_hasher::verify(std::string_view stored, std::string_view password) const {
  // crypto_pwhash_str_verify wants a NUL-terminated string of at most STRBYTES.
  if (stored.size() >= crypto_pwhash_STRBYTES) return false;
  std::array<char, crypto_pwhash_STRBYTES> terminated{};
  stored.copy(terminated.data(), stored.size());
  return crypto_pwhash_str_verify(terminated.data(), password.data(), password.size()) == 0;
}

bool password_hasher::needs_rehash(std::string_view stored) const {
  if (stored.size() >= crypto_pwhash_STRBYTES) return true;
  std::array<char, crypto_pwhash_STRBYTES> terminated{};
  stored.copy(terminated.data(), stored.size());
  return crypto_pwhash_str_needs_rehash(terminated.data(), cost_.iterations, memlimit(cost_)) != 0;
}

void password_hasher::verify_dummy(std::string_view password) const {
  (void)verify(dummy_hash_, password);
}

}  // namespace tessera::server
