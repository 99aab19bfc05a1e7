#include "name_lists.hpp"

#include <algorithm>
#include <cctype>

#include <tessera/error.hpp>

namespace tessera::cli {
namespace {

std::string known_algorithms() {
  std::string list;
  for (std::size_t i = 0; i < algorithm_count; ++i) {
    if (!list.empty()) list += ", ";
    list += to_string(static_cast<algorithm>(i));
  }
  return list;
}

std::string to_upper(std::string_view text) {
  std::string upper(text);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

}  // namespace

cli_result<algorithm> parse_algorithm_argument(std::string_view name) {
  auto alg = parse_algorithm(name);
  if (alg) return *alg;
  // Appended piece by piece: g++ 12 sees a false -Wrestrict in "'" + std::string(name) + "'".
  std::string detail = "'";
  detail += name;
  detail += '\'';
  if (alg.error() == errc::unknown_algorithm) {
    // "hs256" is a common slip; the names are case-sensitive on the wire, so say so.
    if (auto upper = parse_algorithm(to_upper(name)); upper) {
      detail += "; names are case-sensitive: did you mean " + std::string(to_string(*upper)) + "?";
    } else {
      detail += "; known: " + known_algorithms();
    }
  }
  return std::unexpected(library_error(alg.error(), exit_usage, detail));
}

cli_result<std::vector<algorithm>> parse_algorithm_list(const std::vector<std::string>& names) {
  std::vector<algorithm> algs;
  for (const auto& name : names) {
    auto alg = parse_algorithm_argument(name);
    if (!alg) return std::unexpected(alg.error());
    if (std::find(algs.begin(), algs.end(), *alg) == algs.end()) algs.push_back(*alg);
  }
  return algs;
}

cli_result<std::vector<claim>> parse_claim_list(const std::vector<std::string>& names) {
  std::vector<claim> claims;
  for (const auto& name : names) {
    const auto c = parse_claim(name);
    if (!c) {
      return std::unexpected(cli_error{
          .code = "unknown_claim",
          .message = "'" + name + "' is not a registered claim (iss, sub, aud, exp, nbf, iat, jti)",
          .exit_status = exit_usage});
    }
    if (std::find(claims.begin(), claims.end(), *c) == claims.end()) claims.push_back(*c);
  }
  return claims;
}

}  // namespace tessera::cli
