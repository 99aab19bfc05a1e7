// The service's configuration: defaults, a TOML file, then TESSERA_* environment variables.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tessera/algorithm.hpp>

#include "config/live.hpp"
#include "error.hpp"

namespace tessera::server {

struct password_hash_config {
  std::uint64_t memory_kib = std::uint64_t{19} * 1024;  ///< OWASP's Argon2id minimum: 19 MiB
  std::uint64_t iterations = 2;                         ///< t = 2
  std::size_t workers = 0;                              ///< hashing threads; 0 = one per core
  std::size_t queue_limit = 256;                        ///< logins waiting for a worker before 503
  int nice = 19;  ///< the hashing threads' niceness: token checks go first when cores are scarce
};

struct rate_limit_config {
  bool enabled = true;
  std::uint32_t per_address = 30;      ///< failed logins per address per window
  std::uint32_t per_user_address = 5;  ///< failed logins per (username, address) before delays
  std::chrono::seconds window{60};
  std::chrono::seconds max_delay{900};  ///< the growing delay stops here
};

struct limits_config {
  std::size_t max_body_bytes = std::size_t{16} * 1024;
  std::size_t max_header_bytes = std::size_t{8} * 1024;
  std::size_t max_headers = 64;
  std::size_t max_url_bytes = 2048;
  std::chrono::seconds request_timeout{10};
  std::chrono::seconds keep_alive_timeout{30};
  std::size_t max_connections = 10000;
};

/// A client registered in the configuration ([[clients]]). A confidential client authenticates
/// with its secret (client_secret_basic or client_secret_post); a public one (an app that cannot
/// keep a secret) has none and is named by client_id alone.
struct client_config {
  std::string id{};
  /// `$sha256$` and the base64url SHA-256 of a secret `tessera client add` made (256 random
  /// bits), or an Argon2id string (`tessera hash-secret`) for any other secret; never the secret.
  /// Empty for a public client.
  std::string secret_hash{};
  /// Of password, refresh_token, client_credentials, authorization_code.
  std::vector<std::string> grants{};
  /// The service's own scopes it may be given (client_credentials, introspection_scope, and
  /// beside openid, profile, email and offline_access in authorization_code).
  std::vector<std::string> scopes{};
  bool is_public = false;
  /// authorization_code: where answers may go (exact match; a loopback IP literal's port is
  /// free, RFC 8252 section 7.3).
  std::vector<std::string> redirect_uris{};
  /// Where RP-initiated logout may send the browser afterwards.
  std::vector<std::string> post_logout_redirect_uris{};
  /// Whether users are asked before the app gets their identity; false for first-party apps.
  bool consent = true;
  /// The ID token's algorithm (id_token_signed_response_alg): RS256 by default, or the
  /// service's access-token algorithm.
  std::string id_token_alg{};

