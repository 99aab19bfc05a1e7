#include <array>
#include <utility>

#include <openssl/evp.h>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwt.hpp>

#include "detail/key_material.hpp"
#include "json/python_writer.hpp"
#include "jwt/encoded_header.hpp"

namespace tessera {
namespace detail {
namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

// The header as PyJWT writes it (members sorted: alg, cty, kid, typ) when `options` names no
// extra member, written straight into `out` with no JSON object built.
bool write_plain_header(std::string& out, std::string_view alg, const header_options& options) {
  out += R"({"alg":)";
  if (!write_python_string(out, alg)) return false;
  const std::pair<std::string_view, const std::optional<std::string>*> members[] = {
      {R"(,"cty":)", &options.content_type},
      {R"(,"kid":)", &options.kid},
      {R"(,"typ":)", &options.type}};
  for (const auto& [name, value] : members) {
    if (!*value) continue;
    out += name;
    if (!write_python_string(out, **value)) return false;
  }
  out += '}';
  return true;
}

// A bound on the length of the signature `key` makes: the size of the token to reserve.
std::size_t signature_size_bound(const key_material& key) {
  // RSA: the modulus; EC: its DER form, longer than JWS's r||s; EdDSA: the signature. A secret
  // has no OpenSSL key: HS512's 64 bytes bound every HMAC.
  if (EVP_PKEY* pkey = key.pkey()) return static_cast<std::size_t>(EVP_PKEY_get_size(pkey));
  return 64;
}

// Scratch for the header's and payload's JSON, kept by each thread so that making a token
// allocates only the token; let go of when a large payload has grown it.
std::string& json_scratch() {
  thread_local std::string text;
  constexpr std::size_t kept_capacity = std::size_t{64} * 1024;
  if (text.capacity() > kept_capacity) std::string().swap(text);
  text.clear();
  return text;
}

}  // namespace

result<json::object> make_header(std::string_view alg, const header_options& options) {
  if (options.extra.contains("alg")) return fail(errc::header_alg_not_settable);
  json::object header;
  header["alg"] = alg;
  if (options.type) header["typ"] = *options.type;
  for (const auto& member : options.extra) header[member.key()] = member.value();
  if (options.kid) header["kid"] = *options.kid;
  if (options.content_type) header["cty"] = *options.content_type;
  return header;
}

result<std::size_t> write_header_and_payload(std::string& text, std::string_view alg,
                                             const header_options& options,
                                             const json::object& payload) {
  if (options.extra.empty()) {
    if (!write_plain_header(text, alg, options)) return fail(errc::invalid_claim_value);
  } else {
    auto header = make_header(alg, options);
    if (!header) return std::unexpected(header.error());
    // PyJWT sorts the header's members and keeps the payload's order.
    if (auto ok = write_python_json(text, *header, {.sort_keys = true}); !ok) {
      return std::unexpected(ok.error());
    }
  }
  const std::size_t header_size = text.size();
  if (auto ok = write_python_json(text, payload); !ok) return std::unexpected(ok.error());
  return header_size;
}

result<std::string> signing_input(std::string_view alg, const header_options& options,
                                  const json::object& payload, std::size_t room_after) {
  std::string& text = json_scratch();
  const auto header_size = write_header_and_payload(text, alg, options, payload);
  if (!header_size) return std::unexpected(header_size.error());
  const std::string_view header(text.data(), *header_size);
  const std::string_view claims = std::string_view(text).substr(*header_size);
  std::string out;
  out.reserve(base64url_encoded_size(header.size()) + 1 + base64url_encoded_size(claims.size()) +
              room_after);
  base64url_encode_append(out, header);
  out.push_back('.');
  base64url_encode_append(out, claims);
  return out;
}

}  // namespace detail

result<std::string> encode(const claims& payload, const signing_key& key,
                           const header_options& header) {
  // One allocation: the token, sized for its signature too.
  const auto& material = key.material();
  auto token =
      detail::signing_input(to_string(key.alg()), header, payload.members(),
                            1 + base64url_encoded_size(detail::signature_size_bound(material)));
  if (!token) return std::unexpected(token.error());
  std::array<std::byte, detail::max_signature_size> signature{};
  const auto size = material.sign(key.alg(), *token, signature);
  if (!size) return std::unexpected(size.error());
  token->push_back('.');
  base64url_encode_append(*token, std::span<const std::byte>(signature.data(), *size));
  return token;
}

}  // namespace tessera
