#include <tessera/algorithm.hpp>

#include <array>
#include <cctype>

#include <tessera/error.hpp>

namespace tessera {
namespace {

constexpr std::array<std::string_view, algorithm_count> names = {
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512",  "PS256",
    "PS384", "PS512", "ES256", "ES384", "ES512", "ES256K", "EdDSA",
};

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(algorithm alg) noexcept { return names[static_cast<std::size_t>(alg)]; }

result<algorithm> parse_algorithm(std::string_view name) noexcept {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<algorithm>(i);
  }
  // "None", "NONE", "nOnE": the variants of CVE-2015-9235 get their own error.
  if (equals_ignoring_case(name, "none"))
    return std::unexpected(make_error_code(errc::unsecured_token));
  return std::unexpected(make_error_code(errc::unknown_algorithm));
}

}  // namespace tessera
