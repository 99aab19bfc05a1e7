// Where a verifier finds the key for a token, when it is not one fixed key.
#pragma once

#include <optional>
#include <string_view>

#include <tessera/algorithm.hpp>
#include <tessera/key.hpp>
#include <tessera/result.hpp>

namespace tessera {

/**
 * A source of verifying keys chosen by the token's "kid" and "alg": a `key_set`, a remote JWKS
 * (`jwks_client`), or your own. Implementations must be safe to call from many threads.
 */
class key_resolver {
 public:
  key_resolver() = default;
  key_resolver(const key_resolver&) = delete;
  key_resolver& operator=(const key_resolver&) = delete;
  virtual ~key_resolver() = default;

  /// The key for a token whose header has `kid` (if any) and `alg`. Errors are reasons to
  /// reject the token: `errc::no_matching_key`, `errc::ambiguous_key`, `errc::key_not_usable`, or
  /// the resolver's own (a remote set not yet fetched, or too stale).
  [[nodiscard]] virtual result<verifying_key> resolve(std::optional<std::string_view> kid,
                                                      algorithm alg) const = 0;

  /// The algorithms the keys serve now; empty when not known yet (a set still being fetched).
  [[nodiscard]] virtual algorithm_set algorithms() const = 0;
};

}  // namespace tessera
