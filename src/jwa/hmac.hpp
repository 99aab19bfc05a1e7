// HS256, HS384 and HS512 (RFC 7518 section 3.2) with the key schedule computed once.
#pragma once

#include <cstddef>
#include <memory>
#include <span>

#include "detail/key_material.hpp"

namespace tessera::detail {

/// Minimum secret length for `alg`: the size of its hash (RFC 7518 section 3.2).
[[nodiscard]] std::size_t hmac_min_key_size(algorithm alg) noexcept;

/// Prepared HMAC state for every HS algorithm, from one secret.
[[nodiscard]] std::shared_ptr<const key_material> make_hmac_material(
    std::span<const std::byte> secret);

}  // namespace tessera::detail
