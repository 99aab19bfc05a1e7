// The service's keys: the one that signs, the ones published in the JWKS (next, active and
// retired), and the verifier over them. Kept in the store (encrypted at rest), reloaded when
// they change, so every instance signs and publishes the same.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tessera/jwt.hpp>

#include "config/config.hpp"
#include "error.hpp"
#include "published.hpp"
#include "store/store.hpp"

namespace tessera::server {

/// How far past `exp` (and before `nbf`) an access token is still accepted: clock skew between
/// the instances that sign and those that verify. Whatever must outlive a token (its revocation,
/// its key) must outlive it by this much too.
inline constexpr std::chrono::seconds access_token_leeway{30};

struct key_ring_snapshot {
  tessera::signing_key signing;  ///< signs access tokens (`config.alg`)
  std::string signing_kid;
  std::shared_ptr<const tessera::verifier> verifier;  ///< access tokens, by `config.alg` keys
  /// Signs ID tokens with RS256 (OpenID Connect Core 3.1.3.7); none under an HS algorithm.
  std::optional<tessera::signing_key> id_signing{};
  std::string id_signing_kid{};
  /// The keys an ID token that comes back as `id_token_hint` may be signed with (either family);
  /// null under an HS algorithm. Checked with `key_ring::id_token_hint_rules`, made at each use
  /// from the clients of that moment (a reload changes them).
  std::shared_ptr<const tessera::key_set> id_token_keys{};
  std::string jwks_json;    ///< {"keys":[...]} of the published public keys
  std::string fingerprint;  ///< kid:state list it was built from
};

/// The key that encrypts signing keys at rest: TESSERA_KEY_ENCRYPTION_KEY, or the file
/// `key_encryption_key_file` (default data_dir/key-encryption.key, generated 0600 when absent).
/// `errc::file_error` when it cannot be read or made, `errc::key_unavailable` when too short.
[[nodiscard]] result<std::string> load_key_encryption_key(const service_config& config);

class key_ring {
 public:
  /// Loads (and on an empty store creates) the keys. HS* keys come from signing_secret_file and
  /// are never published. `errc::key_unavailable` when a key cannot be used.
  [[nodiscard]] static result<std::unique_ptr<key_ring>> open(const service_config& config,
                                                              store& keys, std::int64_t now);

  /// Promotes a "next" key whose time has come, and rebuilds when the store's keys changed.
  /// Returns true when the keys changed (callers flush caches).
  [[nodiscard]] result<bool> refresh(store& keys, std::int64_t now);

  [[nodiscard]] const key_ring_snapshot& read() const { return current_.read(); }
  /// Changes with every rebuild of the keys (rotation, pruning, revocation).
  [[nodiscard]] std::uint64_t generation() const noexcept { return current_.version(); }
  [[nodiscard]] std::shared_ptr<const key_ring_snapshot> share() const { return current_.share(); }

  /// The verification rules of access tokens (RFC 9068).
  [[nodiscard]] static tessera::verify_options access_token_rules(const service_config& config);
  /// The verification rules of an ID token presented back as `id_token_hint`: typ JWT, an aud of
  /// a client that signs users in now, and up to a session's lifetime old.
  [[nodiscard]] static tessera::verify_options id_token_hint_rules(const service_config& config);

 private:
  key_ring(const service_config& config, std::string kek,
           std::shared_ptr<const key_ring_snapshot> s)
      : config_(config), kek_(std::move(kek)), current_(std::move(s)) {}

  result<std::shared_ptr<const key_ring_snapshot>> build(
      const std::vector<key_record>& records) const;

  const service_config& config_;
  std::string kek_;
  published<key_ring_snapshot> current_;
};

/// Whether the service can be an OpenID Provider: its tokens are signed with a key anyone can
/// verify (not an HS shared secret).
[[nodiscard]] bool offers_openid(const service_config& config) noexcept;

/// The algorithms the service keeps keys for: `config.alg`, and RS256 for ID tokens when it
/// offers OpenID Connect and signs access tokens otherwise.
[[nodiscard]] std::vector<tessera::algorithm> key_families(const service_config& config);

/// A new encrypted key record for `alg`.
[[nodiscard]] result<key_record> new_key_record(const std::string& kek, tessera::algorithm alg,
                                                key_state state, std::int64_t activate_at);

}  // namespace tessera::server
