#include <array>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwt.hpp>

#include "detail/key_material.hpp"
#include "jwt/encoded_header.hpp"

namespace tessera {
namespace detail {

result<json::object> make_header(std::string_view alg, const header_options& options) {
  if (options.extra.contains("alg")) {
    return std::unexpected(make_error_code(errc::header_alg_not_settable));
  }
  json::object header;
  header["alg"] = alg;
  if (options.type) header["typ"] = *options.type;
  for (const auto& member : options.extra) header[member.key()] = member.value();
  if (options.kid) header["kid"] = *options.kid;
  if (options.content_type) header["cty"] = *options.content_type;
  return header;
}

result<void> append_signing_input(std::string& out, const json::object& header,
                                  const json::object& payload) {
  std::string text;
  text.reserve(256);
  // PyJWT sorts the header's members and keeps the payload's order.
  if (auto ok = write_python_json(text, header, {.sort_keys = true}); !ok) return ok;
  base64url_encode_append(out, text);
  out.push_back('.');
  text.clear();
  if (auto ok = write_python_json(text, payload); !ok) return ok;
  base64url_encode_append(out, text);
  return {};
}

}  // namespace detail

result<std::string> encode(const claims& payload, const signing_key& key,
                           const header_options& header) {
  auto h = detail::make_header(to_string(key.alg()), header);
  if (!h) return std::unexpected(h.error());
  std::string token;
  token.reserve(512);
  if (auto ok = detail::append_signing_input(token, *h, payload.members()); !ok) {
    return std::unexpected(ok.error());
  }
  std::array<std::byte, detail::max_signature_size> signature{};
  const auto size = key.material().sign(key.alg(), token, signature);
  if (!size) return std::unexpected(size.error());
  token.push_back('.');
  base64url_encode_append(token, std::span<const std::byte>(signature.data(), *size));
  return token;
}

}  // namespace tessera
