// The asymmetric factories of signing_key and verifying_key.
#include "keys/asymmetric_keys.hpp"

#include <tessera/error.hpp>

#include "detail/key_facts.hpp"
#include "jwa/evp_signature.hpp"
#include "keys/key_parsing.hpp"

namespace tessera {
namespace detail {

result<std::shared_ptr<const key_material>> make_signing_material(algorithm alg, pkey_ptr pkey,
                                                                  const key_options& options) {
  if (is_hmac(alg)) return std::unexpected(make_error_code(errc::key_not_for_algorithm));
  const auto facts = inspect_key(pkey.get(), options);
  if (!facts) return std::unexpected(facts.error());
  const auto served = served_algorithms(*facts, alg);
  if (!served) return std::unexpected(served.error());
  return make_evp_material(std::move(pkey), *facts, *served, true);
}

}  // namespace detail

namespace {

std::span<const std::byte> bytes_of(std::string_view s) noexcept {
  return std::as_bytes(std::span(s.data(), s.size()));
}

}  // namespace

result<signing_key> signing_key::load(algorithm alg, std::span<const std::byte> data,
                                      key_options options) {
  if (is_hmac(alg)) return std::unexpected(make_error_code(errc::key_not_for_algorithm));
  auto pkey = detail::parse_private_key(data, options.passphrase);
  if (!pkey) return std::unexpected(pkey.error());
  auto material = detail::make_signing_material(alg, std::move(*pkey), options);
  if (!material) return std::unexpected(material.error());
  return signing_key(std::move(*material), alg);
}

result<signing_key> signing_key::from_pem(algorithm alg, std::string_view pem,
                                          key_options options) {
  return load(alg, bytes_of(pem), options);
}

verifying_key signing_key::verifier_key() const {
  return verifying_key(material_, algorithm_set{alg_});
}

result<verifying_key> verifying_key::load(std::span<const std::byte> data,
                                          std::optional<algorithm> alg, key_options options) {
  if (alg && is_hmac(*alg)) return std::unexpected(make_error_code(errc::key_not_for_algorithm));
  auto pkey = detail::parse_public_key(data, options.passphrase);
  if (!pkey) return std::unexpected(pkey.error());
  const auto facts = detail::inspect_key(pkey->get(), options);
  if (!facts) return std::unexpected(facts.error());
  const auto served = detail::served_algorithms(*facts, alg);
  if (!served) return std::unexpected(served.error());
  auto material = detail::make_evp_material(std::move(*pkey), *facts, *served, false);
  if (!material) return std::unexpected(material.error());
  return verifying_key(std::move(*material), *served);
}

result<verifying_key> verifying_key::from_pem(std::string_view pem, std::optional<algorithm> alg,
                                              key_options options) {
  return load(bytes_of(pem), alg, options);
}

}  // namespace tessera
