// What `tessera serve` and the administration commands open from a configuration: the data
// directory and its store, and the password hasher at the configured cost.
#pragma once

#include <memory>

#include "config/config.hpp"
#include "error.hpp"
#include "password/argon2id.hpp"
#include "store/store.hpp"

namespace tessera::server {

/// Creates the data directory (0700; `errc::file_error` when it cannot be made or restricted)
/// and opens the store, applying its migrations.
[[nodiscard]] result<std::unique_ptr<store>> open_state(const service_config& config);

/// The Argon2id hasher at `config.password_hash`'s cost.
[[nodiscard]] result<password_hasher> make_hasher(const service_config& config);

}  // namespace tessera::server
