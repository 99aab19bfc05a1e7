#include "password/policy.hpp"

#include <algorithm>

namespace tessera::server {

result<void> check_new_password(std::string_view username, std::string_view password) {
  // UTF-8 continuation bytes (10xxxxxx) do not start a character.
  const auto chars = static_cast<std::size_t>(std::ranges::count_if(
      password, [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
  if (chars < min_password_chars) {
    return fail(errc::invalid_argument, "a password has at least 8 characters");
  }
  if (password.size() > max_password_bytes) {
    return fail(errc::invalid_argument, "a password has at most 1024 bytes");
  }
  if (password == username) {
    return fail(errc::invalid_argument, "a password must not be the username");
  }
  return {};
}

}  // namespace tessera::server
