// What a verifier reads from the index of a plain text (json/plain_parser.hpp) against what it
// reads from the parsed object of the same text: the registered claims, the header members and
// member lookups must agree, or the index path would judge a token differently. For the unit
// tests and the fuzz target alike.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include <tessera/claims.hpp>

#include "json/plain_parser.hpp"
#include "jws/header.hpp"
#include "jwt/registered_claims.hpp"

namespace tessera::test {

inline std::vector<std::string_view> texts_of(const detail::text_list& list) {
  std::vector<std::string_view> out;
  const bool stopped = list.any_of([&](std::string_view s) {
    out.push_back(s);
    return false;  // every string
  });
  static_cast<void>(stopped);
  return out;
}

inline bool same_claim(const detail::claim_value& a, const detail::claim_value& b) {
  return a.form == b.form && a.text == b.text && a.seconds == b.seconds &&
         texts_of(a.texts) == texts_of(b.texts);
}

inline bool same_member(const detail::header_fields::text_member& a,
                        const detail::header_fields::text_member& b) {
  return a.is == b.is && a.text == b.text;
}

/// An empty string when the index of `root` (an object) and `parsed` (its parsed object) read
/// the same; otherwise what differs.
inline std::string index_disagreement(const detail::plain_value& root,
                                      const boost::json::object& parsed) {
  const auto from_index = detail::registered_claims::of(root);
  const auto from_object = detail::registered_claims::of(parsed);
  for (const auto c :
       {claim::iss, claim::sub, claim::aud, claim::exp, claim::nbf, claim::iat, claim::jti}) {
    if (from_index.present(c) != from_object.present(c) ||
        !same_claim(from_index[c], from_object[c])) {
      return "registered claim " + std::string(to_string(c));
    }
  }
  const auto header_index = detail::header_fields::of(root);
  const auto header_object = detail::header_fields::of(parsed);
  if (!same_member(header_index.alg, header_object.alg) ||
      !same_member(header_index.kid, header_object.kid) ||
      !same_member(header_index.typ, header_object.typ) ||
      !same_member(header_index.cty, header_object.cty) ||
      header_index.extended != header_object.extended) {
    return "header fields";
  }
  for (const auto& member : parsed) {
    if (detail::find_member(root, member.key()) == nullptr) {
      return "member " + std::string(member.key());
    }
  }
  return {};
}

}  // namespace tessera::test
