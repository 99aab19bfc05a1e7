// Claims: a builder for the payload of a new token, and a typed view of a verified one.
#pragma once

#include <chrono>
#include <cstddef>
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

class verified_token;
namespace detail {
struct claim_value;
struct token_storage;
}  // namespace detail

/// The registered claims of RFC 7519 section 4.1.
enum class claim : std::uint8_t {
  iss,  ///< issuer
  sub,  ///< subject
  aud,  ///< audience
  exp,  ///< expiration time
  nbf,  ///< not before
  iat,  ///< issued at
  jti   ///< JWT ID
};

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

  /// Sets "iss", the issuer.
  claims& issuer(std::string_view iss);
  /// Sets "sub", the subject.
  claims& subject(std::string_view sub);
  /// One audience: "aud" is a string.
  claims& audience(std::string_view aud);
  /// Several audiences: "aud" is an array (also when it holds one).
  claims& audience(std::span<const std::string> auds);
  /// Several audiences, e.g. `audience({"api", "admin"})`: "aud" is an array.
  claims& audience(std::initializer_list<std::string_view> auds);
  /// Sets "exp", the expiration time. Times are written as whole seconds since the epoch
  /// (rounded down).
  claims& expires_at(std::chrono::system_clock::time_point t);
  /// Sets "nbf": the token is not valid before `t` (whole seconds, rounded down).
  claims& not_before(std::chrono::system_clock::time_point t);
  /// Sets "iat", the time the token was issued (whole seconds, rounded down).
  claims& issued_at(std::chrono::system_clock::time_point t);
  /// Sets "jti", the token's unique identifier.
  claims& jwt_id(std::string_view jti);
  /// Any claim, registered or private.
  claims& set(std::string_view name, json::value value);

  /// The members set so far, in the order they were first set.
  [[nodiscard]] const json::object& members() const noexcept { return members_; }

 private:
  json::object members_;
};

/**
 * Receives a JSON value piece by piece, in document order (`claims_view::visit`): for bindings
 * that build their own objects (a Python dict) without JSON values in between. Each function
 * returns false to stop the walk.
 */
class json_visitor {
 public:
  json_visitor() = default;                                ///< Nothing to set up.
  json_visitor(const json_visitor&) = default;             ///< Copyable, as its subclass allows.
  json_visitor& operator=(const json_visitor&) = default;  ///< Copyable, as its subclass allows.
  json_visitor(json_visitor&&) = default;                  ///< Movable, as its subclass allows.
  json_visitor& operator=(json_visitor&&) = default;       ///< Movable, as its subclass allows.
  virtual ~json_visitor() = default;                       ///< Destroyed through the base.

  /// An object of `members` members begins: then key, value, key, value..., then end_object.
  virtual bool begin_object(std::size_t members) = 0;
  /// The name of the next member.
  virtual bool key(std::string_view name) = 0;
  /// The current object ends.
  virtual bool end_object() = 0;
  /// An array of `elements` elements begins: then each, then end_array.
  virtual bool begin_array(std::size_t elements) = 0;
  /// The current array ends.
  virtual bool end_array() = 0;
  /// A string (UTF-8).
  virtual bool string(std::string_view text) = 0;
  /// An integer that fits 64 bits signed.
  virtual bool integer(std::int64_t value) = 0;
  /// An integer above INT64_MAX that fits 64 bits unsigned.
  virtual bool unsigned_integer(std::uint64_t value) = 0;
  /// An integer beyond 64 bits, as its digits (an optional '-', then decimal digits).
  virtual bool big_integer(std::string_view digits) = 0;
  /// A number with a fraction or an exponent.
  virtual bool number(double value) = 0;
  /// true or false.
  virtual bool boolean(bool value) = 0;
  /// null.
  virtual bool null() = 0;
};

/**
 * Read access to the claims of a decoded token; the view does not own them.
 *
 * A view of a verified token reads the registered claims and `text` without building JSON values
 * when the payload was plain (as token payloads usually are); `get` and `members` build the
 * token's JSON object on their first call (once, whichever thread calls), and each later call
 * reads it.
 */
class claims_view {
 public:
  /// A view of `members`, which must outlive it.
  explicit claims_view(const json::object& members) noexcept : members_(&members) {}

  /// "iss"; `std::nullopt` when absent or not a string.
  [[nodiscard]] std::optional<std::string_view> issuer() const noexcept;
  /// "sub"; `std::nullopt` when absent or not a string.
  [[nodiscard]] std::optional<std::string_view> subject() const noexcept;
  /// "jti"; `std::nullopt` when absent or not a string.
  [[nodiscard]] std::optional<std::string_view> jwt_id() const noexcept;
  /// The audiences: one for a string "aud", each string of an array, none when absent.
  [[nodiscard]] std::vector<std::string_view> audience() const;
  /// "exp" in whole seconds (a fraction rounded down); `std::nullopt` when absent, not a
  /// number, or beyond 2^53 seconds either side of the epoch.
  [[nodiscard]] std::optional<std::chrono::sys_seconds> expires_at() const noexcept;
  /// "nbf", read as `expires_at` reads "exp".
  [[nodiscard]] std::optional<std::chrono::sys_seconds> not_before() const noexcept;
  /// "iat", read as `expires_at` reads "exp".
  [[nodiscard]] std::optional<std::chrono::sys_seconds> issued_at() const noexcept;
  /// Any claim whose value is a string, by name (`"scope"`); `std::nullopt` when absent or not a
  /// string. Unlike `get`, it builds no JSON value.
  [[nodiscard]] std::optional<std::string_view> text(std::string_view name) const noexcept;
  /// Any claim by name; nullptr when absent.
  [[nodiscard]] const json::value* get(std::string_view name) const;
  /// All the claims, as the JSON object they were decoded from.
  [[nodiscard]] const json::object& members() const;
  /// Walks all the claims (an object) into `visitor`; false when the visitor stopped it. Builds
  /// no JSON value when the view's token was read from its index.
  bool visit(json_visitor& visitor) const;  // NOLINT(modernize-use-nodiscard)

 private:
  friend class verified_token;
  explicit claims_view(const detail::token_storage& token) noexcept : token_(&token) {}
  [[nodiscard]] detail::claim_value registered(claim c) const noexcept;

  const json::object* members_ = nullptr;         ///< the object viewed, or
  const detail::token_storage* token_ = nullptr;  ///< the verified token whose claims are viewed
};

}  // namespace tessera
