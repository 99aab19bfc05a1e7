// The scale-out store: PostgreSQL through libpq, shared by several instances of the service.
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace tessera::server {

/// Connects to `url` (postgresql://...; the password may come from PGPASSWORD or PGPASSFILE
/// rather than the URL) and applies the migrations under an advisory lock, so several
/// instances starting at once migrate once.
[[nodiscard]] result<std::unique_ptr<store>> open_postgres_store(const std::string& url);

}  // namespace tessera::server
