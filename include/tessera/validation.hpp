// What a verifier checks: the algorithm allow-list, the registered claims, limits and time.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tessera/algorithm.hpp>
#include <tessera/claims.hpp>
#include <tessera/json.hpp>

namespace tessera {

/// Where a verifier gets "now". Inject a `fixed_clock` in tests.
class clock {
 public:
  virtual ~clock() = default;
  /// The current time, read once per verification. A verifier is shared between threads, so
  /// this may be called from many at once.
  [[nodiscard]] virtual std::chrono::system_clock::time_point now() const noexcept = 0;
};

/// The system's clock (std::chrono::system_clock).
[[nodiscard]] const clock& system_clock() noexcept;
/// A shared handle to the system's clock.
[[nodiscard]] std::shared_ptr<const clock> system_clock_ptr();

/// A clock that always says the same time.
class fixed_clock final : public clock {
 public:
  /// A clock that always says `t`.
  explicit fixed_clock(std::chrono::system_clock::time_point t) noexcept : t_(t) {}
  /// The time given to the constructor.
  [[nodiscard]] std::chrono::system_clock::time_point now() const noexcept override { return t_; }

 private:
  std::chrono::system_clock::time_point t_;
};

/**
 * The checks of `verifier::verify`, after PyJWT's `jwt.decode` and stricter where it is lax.
 * Every member has a default, so designated initialisers may name only what they change.
 */
struct verify_options {
  /// Required: the algorithms a token may use. Empty gives `errc::empty_algorithm_list`.
  algorithm_set algorithms{};
  /// Accepted issuers; when non-empty, "iss" must be one of them.
  std::vector<std::string> issuer{};
  /// Accepted audiences; when non-empty, "aud" (a string or an array) must name one of them.
  /// When empty, a token that carries "aud" is rejected, as PyJWT does.
  std::vector<std::string> audience{};
  /// With `strict_audience`, "aud" must be a single string equal to the single expected one.
  bool strict_audience = false;
  /// When set, "sub" must equal it.
  std::optional<std::string> subject{};
  /// Tolerance for exp, nbf and iat.
  std::chrono::seconds leeway{0};
  /// Claims that must be present.
  std::vector<claim> required{};
  /// Reject a token whose "iat" is later than now + leeway (PyJWT does).
  bool reject_future_iat = true;
  /// When set, the header's "typ" must equal it (compared case-insensitively, RFC 7515 4.1.9).
  std::optional<std::string> type{};
  /// Accept RFC 7797 unencoded payloads ("b64": false, listed in "crit").
  bool allow_unencoded_payload = false;
  /// Header extensions this caller understands, so "crit" may name them.
  std::vector<std::string> critical_extensions{};
  /// Size and depth limits for the token.
  parse_limits limits{};
  /// The source of "now"; null means the system clock.
  std::shared_ptr<const clock> time_source{};
};

}  // namespace tessera
