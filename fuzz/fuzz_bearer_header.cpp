// Fuzz target: the token of an `Authorization` header value (RFC 6750 section 2.1). What comes
// back is part of the value, never empty space, and only after the "Bearer" scheme.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "auth/bearer_guard.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto value = tessera::fuzz::as_text(data, size);
  const auto token = tessera::server::bearer_token(value);
  if (token.empty()) return 0;
  tessera::fuzz::require(
      token.data() >= value.data() && token.data() + token.size() <= value.data() + value.size(),
      "the token is not part of the header value");
  tessera::fuzz::require(value.size() > 7 && (value[0] == 'B' || value[0] == 'b'),
                         "a token without the Bearer scheme");
  // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
  bool padding = false;
  for (const char c : token) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                       std::string_view("-._~+/").find(c) != std::string_view::npos;
    tessera::fuzz::require(plain ? !padding : c == '=', "a token outside the b64token grammar");
    padding = padding || c == '=';
  }
  return 0;
}
