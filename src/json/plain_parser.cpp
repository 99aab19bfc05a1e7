// Most token headers and payloads are small objects of ASCII strings, integers and booleans. The
// complete strict parser (boost::json::basic_parser with a checking handler) handles every JSON
// text but took about half of a verification's time on them; this one reads only that subset,
// in two passes: a scan that checks the whole text and records its values, then a build of the
// DOM with each container reserved to its final size. Anything outside the subset is declined,
// never judged, so the strict parser stays the one place that decides what is an error.
#include "json/plain_parser.hpp"

#include <algorithm>
#include <array>
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
// Deeper documents too, whatever the caller's limit (the size of the scan's container stack).
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

bool is_whitespace(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Token JSON is usually compact: one comparison settles the common case.
void skip_whitespace(const char*& p, const char* end) noexcept {
  while (p != end && static_cast<unsigned char>(*p) <= ' ' && is_whitespace(*p)) ++p;
}

// Consumes `c`, after any whitespace.
bool consume(const char*& p, const char* end, char c) noexcept {
  if (p != end && *p == c) {  // compact JSON: no whitespace to look for first
    ++p;
    return true;
  }
  skip_whitespace(p, end);
  if (p == end || *p != c) return false;
  ++p;
  return true;
}

// A string at `p` (its opening quote) into `t`.
bool scan_string(const char*& p, const char* end, token& t) noexcept {
  const char* first = p + 1;
  // Byte by byte: token strings are short, and this beat eight-at-a-time bit tricks on them.
  const char* q = first;
  while (q != end && plain_byte[static_cast<unsigned char>(*q)]) ++q;
  if (q == end || *q != '"') return false;  // an escape, a control or non-ASCII byte
  t.type = kind::string;
  t.text = first;
  t.count = static_cast<std::uint32_t>(q - first);
  p = q + 1;
  return true;
}

bool scan_literal(const char*& p, const char* end, std::string_view word) noexcept {
  if (static_cast<std::size_t>(end - p) < word.size() ||
      std::memcmp(p, word.data(), word.size()) != 0) {
    return false;
  }
  p += word.size();
  return true;  // what follows ("truex") is judged by the grammar after the value
}

// -?(0|[1-9][0-9]*) with at most 18 digits; "-0" is declined, and so is anything followed by a
// fraction, an exponent or another digit ("01"), which the strict parser reads or refuses.
bool scan_integer(const char*& p, const char* end, token& t) noexcept {
  const bool negative = *p == '-';
  if (negative) ++p;
  const char* first = p;
  std::uint64_t value = 0;  // unsigned: a long run of digits wraps harmlessly before it is refused
  while (p != end && is_digit(*p)) {
    value = value * 10 + static_cast<unsigned>(*p - '0');
    ++p;
  }
  const auto digits = static_cast<std::size_t>(p - first);
  if (digits == 0 || digits > max_digits || (digits > 1 && *first == '0') ||
      (negative && value == 0)) {
    return false;
  }
  if (p != end && (*p == '.' || *p == 'e' || *p == 'E')) return false;
  t.type = kind::integer;
  const auto magnitude = static_cast<std::int64_t>(value);  // below 10^18
  t.number = negative ? -magnitude : magnitude;
  return true;
}

// Pass 1: checks the text against the plain grammar and records each value in document order
// (an object's members as key, value, key, value...). Allocates nothing. One loop with an
// explicit stack of open containers rather than recursion, so the position stays in a register.
class scanner {
 public:
  bool scan(std::string_view text, std::size_t max_depth) noexcept {
    const char* p = text.data();
    const char* const end = p + text.size();
    token* t = tokens_.data();
    token* const last = t + tokens_.size();
    // `depth` counts the open containers, as boost::json's max_depth does.
    // Left uninitialised on purpose: only the first `depth` entries are ever read.
    std::array<token*, max_plain_depth> open;  // NOLINT(cppcoreguidelines-pro-type-member-init)
    std::size_t depth = 0;
    const std::size_t depth_limit = std::min(max_depth, max_plain_depth);

    // After '{' or a comma in an object: a member name, its colon, and the value's first byte.
    const auto scan_key = [&]() noexcept {
      if (p == end || *p != '"' || t == last || !scan_string(p, end, *t)) return false;
      ++t;
      if (!consume(p, end, ':')) return false;
      skip_whitespace(p, end);
      return true;
    };

    skip_whitespace(p, end);
    for (;;) {
      // A value starts at p.
      if (p == end || t == last) return false;
      token& v = *t++;
      switch (*p) {
        case '{':
        case '[': {
          if (depth == depth_limit) return false;
          const bool is_object = *p == '{';
          v.type = is_object ? kind::object : kind::array;
          v.count = 0;
          ++p;
          skip_whitespace(p, end);
          if (p != end && *p == (is_object ? '}' : ']')) {
            ++p;  // empty: complete already
            break;
          }
          open[depth++] = &v;
          if (is_object && !scan_key()) return false;
          continue;
        }
        case '"':
          if (!scan_string(p, end, v)) return false;
          break;
        case 't':
          v.type = kind::boolean;
          v.truth = true;
          if (!scan_literal(p, end, "true")) return false;
          break;
        case 'f':
          v.type = kind::boolean;
          v.truth = false;
          if (!scan_literal(p, end, "false")) return false;
          break;
        case 'n':
          v.type = kind::null;
          if (!scan_literal(p, end, "null")) return false;
          break;
        default:
          if (!scan_integer(p, end, v)) return false;
      }
      // A value is complete; what follows it decides what comes next.
      for (;;) {
        if (depth == 0) {
          skip_whitespace(p, end);
          return p == end;
        }
        token& container = *open[depth - 1];
        ++container.count;
        const bool in_object = container.type == kind::object;
        if (consume(p, end, ',')) {
          skip_whitespace(p, end);
          if (in_object && !scan_key()) return false;
          break;  // the next value
        }
        if (!consume(p, end, in_object ? '}' : ']')) return false;
        --depth;  // the container is now a complete value of its own container
      }
    }
  }

  [[nodiscard]] const token* tokens() const noexcept { return tokens_.data(); }

 private:
  std::array<token, max_tokens> tokens_;
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
  scanner scan;  // NOLINT(cppcoreguidelines-pro-type-member-init): filled by scan() as it goes
  if (!scan.scan(text, max_depth)) return std::nullopt;
  std::optional<json::value> root;
  builder from_tokens(scan.tokens());
  const bool ok = from_tokens.build([&](auto&& arg) -> json::value* {
    return &root.emplace(std::forward<decltype(arg)>(arg), storage);
  });
  if (!ok) return std::nullopt;
  return root;
}

}  // namespace tessera::detail
