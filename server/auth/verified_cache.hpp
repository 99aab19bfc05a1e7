// Remembers access tokens that passed every check, so a client sending the same token on each
// request costs one signature verification, not one per request (Envoy's jwt_authn does the
// same). Keyed by the whole token; an entry never outlives the token's exp nor max_age, is not
// served before nbf, and belongs to one generation of the keys and settings: a rotation or a
// revoked key makes every older entry a miss. Revocation is checked by the caller on every
// request, hit or miss.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <tessera/jwt.hpp>

namespace tessera::server {

class verified_cache {
 public:
  /// `capacity` entries at most (0 disables the cache).
  verified_cache(std::size_t capacity, std::chrono::seconds max_age);

  /// The verified token for `token` if it is cached for `generation` and still valid at `now`.
  [[nodiscard]] std::optional<tessera::verified_token> find(std::string_view token,
                                                            std::uint64_t generation,
                                                            std::int64_t now);
  /// Remembers a token that passed every check.
  void insert(std::string_view token, const tessera::verified_token& verified,
              std::uint64_t generation, std::int64_t now);

  [[nodiscard]] std::size_t size() const;

 private:
  struct entry {
    tessera::verified_token verified;
    std::uint64_t generation = 0;
    std::int64_t not_after = 0;   ///< min(exp, inserted + max_age)
    std::int64_t not_before = 0;  ///< nbf, or 0
  };
  // Shards with their own lock: threads verifying different tokens rarely meet.
  // Lets the map be searched with the token's string_view, without copying it per request.
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  struct shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, entry, text_hash, std::equal_to<>> entries;
  };
  static constexpr std::size_t shard_count = 16;

  shard& shard_for(std::string_view token);

  std::size_t per_shard_capacity_;
  std::chrono::seconds max_age_;
  std::array<shard, shard_count> shards_;
};

}  // namespace tessera::server
