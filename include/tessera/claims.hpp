// Claims: a builder for the payload of a new token, and a typed view of a verified one.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include <tessera/json.hpp>
#include <tessera/result.hpp>

namespace tessera {

/// The registered claims of RFC 7519 section 4.1.
enum class claim : std::uint8_t { iss, sub, aud, exp, nbf, iat, jti };

/// The claim's name, e.g. "exp".
[[nodiscard]] std::string_view to_string(claim c) noexcept;
/// The registered claim of that name; `std::nullopt` for any other name.
[[nodiscard]] std::optional<claim> parse_claim(std::string_view name) noexcept;

/**
 * The payload of a token to encode. Members keep the order they were first set in (as a Python
 * dict does, so the output matches PyJWT's); setting a claim again replaces its value in place.
 *
 * @code
 * auto c = tessera::claims{}.subject("user-42").expires_at(now + 15min).set("role", "admin");
 * @endcode
 */
class claims {
 public:
  claims() = default;
  /// Wraps an existing JSON object.
  explicit claims(json::object members) noexcept : members_(std::move(members)) {}
  /// Parses a JSON object strictly (see `parse_strict`); `errc::invalid_payload` if not an object.
  [[nodiscard]] static result<claims> from_json(std::string_view text,
                                                std::size_t max_depth = parse_limits{}.max_depth);

  claims& issuer(std::string_view iss);
  claims& subject(std::string_view sub);
  /// One audience: "aud" is a string.
  claims& audience(std::string_view aud);
  /// Several audiences: "aud" is an array (also when it holds one).
  claims& audience(std::span<const std::string> auds);
  claims& audience(std::initializer_list<std::string_view> auds);
  /// Times are written as whole seconds since the epoch (rounded down).
  claims& expires_at(std::chrono::system_clock::time_point t);
  claims& not_before(std::chrono::system_clock::time_point t);
  claims& issued_at(std::chrono::system_clock::time_point t);
  claims& jwt_id(std::string_view jti);
  /// Any claim, registered or private.
  claims& set(std::string_view name, json::value value);

  [[nodiscard]] const json::object& members() const noexcept { return members_; }

 private:
  json::object members_;
};

/// Read access to the claims of a decoded token; the view does not own them.
class claims_view {
 public:
  explicit claims_view(const json::object& members) noexcept : members_(&members) {}

  [[nodiscard]] std::optional<std::string_view> issuer() const noexcept;
  [[nodiscard]] std::optional<std::string_view> subject() const noexcept;
  [[nodiscard]] std::optional<std::string_view> jwt_id() const noexcept;
  /// The audiences: one for a string "aud", each string of an array, none when absent.
  [[nodiscard]] std::vector<std::string_view> audience() const;
  [[nodiscard]] std::optional<std::chrono::sys_seconds> expires_at() const noexcept;
  [[nodiscard]] std::optional<std::chrono::sys_seconds> not_before() const noexcept;
  [[nodiscard]] std::optional<std::chrono::sys_seconds> issued_at() const noexcept;
  /// Any claim by name; nullptr when absent.
  [[nodiscard]] const json::value* get(std::string_view name) const noexcept;
  [[nodiscard]] const json::object& members() const noexcept { return *members_; }

 private:
  const json::object* members_;
};

}  // namespace tessera
