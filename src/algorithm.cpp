#include <tessera/algorithm.hpp>

#include <array>

#include <boost/beast/core/string.hpp>  // iequals: ASCII only, whatever the locale
#include <tessera/error.hpp>

namespace tessera {
namespace {

constexpr std::array<std::string_view, algorithm_count> names = {
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512",  "PS256",
    "PS384", "PS512", "ES256", "ES384", "ES512", "ES256K", "EdDSA",
};

}  // namespace

std::string_view to_string(algorithm alg) noexcept { return names[static_cast<std::size_t>(alg)]; }

result<algorithm> parse_algorithm(std::string_view name) noexcept {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<algorithm>(i);
  }
  // "None", "NONE", "nOnE": the variants of CVE-2015-9235 get their own error.
  if (boost::beast::iequals(name, "none"))
    return std::unexpected(make_error_code(errc::unsecured_token));
  return std::unexpected(make_error_code(errc::unknown_algorithm));
}

}  // namespace tessera
