#include <array>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <tessera/error.hpp>
#include <tessera/key.hpp>

#include "jwa/hmac.hpp"
#include "keys/asymmetric_keys.hpp"

namespace tessera {
namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

detail::pkey_ptr generate_pkey(algorithm alg, const key_generation_options& options) {
  switch (alg) {
    case algorithm::rs256:
    case algorithm::rs384:
    case algorithm::rs512:
    case algorithm::ps256:
    case algorithm::ps384:
    case algorithm::ps512:
      return detail::pkey_ptr(
          EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(options.rsa_bits)));
    case algorithm::es256:
      return detail::pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    case algorithm::es384:
      return detail::pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
    case algorithm::es512:
      return detail::pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521"));
    case algorithm::es256k:
      return detail::pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "secp256k1"));
    case algorithm::eddsa:
      return detail::pkey_ptr(EVP_PKEY_Q_keygen(
          nullptr, nullptr, options.curve == okp_curve::ed448 ? "ED448" : "ED25519"));
    default:
      return nullptr;
  }
}

}  // namespace

result<signing_key> signing_key::generate(algorithm alg, key_generation_options options) {
  if (is_hmac(alg)) {
    std::array<std::byte, 64> secret{};
    const std::size_t size = detail::hmac_min_key_size(alg);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), static_cast<int>(size)) != 1) {
      return fail(errc::signing_failed);
    }
    auto key = hmac(alg, std::span<const std::byte>(secret.data(), size));
    OPENSSL_cleanse(secret.data(), secret.size());
    return key;
  }
  if (alg == algorithm::rs256 || alg == algorithm::rs384 || alg == algorithm::rs512 ||
      alg == algorithm::ps256 || alg == algorithm::ps384 || alg == algorithm::ps512) {
    if (options.rsa_bits < 2048) return fail(errc::rsa_key_too_small);
    if (options.rsa_bits > 8192) return fail(errc::unsupported_key_type);
  }
  auto pkey = generate_pkey(alg, options);
  if (!pkey) return fail(errc::signing_failed);
  auto material = detail::make_signing_material(alg, std::move(pkey), {});
  if (!material) return std::unexpected(material.error());
  return signing_key(std::move(*material), alg);
}

}  // namespace tessera
