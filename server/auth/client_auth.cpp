#include "auth/client_auth.hpp"

#include <cctype>
#include <vector>

#include <openssl/evp.h>
#include <sodium.h>

#include "http/form.hpp"

namespace tessera::server {

std::optional<basic_credentials> parse_basic(std::string_view value) {
  constexpr std::string_view scheme = "basic ";
  if (value.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return std::nullopt;
  }
  value.remove_prefix(scheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (value.empty() || value.size() % 4 != 0 || value.size() > 4096) return std::nullopt;
  std::vector<unsigned char> decoded(value.size() / 4 * 3 + 1);
  const int n =
      EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(value.data()),
                      static_cast<int>(value.size()));
  if (n < 0) return std::nullopt;
  auto size = static_cast<std::size_t>(n);
  if (value.ends_with("==")) {
    size -= 2;
  } else if (value.ends_with('=')) {
    size -= 1;
  }
  const std::string_view text(reinterpret_cast<const char*>(decoded.data()), size);
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  // Each half is form-urlencoded; parse_form decodes "a=b" pairs, so decode through it.
  auto id = parse_form("x=" + std::string(text.substr(0, colon)));
  auto secret = parse_form("x=" + std::string(text.substr(colon + 1)));
  sodium_memzero(decoded.data(), decoded.size());
  if (!id || !secret) return std::nullopt;
  return basic_credentials{(*id)["x"], (*secret)["x"]};
}

const client_config* authenticate_client(const service_config& config,
                                         const password_hasher& hasher,
                                         basic_credentials& credentials) {
  const client_config* found = nullptr;
  for (const auto& c : config.clients) {
    if (c.id == credentials.id) found = &c;
  }
  const bool valid = found != nullptr ? hasher.verify(found->secret_hash, credentials.secret)
                                      : (hasher.verify_dummy(credentials.secret), false);
  sodium_memzero(credentials.secret.data(), credentials.secret.size());
  return valid ? found : nullptr;
}

}  // namespace tessera::server
