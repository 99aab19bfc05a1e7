// The administration of the signing keys (`tessera keys ...`), straight on the store: a running
// service picks the changes up at its next sync.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.hpp"
#include "error.hpp"
#include "store/store.hpp"

namespace tessera::server {

/// When a new key starts signing.
enum class key_rotation : std::uint8_t {
  scheduled,  ///< published now, signs once jwks_max_age has passed (every client has fetched it)
  immediate,  ///< signs now; the active key retires
};

/// Adds a new key of each family (`key_families`: `config.alg`, and RS256 for ID tokens): the
/// new access-token key's record. `errc::invalid_argument` for an HS algorithm, whose key is
/// signing_secret_file.
[[nodiscard]] result<key_record> rotate_key(const service_config& config, store& keys,
                                            key_rotation when);

/// Deletes the retired keys whose tokens have all expired, and the revoked keys: how many went.
[[nodiscard]] result<std::size_t> prune_keys(const service_config& config, store& keys);

/// Withdraws `kid` at once and ends the sessions it signed for: how many ended.
/// `errc::not_found` for an unknown kid; `errc::invalid_argument` when it is the only key that
/// can sign (rotate first).
[[nodiscard]] result<std::size_t> revoke_key(store& keys, const std::string& kid);

}  // namespace tessera::server
