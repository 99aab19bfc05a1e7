// The fast path of parse_strict for the JSON that tokens are usually made of, and the index it
// reads such a text into, which a verifier reads claims from without building a DOM.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <tessera/json.hpp>

namespace tessera::detail {

/// The kinds of value plain JSON holds.
enum class plain_kind : std::uint8_t { object, array, string, integer, boolean, null };

/**
 * One value of an indexed plain text, in document order: an object is followed by its members
 * (name, value, name, value...), an array by its elements, each container's values by the
 * values nested in them.
 */
struct plain_value {
  plain_kind kind;
  bool truth;            ///< boolean
  std::uint32_t count;   ///< object: members; array: elements; string: bytes
  std::uint32_t extent;  ///< values this one spans, itself and all nested in it included
  union {
    const char* text;     ///< string: its first byte, in the indexed text
    std::int64_t number;  ///< integer
  };

  [[nodiscard]] std::string_view string() const noexcept { return {text, count}; }
};

/// The most values an indexed text may hold; larger ones go to the complete parser.
inline constexpr std::size_t max_plain_values = 128;

/**
 * Checks that `text` is plain JSON (below) and records its values into `out`, returning the
 * values used, or nullopt for anything else. The values point into `text`.
 *
 * Plain JSON: objects, arrays, strings of printable ASCII without escapes, integers of at most
 * 18 digits (other than -0), true, false and null, nested at most `max_depth` deep, with no
 * duplicate member name, of at most `max_plain_values` values. Everything outside it is declined,
 * valid or not (escapes, non-ASCII text, fractions, exponents, long integers, malformed input,
 * duplicates): the caller then runs the complete strict parser, which decides and names the
 * error. Allocates nothing.
 */
[[nodiscard]] std::optional<std::span<const plain_value>> index_plain(
    std::string_view text, std::size_t max_depth,
    std::span<plain_value, max_plain_values> out) noexcept;

/// The value `values` index (as index_plain returned them), allocated from `storage`: the value
/// parse_strict reads from the same text.
[[nodiscard]] json::value build_plain(std::span<const plain_value> values,
                                      const json::storage_ptr& storage);

/// index_plain then build_plain: the value parse_strict would return, or nullopt when the text
/// is not plain.
[[nodiscard]] std::optional<json::value> parse_plain(std::string_view text, std::size_t max_depth,
                                                     const json::storage_ptr& storage);

/// The members of an indexed object, in document order: `for (auto [name, value] : members(o))`.
class plain_members {
 public:
  /// The members of `object`, which must be an object followed by its indexed values.
  explicit plain_members(const plain_value& object) noexcept
      : first_(&object + 1), count_(object.count) {}

  /// One member: its name and the first value of its value.
  struct member {
    std::string_view name;
    const plain_value* value;
  };
  class iterator {
   public:
    iterator(const plain_value* at, std::uint32_t left) noexcept : at_(at), left_(left) {}
    member operator*() const noexcept { return {at_->string(), at_ + 1}; }
    iterator& operator++() noexcept {
      at_ += 1 + at_[1].extent;
      --left_;
      return *this;
    }
    bool operator==(const iterator& other) const noexcept { return left_ == other.left_; }

   private:
    const plain_value* at_;
    std::uint32_t left_;
  };
  [[nodiscard]] iterator begin() const noexcept { return {first_, count_}; }
  [[nodiscard]] iterator end() const noexcept { return {first_, 0}; }

 private:
  const plain_value* first_;
  std::uint32_t count_;
};

/// The value of member `name` of an indexed object, or nullptr.
[[nodiscard]] const plain_value* find_member(const plain_value& object,
                                             std::string_view name) noexcept;

}  // namespace tessera::detail
