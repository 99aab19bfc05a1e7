#include "jws/header.hpp"

#include <algorithm>
#include <array>

#include <boost/beast/core/string.hpp>  // iequals: ASCII only, whatever the locale
#include <boost/json/object.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>

namespace tessera::detail {
namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

// Header members defined by RFC 7515 and RFC 7518; "crit" may not name them (RFC 7515 4.1.11).
constexpr std::array<std::string_view, 11> registered_members = {
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
};

// RFC 7515 4.1.9: "typ" is a media type, and "application/" may be left out.
std::string_view without_application_prefix(std::string_view t) noexcept {
  constexpr std::string_view prefix = "application/";
  if (t.size() > prefix.size() && boost::beast::iequals(t.substr(0, prefix.size()), prefix)) {
    t.remove_prefix(prefix.size());
  }
  return t;
}

result<void> check_crit(const json::object& header, const header_rules& rules) {
  const auto* crit = header.if_contains("crit");
  if (crit == nullptr) return {};
  const auto* names = crit->if_array();
  if (names == nullptr || names->empty()) return fail(errc::invalid_header);
  for (const auto& entry : *names) {
    const auto* name = entry.if_string();
    if (name == nullptr) return fail(errc::invalid_header);
    const std::string_view n = *name;
    if (std::ranges::find(registered_members, n) != registered_members.end()) {
      return fail(errc::invalid_header);
    }
    if (!header.contains(n)) return fail(errc::invalid_header);
    const bool understood =
        (n == "b64" && rules.allow_unencoded_payload) ||
        (rules.critical_extensions != nullptr &&
         std::ranges::find(*rules.critical_extensions, n) != rules.critical_extensions->end());
    if (!understood) {
      // The library knows RFC 7797; refusing "b64": false is the caller's choice, so say which.
      if (n == "b64" && !payload_is_encoded(header)) {
        return fail(errc::unencoded_payload_not_allowed);
      }
      return fail(errc::unsupported_critical_header);
    }
  }
  return {};
}

bool crit_names(const json::object& header, std::string_view name) noexcept {
  const auto* crit = header.if_contains("crit");
  if (crit == nullptr || !crit->is_array()) return false;
  for (const auto& entry : crit->get_array()) {
    if (entry.is_string() && entry.get_string() == name) return true;
  }
  return false;
}

// "crit" and "b64" (RFC 7515 4.1.11, RFC 7797): whether the payload is base64url-encoded.
result<bool> check_extensions(const json::object& header, const header_rules& rules) {
  if (auto ok = check_crit(header, rules); !ok) return std::unexpected(ok.error());
  const auto* b64 = header.if_contains("b64");
  if (b64 == nullptr) return true;
  if (!b64->is_bool()) return fail(errc::invalid_header);
  if (b64->get_bool()) return true;
  // RFC 7797 section 6: "b64" must be listed in "crit", or it would be silently ignored.
  if (!crit_names(header, "b64")) return fail(errc::invalid_header);
  if (!rules.allow_unencoded_payload) return fail(errc::unencoded_payload_not_allowed);
  return false;
}

}  // namespace

result<json::value> decode_header(std::string_view segment, std::size_t max_depth,
                                  json::storage_ptr storage) {
  auto text = base64url_decode_to_string(segment);
  if (!text) return std::unexpected(text.error());
  auto value = parse_strict(*text, max_depth, std::move(storage));
  if (!value) return value;
  if (!value->is_object()) return fail(errc::invalid_header);
  return value;
}

header_fields header_fields::of(const json::object& header) noexcept {
  // One pass over the (small) header instead of a lookup per member name.
  header_fields fields;
  for (const auto& member : header) {
    fields.read(member.key(), [&] {
      const auto* text = member.value().if_string();
      return text == nullptr ? text_member{.is = text_member::state::other, .text = {}}
                             : text_member{.is = text_member::state::text, .text = *text};
    });
  }
  return fields;
}

header_fields header_fields::of(const plain_value& header) noexcept {
  header_fields fields;
  for (const auto [name, value] : plain_members(header)) {
    fields.read(name, [&] {
      return value->kind == plain_kind::string
                 ? text_member{.is = text_member::state::text, .text = value->string()}
                 : text_member{.is = text_member::state::other, .text = {}};
    });
  }
  return fields;
}

result<algorithm> header_algorithm(const header_fields& header) noexcept {
  switch (header.alg.is) {
    case header_fields::text_member::state::absent:
      return fail(errc::missing_algorithm);
    case header_fields::text_member::state::other:
      return fail(errc::invalid_header);
    case header_fields::text_member::state::text:
      break;
  }
  return parse_algorithm(header.alg.text);
}

bool payload_is_encoded(const json::object& header) noexcept {
  const auto* b64 = header.if_contains("b64");
  return b64 == nullptr || !b64->is_bool() || b64->get_bool();
}

result<bool> check_header(const header_fields& fields, const json::object* complete,
                          const header_rules& rules) {
  for (const auto* member : {&fields.kid, &fields.typ, &fields.cty}) {
    if (member->is == header_fields::text_member::state::other) return fail(errc::invalid_header);
  }
  bool encoded = true;
  if (fields.extended) {
    const auto extensions = check_extensions(*complete, rules);
    if (!extensions) return extensions;
    encoded = *extensions;
  }
  if (rules.expected_type != nullptr && rules.expected_type->has_value()) {
    if (fields.typ.is != header_fields::text_member::state::text ||
        !boost::beast::iequals(without_application_prefix(fields.typ.text),
                               without_application_prefix(**rules.expected_type))) {
      return fail(errc::invalid_token_type);
    }
  }
  return encoded;
}

}  // namespace tessera::detail
