// RS*, PS*, ES* and EdDSA (RFC 7518 sections 3.3-3.5, RFC 8037, RFC 8812) on OpenSSL 3.
#pragma once

#include <memory>

#include "detail/key_facts.hpp"
#include "detail/key_material.hpp"
#include "detail/openssl_handles.hpp"

namespace tessera::detail {

/// Prepares `pkey` for `algorithms` (a subset of what `facts` allows): one initialised
/// signing and/or verifying context per algorithm, duplicated for each operation, so no call
/// fetches an algorithm or takes a library-wide lock.
[[nodiscard]] result<std::shared_ptr<const key_material>> make_evp_material(
    pkey_ptr pkey, const key_facts& facts, algorithm_set algorithms, bool for_signing);

}  // namespace tessera::detail
