// Most token headers and payloads are small objects of ASCII strings, integers and booleans. The
// complete strict parser (boost::json::basic_parser with a checking handler) handles every JSON
// text but spends most of a verification's time on them; this one reads only that plain subset,
// in two passes: a scan that checks the whole text and records its values, then a build of the
// DOM with each container reserved to its final size. Anything outside the subset is declined,
// never judged, so the strict parser stays the one place that decides what is an error.
#include "json/plain_parser.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

namespace tessera::detail {
namespace {

enum class kind : std::uint8_t { object, array, string, integer, boolean, null };

struct token {
  kind type;
  bool truth;           ///< boolean
  std::uint32_t count;  ///< object: members; array: elements; string: bytes
  const char* text;     ///< string: its first byte
  std::int64_t number;  ///< integer
};

// A document of more values than this goes to the strict parser (tokens are small).
constexpr std::size_t max_tokens = 128;
// Deeper documents too, whatever the caller's limit (the scan recurses).
constexpr std::size_t max_plain_depth = 16;
// 18 decimal digits always fit an int64; longer integers may not.
constexpr std::size_t max_digits = 18;

// Bytes a plain string may hold: printable ASCII except the quote and the backslash.
constexpr std::array<bool, 256> make_plain_table() {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x7f; ++c) table[static_cast<std::size_t>(c)] = true;
  table['"'] = false;
  table['\\'] = false;
  return table;
}
constexpr auto plain_byte = make_plain_table();

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Marks, in the high bit of each byte, the bytes of `w` that may not appear in a plain string.
// Each test marks exactly the first such byte and may mark later ones spuriously (a borrow
// crosses into the next byte only after a hit), so the lowest mark is always exact.
constexpr std::uint64_t ones = 0x0101010101010101;
constexpr std::uint64_t highs = 0x8080808080808080;
constexpr std::uint64_t zero_bytes(std::uint64_t w) noexcept { return (w - ones) & ~w & highs; }
constexpr std::uint64_t not_plain_bytes(std::uint64_t w) noexcept {
  return zero_bytes(w ^ (ones * '"')) | zero_bytes(w ^ (ones * '\\')) |
         zero_bytes(w ^ (ones * 0x7f)) | ((w - ones * 0x20) & ~w & highs) | (w & highs);
}

// The first byte in [p, end) that may not appear in a plain string, or `end`. Eight bytes at a
// time while eight remain: strings are the bulk of a token's JSON.
const char* skip_plain_bytes(const char* p, const char* end) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, sizeof w);
      if (const std::uint64_t marks = not_plain_bytes(w); marks != 0) {
        return p + std::countr_zero(marks) / 8;
      }
      p += 8;
    }
  }
  while (p != end && plain_byte[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

// Pass 1: checks the text against the plain grammar and records each value in document order
// (an object's members as key, value, key, value...). Allocates nothing.
class scanner {
 public:
  scanner(std::string_view text, std::size_t max_depth) noexcept
      : p_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth) {}

  bool scan_document() noexcept {
    skip_whitespace();
    if (!scan_value(0)) return false;
    skip_whitespace();
    return p_ == end_;
  }
  const token* tokens() const noexcept { return tokens_.data(); }

 private:
  token* push(kind type) noexcept {
    if (used_ == tokens_.size()) return nullptr;
    token& t = tokens_[used_++];
    t.type = type;
    t.count = 0;
    return &t;
  }

  void skip_whitespace() noexcept {
    // Token JSON is usually compact: one comparison settles the common case.
    while (p_ != end_ && static_cast<unsigned char>(*p_) <= ' ' &&
           (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) {
      ++p_;
    }
  }

  bool consume(char c) noexcept {
    skip_whitespace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  // After a member or element: consumes a comma when one follows.
  bool next_is_comma() noexcept {
    skip_whitespace();
    if (p_ == end_ || *p_ != ',') return false;
    ++p_;
    return true;
  }

  bool scan_value(std::size_t depth) noexcept {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return scan_object(depth + 1);
      case '[':
        return scan_array(depth + 1);
      case '"':
        return scan_string();
      case 't':
        return scan_literal("true", kind::boolean, true);
      case 'f':
        return scan_literal("false", kind::boolean, false);
      case 'n':
        return scan_literal("null", kind::null, false);
      default:
        return scan_integer();
    }
  }

  // `depth` counts this container, as boost::json's max_depth does.
  bool scan_object(std::size_t depth) noexcept {
    if (depth > max_depth_ || depth > max_plain_depth) return false;
    const std::size_t at = used_;
    if (push(kind::object) == nullptr) return false;
    ++p_;
    skip_whitespace();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    std::uint32_t members = 0;
    do {
      skip_whitespace();
      if (p_ == end_ || *p_ != '"' || !scan_string()) return false;
      if (!consume(':')) return false;
      skip_whitespace();
      if (!scan_value(depth)) return false;
      ++members;
    } while (next_is_comma());
    if (!consume('}')) return false;
    tokens_[at].count = members;
    return true;
  }

  bool scan_array(std::size_t depth) noexcept {
    if (depth > max_depth_ || depth > max_plain_depth) return false;
    const std::size_t at = used_;
    if (push(kind::array) == nullptr) return false;
    ++p_;
    skip_whitespace();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    std::uint32_t elements = 0;
    do {
      skip_whitespace();
      if (!scan_value(depth)) return false;
      ++elements;
    } while (next_is_comma());
    if (!consume(']')) return false;
    tokens_[at].count = elements;
    return true;
  }

  // At the opening quote.
  bool scan_string() noexcept {
    const char* q = skip_plain_bytes(++p_, end_);
    if (q == end_ || *q != '"') return false;  // an escape, a control or non-ASCII byte
    token* t = push(kind::string);
    if (t == nullptr) return false;
    t->text = p_;
    t->count = static_cast<std::uint32_t>(q - p_);
    p_ = q + 1;
    return true;
  }

  bool scan_literal(std::string_view word, kind type, bool truth) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    token* t = push(type);
    if (t == nullptr) return false;
    t->truth = truth;
    p_ += word.size();
    return true;  // what follows ("truex") is judged by the caller's grammar
  }

  // -?(0|[1-9][0-9]*) with at most 18 digits; "-0" is declined, and so is anything followed by
  // a fraction, an exponent or another digit ("01"), which the strict parser reads or refuses.
  bool scan_integer() noexcept {
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* first = p_;
    std::int64_t value = 0;
    while (p_ != end_ && is_digit(*p_)) {
      if (static_cast<std::size_t>(p_ - first) == max_digits) return false;
      value = value * 10 + (*p_ - '0');
      ++p_;
    }
    const auto digits = static_cast<std::size_t>(p_ - first);
    if (digits == 0 || (digits > 1 && *first == '0') || (negative && value == 0)) return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    token* t = push(kind::integer);
    if (t == nullptr) return false;
    t->number = negative ? -value : value;
    return true;
  }

  const char* p_;
  const char* end_;
  std::size_t max_depth_;
  std::array<token, max_tokens> tokens_;
  std::size_t used_ = 0;
};

// Pass 2: builds the DOM from the tokens, each value constructed in place in its container.
class builder {
 public:
  explicit builder(const token* tokens) noexcept : next_(tokens) {}

  // Constructs the next value through `emplace`, which takes the constructor's argument and
  // returns the new value, or null when an object already has that member name.
  template <class Emplace>
  bool build(Emplace&& emplace) {
    const token& t = *next_++;
    switch (t.type) {
      case kind::object: {
        json::value* v = emplace(json::object_kind);
        return v != nullptr && fill(v->get_object(), t.count);
      }
      case kind::array: {
        json::value* v = emplace(json::array_kind);
        return v != nullptr && fill(v->get_array(), t.count);
      }
      case kind::string:
        return emplace(json::string_view(t.text, t.count)) != nullptr;
      case kind::integer:
        return emplace(t.number) != nullptr;
      case kind::boolean:
        return emplace(t.truth) != nullptr;
      case kind::null:
        return emplace(nullptr) != nullptr;
    }
    return false;
  }

 private:
  bool fill(json::object& object, std::uint32_t members) {
    object.reserve(members);
    for (std::uint32_t i = 0; i < members; ++i) {
      const token& key = *next_++;
      const json::string_view name(key.text, key.count);
      const bool ok = build([&](auto&& arg) -> json::value* {
        auto [it, inserted] = object.emplace(name, std::forward<decltype(arg)>(arg));
        return inserted ? &it->value() : nullptr;
      });
      if (!ok) return false;
    }
    return true;
  }

  bool fill(json::array& array, std::uint32_t elements) {
    array.reserve(elements);
    for (std::uint32_t i = 0; i < elements; ++i) {
      const bool ok = build([&](auto&& arg) -> json::value* {
        return &array.emplace_back(std::forward<decltype(arg)>(arg));
      });
      if (!ok) return false;
    }
    return true;
  }

  const token* next_;
};

}  // namespace

std::optional<json::value> parse_plain(std::string_view text, std::size_t max_depth,
                                       const json::storage_ptr& storage) {
  scanner scan(text, max_depth);
  if (!scan.scan_document()) return std::nullopt;
  std::optional<json::value> root;
  builder from_tokens(scan.tokens());
  const bool ok = from_tokens.build([&](auto&& arg) -> json::value* {
    return &root.emplace(std::forward<decltype(arg)>(arg), storage);
  });
  if (!ok) return std::nullopt;
  return root;
}

}  // namespace tessera::detail
