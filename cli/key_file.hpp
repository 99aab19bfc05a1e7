// Keys from files and URLs: --key (PEM, DER, X.509, OpenSSH or a JWK, detected), --jwks and
// --jwks-url. The library judges the keys; this reads them and picks the library call that fits
// the format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <boost/json/object.hpp>

#include <tessera/algorithm.hpp>
#include <tessera/jwk.hpp>
#include <tessera/key.hpp>
#include <tessera/key_set.hpp>

#include "cli_error.hpp"

namespace tessera::cli {

/// A key file as read.
struct key_file {
  std::string path{};
  std::string bytes{};
  /// The first character that is not blank is `{`: the file is JSON, so it must be a JWK. PEM,
  /// DER (0x30), X.509 and OpenSSH lines never start so.
  bool is_jwk = false;
};

/// A JWK file, imported, with its members as written (for thumbprints and `jwk public`).
struct parsed_jwk {
  jwk key;
  json::object members{};
};

/// A library error from loading a key, as the CLI reports it (exit 1): `passphrase_required`
/// says which flags give one.
[[nodiscard]] cli_error key_error(std::error_code ec);

/// The bytes of the key file at `path`, at most max_key_file_size. Errors: `io_error`,
/// `input_too_large`.
[[nodiscard]] cli_result<key_file> read_key_file(const std::string& path);

/// The JWK in `file` (which must be JSON). Errors (exit 1): the JSON parse errors "in key file",
/// `invalid_jwk` (with a hint when the file is a JWK Set), and those of `tessera::jwk`.
[[nodiscard]] cli_result<parsed_jwk> parse_jwk_file(const key_file& file, key_options options);

/// A signing key from a key file, with the JWK's "kid" when it is a JWK that has one.
struct loaded_signing_key {
  signing_key key;
  std::optional<std::string> kid{};
};

/// A key that signs with `alg`: `jwk::signing(alg)` for a JWK, else `signing_key::load`. A
/// public key: `not_a_private_key`; an encrypted one without passphrase: `passphrase_required`.
[[nodiscard]] cli_result<loaded_signing_key> load_signing_key(algorithm alg, const key_file& file,
                                                              key_options options);

/// A key that verifies: `jwk::verifying()` for a JWK, else `verifying_key::load`. With `alg`,
/// the key must serve it (`key_not_for_algorithm`), whatever the format.
[[nodiscard]] cli_result<verifying_key> load_verifying_key(const key_file& file,
                                                           std::optional<algorithm> alg,
                                                           key_options options);

/// The JWK Set in the file at `path` (--jwks). Errors: `io_error`, `input_too_large`, and those
/// of `key_set::parse` (exit 1).
[[nodiscard]] cli_result<key_set> load_key_set(const std::string& path, key_options options);

/// True for `http://127.0.0.1`, `http://localhost` and `http://[::1]`, with an optional port,
/// and nothing else: no user info (`http://127.0.0.1@evil.example/` goes to evil.example).
[[nodiscard]] bool is_loopback_http(std::string_view url) noexcept;

/// The JWK Set at `url` (--jwks-url), fetched once with a 10-second timeout. https:// only, or
/// plain http:// to the loopback interface (is_loopback_http); any other URL is a usage error.
/// A failed fetch: `jwks_fetch_failed`, exit 2 (like an unreadable file); a set that is not
/// valid: the key set's errors, exit 1.
[[nodiscard]] cli_result<key_set> fetch_remote_key_set(const std::string& url, key_options options);

}  // namespace tessera::cli
