// JSON output byte-identical to Python's json.dumps(value, separators=(",", ":")), which is what
// PyJWT signs. boost::json::serialize differs (1E0 for 1.0, raw UTF-8 for \u00e9), so tokens
// made with it would not match PyJWT's byte for byte.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <tessera/error.hpp>
#include <tessera/json.hpp>

#include "json/python_writer.hpp"

namespace tessera {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

void append_u_escape(std::string& out, std::uint32_t unit) {
  const char esc[6] = {'\\',
                       'u',
                       hex_digits[(unit >> 12) & 0xf],
                       hex_digits[(unit >> 8) & 0xf],
                       hex_digits[(unit >> 4) & 0xf],
                       hex_digits[unit & 0xf]};
  out.append(esc, 6);
}

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when it is not well-formed.
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xe0) == 0xc0) {
    len = 2, cp = b0 & 0x1fu, min = 0x80;
  } else if ((b0 & 0xf0) == 0xe0) {
    len = 3, cp = b0 & 0x0fu, min = 0x800;
  } else if ((b0 & 0xf8) == 0xf0) {
    len = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3fu);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

bool write_string(std::string& out, std::string_view s) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    // Copy the run of characters that need no escaping in one go.
    std::size_t run = i;
    while (run < s.size()) {
      const auto c = static_cast<unsigned char>(s[run]);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') break;
      ++run;
    }
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;

    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out.append("\\\"");
        ++i;
        continue;
      case '\\':
        out.append("\\\\");
        ++i;
        continue;
      case '\n':
        out.append("\\n");
        ++i;
        continue;
      case '\r':
        out.append("\\r");
        ++i;
        continue;
      case '\t':
        out.append("\\t");
        ++i;
        continue;
      case '\b':
        out.append("\\b");
        ++i;
        continue;
      case '\f':
        out.append("\\f");
        ++i;
        continue;
      default:
        break;
    }
    std::uint32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) return false;  // Python strings cannot hold invalid UTF-8
    if (cp >= 0x10000) {
      const std::uint32_t v = cp - 0x10000;
      append_u_escape(out, 0xd800 | (v >> 10));
      append_u_escape(out, 0xdc00 | (v & 0x3ff));
    } else {
      append_u_escape(out, cp);
    }
    i += len;
  }
  out.push_back('"');
  return true;
}

// Python's float repr: the shortest digits that round-trip, in fixed notation when the decimal
// exponent is in [-4, 16), else as 1e+16 / 1.5e-05 (at least two exponent digits).
bool write_double(std::string& out, double d) {
  if (!std::isfinite(d)) return false;
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  if (ec != std::errc{}) return false;
  std::string_view sci(buf, static_cast<std::size_t>(end - buf));

  bool negative = false;
  if (sci.front() == '-') {
    negative = true;
    sci.remove_prefix(1);
  }
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char ch : sci.substr(0, e_pos)) {
    if (ch != '.') digits.push_back(ch);
  }
  int exponent = 0;
  const auto exp_text = sci.substr(e_pos + 1);
  const char* exp_begin = exp_text.data() + (exp_text.front() == '+' ? 1 : 0);
  std::from_chars(exp_begin, exp_text.data() + exp_text.size(), exponent);
  const int decpt = exponent + 1;  // value = 0.DIGITS x 10^decpt

  if (negative) out.push_back('-');
  const auto n = static_cast<int>(digits.size());
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out.append("0.");
      out.append(static_cast<std::size_t>(-decpt), '0');
      out.append(digits);
    } else if (decpt < n) {
      out.append(digits, 0, static_cast<std::size_t>(decpt));
      out.push_back('.');
      out.append(digits, static_cast<std::size_t>(decpt));
    } else {
      out.append(digits);
      out.append(static_cast<std::size_t>(decpt - n), '0');
      out.append(".0");
    }
  } else {
    out.push_back(digits[0]);
    if (n > 1) {
      out.push_back('.');
      out.append(digits, 1);
    }
    out.push_back('e');
    out.push_back(exponent < 0 ? '-' : '+');
    const int magnitude = exponent < 0 ? -exponent : exponent;
    if (magnitude < 10) out.push_back('0');
    out.append(std::to_string(magnitude));
  }
  return true;
}

template <class T>
void write_integer(std::string& out, T v) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(end - buf));
}

bool write_value(std::string& out, const json::value& v, bool sort_keys);

bool write_object(std::string& out, const json::object& obj, bool sort_keys) {
  if (!sort_keys) {
    // Insertion order, as a Python dict keeps it: no copy of the member list needed.
    out.push_back('{');
    bool first = true;
    for (const auto& kv : obj) {
      if (!first) out.push_back(',');
      first = false;
      if (!write_string(out, kv.key())) return false;
      out.push_back(':');
      if (!write_value(out, kv.value(), sort_keys)) return false;
    }
    out.push_back('}');
    return true;
  }
  std::vector<const json::key_value_pair*> members;
  members.reserve(obj.size());
  for (const auto& kv : obj) members.push_back(&kv);
  // Python compares str by code point; UTF-8 byte order is the same order.
  std::ranges::sort(members, [](const auto* a, const auto* b) { return a->key() < b->key(); });
  out.push_back('{');
  bool first = true;
  for (const auto* kv : members) {
    if (!first) out.push_back(',');
    first = false;
    if (!write_string(out, kv->key())) return false;
    out.push_back(':');
    if (!write_value(out, kv->value(), sort_keys)) return false;
  }
  out.push_back('}');
  return true;
}

bool write_value(std::string& out, const json::value& v, bool sort_keys) {
  switch (v.kind()) {
    case json::kind::null:
      out.append("null");
      return true;
    case json::kind::bool_:
      out.append(v.get_bool() ? "true" : "false");
      return true;
    case json::kind::int64:
      write_integer(out, v.get_int64());
      return true;
    case json::kind::uint64:
      write_integer(out, v.get_uint64());
      return true;
    case json::kind::double_:
      return write_double(out, v.get_double());
    case json::kind::string:
      if (const auto digits = big_integer_digits(v)) {
        out.append(*digits);  // a big integer: the number it was
        return true;
      }
      return write_string(out, v.get_string());
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        if (!write_value(out, e, sort_keys)) return false;
      }
      out.push_back(']');
      return true;
    }
    case json::kind::object:
      return write_object(out, v.get_object(), sort_keys);
  }
  return false;
}

}  // namespace

namespace detail {

bool write_python_string(std::string& out, std::string_view text) {
  return write_string(out, text);
}

}  // namespace detail

result<void> write_python_json(std::string& out, const json::value& value,
                               python_json_options options) {
  if (!write_value(out, value, options.sort_keys)) {
    return std::unexpected(make_error_code(errc::invalid_claim_value));
  }
  return {};
}

result<void> write_python_json(std::string& out, const json::object& object,
                               python_json_options options) {
  if (!write_object(out, object, options.sort_keys)) {
    return std::unexpected(make_error_code(errc::invalid_claim_value));
  }
  return {};
}

}  // namespace tessera
