#include <set>

#include <boost/json/array.hpp>

#include "auth/id_token.hpp"
#include "oidc/oidc_routes.hpp"

namespace tessera::server {

boost::json::object openid_metadata(const service_config& config) {
  const std::string base = config.effective_public_url();
  boost::json::array signing{"RS256"};
  if (to_string(config.alg) != "RS256") signing.emplace_back(to_string(config.alg));
  // The service's own scopes open to apps are those the clients list; beside them the four of
  // OpenID Connect.
  std::set<std::string> own;
  const auto clients = config.clients.snapshot();
  for (const auto& client : *clients) own.insert(client.scopes.begin(), client.scopes.end());
  boost::json::array scopes;
  for (const auto scope : openid_scopes) scopes.emplace_back(scope);
  for (const auto& scope : own) scopes.emplace_back(scope);
  return {{"authorization_endpoint", base + "/authorize"},
          {"userinfo_endpoint", base + "/userinfo"},
          {"end_session_endpoint", base + "/end-session"},
          {"response_types_supported", boost::json::array{"code"}},
          {"response_modes_supported", boost::json::array{"query"}},
          {"code_challenge_methods_supported", boost::json::array{"S256"}},
          {"subject_types_supported", boost::json::array{"public"}},
          {"id_token_signing_alg_values_supported", std::move(signing)},
          {"scopes_supported", std::move(scopes)},
          {"claims_supported", boost::json::array{"sub", "iss", "aud", "exp", "iat", "auth_time",
                                                  "nonce", "at_hash", "sid", "amr", "name",
                                                  "preferred_username", "email", "email_verified"}},
          {"prompt_values_supported", boost::json::array{"none", "login", "consent"}},
          {"authorization_response_iss_parameter_supported", true},
          {"claims_parameter_supported", false},
          {"request_parameter_supported", false},
          {"request_uri_parameter_supported", false}};
}

}  // namespace tessera::server
