// JWS carries ECDSA signatures as the fixed-width big-endian R || S (RFC 7518 section 3.4);
// OpenSSL speaks DER. These convert between the two, strictly.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include <tessera/result.hpp>

namespace tessera::detail {

/// The longest DER ECDSA signature of the supported curves (P-521: 2 x (2 + 67) + 3 bytes).
inline constexpr std::size_t max_der_ecdsa_signature = 144;

/**
 * Encodes `raw` (R || S, each `order.size()` bytes) as DER into `out`; returns the DER length,
 * or nullopt-like 0 when the signature is not acceptable: wrong length, or r or s equal to zero
 * or not below the group order (the "psychic signature" of CVE-2022-21449).
 */
[[nodiscard]] std::size_t ecdsa_raw_to_der(
    std::span<const std::byte> raw, std::span<const unsigned char> order,
    std::array<unsigned char, max_der_ecdsa_signature>& out) noexcept;

/// Converts a DER signature from OpenSSL into R || S of `component_size` bytes each.
[[nodiscard]] result<std::size_t> ecdsa_der_to_raw(std::span<const unsigned char> der,
                                                   std::size_t component_size,
                                                   std::span<std::byte> out);

}  // namespace tessera::detail
