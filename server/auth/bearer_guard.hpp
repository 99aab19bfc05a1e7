// The bearer-token guard (RFC 6750): who is calling, or the answer that refuses them.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tessera/jwt.hpp>

#include "http/message.hpp"

namespace tessera::server {

class bearer_guard;

/// A caller whose access token passed every check. Only bearer_guard can make one, so a
/// handler that takes a `const principal&` cannot be reached without a valid token.
class principal {
 public:
  [[nodiscard]] std::string_view subject() const noexcept { return subject_; }
  [[nodiscard]] const std::vector<std::string>& scopes() const noexcept { return scopes_; }
  [[nodiscard]] const tessera::verified_token& token() const noexcept { return token_; }

 private:
  friend class bearer_guard;
  explicit principal(tessera::verified_token token);

  tessera::verified_token token_;
  std::string subject_;
  std::vector<std::string> scopes_;
};

/// How the guard answers an invalid token: RFC 6750's 401, or the article's FastAPI 403.
enum class bearer_error_style { rfc6750_401, fastapi_403 };

class bearer_guard {
 public:
  bearer_guard(tessera::verifier verifier, bearer_error_style style) noexcept
      : verifier_(std::move(verifier)), style_(style) {}

  /// Reads the one `Authorization: Bearer` header (scheme matched case-insensitively), verifies
  /// the token, and returns the caller, or the response to send: 401 with
  /// `WWW-Authenticate: Bearer` when there is no usable header, 400 `invalid_request` for two,
  /// 401 `invalid_token` (or 403) for a token that fails. A token in the query or body is never
  /// looked at.
  [[nodiscard]] std::expected<principal, response> admit(const request& req) const;

 private:
  tessera::verifier verifier_;
  bearer_error_style style_;
};

/// The token of an `Authorization` header value: "Bearer" (any case), one or more spaces, a
/// token of RFC 6750's b64token characters. Empty when the value is anything else.
[[nodiscard]] std::string_view bearer_token(std::string_view authorization) noexcept;

}  // namespace tessera::server
