// The HMAC factories of signing_key and verifying_key.
#include <tessera/error.hpp>
#include <tessera/key.hpp>

#include "jwa/hmac.hpp"
#include "keys/secret_screening.hpp"

namespace tessera {
namespace {

constexpr algorithm hmac_algorithms[] = {algorithm::hs256, algorithm::hs384, algorithm::hs512};

std::span<const std::byte> bytes_of(std::string_view s) noexcept {
  return std::as_bytes(std::span(s.data(), s.size()));
}

// The checks every HMAC secret passes, whatever it will serve.
result<void> screen_secret(std::span<const std::byte> secret) {
  if (secret.empty()) return std::unexpected(make_error_code(errc::empty_key));
  if (detail::looks_like_asymmetric_key(secret)) {
    return std::unexpected(make_error_code(errc::key_looks_asymmetric));
  }
  return {};
}

result<void> check_length(algorithm alg, std::size_t size, key_options options) {
  if (!is_hmac(alg)) return std::unexpected(make_error_code(errc::key_not_for_algorithm));
  if (size < detail::hmac_min_key_size(alg) && !options.allow_weak_key) {
    return std::unexpected(make_error_code(errc::key_too_short));
  }
  return {};
}

}  // namespace

result<signing_key> signing_key::hmac(algorithm alg, std::span<const std::byte> secret,
                                      key_options options) {
  if (!is_hmac(alg)) return std::unexpected(make_error_code(errc::key_not_for_algorithm));
  // Screen before the length check, so an empty secret is empty_key (as for verifying_key::hmac)
  // and not key_too_short.
  if (auto ok = screen_secret(secret); !ok) return std::unexpected(ok.error());
  if (auto ok = check_length(alg, secret.size(), options); !ok) return std::unexpected(ok.error());
  return signing_key(detail::make_hmac_material(secret), alg);
}

result<signing_key> signing_key::hmac(algorithm alg, std::string_view secret, key_options options) {
  return hmac(alg, bytes_of(secret), options);
}

result<verifying_key> verifying_key::hmac(std::span<const std::byte> secret, key_options options) {
  if (auto ok = screen_secret(secret); !ok) return std::unexpected(ok.error());
  algorithm_set served;
  for (auto alg : hmac_algorithms) {
    if (check_length(alg, secret.size(), options)) served.insert(alg);
  }
  if (served.empty()) return std::unexpected(make_error_code(errc::key_too_short));
  return verifying_key(detail::make_hmac_material(secret), served);
}

result<verifying_key> verifying_key::hmac(std::string_view secret, key_options options) {
  return hmac(bytes_of(secret), options);
}

result<verifying_key> verifying_key::hmac(algorithm alg, std::span<const std::byte> secret,
                                          key_options options) {
  if (!is_hmac(alg)) return std::unexpected(make_error_code(errc::key_not_for_algorithm));
  if (auto ok = screen_secret(secret); !ok) return std::unexpected(ok.error());
  if (auto ok = check_length(alg, secret.size(), options); !ok) return std::unexpected(ok.error());
  return verifying_key(detail::make_hmac_material(secret), algorithm_set{alg});
}

result<verifying_key> verifying_key::hmac(algorithm alg, std::string_view secret,
                                          key_options options) {
  return hmac(alg, bytes_of(secret), options);
}

}  // namespace tessera
