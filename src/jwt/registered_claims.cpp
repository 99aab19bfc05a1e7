#include "jwt/registered_claims.hpp"

#include <boost/json/object.hpp>

#include "json/big_integer.hpp"
#include "jwt/numeric_date.hpp"

namespace tessera::detail {
namespace {

using shape = claim_value::shape;

claim_value text_claim(std::string_view text) noexcept {
  return {.form = shape::text, .text = text, .seconds = {}, .texts = {}};
}
claim_value number_claim(std::optional<double> seconds) noexcept {
  return {.form = shape::number, .text = {}, .seconds = seconds, .texts = {}};
}
claim_value list_claim(text_list texts) noexcept {
  return {.form = shape::text_list, .text = {}, .seconds = {}, .texts = texts};
}
claim_value other_claim() noexcept {
  return {.form = shape::other, .text = {}, .seconds = {}, .texts = {}};
}

}  // namespace

claim_value claim_value::of(const json::value& v) noexcept {
  switch (v.kind()) {
    case json::kind::string:
      return is_text(v) ? text_claim(v.get_string()) : other_claim();  // a big integer
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return number_claim(numeric_date_seconds(v));
    case json::kind::array: {
      const auto& elements = v.get_array();
      for (const auto& e : elements) {
        if (!is_text(e)) return other_claim();
      }
      return list_claim(text_list(elements));
    }
    default:
      return other_claim();
  }
}

claim_value claim_value::of(const plain_value& v) noexcept {
  switch (v.kind) {
    case plain_kind::string:
      return text_claim(v.string());
    case plain_kind::integer:
      return number_claim(numeric_date_seconds(v.number));
    case plain_kind::array: {
      const plain_value* first = &v + 1;
      for (std::uint32_t i = 0; i < v.count; ++i) {
        if (first[i].kind != plain_kind::string) return other_claim();
      }
      return list_claim(text_list(first, v.count));
    }
    default:
      return other_claim();
  }
}

registered_claims registered_claims::of(const json::object& payload) noexcept {
  registered_claims claims;
  for (const auto& member : payload) {
    if (const auto c = parse_claim(member.key())) {
      claims.parsed_[static_cast<std::size_t>(*c)] = &member.value();
    }
  }
  return claims;
}

registered_claims registered_claims::of(const plain_value& payload) noexcept {
  registered_claims claims;
  for (const auto [name, value] : plain_members(payload)) {
    if (const auto c = parse_claim(name)) claims.indexed_[static_cast<std::size_t>(*c)] = value;
  }
  return claims;
}

claim_value find_claim(const plain_value& payload, claim c) noexcept {
  const auto* value = find_member(payload, to_string(c));
  return value == nullptr ? claim_value{} : claim_value::of(*value);
}

}  // namespace tessera::detail
