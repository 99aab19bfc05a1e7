// The embedded store: one SQLite file in WAL mode with full synchronisation (no lost commit).
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace tessera::server {

[[nodiscard]] result<std::unique_ptr<store>> open_sqlite_store(const std::string& path);

}  // namespace tessera::server
