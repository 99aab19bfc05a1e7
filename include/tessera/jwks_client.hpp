// A remote JWK Set, fetched over HTTPS and cached (PyJWT's PyJWKClient, without blocking).
// Link tessera::jwks_client (it brings libcurl; the core library does not).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tessera/key.hpp>
#include <tessera/key_resolver.hpp>
#include <tessera/key_set.hpp>
#include <tessera/result.hpp>

namespace tessera {

/// How a `jwks_client` fetches and caches. Every member has a default.
struct jwks_client_options {
  /// The JWK Set's URL: https://, or http:// with `allow_insecure_http`; `start` refuses any
  /// other with `errc::jwks_fetch_failed`.
  std::string url{};
  /// How long a fetched set is used before it is refetched (PyJWT's lifespan, 300 s), unless
  /// the response's `Cache-Control: max-age` says otherwise within [min_max_age, max_max_age].
  std::chrono::seconds lifespan{300};
  /// The shortest freshness a response's max-age may ask for.
  std::chrono::seconds min_max_age{60};
  /// The longest freshness a response's max-age may ask for (raised to `min_max_age` if lower).
  std::chrono::seconds max_max_age{86400};
  /// A token with an unknown kid triggers a refetch at most this often.
  std::chrono::seconds min_refresh_interval{30};
  /// After a failed fetch, the last good set is served (stale-on-error) up to this age since
  /// it was fetched; beyond it, verification fails closed with `errc::jwks_stale`.
  std::chrono::seconds max_staleness{std::chrono::hours(24)};
  /// Wait between attempts after a failed fetch.
  std::chrono::seconds retry_interval{10};
  /// The longest one fetch may take, connecting included.
  std::chrono::milliseconds timeout{5000};
  /// The largest response body in bytes; a larger one is a failed fetch.
  std::size_t max_body_size = std::size_t{1024} * 1024;
  /// Extra request headers, as (name, value) pairs.
  std::vector<std::pair<std::string, std::string>> headers{};
  /// Plain http:// only when set (for tests on 127.0.0.1); TLS is always verified.
  bool allow_insecure_http = false;
  /// How the set's keys are imported (`allow_weak_key`). Secret ("oct") keys are always left
  /// out: a key set served over the network is public.
  key_options keys{};
  /// Receives one line per fetch failure and recovery; nullptr keeps quiet.
  std::function<void(std::string_view)> log{};
};

/**
 * Fetches a JWK Set in a background thread and serves the current one to verifiers. A
 * verification never waits for the network: it reads the current set, and a token with an
 * unknown kid asks for an early refetch (rate-limited), answering `errc::no_matching_key` now.
 *
 * @code
 * auto jwks = tessera::jwks_client::start({.url = "https://issuer.example/.well-known/jwks.json"});
 * (*jwks)->wait_ready(std::chrono::seconds(5));
 * auto v = tessera::verifier::create(*jwks, {.algorithms = {tessera::algorithm::rs256}});
 * @endcode
 */
class jwks_client final : public key_resolver {
 public:
  /// Starts the background fetcher. Errors: `errc::jwks_fetch_failed` for a URL it refuses
  /// (not https, unless `allow_insecure_http`).
  [[nodiscard]] static result<std::shared_ptr<jwks_client>> start(jwks_client_options options);

  jwks_client(const jwks_client&) = delete;
  jwks_client& operator=(const jwks_client&) = delete;
  ~jwks_client() override;

  /// Waits up to `timeout` for the first set; true when one is there. Not [[nodiscard]]: a
  /// caller may serve at once, and tokens are refused (`errc::jwks_unavailable`) until it is.
  bool wait_ready(std::chrono::milliseconds timeout) const;  // NOLINT(modernize-use-nodiscard)
  /// Asks for a refetch now (still at most once per `min_refresh_interval`).
  void refresh() const;
  /// The current set, or why there is none (`errc::jwks_unavailable`, `errc::jwks_stale`).
  [[nodiscard]] result<std::shared_ptr<const key_set>> current() const;
  /// How many fetches have been attempted (for tests and metrics).
  [[nodiscard]] std::size_t fetch_count() const noexcept;

  [[nodiscard]] result<verifying_key> resolve(std::optional<std::string_view> kid,
                                              algorithm alg) const override;
  [[nodiscard]] algorithm_set algorithms() const override;

  struct state;

 private:
  explicit jwks_client(std::unique_ptr<state> s) noexcept;
  std::unique_ptr<state> state_;
};

/// One fetch of a JWK Set, outside any cache (for tools). Errors as `jwks_client`, plus the
/// key set's own; why a fetch failed goes to `options.log`, as the client's failures do.
[[nodiscard]] result<key_set> fetch_key_set(const jwks_client_options& options);

}  // namespace tessera
