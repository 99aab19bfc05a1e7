// Builds signing and verifying keys from an OpenSSL key.
#pragma once

#include <optional>

#include <tessera/key.hpp>

#include "detail/openssl_handles.hpp"

namespace tessera::detail {

[[nodiscard]] result<std::shared_ptr<const key_material>> make_signing_material(
    algorithm alg, pkey_ptr pkey, const key_options& options);

}  // namespace tessera::detail
