#include "key_file.hpp"

#include <chrono>
#include <cstddef>
#include <span>
#include <utility>

#include <tessera/error.hpp>
#include <tessera/json.hpp>
#include <tessera/jwks_client.hpp>

#include "input.hpp"
#include "key_source.hpp"

namespace tessera::cli {
namespace {

std::span<const std::byte> bytes_of(std::string_view text) noexcept {
  return std::as_bytes(std::span(text.data(), text.size()));
}

bool is_port(std::string_view digits) noexcept {
  if (digits.empty() || digits.size() > 5) return false;
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

cli_error key_error(std::error_code ec) {
  // The one refusal a user fixes with a flag: say which.
  if (ec == errc::passphrase_required) {
    return library_error(ec, exit_rejected, "give --passphrase-file or --passphrase-env");
  }
  return library_error(ec);
}

cli_result<key_file> read_key_file(const std::string& path) {
  auto bytes = read_file(path, max_key_file_size, "key file");
  if (!bytes) return std::unexpected(bytes.error());
  key_file file{.path = path, .bytes = std::move(*bytes)};
  const auto first = file.bytes.find_first_not_of(" \t\r\n");
  file.is_jwk = first != std::string::npos && file.bytes[first] == '{';
  return file;
}

cli_result<parsed_jwk> parse_jwk_file(const key_file& file, key_options options) {
  auto value = parse_strict(file.bytes);
  if (!value) return std::unexpected(library_error(value.error(), exit_rejected, "in key file"));
  if (!value->is_object()) {
    return std::unexpected(library_error(make_error_code(errc::invalid_jwk)));
  }
  auto& members = value->get_object();
  if (!members.contains("kty") && members.contains("keys")) {
    return std::unexpected(library_error(make_error_code(errc::invalid_jwk), exit_rejected,
                                         "the key file is a JWK Set, not one JWK"));
  }
  auto key = jwk::from_json(members, options);
  if (!key) return std::unexpected(key_error(key.error()));
  return parsed_jwk{.key = std::move(*key), .members = std::move(members)};
}

cli_result<loaded_signing_key> load_signing_key(algorithm alg, const key_file& file,
                                                key_options options) {
  if (file.is_jwk) {
    auto parsed = parse_jwk_file(file, options);
    if (!parsed) return std::unexpected(parsed.error());
    auto key = parsed->key.signing(alg);
    if (!key) return std::unexpected(key_error(key.error()));
    return loaded_signing_key{.key = std::move(*key), .kid = parsed->key.kid()};
  }
  auto key = signing_key::load(alg, bytes_of(file.bytes), options);
  if (!key) return std::unexpected(key_error(key.error()));
  return loaded_signing_key{.key = std::move(*key)};
}

cli_result<verifying_key> load_verifying_key(const key_file& file, std::optional<algorithm> alg,
                                             key_options options) {
  if (file.is_jwk) {
    auto parsed = parse_jwk_file(file, options);
    if (!parsed) return std::unexpected(parsed.error());
    auto key = parsed->key.verifying();
    if (!key) return std::unexpected(key_error(key.error()));
    // As verifying_key::load does when given the algorithm: a key bound to one it cannot serve.
    if (alg && !key->may_serve(*alg)) {
      return std::unexpected(library_error(make_error_code(errc::key_not_for_algorithm)));
    }
    return std::move(*key);
  }
  auto key = verifying_key::load(bytes_of(file.bytes), alg, options);
  if (!key) return std::unexpected(key_error(key.error()));
  return std::move(*key);
}

cli_result<key_set> load_key_set(const std::string& path, key_options options) {
  auto bytes = read_file(path, max_key_file_size, "JWK Set file");
  if (!bytes) return std::unexpected(bytes.error());
  auto keys = key_set::parse(*bytes, options);
  if (!keys) return std::unexpected(library_error(keys.error()));
  return std::move(*keys);
}

bool is_loopback_http(std::string_view url) noexcept {
  constexpr std::string_view scheme = "http://";
  if (!url.starts_with(scheme)) return false;
  const std::string_view rest = url.substr(scheme.size());
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  std::string_view host = authority;
  std::string_view port{};
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = authority.substr(0, close + 1);
    port = authority.substr(close + 1);
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon);
  }
  // Anything but ":digits" after the host (user info, a second colon) is not the loopback.
  if (!port.empty() && !(port.front() == ':' && is_port(port.substr(1)))) return false;
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

cli_result<key_set> fetch_remote_key_set(const std::string& url, key_options options) {
  const bool loopback = is_loopback_http(url);
  if (!url.starts_with("https://") && !loopback) {
    return std::unexpected(
        usage_error("--jwks-url must be an https:// URL (plain http:// only "
                    "to 127.0.0.1, localhost or [::1])"));
  }
  jwks_client_options fetch;
  fetch.url = url;
  fetch.timeout = std::chrono::seconds(10);
  fetch.allow_insecure_http = loopback;
  fetch.keys = options;
  // The library logs why a fetch failed as "jwks: URL: reason"; the URL and reason make the
  // error's detail.
  std::string why = url;
  fetch.log = [&why](std::string_view line) {
    constexpr std::string_view prefix = "jwks: ";
    why = line.starts_with(prefix) ? line.substr(prefix.size()) : line;
  };
  auto keys = fetch_key_set(fetch);
  if (!keys) {
    // Not reaching the set is like not reading a file (exit 2); a set that is there but not
    // valid is refused input (exit 1).
    const bool unreachable = keys.error() == errc::jwks_fetch_failed;
    return std::unexpected(library_error(keys.error(), unreachable ? exit_io : exit_rejected,
                                         unreachable ? why : std::string_view{}));
  }
  return std::move(*keys);
}

}  // namespace tessera::cli
