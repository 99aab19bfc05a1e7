// The service's signing key: generated in the data directory on first start (asymmetric
// algorithms) or read from a secret file (HS*).
#pragma once

#include <expected>
#include <string>

#include <tessera/jwt.hpp>

#include "config/config.hpp"

namespace tessera::server {

struct service_keys {
  tessera::signing_key signing;
  tessera::verifying_key verifying;
  std::string kid;  ///< the RFC 7638 thumbprint of the public key
  bool created = false;
};

/// Loads `data_dir/signing-key-<ALG>.pem` (0600), creating it when absent; for HS* reads
/// `signing_secret_file`, which must meet RFC 7518 section 3.2.
[[nodiscard]] std::expected<service_keys, std::string> load_service_keys(
    const service_config& config);

}  // namespace tessera::server
