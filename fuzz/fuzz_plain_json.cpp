// Fuzz target: the fast path of the strict JSON parser against the complete one. Whatever the
// fast path accepts, the complete parser must accept and read as the same value (same kinds, same
// member order); so the fast path can never let through what the strict rules refuse. The first
// byte chooses the depth limit, the rest is the text.
#include <cstddef>
#include <cstdint>

#include <boost/json/value.hpp>

#include <tessera/json.hpp>

#include "fuzz_input.hpp"
#include "json/plain_parser.hpp"
#include "json/strict_parser.hpp"

namespace {

// Equality that also tells int64 from uint64 and one member order from another.
bool identical(const boost::json::value& a, const boost::json::value& b) {
  if (a.kind() != b.kind()) return false;
  if (const auto* x = a.if_object()) {
    const auto& y = b.get_object();
    if (x->size() != y.size()) return false;
    for (auto i = x->begin(), j = y.begin(); i != x->end(); ++i, ++j) {
      if (i->key() != j->key() || !identical(i->value(), j->value())) return false;
    }
    return true;
  }
  if (const auto* x = a.if_array()) {
    const auto& y = b.get_array();
    if (x->size() != y.size()) return false;
    for (std::size_t i = 0; i < x->size(); ++i) {
      if (!identical((*x)[i], y[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t max_depth = data[0] % 20;
  const auto text = tessera::fuzz::as_text(data + 1, size - 1);
  const auto plain = tessera::detail::parse_plain(text, max_depth, {});
  if (!plain) return 0;
  const auto complete = tessera::detail::parse_strict_complete(text, max_depth, {});
  tessera::fuzz::require(complete.has_value(), "the fast path accepted what the parser refuses");
  tessera::fuzz::require(identical(*plain, *complete), "the fast path read a different value");
  return 0;
}
