// What an asymmetric key is, and so which algorithms it may serve.
#pragma once

#include <array>
#include <cstddef>

#include <openssl/types.h>

#include <tessera/algorithm.hpp>
#include <tessera/key.hpp>
#include <tessera/result.hpp>

namespace tessera::detail {

enum class key_family : std::uint8_t { rsa, rsa_pss, ec, okp };

struct key_facts {
  key_family family{};
  algorithm_set algorithms{};  ///< what the key's type allows (RFC 7518, RFC 8037, RFC 8812)
  int bits = 0;
  bool is_private = false;
  int curve_nid = 0;  ///< EC: the curve; OKP: EVP_PKEY_ED25519 or EVP_PKEY_ED448
  /// ECDSA: the group order, big-endian, `component_size` bytes (r and s must be below it).
  std::array<unsigned char, 66> order{};
  std::size_t component_size = 0;
};

/// Inspects and validates `pkey`: `errc::unsupported_key_type`, `errc::rsa_key_too_small`
/// (unless `options.allow_weak_key`), `errc::invalid_key_parameters`.
[[nodiscard]] result<key_facts> inspect_key(EVP_PKEY* pkey, const key_options& options);

/// Narrows `facts.algorithms` to `alg` when one is given: `errc::key_not_for_algorithm` when the
/// key's type cannot serve it.
[[nodiscard]] result<algorithm_set> served_algorithms(const key_facts& facts,
                                                      std::optional<algorithm> alg);

}  // namespace tessera::detail
