// The administration of a service's state, for `tessera user|keys|client|migrate|hash-secret`:
// each call opens what `config` names (the data directory, created 0700, and the store), does one
// thing and closes it. A running service picks the changes up at its next sync.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "error.hpp"
#include "keys/key_admin.hpp"
#include "store/store.hpp"

namespace tessera::server {

/// A user's name and password, as an administrator gives them. The password is wiped once used.
struct credentials {
  std::string username;
  std::string password;
};

/// What OpenID Connect's profile and email scopes tell apps about a user.
struct user_profile {
  std::string name{};   ///< the full name, or empty
  std::string email{};  ///< or empty
  bool email_verified = false;
};

/// Adds a user holding `scopes`. `errc::invalid_argument` for a name that is empty, longer than
/// 128 bytes or a configured client's id, or a password under 8 characters;
/// `errc::already_exists` when the name is taken.
[[nodiscard]] result<void> add_user(const service_config& config, credentials user,
                                    const std::vector<std::string>& scopes,
                                    const user_profile& profile = {});
/// Sets a user's OpenID Connect profile. `errc::not_found` when there is no such user;
/// `errc::invalid_argument` for an email address without `@` or a name or address too long.
[[nodiscard]] result<void> set_profile(const service_config& config, const std::string& username,
                                       const user_profile& profile);
/// Removes a user and ends its sessions. `errc::not_found` when there is none.
[[nodiscard]] result<void> remove_user(const service_config& config, const std::string& username);
/// Sets a user's password and ends its sessions. `errc::invalid_argument` for a password under
/// 8 characters, `errc::not_found` for an unknown user.
[[nodiscard]] result<void> set_password(const service_config& config, credentials user);
/// Refuses the user's logins and ends its sessions. `errc::not_found` for an unknown user.
[[nodiscard]] result<void> disable_user(const service_config& config, const std::string& username);
/// Lets a disabled user log in again. `errc::not_found` for an unknown user.
[[nodiscard]] result<void> enable_user(const service_config& config, const std::string& username);
/// Every user, by name.
[[nodiscard]] result<std::vector<user_record>> list_users(const service_config& config);

/// `tessera keys rotate`: see `server::rotate_key`.
[[nodiscard]] result<key_record> rotate_key(const service_config& config, key_rotation when);
/// `tessera keys prune`: how many keys went.
[[nodiscard]] result<std::size_t> prune_keys(const service_config& config);
/// `tessera keys revoke`: how many sessions ended.
[[nodiscard]] result<std::size_t> revoke_key(const service_config& config, const std::string& kid);
/// `tessera keys list`: every key, oldest first.
[[nodiscard]] result<std::vector<key_record>> list_keys(const service_config& config);

/// `tessera migrate`: applies the store's schema migrations.
[[nodiscard]] result<void> migrate(const service_config& config);

/// `tessera hash-secret`: the Argon2id hash of a client secret at the configured cost, for
/// secret_hash in [[clients]]. The secret is wiped once used.
[[nodiscard]] result<std::string> hash_client_secret(const service_config& config,
                                                     std::string secret);

/// A client made by `tessera client add`: its [[clients]] entry, and its secret (256 random bits,
/// base64url; empty for a public client), which exists nowhere else.
struct new_client {
  client_config entry;
  std::string secret;
};

/// Checks `wanted` (id, grants, scopes, public) and, unless it is public, makes its secret and
/// the entry's `$sha256$` secret_hash. `errc::invalid_argument` says what is wrong.
[[nodiscard]] result<new_client> make_client(client_config wanted);

}  // namespace tessera::server
