// Maps method and path to a handler. Every route says whether it is open or protected by the
// bearer guard; there is no default.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "auth/bearer_guard.hpp"
#include "http/message.hpp"

namespace tessera::server {

class router {
 public:
  using handler = std::function<handler_result(const request&)>;
  using protected_handler = std::function<handler_result(const principal&, const request&)>;

  void open(method verb, std::string path, handler h);
  /// The guard runs first; `h` sees only admitted callers that hold `required_scope` (when
  /// given; others get 403 insufficient_scope).
  void protect(method verb, std::string path, const bearer_guard& guard, protected_handler h,
               std::string required_scope = {});

  /// The answer for `req`: its route's, or 404 / 405 (with Allow). `route` receives the
  /// route's index for metrics (`routes().size()` when none matched).
  [[nodiscard]] handler_result dispatch(const request& req, std::size_t& route) const;

  /// "GET /secure-endpoint", ... in the order added.
  [[nodiscard]] std::vector<std::string> routes() const;

 private:
  struct entry {
    method verb;
    std::string path;
    handler h;
  };
  std::vector<entry> entries_;
};

[[nodiscard]] std::string_view to_string(method m) noexcept;

}  // namespace tessera::server
