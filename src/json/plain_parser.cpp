// Most token headers and payloads are small objects of ASCII strings, integers and booleans. The
// complete strict parser (boost::json::basic_parser with a checking handler) handles every JSON
// text but took about half of a verification's time on them; this one reads only that subset,
// in two passes: a scan that checks the whole text and indexes its values, then, when a DOM is
// wanted, a build of it with each container reserved to its final size. A verifier reads the
// registered claims from the index and builds the DOM only when a caller asks for it. Anything
// outside the subset is declined, never judged, so the strict parser stays the one place that
// decides what is an error.
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

using kind = plain_kind;
using token = plain_value;

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
  t.kind = kind::string;
  t.extent = 1;
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
  t.kind = kind::integer;
  t.extent = 1;
  const auto magnitude = static_cast<std::int64_t>(value);  // below 10^18
  t.number = negative ? -magnitude : magnitude;
  return true;
}

// Whether the members of `object`, whose values are all indexed, have distinct names. Pairwise:
// an object holds at most max_plain_values / 2 members, and token objects a handful, where a
// length comparison settles most pairs.
bool distinct_names(const token& object) noexcept {
  // Left uninitialised on purpose: only the first `n` entries are ever read.
  std::array<const token*, max_plain_values / 2> names;  // NOLINT(*-member-init)
  std::size_t n = 0;
  const token* key = &object + 1;
  for (std::uint32_t m = 0; m < object.count; ++m) {
    for (std::size_t i = 0; i < n; ++i) {
      if (names[i]->count == key->count &&
          std::memcmp(names[i]->text, key->text, key->count) == 0) {
        return false;
      }
    }
    names[n++] = key;
    key += 1 + key[1].extent;
  }
  return true;
}

// Pass 1: checks the text against the plain grammar and records each value in document order
// (an object's members as key, value, key, value...). Allocates nothing. One loop with an
// explicit stack of open containers rather than recursion, so the position stays in a register.
std::optional<std::span<const token>> scan(std::string_view text, std::size_t max_depth,
                                           std::span<token, max_plain_values> tokens) noexcept {
  const char* p = text.data();
  const char* const end = p + text.size();
  token* const first = tokens.data();
  token* t = first;
  token* const last = t + tokens.size();
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
  // The end of `container`: it spans every value recorded since it opened.
  const auto close = [&](token& container) noexcept {
    container.extent = static_cast<std::uint32_t>(t - &container);
    return container.kind != kind::object || distinct_names(container);
  };

  skip_whitespace(p, end);
  for (;;) {
    // A value starts at p.
    if (p == end || t == last) return std::nullopt;
    token& v = *t++;
    v.extent = 1;
    switch (*p) {
      case '{':
      case '[': {
        if (depth == depth_limit) return std::nullopt;
        const bool is_object = *p == '{';
        v.kind = is_object ? kind::object : kind::array;
        v.count = 0;
        ++p;
        skip_whitespace(p, end);
        if (p != end && *p == (is_object ? '}' : ']')) {
          ++p;  // empty: complete already
          break;
        }
        open[depth++] = &v;
        if (is_object && !scan_key()) return std::nullopt;
        continue;
      }
      case '"':
        if (!scan_string(p, end, v)) return std::nullopt;
        break;
      case 't':
        v.kind = kind::boolean;
        v.truth = true;
        if (!scan_literal(p, end, "true")) return std::nullopt;
        break;
      case 'f':
        v.kind = kind::boolean;
        v.truth = false;
        if (!scan_literal(p, end, "false")) return std::nullopt;
        break;
      case 'n':
        v.kind = kind::null;
        if (!scan_literal(p, end, "null")) return std::nullopt;
        break;
      default:
        if (!scan_integer(p, end, v)) return std::nullopt;
    }
    // A value is complete; what follows it decides what comes next.
    for (;;) {
      if (depth == 0) {
        skip_whitespace(p, end);
        if (p != end) return std::nullopt;
        return std::span<const token>(first, static_cast<std::size_t>(t - first));
      }
      token& container = *open[depth - 1];
      ++container.count;
      const bool in_object = container.kind == kind::object;
      if (consume(p, end, ',')) {
        skip_whitespace(p, end);
        if (in_object && !scan_key()) return std::nullopt;
        break;  // the next value
      }
      if (!consume(p, end, in_object ? '}' : ']')) return std::nullopt;
      if (!close(container)) return std::nullopt;
      --depth;  // the container is now a complete value of its own container
    }
  }
}

// Pass 2: builds the DOM from the tokens, each value constructed in place in its container. The
// names are distinct (the scan checked), so each insertion adds a member.
class builder {
 public:
  explicit builder(const token* tokens) noexcept : next_(tokens) {}

  // Constructs the next value through `emplace`, which takes the constructor's argument and
  // returns the new value.
  template <class Emplace>
  void build(Emplace&& emplace) {
    const token& t = *next_++;
    switch (t.kind) {
      case kind::object:
        fill(emplace(json::object_kind).get_object(), t.count);
        return;
      case kind::array:
        fill(emplace(json::array_kind).get_array(), t.count);
        return;
      case kind::string:
        emplace(json::string_view(t.text, t.count));
        return;
      case kind::integer:
        emplace(t.number);
        return;
      case kind::boolean:
        emplace(t.truth);
        return;
      case kind::null:
        emplace(nullptr);
        return;
    }
  }

 private:
  void fill(json::object& object, std::uint32_t members) {
    object.reserve(members);
    for (std::uint32_t i = 0; i < members; ++i) {
      const token& key = *next_++;
      const json::string_view name(key.text, key.count);
      build([&](auto&& arg) -> json::value& {
        return object.emplace(name, std::forward<decltype(arg)>(arg)).first->value();
      });
    }
  }

  void fill(json::array& array, std::uint32_t elements) {
    array.reserve(elements);
    for (std::uint32_t i = 0; i < elements; ++i) {
      build([&](auto&& arg) -> json::value& {
        return array.emplace_back(std::forward<decltype(arg)>(arg));
      });
    }
  }

  const token* next_;
};

}  // namespace

std::optional<std::span<const plain_value>> index_plain(
    std::string_view text, std::size_t max_depth,
    std::span<plain_value, max_plain_values> out) noexcept {
  return scan(text, max_depth, out);
}

json::value build_plain(std::span<const plain_value> values, const json::storage_ptr& storage) {
  json::value root(storage);
  builder from_tokens(values.data());
  from_tokens.build([&](auto&& arg) -> json::value& {
    root = json::value(std::forward<decltype(arg)>(arg), storage);
    return root;
  });
  return root;
}

std::optional<json::value> parse_plain(std::string_view text, std::size_t max_depth,
                                       const json::storage_ptr& storage) {
  // Filled by the scan as it goes.
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init)
  std::array<plain_value, max_plain_values> values;
  const auto indexed = index_plain(text, max_depth, values);
  if (!indexed) return std::nullopt;
  return build_plain(*indexed, storage);
}

const plain_value* find_member(const plain_value& object, std::string_view name) noexcept {
  for (const auto [key, value] : plain_members(object)) {
    if (key == name) return value;
  }
  return nullptr;
}

}  // namespace tessera::detail
