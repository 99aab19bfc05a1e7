// base64url exactly as RFC 7515 section 2: the URL-safe alphabet, no padding, no whitespace, and
// the unused bits of the last character zero. Anything else is `errc::invalid_base64url`.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tessera/result.hpp>

namespace tessera {

/// Length of the encoding of `n` bytes.
[[nodiscard]] constexpr std::size_t base64url_encoded_size(std::size_t n) noexcept {
  return (n / 3) * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

/// Length of the bytes that `n` characters decode to; `errc::invalid_base64url` when no input of
/// that length is valid (n % 4 == 1).
[[nodiscard]] result<std::size_t> base64url_decoded_size(std::size_t n) noexcept;

/// Appends the encoding of `bytes` to `out`.
void base64url_encode_append(std::string& out, std::span<const std::byte> bytes);
/// Appends the encoding of the bytes of `text` to `out`.
void base64url_encode_append(std::string& out, std::string_view text);

/// The encoding of `bytes`.
[[nodiscard]] std::string base64url_encode(std::span<const std::byte> bytes);
/// The encoding of the bytes of `text`.
[[nodiscard]] std::string base64url_encode(std::string_view text);

/// Decodes `in` into `out`, which must hold at least `base64url_decoded_size(in.size())` bytes;
/// returns the number of bytes written.
[[nodiscard]] result<std::size_t> base64url_decode(std::string_view in,
                                                   std::span<std::byte> out) noexcept;

/// Decodes `in` into a new buffer.
[[nodiscard]] result<std::vector<std::byte>> base64url_decode(std::string_view in);

/// Decodes `in` into a string of the decoded bytes (convenient for JSON segments).
[[nodiscard]] result<std::string> base64url_decode_to_string(std::string_view in);

}  // namespace tessera