  bool operator==(const client_config&) const = default;
};

/// The grants a client may be given in `grants`.
inline constexpr std::string_view client_grants[] = {"password", "refresh_token",
                                                     "client_credentials", "authorization_code"};

/// Checks a [[clients]] entry: `errc::invalid_argument`, saying what is wrong, for a missing id,
/// an unknown grant, a public client with a secret or with client_credentials, a confidential
/// one without a secret_hash, authorization_code without a redirect URI (or redirect URIs
/// without it), a redirect URI that may not be registered (config/redirect_uri.hpp), or
/// `consent = false` on a public client with a redirect URI that is not https.
[[nodiscard]] result<void> check_client(const client_config& client);

/// Checks clients against the service's signing algorithm: `errc::invalid_configuration`,
/// naming the client, for authorization_code under an HS* algorithm (OpenID Connect needs
/// signatures anyone can verify) or an id_token_signed_response_alg the keys cannot make.
[[nodiscard]] result<void> check_clients_for(algorithm alg,
                                             const std::vector<client_config>& clients);

/// Everything `tessera serve` reads. docs/SERVICE.md lists each key with its default.
struct service_config {
  std::string listen = "127.0.0.1:8000";
  std::string data_dir = "tessera-data";
  std::string database_url{};  ///< empty: SQLite in data_dir
  std::string public_url{};    ///< empty: http://<listen>
  std::string audience = "tessera";
  algorithm alg = algorithm::es256;
  std::string signing_secret_file{};      ///< HS* only: the secret, raw bytes
  std::string key_encryption_key_file{};  ///< empty: data_dir/key-encryption.key
  std::string key_encryption_key{};       ///< from TESSERA_KEY_ENCRYPTION_KEY only
  std::chrono::seconds access_token_ttl{15 * 60};
  std::chrono::seconds refresh_token_ttl{30 * 24 * 3600};  ///< absolute session lifetime
  std::chrono::seconds refresh_grace{2};   ///< concurrent refreshes of one token both succeed
  std::chrono::seconds jwks_max_age{300};  ///< Cache-Control of the JWKS; rotation waits this
  std::chrono::seconds sync_interval{2};   ///< how often revocations and keys are reloaded
  std::size_t bearer_cache_size = 10000;   ///< verified tokens remembered; 0 disables
  std::chrono::seconds bearer_cache_max_age{300};  ///< an entry never lives longer than this
  std::string default_client_id = "tessera";       ///< client_id of tokens from /login
  std::string introspection_scope = "introspect";
  /// Replaced whole by a reload (SIGHUP): take a snapshot to read it.
  live<std::vector<client_config>> clients{};
  std::size_t io_threads = 0;  ///< 0 = one per core
  int bearer_error_status = 401;
  std::vector<std::string> trusted_proxies{};
  std::vector<std::string> metrics_allow{"127.0.0.1", "::1"};
  live<std::vector<std::string>> cors_allowed_origins{};  ///< replaced by a reload
  std::string tls_cert_file{};
  std::string tls_key_file{};
  std::chrono::seconds hsts_max_age{31536000};  ///< Strict-Transport-Security over TLS; 0: none
  password_hash_config password_hash{};
  rate_limit_config rate_limit{};
  limits_config limits{};
  /// The browser face (/web): unset = on with --dev or an https or loopback public_url.
  std::optional<bool> web_enabled{};
  bool access_log = true;  ///< one JSON line per request on stderr
  bool dev = false;        ///< set by --dev, not by the file

  /// Each key the file or the environment set, with its value as text (lists one item per
  /// line; `clients` is compared whole): what a reload compares to find what changed.
  std::map<std::string, std::string, std::less<>> given{};
  /// Reads the configuration again from where this one came from (the same file, environment
  /// and command-line flags), for a reload. Empty: the service cannot reload.
  std::function<result<service_config>()> reread{};

  /// The issuer and base of published URLs.
  [[nodiscard]] std::string effective_public_url() const;
  /// The SQLite file or PostgreSQL URL actually used.
  [[nodiscard]] std::string effective_database_url() const;
};

/// Reads `file` (if any) over the defaults, then the TESSERA_* variables of `environment`.
/// Unknown keys, wrong types and impossible values are `errc::invalid_configuration`, and the
/// detail names the key.
[[nodiscard]] result<service_config> load_config(
    const std::optional<std::string>& file, const std::map<std::string, std::string>& environment);

/// As `load_config`, from the TOML text of a file named `source` (for messages).
[[nodiscard]] result<service_config> parse_config(
    std::string_view text, const std::string& source,
    const std::map<std::string, std::string>& environment);

/// The process environment's TESSERA_* variables.
[[nodiscard]] std::map<std::string, std::string> tessera_environment();

/// Each configuration key, its environment variable and its default, for docs and --help.
struct config_key_doc {
  std::string_view key;
  std::string_view type;
  std::string_view default_value;
  std::string_view description;
};
[[nodiscard]] std::vector<config_key_doc> config_keys();

}  // namespace tessera::server
