// Reading one cookie from a request's Cookie fields, and writing Set-Cookie values (RFC 6265bis).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace tessera::server {

/// The value of the first cookie named `name` in every Cookie field of `req`; nothing when the
/// request carries none.
[[nodiscard]] std::optional<std::string_view> find_cookie(const request& req,
                                                          std::string_view name);

enum class same_site : std::uint8_t { strict, lax };

/// The attributes of a `__Host-` cookie the service sets: Secure, HttpOnly, Path=/, no Domain.
struct cookie_spec {
  std::string_view name;  ///< must start with `__Host-`
  server::same_site same_site = same_site::strict;
};

/// `name=value; Max-Age=N; Path=/; Secure; HttpOnly; SameSite=...`.
[[nodiscard]] std::string set_cookie(const cookie_spec& spec, std::string_view value,
                                     std::chrono::seconds max_age);

/// The Set-Cookie value that makes the browser drop the cookie (`Max-Age=0`).
[[nodiscard]] std::string expire_cookie(const cookie_spec& spec);

}  // namespace tessera::server
