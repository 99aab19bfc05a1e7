// Decoding and encoding without verification, kept in tessera::unsafe so that it shows in review.
#include <boost/json/object.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwt.hpp>

#include "jws/compact.hpp"
#include "jws/header.hpp"
#include "jwt/encoded_header.hpp"

namespace tessera::unsafe {

result<unverified_token> decode_unverified(std::string_view token, parse_limits limits) {
  auto parts = detail::split_compact(token, limits);
  if (!parts) return std::unexpected(parts.error());

  auto header = detail::decode_header(parts->header, limits.max_depth, {});
  if (!header) return std::unexpected(header.error());

  std::string payload_text;
  if (detail::payload_is_encoded(header->get_object())) {
    auto decoded = base64url_decode_to_string(parts->payload);
    if (!decoded) return std::unexpected(decoded.error());
    payload_text = std::move(*decoded);
  } else {
    payload_text = parts->payload;
  }
  auto payload = parse_strict(payload_text, limits.max_depth, {}, big_integers::keep);
  if (!payload) return std::unexpected(payload.error());
  if (!payload->is_object()) return std::unexpected(make_error_code(errc::invalid_payload));

  auto signature = base64url_decode(parts->signature);
  if (!signature) return std::unexpected(signature.error());

  return unverified_token{std::move(header->get_object()), std::move(payload->get_object()),
                          std::move(*signature)};
}

result<std::string> encode_unsecured(const claims& payload, const header_options& header) {
  auto token = detail::signing_input("none", header, payload.members(), 1);
  if (!token) return std::unexpected(token.error());
  token->push_back('.');
  return token;
}

}  // namespace tessera::unsafe
