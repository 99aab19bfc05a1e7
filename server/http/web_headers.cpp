#include "http/web_headers.hpp"

#include <string>

namespace tessera::server {

void add_web_headers(response& res, web_caching caching) {
  res.header("Content-Security-Policy", std::string(web_content_security_policy));
  // Same-origin form posts then say where they come from (Origin is not `null`), and no URL of
  // the service's pages reaches another site.
  res.header("Referrer-Policy", "same-origin");
  res.header("X-Frame-Options", "DENY");
  res.header("Cross-Origin-Opener-Policy", "same-origin");
  res.header("Cross-Origin-Resource-Policy", "same-origin");
  res.header("Cache-Control", caching == web_caching::none ? "no-store" : "no-cache");
}

std::string web_content_security_policy_with_form_targets(const std::vector<std::string>& targets) {
  std::string policy(web_content_security_policy);
  if (targets.empty()) return policy;
  constexpr std::string_view directive = "form-action 'self'";
  std::string widened(directive);
  for (const auto& t : targets) widened.append(" ").append(t);
  policy.replace(policy.find(directive), directive.size(), widened);
  return policy;
}

void set_content_security_policy(response& res, std::string policy) {
  for (auto& [name, value] : res.headers) {
    if (name == "Content-Security-Policy") {
      value = std::move(policy);
      return;
    }
  }
  res.header("Content-Security-Policy", std::move(policy));
}

}  // namespace tessera::server
