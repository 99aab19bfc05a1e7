// Fuzz target: strict base64url (RFC 7515 section 2). Decoding accepts exactly the canonical
// encodings, so whatever decodes must encode back to the same text, and every byte string must
// survive encode-then-decode.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include <tessera/base64url.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = tessera::fuzz::as_text(data, size);
  if (const auto decoded = tessera::base64url_decode(text)) {
    tessera::fuzz::require(tessera::base64url_encode(*decoded) == text,
                           "a non-canonical encoding decoded");
  }
  const auto bytes = std::span(reinterpret_cast<const std::byte*>(data), size);
  const auto encoded = tessera::base64url_encode(bytes);
  const auto back = tessera::base64url_decode(encoded);
  tessera::fuzz::require(back.has_value(), "an encoding of ours did not decode");
  tessera::fuzz::require(
      back->size() == size && std::equal(back->begin(), back->end(), bytes.begin()),
      "encode then decode changed the bytes");
  return 0;
}
