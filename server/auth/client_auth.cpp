#include "auth/client_auth.hpp"

#include "auth/digest.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <sodium.h>
#include <boost/beast/core/string.hpp>

#include <tessera/base64url.hpp>

#include "http/form.hpp"
#include "http/responses.hpp"
#include "observability/log.hpp"

namespace tessera::server {
namespace {

constexpr std::string_view sha256_prefix = "$sha256$";

// One half of a Basic value, form-decoded; nullopt when it is not valid form encoding.
std::optional<std::string> form_decoded(std::string_view text) {
  auto pairs = parse_form("x=" + std::string(text));
  if (!pairs) return std::nullopt;
  return std::move((*pairs)["x"]);
}

void wipe(std::string& secret) { sodium_memzero(secret.data(), secret.size()); }

}  // namespace

std::optional<presented_client> parse_basic(std::string_view value) {
  constexpr std::string_view scheme = "basic ";
  if (value.size() <= scheme.size() ||
      !boost::beast::iequals(value.substr(0, scheme.size()), scheme)) {
    return std::nullopt;
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
  if (colon == std::string_view::npos) {
    sodium_memzero(decoded.data(), decoded.size());
    return std::nullopt;
  }
  const auto id_text = text.substr(0, colon);
  const auto secret_text = text.substr(colon + 1);
  presented_client client;
  client.how = presented_client::method::basic;
  client.id = form_decoded(id_text).value_or(std::string(id_text));
  if (auto secret = form_decoded(secret_text)) {
    client.secret = std::move(*secret);
    if (client.secret != secret_text) client.raw_secret = std::string(secret_text);
  } else {
    client.secret = std::string(secret_text);
  }
  sodium_memzero(decoded.data(), decoded.size());
  if (client.id.empty()) return std::nullopt;
  return client;
}

response invalid_client(std::string_view description) {
  auto r = oauth_error(401, "invalid_client", description);
  r.header("WWW-Authenticate", "Basic realm=\"tessera\"");
  return r;
}

std::variant<presented_client, response> read_client(const request& req,
                                                     std::map<std::string, std::string>& form) {
  std::optional<std::string> form_id;
  std::optional<std::string> form_secret;
  if (auto it = form.find("client_id"); it != form.end()) {
    form_id = std::move(it->second);
    form.erase(it);
  }
  if (auto it = form.find("client_secret"); it != form.end()) {
    form_secret = std::move(it->second);
    form.erase(it);
  }
  if (req.authorization.size() > 1) {
    return oauth_error(400, "invalid_request", "several Authorization headers");
  }
  if (req.authorization.size() == 1) {
    auto basic = parse_basic(req.authorization.front());
    if (!basic) return invalid_client("malformed HTTP Basic client credentials");
    // RFC 6749 section 2.3: one authentication method per request. A client_id in the body
    // that repeats the Basic one is no second method (some clients send it anyway).
    if (form_secret || (form_id && *form_id != basic->id)) {
      if (form_secret) wipe(*form_secret);
      return oauth_error(400, "invalid_request",
                         "more than one client authentication method in the request");
    }
    return std::move(*basic);
  }
  presented_client client;
  if (form_secret) {
    if (!form_id || form_id->empty()) {
      wipe(*form_secret);
      return oauth_error(400, "invalid_request", "client_secret without client_id");
    }
    client.how = presented_client::method::post;
    client.id = std::move(*form_id);
    client.secret = std::move(*form_secret);
    return client;
  }
  if (form_id) {
    client.how = presented_client::method::id;
    client.id = std::move(*form_id);
  }
  return client;
}

std::variant<oauth_request, response> read_oauth_request(const request& req) {
  if (!is_media_type(req.content_type, "application/x-www-form-urlencoded")) {
    return oauth_error(400, "invalid_request",
                       "expected an application/x-www-form-urlencoded body");
  }
  auto form = parse_form(req.body);
  if (!form) return oauth_error(400, "invalid_request", "malformed or repeated form parameters");
  auto client = read_client(req, *form);
  if (auto* refused = std::get_if<response>(&client)) return std::move(*refused);
  return oauth_request{std::move(*form), std::move(std::get<presented_client>(client))};
}

bool allows_grant(const client_config& client, std::string_view grant) {
  const auto holds = [&](std::string_view g) {
    return std::ranges::find(client.grants, g) != client.grants.end();
  };
  // An app that signs users in gets refresh tokens with offline_access, and may use them.
  return holds(grant) || (grant == "refresh_token" && holds("authorization_code"));
}

std::string sha256_secret_hash(std::string_view secret) {
  return std::string(sha256_prefix) + sha256_base64url(secret);
}

client_authenticator::client_authenticator(const service_config& config,
                                           const password_hasher& hasher)
    : config_(config), hasher_(hasher), throttle_(config.rate_limit) {}

std::optional<client_config> client_authenticator::find(std::string_view id) const {
  const auto clients = config_.clients.snapshot();
  for (const auto& c : *clients) {
    if (c.id == id) return c;
  }
  if (id == config_.default_client_id) {
    return client_config{.id = config_.default_client_id,
                         .secret_hash = {},
                         .grants = {"password", "refresh_token"},
                         .scopes = {},
                         .is_public = true};
  }
  return std::nullopt;
}

std::chrono::seconds client_authenticator::retry_after(std::string_view address) {
  return throttle_.retry_after({.address = address, .username = {}});
}

std::optional<response> client_authenticator::throttled(const presented_client& client,
                                                        std::string_view address) {
  if (client.how != presented_client::method::basic &&
      client.how != presented_client::method::post) {
    return std::nullopt;
  }
  const auto wait = retry_after(address);
  if (wait.count() <= 0) return std::nullopt;
  auto r = oauth_error(429, "invalid_client", "too many failed client authentications");
  r.header("Retry-After", std::to_string(wait.count()));
  return r;
}

bool client_authenticator::secret_matches(const client_config* client,
                                          const std::string& secret) const {
  if (client != nullptr && client->secret_hash.starts_with(sha256_prefix)) {
    const auto computed = sha256_secret_hash(secret);
    return computed.size() == client->secret_hash.size() &&
           CRYPTO_memcmp(computed.data(), client->secret_hash.data(), computed.size()) == 0;
  }
  // Argon2id, or no such client: the same cost either way.
  if (client == nullptr || client->secret_hash.empty()) {
    hasher_.verify_dummy(secret);
    return false;
  }
  return hasher_.verify(client->secret_hash, secret);
}

std::optional<client_config> client_authenticator::authenticate(presented_client& presented,
                                                                std::string_view address) {
  auto found = find(presented.id);
  bool valid = false;
  if (presented.how == presented_client::method::id) {
    valid = found && found->is_public;
  } else if (found && found->is_public) {
    // A public client has no secret: an empty one (RFC 6749 2.3.1; requests-oauthlib sends
    // Basic "id:") names it; any other is not what was registered.
    valid = presented.secret.empty();
  } else {
    const client_config* client = found ? &*found : nullptr;
    valid = secret_matches(client, presented.secret);
    if (!valid && presented.raw_secret) valid = secret_matches(client, *presented.raw_secret);
  }
  wipe(presented.secret);
  if (presented.raw_secret) wipe(*presented.raw_secret);
  if (!valid) {
    throttle_.record_failure({.address = address, .username = {}});
    log_event(log_level::warning, "client_authentication_failed",
              {{"client_id", presented.id}, {"client", address}});
    return std::nullopt;
  }
  throttle_.record_success({.address = address, .username = {}});
  return found;
}

}  // namespace tessera::server
