// claims_view::visit: a verified token's claims walked from their index when they have one (no
// JSON value built), from the JSON object otherwise.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <tessera/claims.hpp>

#include "json/plain_parser.hpp"
#include "jwt/token_storage.hpp"

namespace tessera {
namespace {

// Walks the indexed value at `at` and those nested in it; returns the value after them, or
// nullptr when the visitor stopped.
const detail::plain_value* visit_indexed(const detail::plain_value* at, json_visitor& visitor) {
  const detail::plain_value& v = *at++;
  switch (v.kind) {
    case detail::plain_kind::object:
      if (!visitor.begin_object(v.count)) return nullptr;
      for (std::uint32_t i = 0; i < v.count; ++i) {
        if (!visitor.key(at->string())) return nullptr;
        at = visit_indexed(at + 1, visitor);
        if (at == nullptr) return nullptr;
      }
      return visitor.end_object() ? at : nullptr;
    case detail::plain_kind::array:
      if (!visitor.begin_array(v.count)) return nullptr;
      for (std::uint32_t i = 0; i < v.count; ++i) {
        at = visit_indexed(at, visitor);
        if (at == nullptr) return nullptr;
      }
      return visitor.end_array() ? at : nullptr;
    case detail::plain_kind::string:
      return visitor.string(v.string()) ? at : nullptr;
    case detail::plain_kind::integer:
      return visitor.integer(v.number) ? at : nullptr;
    case detail::plain_kind::boolean:
      return visitor.boolean(v.truth) ? at : nullptr;
    case detail::plain_kind::null:
      return visitor.null() ? at : nullptr;
  }
  return nullptr;
}

bool visit_value(const json::value& v, json_visitor& visitor) {
  switch (v.kind()) {
    case json::kind::object: {
      const auto& object = v.get_object();
      if (!visitor.begin_object(object.size())) return false;
      for (const auto& member : object) {
        if (!visitor.key(member.key()) || !visit_value(member.value(), visitor)) return false;
      }
      return visitor.end_object();
    }
    case json::kind::array: {
      const auto& array = v.get_array();
      if (!visitor.begin_array(array.size())) return false;
      for (const auto& element : array) {
        if (!visit_value(element, visitor)) return false;
      }
      return visitor.end_array();
    }
    case json::kind::string:
      if (const auto digits = big_integer_digits(v)) return visitor.big_integer(*digits);
      return visitor.string(v.get_string());
    case json::kind::int64:
      return visitor.integer(v.get_int64());
    case json::kind::uint64:
      return visitor.unsigned_integer(v.get_uint64());
    case json::kind::double_:
      return visitor.number(v.get_double());
    case json::kind::bool_:
      return visitor.boolean(v.get_bool());
    case json::kind::null:
      return visitor.null();
  }
  return false;
}

}  // namespace

bool claims_view::visit(json_visitor& visitor) const {
  if (token_ != nullptr) {
    if (const auto* indexed = token_->claims.indexed_root()) {
      return visit_indexed(indexed, visitor) != nullptr;
    }
  }
  const auto& object = members();
  if (!visitor.begin_object(object.size())) return false;
  for (const auto& member : object) {
    if (!visitor.key(member.key()) || !visit_value(member.value(), visitor)) return false;
  }
  return visitor.end_object();
}

}  // namespace tessera
