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
  hs256,
  hs384,
  hs512,
  rs256,
  rs384,
  rs512,
  ps256,
  ps384,
  ps512,
  es256,
  es384,
  es512,
  es256k,
  eddsa,
};

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
  constexpr algorithm_set() noexcept = default;
  constexpr algorithm_set(std::initializer_list<algorithm> algs) noexcept {
    for (auto a : algs) insert(a);
  }

  constexpr void insert(algorithm a) noexcept { bits_ |= bit(a); }
  [[nodiscard]] constexpr bool contains(algorithm a) const noexcept {
    return (bits_ & bit(a)) != 0;
  }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
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
  friend constexpr bool operator==(algorithm_set, algorithm_set) noexcept = default;

 private:
  static constexpr std::uint32_t bit(algorithm a) noexcept {
    return std::uint32_t{1} << static_cast<unsigned>(a);
  }
  std::uint32_t bits_ = 0;
};

}  // namespace tessera
