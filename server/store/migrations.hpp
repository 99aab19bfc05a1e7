// The schema migrations of each store, embedded from server/store/migrations at build time.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace tessera::server {

/// One schema migration: applied once, in version order, in its own transaction.
struct migration {
  int version;
  std::string_view name;  ///< the file name without .sql, e.g. "001_users"
  std::string_view sql;   ///< one or more statements
};

enum class sql_dialect : std::uint8_t { sqlite, postgres };

/// Every migration of `dialect`, by version (1, 2, 3, ...).
[[nodiscard]] std::span<const migration> migrations_for(sql_dialect dialect) noexcept;

}  // namespace tessera::server
