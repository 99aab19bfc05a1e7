#include "store/store.hpp"

#include "store/postgres_store.hpp"
#include "store/sqlite_store.hpp"

namespace tessera::server {

std::string_view to_string(key_state state) noexcept {
  switch (state) {
    case key_state::next:
      return "next";
    case key_state::active:
      return "active";
    case key_state::retired:
      return "retired";
    case key_state::revoked:
      return "revoked";
  }
  return "revoked";
}

std::optional<key_state> parse_key_state(std::string_view text) noexcept {
  for (auto s : {key_state::next, key_state::active, key_state::retired, key_state::revoked}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

result<std::unique_ptr<store>> open_store(const std::string& database_url) {
  if (database_url.starts_with("sqlite:")) return open_sqlite_store(database_url.substr(7));
  if (database_url.starts_with("postgresql://") || database_url.starts_with("postgres://")) {
    return open_postgres_store(database_url);
  }
  return fail(
      errc::invalid_configuration,
      "unsupported database_url (expected sqlite:PATH or postgresql://...): " + database_url);
}

}  // namespace tessera::server
