// The service's error codes, their category and the conditions that group them: the library's
// model (include/tessera/error.hpp) for the store, the keys, the users, the sessions and the
// configuration, so that every caller tells "not found" from "database down" from "bad input"
// the same way.
#pragma once

#include <expected>
#include <string>
#include <system_error>
#include <type_traits>

namespace tessera::server {

/**
 * One code per distinct failure. The numbers are stable: groups leave gaps so new codes never
 * renumber (1xx the caller's input, 2xx what the store holds, 3xx credentials and grants, 4xx
 * what the service cannot do now).
 */
enum class errc : int {
  // 1xx: the caller's input.
  invalid_argument = 100,  ///< a name, password, scope or id that breaks a rule
  invalid_configuration =
      101,  ///< the configuration file or environment (the detail names the key)

  // 2xx: what the store holds.
  not_found = 200,       ///< no such user, key or session
  already_exists = 201,  ///< the user name or kid is taken

  // 3xx: credentials and grants.
  invalid_credentials = 300,   ///< wrong user name or password, or a disabled user
  invalid_grant = 301,         ///< a refresh token unknown, spent, expired or another client's
  refresh_token_reused = 302,  ///< a spent refresh token again: theft, its session has ended
  scope_not_granted = 303,     ///< more scope than the session holds

  // 4xx: what the service cannot do now.
  store_unavailable = 400,   ///< the database failed or cannot be reached
  key_unavailable = 401,     ///< the signing keys cannot be read, decrypted or used
  crypto_unavailable = 402,  ///< libsodium or OpenSSL failed (cannot start, out of memory)
  file_error = 403,          ///< a file or directory cannot be read, written or made
};

/// What a caller decides on: the families of `errc`, as `std::error_condition`s.
enum class condition : int {
  bad_input = 1,    ///< invalid_argument, invalid_configuration: fix the input and try again
  not_found = 2,    ///< not_found
  conflict = 3,     ///< already_exists
  denied = 4,       ///< invalid_credentials, invalid_grant, refresh_token_reused, scope_not_granted
  unavailable = 5,  ///< store_unavailable, key_unavailable, crypto_unavailable, file_error
};

[[nodiscard]] const std::error_category& service_category() noexcept;
[[nodiscard]] const std::error_category& service_condition_category() noexcept;
[[nodiscard]] std::error_code make_error_code(errc e) noexcept;
[[nodiscard]] std::error_condition make_error_condition(condition c) noexcept;

/// The stable spelling of a code, for logs and the CLI (`store_unavailable`).
[[nodiscard]] const char* to_name(errc e) noexcept;

/// A failure: its code, and what a person needs to act on it (the key, the user, the
/// database's own words). The detail never holds a secret.
struct failure {
  std::error_code code;
  std::string detail{};

  /// The detail, or the code's message when there is none.
  [[nodiscard]] std::string message() const;
  /// The code's stable name (`to_name`).
  [[nodiscard]] const char* name() const noexcept;
};

/// A value or the failure that says why there is none; must not be ignored.
template <class T>
class [[nodiscard]] result : public std::expected<T, failure> {
 public:
  using std::expected<T, failure>::expected;
};

/// `return fail(errc::not_found, "no user 'ann'");`
[[nodiscard]] std::unexpected<failure> fail(errc code, std::string detail = {});

}  // namespace tessera::server

template <>
struct std::is_error_code_enum<tessera::server::errc> : std::true_type {};
template <>
struct std::is_error_condition_enum<tessera::server::condition> : std::true_type {};
