// The bearer-token guard (RFC 6750): who is calling, or the answer that refuses them.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tessera/jwt.hpp>

#include "auth/revocation_list.hpp"
#include "auth/verified_cache.hpp"
#include "http/message.hpp"
#include "keys/key_ring.hpp"

namespace tessera::server {

class bearer_guard;

/// A caller whose access token passed every check. Only bearer_guard can make one, so a
/// handler that takes a `const principal&` cannot be reached without a valid token.
class principal {
 public:
  [[nodiscard]] std::string_view subject() const noexcept { return subject_; }
  /// The session (sid) the token belongs to; empty for tokens without one.
  [[nodiscard]] std::string_view session_id() const noexcept;
  /// True when the token grants `scope`.
  [[nodiscard]] bool has_scope(std::string_view scope) const noexcept;
  [[nodiscard]] const std::vector<std::string>& scopes() const noexcept { return scopes_; }
  [[nodiscard]] const tessera::verified_token& token() const noexcept { return token_; }

 private:
  friend class bearer_guard;
  explicit principal(tessera::verified_token token);

  tessera::verified_token token_;
  std::string subject_;
  std::vector<std::string> scopes_;
};

/// How the guard answers an invalid token: RFC 6750's 401, or FastAPI HTTPBearer's 403 (the 403
/// mode).
enum class bearer_error_style : std::uint8_t { rfc6750_401, fastapi_403 };

class bearer_guard {
 public:
  /// Verifies with the key ring's current verifier (remembering tokens that passed in
  /// `cache`) and refuses what `revoked` lists, on every request.
  bearer_guard(const key_ring& keys, const revocation_list& revoked, verified_cache& cache,
               bearer_error_style style) noexcept
      : keys_(keys), revoked_(revoked), cache_(cache), style_(style) {}

  /// Reads the one `Authorization: Bearer` header (scheme matched case-insensitively), verifies
  /// the token, and returns the caller, or the response to send: 401 with
  /// `WWW-Authenticate: Bearer` when there is no usable header, 400 `invalid_request` for two,
  /// 401 `invalid_token` (or 403) for a token that fails. A token in the query or body is never
  /// looked at.
  [[nodiscard]] std::expected<principal, response> admit(const request& req) const;

  /// The answer for a valid token that lacks `scope` (RFC 6750 3.1: 403 insufficient_scope).
  [[nodiscard]] static response insufficient_scope(std::string_view scope);

 private:
  [[nodiscard]] response invalid_token(std::string_view description) const;

  const key_ring& keys_;
  const revocation_list& revoked_;
  verified_cache& cache_;
  bearer_error_style style_;
};

/// The token of an `Authorization` header value: "Bearer" (any case), one or more spaces, a
/// token of RFC 6750's b64token characters. Empty when the value is anything else.
[[nodiscard]] std::string_view bearer_token(std::string_view authorization) noexcept;

/// A handler for callers whose access token passed the guard.
using protected_handler = std::function<handler_result(const principal&, const request&)>;

/// A route handler that runs the guard first: `h` sees only admitted callers that hold
/// `required_scope` (when given; others get 403 insufficient_scope).
[[nodiscard]] std::function<handler_result(const request&)> guarded(
    const bearer_guard& guard, protected_handler h, std::string required_scope = {});

}  // namespace tessera::server
