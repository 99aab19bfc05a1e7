#include "store/migrations.hpp"

#include "store/migrations_embedded.hpp"

namespace tessera::server {

std::span<const migration> migrations_for(sql_dialect dialect) noexcept {
  switch (dialect) {
    case sql_dialect::sqlite:
      return detail::sqlite_migrations;
    case sql_dialect::postgres:
      return detail::postgres_migrations;
  }
  return {};
}

}  // namespace tessera::server
