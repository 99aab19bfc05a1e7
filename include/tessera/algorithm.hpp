// JWA signature algorithms (RFC 7518 section 3, RFC 8037, RFC 8812) and sets of them.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

#include <tessera/result.hpp>

namespace tessera {

/// The JWS signature algorithms. There is deliberately no `none`: an unsecured token can only be
/// made through `tessera::unsafe`, and no verifier accepts one.
enum class algorithm : std::uint8_t {
  hs256,   ///< HMAC with SHA-256
  hs384,   ///< HMAC with SHA-384
  hs512,   ///< HMAC with SHA-512
  rs256,   ///< RSASSA-PKCS1-v1_5 with SHA-256
  rs384,   ///< RSASSA-PKCS1-v1_5 with SHA-384
  rs512,   ///< RSASSA-PKCS1-v1_5 with SHA-512
  ps256,   ///< RSASSA-PSS with SHA-256 (MGF1 with the same hash, a salt as long as the hash)
  ps384,   ///< RSASSA-PSS with SHA-384
  ps512,   ///< RSASSA-PSS with SHA-512
  es256,   ///< ECDSA on P-256 with SHA-256
  es384,   ///< ECDSA on P-384 with SHA-384
  es512,   ///< ECDSA on P-521 with SHA-512
  es256k,  ///< ECDSA on secp256k1 with SHA-256 (RFC 8812)
  eddsa,   ///< EdDSA with Ed25519 or Ed448, as the key's curve says (RFC 8037)
};

/// How many algorithms there are: the values of `algorithm` run from 0 to algorithm_count - 1.
inline constexpr std::size_t algorithm_count = 14;

/// The JOSE spelling, e.g. "HS256".
[[nodiscard]] std::string_view to_string(algorithm alg) noexcept;

/// Parses the JOSE spelling (case-sensitive, as RFC 7515 requires). "none" in any spelling gives
/// `errc::unsecured_token`; anything else unknown gives `errc::unknown_algorithm`.
[[nodiscard]] result<algorithm> parse_algorithm(std::string_view name) noexcept;

/// True for HS256, HS384 and HS512.
[[nodiscard]] constexpr bool is_hmac(algorithm alg) noexcept {
  return alg == algorithm::hs256 || alg == algorithm::hs384 || alg == algorithm::hs512;
}

/// A set of algorithms, small and cheap to copy.
class algorithm_set {
 public:
  /// The empty set.
  constexpr algorithm_set() noexcept = default;
  /// The set of `algs` (an algorithm listed twice is a member once).
  constexpr algorithm_set(std::initializer_list<algorithm> algs) noexcept {
    for (auto a : algs) insert(a);
  }

  /// Adds `a`; nothing changes when it is a member already.
  constexpr void insert(algorithm a) noexcept { bits_ |= bit(a); }
  /// True when `a` is a member.
  [[nodiscard]] constexpr bool contains(algorithm a) const noexcept {
    return (bits_ & bit(a)) != 0;
  }
  /// True when the set has no member.
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  /// The algorithms that are members of both this set and `other`.
  [[nodiscard]] constexpr algorithm_set intersect(algorithm_set other) const noexcept {
    algorithm_set s;
    s.bits_ = bits_ & other.bits_;
    return s;
  }
  /// Calls `f(algorithm)` for each member, in enum order.
  template <class F>
  constexpr void for_each(F&& f) const {
    for (std::size_t i = 0; i < algorithm_count; ++i) {
      if ((bits_ >> i) & 1u) f(static_cast<algorithm>(i));
    }
  }
  /// Two sets are equal when they have the same members.
  friend constexpr bool operator==(algorithm_set, algorithm_set) noexcept = default;

 private:
  static constexpr std::uint32_t bit(algorithm a) noexcept {
    return std::uint32_t{1} << static_cast<unsigned>(a);
  }
  std::uint32_t bits_ = 0;
};

}  // namespace tessera
