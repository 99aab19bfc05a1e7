#include "http/same_origin.hpp"

namespace tessera::server {

request_source source_of(const request& req, std::string_view own_origin) noexcept {
  if (!req.sec_fetch_site.empty()) {
    return req.sec_fetch_site == "same-origin" ? request_source::same_origin
                                               : request_source::other_origin;
  }
  if (!req.origin.empty()) {
    return req.origin == own_origin ? request_source::same_origin : request_source::other_origin;
  }
  return request_source::unknown;
}

bool may_change_state(const request& req, std::string_view own_origin, bool from_script) noexcept {
  if (source_of(req, own_origin) != request_source::same_origin) return false;
  return !from_script || req.fetch_marker == "1";
}

}  // namespace tessera::server
