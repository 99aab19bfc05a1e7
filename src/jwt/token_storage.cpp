#include "jwt/token_storage.hpp"

#include <algorithm>
#include <thread>

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
  // Written once, before any reader of them returns: the release store of `built` orders this
  // write before every later read.
  for (const token_document* document : {&header, &claims}) {
    if (!document->index.empty()) document->value = build_plain(document->index, storage());
  }
}

void token_storage::build_once() const {
  for (;;) {
    auto state = state_.load(std::memory_order_acquire);
    if (state == build_state::built) return;
    if (state == build_state::not_built &&
        state_.compare_exchange_strong(state, build_state::building, std::memory_order_acquire)) {
      try {
        build_indexed();
      } catch (...) {
        state_.store(build_state::not_built, std::memory_order_release);  // the next caller retries
        throw;
      }
      state_.store(build_state::built, std::memory_order_release);
      return;
    }
    std::this_thread::yield();  // another thread is building: a few microseconds at most
  }
}

const json::object& token_storage::header_object() const {
  if (!header.index.empty()) build_once();
  return header.value.get_object();
}

const json::object& token_storage::claims_object() const {
  if (!claims.index.empty()) build_once();
  return claims.value.get_object();
}

}  // namespace tessera::detail
