#include "oidc/authorization_request.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "auth/id_token.hpp"
#include "auth/pkce.hpp"
#include "config/redirect_uri.hpp"
#include "http/form.hpp"
#include "http/url.hpp"
#include "words.hpp"

namespace tessera::server {
namespace {

bool holds(const std::vector<std::string>& list, std::string_view item) {
  return std::ranges::find(list, item) != list.end();
}

bool is_openid_scope(std::string_view scope) {
  return std::ranges::find(openid_scopes, scope) != std::end(openid_scopes);
}

std::string value_of(const std::map<std::string, std::string>& params, const char* name) {
  const auto it = params.find(name);
  return it == params.end() ? std::string{} : it->second;
}

}  // namespace

authorization_outcome read_authorization_request(std::string_view query,
                                                 const service_config& config) {
  const auto parsed = parse_form(query);
  if (!parsed) {
    return authorization_page_error{"The sign-in request is malformed or repeats a parameter."};
  }
  const auto& params = *parsed;
  const auto client_id = value_of(params, "client_id");
  const auto clients = config.clients.snapshot();
  const auto client = std::ranges::find(*clients, client_id, &client_config::id);
  if (client_id.empty() || client == clients->end() ||
      !holds(client->grants, "authorization_code")) {
    return authorization_page_error{"The application that sent you here is not registered."};
  }
  const auto redirect_uri = value_of(params, "redirect_uri");
  const bool registered = std::ranges::any_of(
      client->redirect_uris, [&](const auto& r) { return redirect_uri_matches(r, redirect_uri); });
  if (redirect_uri.empty() || !registered) {
    return authorization_page_error{
        "The application asked for its answer to go to an address it has not registered."};
  }

  authorization_request request{.client = std::shared_ptr<const client_config>(clients, &*client),
                                .redirect_uri = redirect_uri,
                                .state = value_of(params, "state"),
                                .nonce = value_of(params, "nonce"),
                                .code_challenge = value_of(params, "code_challenge"),
                                .scopes = split_words(value_of(params, "scope")),
                                .prompt_none = false,
                                .prompt_login = false,
                                .prompt_consent = false,
                                .max_age = std::nullopt,
                                .login_hint = value_of(params, "login_hint"),
                                .query = std::string(query)};
  const auto refuse = [&](std::string error, std::string description) -> authorization_outcome {
    return authorization_client_error{request.redirect_uri, request.state, std::move(error),
                                      std::move(description)};
  };
  if (params.contains("request") || params.contains("request_uri")) {
    return refuse(
        params.contains("request") ? "request_not_supported" : "request_uri_not_supported",
        "request objects are not supported");
  }
  if (value_of(params, "response_type") != "code") {
    return refuse("unsupported_response_type", "response_type must be code");
  }
  if (request.code_challenge.empty()) {
    return refuse("invalid_request", "PKCE is required: send code_challenge (S256)");
  }
  if (value_of(params, "code_challenge_method") != "S256") {
    return refuse("invalid_request", "code_challenge_method must be S256");
  }
  if (!is_s256_challenge(request.code_challenge)) {
    return refuse("invalid_request", "code_challenge must be 43 base64url characters");
  }
  if (!holds(request.scopes, "openid")) {
    return refuse("invalid_scope", "scope must include openid");
  }
  for (const auto& scope : request.scopes) {
    if (!is_openid_scope(scope) && !holds(client->scopes, scope)) {
      return refuse("invalid_scope", "scope " + scope + " is not available to this client");
    }
  }
  for (const auto& value : split_words(value_of(params, "prompt"))) {
    if (value == "none") {
      request.prompt_none = true;
    } else if (value == "login") {
      request.prompt_login = true;
    } else if (value == "consent") {
      request.prompt_consent = true;
    } else {
      return refuse("invalid_request", "prompt is none, login or consent");
    }
  }
  if (request.prompt_none && (request.prompt_login || request.prompt_consent)) {
    return refuse("invalid_request", "prompt=none goes alone");
  }
  if (const auto max_age = value_of(params, "max_age"); !max_age.empty()) {
    std::int64_t seconds = 0;
    const auto [end, ec] =
        std::from_chars(max_age.data(), max_age.data() + max_age.size(), seconds);
    if (ec != std::errc{} || end != max_age.data() + max_age.size() || seconds < 0) {
      return refuse("invalid_request", "max_age is a number of seconds");
    }
    request.max_age = seconds;
  }
  return request;
}

std::vector<std::string> granted_scopes(const authorization_request& request,
                                        const std::vector<std::string>& user_scopes) {
  std::vector<std::string> out;
  for (const auto& scope : request.scopes) {
    if (holds(out, scope)) continue;
    if (is_openid_scope(scope) || holds(user_scopes, scope)) out.push_back(scope);
  }
  return out;
}

std::string without_prompt_login(std::string_view query) {
  auto params = parse_form(query);
  if (!params) return std::string(query);
  std::string out;
  for (const auto& [name, value] : *params) {
    std::string kept = value;
    if (name == "prompt") {
      auto words = split_words(value);
      std::erase(words, "login");
      kept = join_words(words);
      if (kept.empty()) continue;
    }
    if (!out.empty()) out += '&';
    out += url_encode(name) + "=" + url_encode(kept);
  }
  return out;
}

}  // namespace tessera::server
