#include "jwt/token_storage.hpp"

#include <algorithm>

#include <tessera/base64url.hpp>

namespace tessera::detail {

result<std::span<std::byte>> token_storage::decode(std::string_view segment) {
  const auto size = base64url_decoded_size(segment.size());
  if (!size) return std::unexpected(size.error());
  auto* bytes = static_cast<std::byte*>(arena.allocate(*size == 0 ? 1 : *size, 1));
  std::span<std::byte> out(bytes, *size);
  if (auto ok = base64url_decode(segment, out); !ok) return std::unexpected(ok.error());
  return out;
}

std::span<const plain_value> token_storage::keep(std::span<const plain_value> values) {
  auto* copy = static_cast<plain_value*>(
      arena.allocate(values.size() * sizeof(plain_value), alignof(plain_value)));
  std::ranges::copy(values, copy);
  return {copy, values.size()};
}

void token_storage::build_indexed() const {
  // Written once, before any reader of them returns: call_once orders this write before every
  // later read.
  for (const token_document* document : {&header, &claims}) {
    if (!document->index.empty()) document->value = build_plain(document->index, storage());
  }
}

const json::object& token_storage::header_object() const {
  if (!header.index.empty()) std::call_once(built_, [this] { build_indexed(); });
  return header.value.get_object();
}

const json::object& token_storage::claims_object() const {
  if (!claims.index.empty()) std::call_once(built_, [this] { build_indexed(); });
  return claims.value.get_object();
}

}  // namespace tessera::detail
