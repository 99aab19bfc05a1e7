// The memory of one verified token: its decoded segments, and its header and claims, each kept
// as the index of a plain text or as a parsed JSON object.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <boost/json/object.hpp>

#include <tessera/algorithm.hpp>
#include <tessera/json.hpp>
#include <tessera/result.hpp>

#include "json/plain_parser.hpp"
#include "jwt/token_arena.hpp"

namespace tessera::detail {

/// A JSON object of a token: indexed (built on demand) or parsed.
struct token_document {
  explicit token_document(const json::storage_ptr& storage) : value(storage) {}

  std::span<const plain_value> index;  ///< the indexed values; empty when `value` was parsed
  /// The object: parsed, or built from `index` on demand (hence mutable: see token_storage).
  mutable json::value value;

  /// The indexed object, or nullptr when the document was parsed.
  [[nodiscard]] const plain_value* indexed_root() const noexcept {
    return index.empty() ? nullptr : index.data();
  }
};

/**
 * Everything a verified token owns. The arena's first block lives inside this object, so
 * decoding and indexing a typical token costs this one allocation (none in the steady state:
 * see the verifier's recycling allocator).
 *
 * The objects of indexed documents are built on the first call of `header_object` or
 * `claims_object`, both at once (they share the arena, which is not thread-safe), by whichever
 * thread comes first while any other waits: a verified token is shared between threads as an
 * immutable value. Not std::call_once: libstdc++'s takes pthread_once's slow path, with a futex
 * wake, for every new flag, which cost a microsecond per token.
 */
struct token_storage {
  // The buffer is the arena's memory: it is written before it is read, so it is not cleared.
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init)
  token_storage() : arena(buffer, sizeof buffer), header(storage()), claims(storage()) {}
  token_storage(const token_storage&) = delete;
  token_storage& operator=(const token_storage&) = delete;
  ~token_storage() = default;

  alignas(std::max_align_t) unsigned char buffer[2048];
  // Mutable: the indexed documents' objects are built into it on demand, under `built_`.
  mutable token_arena arena;
  token_document header;
  token_document claims;
  std::span<const std::byte> signature;
  algorithm alg{};

  [[nodiscard]] json::storage_ptr storage() const noexcept { return {&arena}; }

  /// Decodes a base64url segment into the arena.
  [[nodiscard]] result<std::span<std::byte>> decode(std::string_view segment);

  /// Copies indexed values into the arena (they are scanned into a scratch array first).
  [[nodiscard]] std::span<const plain_value> keep(std::span<const plain_value> values);

  /// The header as a JSON object, built on the first call when indexed.
  [[nodiscard]] const json::object& header_object() const;
  /// The claims as a JSON object, built on the first call when indexed.
  [[nodiscard]] const json::object& claims_object() const;

 private:
  void build_indexed() const;
  void build_once() const;

  enum class build_state : std::uint8_t { not_built, building, built };
  mutable std::atomic<build_state> state_{build_state::not_built};
};

}  // namespace tessera::detail
