// Fuzz target: the fast path of the strict JSON parser against the complete one. Whatever the
// fast path accepts, the complete parser must accept and read as the same value (same kinds, same
// member order); so the fast path can never let through what the strict rules refuse. And for an
// object, what a verifier reads from the fast path's index (the registered claims, the header
// members) must be what it reads from the parsed object. The first byte chooses the depth limit,
// the rest is the text.
#include <array>
#include <cstddef>
#include <cstdint>

#include <boost/json/value.hpp>

#include <tessera/json.hpp>

#include "fuzz_input.hpp"
#include "json/plain_parser.hpp"
#include "json/strict_parser.hpp"
#include "support/index_agreement.hpp"

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
  std::array<tessera::detail::plain_value, tessera::detail::max_plain_values> scratch{};
  const auto indexed = tessera::detail::index_plain(text, max_depth, scratch);
  if (!indexed) return 0;
  const auto plain = tessera::detail::build_plain(*indexed, {});
  const auto complete = tessera::detail::parse_strict_complete(text, max_depth, {});
  tessera::fuzz::require(complete.has_value(), "the fast path accepted what the parser refuses");
  tessera::fuzz::require(identical(plain, *complete), "the fast path read a different value");
  if (complete->is_object()) {
    tessera::fuzz::require(
        tessera::test::index_disagreement(indexed->front(), complete->get_object()).empty(),
        "the index and the object read the registered members differently");
  }
  return 0;
}
