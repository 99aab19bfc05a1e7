// Maps method and path to a handler. The HTTP layer knows nothing of authentication: a protected
// route's handler is wrapped by the bearer guard where the routes are composed (routes.cpp,
// `guarded` in auth/bearer_guard.hpp).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace tessera::server {

class router {
 public:
  using handler = std::function<handler_result(const request&)>;

  /// Routes `verb` `path` to `h`.
  void add(method verb, std::string path, handler h);

  /// Routes `verb` and every path that starts with `prefix` (`/web/static/`) to `h`. Exact
  /// paths are matched first: a prefix never hides one.
  void add_prefix(method verb, std::string prefix, handler h);

  /// The answer for `req`: its route's, or 404 / 405 (with Allow). `route` receives the
  /// route's index for metrics (`routes().size()` when none matched).
  [[nodiscard]] handler_result dispatch(const request& req, std::size_t& route) const;

  /// "GET /secure-endpoint", ..., "GET /web/static/*" in the order added.
  [[nodiscard]] std::vector<std::string> routes() const;

 private:
  struct entry {
    method verb;
    std::string path;  ///< the path, or the prefix
    handler h;
    bool prefix = false;
  };
  std::vector<entry> entries_;
};

[[nodiscard]] std::string_view to_string(method m) noexcept;

}  // namespace tessera::server
