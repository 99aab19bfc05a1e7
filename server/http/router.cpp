#include "http/router.hpp"

#include "http/responses.hpp"

namespace tessera::server {

std::string_view to_string(method m) noexcept {
  switch (m) {
    case method::get:
      return "GET";
    case method::head:
      return "HEAD";
    case method::post:
      return "POST";
    case method::put:
      return "PUT";
    case method::patch:
      return "PATCH";
    case method::del:
      return "DELETE";
    case method::options:
      return "OPTIONS";
    case method::other:
      return "OTHER";
  }
  return "OTHER";
}

void router::add(method verb, std::string path, handler h) {
  entries_.push_back({verb, std::move(path), std::move(h), false});
}

void router::add_prefix(method verb, std::string prefix, handler h) {
  entries_.push_back({verb, std::move(prefix), std::move(h), true});
}

handler_result router::dispatch(const request& req, std::size_t& route) const {
  route = entries_.size();
  // Exact paths first, then prefixes: a path that has a route of its own is never answered by a
  // prefix's, whatever the method.
  for (const bool prefixes : {false, true}) {
    std::string allow;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const auto& e = entries_[i];
      if (e.prefix != prefixes) continue;
      if (prefixes ? !req.path.starts_with(e.path) : e.path != req.path) continue;
      if (e.verb == req.verb || (req.verb == method::head && e.verb == method::get)) {
        route = i;
        return e.h(req);
      }
      if (!allow.empty()) allow += ", ";
      allow += to_string(e.verb);
    }
    if (!allow.empty()) {
      auto r = detail_response(405, "Method Not Allowed");
      r.header("Allow", allow);
      return r;
    }
  }
  return detail_response(404, "Not Found");
}

std::vector<std::string> router::routes() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) {
    out.push_back(std::string(to_string(e.verb)) + " " + e.path + (e.prefix ? "*" : ""));
  }
  return out;
}

}  // namespace tessera::server
