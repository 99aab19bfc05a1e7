// The registered claims of a payload (RFC 7519 section 4.1), read in one pass from either form
// a verified payload has: the index of a plain text (json/plain_parser.hpp), or a parsed object.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>

#include <tessera/claims.hpp>
#include <tessera/json.hpp>

#include "json/plain_parser.hpp"

namespace tessera::detail {

/// The strings of an array claim ("aud"), from either form.
class text_list {
 public:
  text_list() = default;
  /// An array whose elements are all text.
  explicit text_list(const json::array& elements) noexcept : parsed_(&elements) {}
  /// `count` indexed strings from `first`.
  text_list(const plain_value* first, std::uint32_t count) noexcept
      : indexed_(first), count_(count) {}

  [[nodiscard]] bool empty() const noexcept {
    return parsed_ != nullptr ? parsed_->empty() : count_ == 0;
  }
  /// Calls `f` with each string until it returns true; whether one did.
  template <class F>
  [[nodiscard]] bool any_of(F&& f) const {
    if (parsed_ != nullptr) {
      for (const auto& v : *parsed_) {
        if (f(std::string_view(v.get_string()))) return true;
      }
      return false;
    }
    for (std::uint32_t i = 0; i < count_; ++i) {
      if (f(indexed_[i].string())) return true;
    }
    return false;
  }

 private:
  const json::array* parsed_ = nullptr;
  const plain_value* indexed_ = nullptr;
  std::uint32_t count_ = 0;
};

/// One registered claim's value, as far as the claim checks and the typed accessors read it.
struct claim_value {
  enum class shape : std::uint8_t {
    absent,
    text,       ///< a string (not a big integer)
    number,     ///< a number
    text_list,  ///< an array of strings
    other,      ///< anything else
  };
  shape form = shape::absent;
  std::string_view text;          ///< form text
  std::optional<double> seconds;  ///< form number, as a NumericDate: nullopt when out of range
  text_list texts;                ///< form text_list

  [[nodiscard]] bool present() const noexcept { return form != shape::absent; }
  /// Reads a value of either form.
  [[nodiscard]] static claim_value of(const json::value& v) noexcept;
  [[nodiscard]] static claim_value of(const plain_value& v) noexcept;
};

/// The seven registered claims of one payload: where each is, found in one pass; each value is
/// read when asked for.
class registered_claims {
 public:
  /// Finds them in `payload` in one pass over its members (a lookup per claim would scan it
  /// seven times).
  [[nodiscard]] static registered_claims of(const json::object& payload) noexcept;
  /// As above; `payload` is an indexed object.
  [[nodiscard]] static registered_claims of(const plain_value& payload) noexcept;

  [[nodiscard]] bool present(claim c) const noexcept {
    const auto i = static_cast<std::size_t>(c);
    return indexed_[i] != nullptr || parsed_[i] != nullptr;
  }
  [[nodiscard]] claim_value operator[](claim c) const noexcept {
    const auto i = static_cast<std::size_t>(c);
    if (indexed_[i] != nullptr) return claim_value::of(*indexed_[i]);
    if (parsed_[i] != nullptr) return claim_value::of(*parsed_[i]);
    return {};
  }

 private:
  std::array<const plain_value*, 7> indexed_{};  // by tessera::claim, for an indexed payload
  std::array<const json::value*, 7> parsed_{};   // by tessera::claim, for a parsed one
};

/// One registered claim of an indexed object, without reading the others.
[[nodiscard]] claim_value find_claim(const plain_value& payload, claim c) noexcept;

}  // namespace tessera::detail
