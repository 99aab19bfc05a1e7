// What a new password must be (NIST SP 800-63B section 5.1.1.2): at least 8 characters, no
// composition rules, long passphrases welcome up to a bound that keeps hashing cheap to refuse.
#pragma once

#include <cstddef>
#include <string_view>

#include "error.hpp"

namespace tessera::server {

inline constexpr std::size_t min_password_chars = 8;
inline constexpr std::size_t max_password_bytes = 1024;

/// `errc::invalid_argument`, saying what is wrong, for a password of fewer than 8 characters
/// (UTF-8 code points), of more than 1024 bytes, or equal to the username.
[[nodiscard]] result<void> check_new_password(std::string_view username, std::string_view password);

}  // namespace tessera::server
