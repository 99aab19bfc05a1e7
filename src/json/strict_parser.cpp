// A strict JSON reader on boost::json::basic_parser. boost::json::parse cannot be told to refuse
// duplicate members (it keeps the last: {"alg":"HS256","alg":"none"} reads as "none") or
// non-finite numbers (1e400 becomes infinity), and it rounds integers beyond 64 bits to doubles,
// so this handler builds the value itself: it refuses the first two and keeps the third exactly
// (a big integer, json/big_integer.hpp).
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>

#include <tessera/error.hpp>
#include <tessera/json.hpp>

#include "json/big_integer.hpp"
#include "json/plain_parser.hpp"
#include "json/strict_parser.hpp"

namespace tessera {
namespace {

using boost::json::error_code;
using boost::json::string_view;

class strict_handler {
 public:
  static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();

  static constexpr std::size_t initial_object_capacity = 8;

  strict_handler(json::storage_ptr storage, big_integers big)
      : storage_(std::move(storage)), root_(storage_), big_(big) {}

  [[nodiscard]] errc failure() const noexcept { return failure_; }
  json::value release() { return std::move(root_); }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }

  bool on_array_begin(error_code& ec) { return open(json::array(storage_), ec); }
  bool on_array_end(std::size_t, error_code&) { return close(); }
  bool on_object_begin(error_code& ec) {
    // Room for the members of a typical JWT header or payload: growing an object one member at
    // a time rehashes it several times.
    json::object object(storage_);
    object.reserve(initial_object_capacity);
    return open(std::move(object), ec);
  }
  bool on_object_end(std::size_t, error_code&) { return close(); }

  bool on_string_part(string_view s, std::size_t, error_code&) {
    text_.append(s.data(), s.size());
    return true;
  }
  bool on_string(string_view s, std::size_t, error_code& ec) {
    bool ok = false;
    if (text_.empty()) {
      ok = insert(json::value(json::string(s, storage_)), ec) != nullptr;
    } else {
      text_.append(s.data(), s.size());
      ok = insert(json::value(json::string(text_, storage_)), ec) != nullptr;
      text_.clear();
    }
    return ok;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }

  bool on_number_part(string_view s, error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, string_view, error_code& ec) {
    number_.clear();
    return insert(json::value(i, storage_), ec) != nullptr;
  }
  bool on_uint64(std::uint64_t u, string_view, error_code& ec) {
    number_.clear();
    return insert(json::value(u, storage_), ec) != nullptr;
  }
  bool on_double(double d, string_view s, error_code& ec) {
    number_.append(s.data(), s.size());
    // An integer literal that reaches on_double did not fit 64 bits: kept as its digits, since a
    // double would round it (Python's json module reads it exactly).
    if (number_.find_first_of(".eE") == std::string::npos) {
      if (big_ == big_integers::refuse) return fail(errc::invalid_number, ec);
      const bool inserted = insert(detail::big_integer_value(number_, storage_), ec) != nullptr;
      number_.clear();
      return inserted;
    }
    // Boost.JSON 1.81 converts some long decimals one unit in the last place away from the
    // nearest double (found by fuzz_json); from_chars rounds correctly, as Python's float()
    // does, so a number reads here as PyJWT reads it. Out of range, it keeps Boost's infinity.
    double nearest = d;
    std::from_chars(number_.data(), number_.data() + number_.size(), nearest);
    number_.clear();
    if (!std::isfinite(nearest)) return fail(errc::invalid_number, ec);
    return insert(json::value(nearest, storage_), ec) != nullptr;
  }
  bool on_bool(bool b, error_code& ec) { return insert(json::value(b, storage_), ec) != nullptr; }
  bool on_null(error_code& ec) { return insert(json::value(nullptr, storage_), ec) != nullptr; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

 private:
  bool fail(errc code, error_code& ec) {
    failure_ = code;
    ec = boost::json::error::syntax;  // any error stops the parser; failure_ says which
    return false;
  }

  // Adds a value to the innermost open container (or makes it the root) and returns where it
  // now lives. Only the innermost container ever grows, so the pointers on the stack stay valid.
  json::value* insert(json::value&& v, error_code& ec) {
    if (depth_ == 0) {
      root_ = std::move(v);
      return &root_;
    }
    json::value& parent = *top();
    if (auto* arr = parent.if_array()) {
      arr->push_back(std::move(v));
      return &arr->back();
    }
    auto& obj = parent.get_object();
    auto [it, inserted] = obj.emplace(key_, std::move(v));
    key_.clear();
    if (!inserted) {
      fail(errc::duplicate_member, ec);
      return nullptr;
    }
    return &it->value();
  }

  bool open(json::value&& container, error_code& ec) {
    json::value* where = insert(std::move(container), ec);
    if (where == nullptr) return false;
    if (depth_ < inline_stack_.size()) {
      inline_stack_[depth_] = where;
    } else {
      overflow_stack_.push_back(where);
    }
    ++depth_;
    return true;
  }

  bool close() {
    --depth_;
    if (depth_ >= inline_stack_.size()) overflow_stack_.pop_back();
    return true;
  }

  json::value* top() {
    return depth_ <= inline_stack_.size() ? inline_stack_[depth_ - 1] : overflow_stack_.back();
  }

  json::storage_ptr storage_;
  json::value root_;
  std::array<json::value*, 32> inline_stack_{};
  std::vector<json::value*> overflow_stack_;
  std::size_t depth_ = 0;
  std::string key_;
  std::string text_;
  std::string number_;
  big_integers big_;
  errc failure_{};
};

}  // namespace

namespace detail {

result<json::value> parse_strict_complete(std::string_view text, std::size_t max_depth,
                                          json::storage_ptr storage, big_integers big) {
  boost::json::parse_options options;
  options.max_depth = max_depth;
  boost::json::basic_parser<strict_handler> parser(options, std::move(storage), big);

  error_code ec;
  const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  if (parser.handler().failure() != errc{}) {
    return std::unexpected(make_error_code(parser.handler().failure()));
  }
  if (ec == boost::json::error::too_deep)
    return std::unexpected(make_error_code(errc::json_too_deep));
  if (ec == boost::json::error::exponent_overflow) {
    return std::unexpected(make_error_code(errc::invalid_number));
  }
  if (ec || consumed != text.size() || !parser.done()) {
    return std::unexpected(make_error_code(errc::invalid_json));
  }
  return parser.handler().release();
}

}  // namespace detail

result<json::value> parse_strict(std::string_view text, std::size_t max_depth,
                                 json::storage_ptr storage, big_integers big) {
  // Typical token JSON takes the fast path; everything else, errors included, goes through the
  // complete parser.
  if (auto plain = detail::parse_plain(text, max_depth, storage)) return std::move(*plain);
  return detail::parse_strict_complete(text, max_depth, std::move(storage), big);
}

}  // namespace tessera
