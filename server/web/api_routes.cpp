// The JSON API of the browser face's pages (/web/api/...). The session is the refresh cookie;
// every call must come from this origin's scripts (X-Tessera-Fetch), and each answers without
// being stored.
#include <string>

#include <boost/json/array.hpp>

#include <tessera/json.hpp>

#include "auth/login.hpp"
#include "http/same_origin.hpp"
#include "http/web_headers.hpp"
#include "observability/log.hpp"
#include "password/policy.hpp"
#include "password/wipe.hpp"
#include "web/answers.hpp"
#include "web/web_routes.hpp"
#include "words.hpp"

namespace tessera::server {
namespace {

// What a call may do: read the session's data, or change something.
enum class call_kind : std::uint8_t { read, change };

// The call's own data, copied out of the request for the work on the pool.
struct api_call {
  std::string refresh_token;
  std::string body;
  std::string address;
};

response not_signed_in() {
  auto res = api_detail(401, "Not signed in");
  res.header("Set-Cookie", expire_cookie(refresh_cookie));
  return res;
}

// Runs `work(call)` on the pool for a call from this origin's scripts that carries the session
// cookie; 403 for any other caller, 401 without the cookie.
template <class Work>
handler_result with_api_cookie(web_context& ctx, const request& req, call_kind kind, Work work) {
  const bool allowed =
      kind == call_kind::change
          ? may_change_state(req, ctx.origin, true)
          : req.fetch_marker == "1" && source_of(req, ctx.origin) != request_source::other_origin;
  if (!allowed) return api_detail(403, "Only this service's pages may call this endpoint");
  const auto cookie = find_cookie(req, refresh_cookie.name);
  if (!cookie) return api_detail(401, "Not signed in");
  return deferred_response(
      [work = std::move(work), call = api_call{std::string(*cookie), std::string(req.body),
                                               std::string(req.client_address)}]() mutable {
        return work(call);
      });
}

// As `with_api_cookie`, for `work(session, call)` with the cookie's live session; 401 (and the
// cookie expired) when it has none.
template <class Work>
handler_result with_api_session(web_context& ctx, const request& req, call_kind kind, Work work) {
  return with_api_cookie(ctx, req, kind, [&ctx, work = std::move(work)](api_call& call) mutable {
    auto found = ctx.sessions.peek(call.refresh_token, web_client_id);
    if (!found) return service_unavailable(found.error());
    if (!*found) return not_signed_in();
    return work(**found, call);
  });
}

boost::json::array to_array(const std::vector<std::string>& words) {
  boost::json::array out;
  for (const auto& w : words) out.emplace_back(w);
  return out;
}

// A JSON object body's string member, or nothing.
std::optional<std::string> string_member(const json::object& body, std::string_view name) {
  const auto* v = body.if_contains(name);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

response issue_access_token(web_context& ctx, const api_call& call) {
  auto tokens = ctx.sessions.refresh(
      {.refresh_token = call.refresh_token, .client_id = web_client_id, .requested = {}});
  if (!tokens) {
    const auto why = tokens.error().code;
    if (why != errc::invalid_grant && why != errc::refresh_token_reused) {
      return service_unavailable(tokens.error());
    }
    return not_signed_in();
  }
  ctx.login.metrics.record_token_issued();
  auto res = api_json(200, {{"access_token", tokens->access.token},
                            {"token_type", "Bearer"},
                            {"expires_in", tokens->access.expires_in.count()},
                            {"scope", join_words(tokens->scopes)},
                            {"username", tokens->username},
                            {"session_id", tokens->session_id}});
  set_refresh_cookie(res, tokens->refresh_token, tokens->session_expires_at);
  return res;
}

boost::json::object describe(const session_record& s, const std::string& current) {
  boost::json::object o{{"id", s.id},
                        {"created_at", s.created_at},
                        {"expires_at", s.expires_at},
                        {"user_agent", s.user_agent},
                        {"ip", s.ip},
                        {"current", s.id == current}};
  if (s.last_used_at) {
    o["last_used_at"] = *s.last_used_at;
  } else {
    o["last_used_at"] = nullptr;
  }
  return o;
}

response list_sessions(web_context& ctx, const session_record& current) {
  auto live = ctx.sessions.list_sessions(current.username);
  if (!live) return service_unavailable(live.error());
  boost::json::array out;
  for (const auto& s : *live) out.emplace_back(describe(s, current.id));
  return api_json(200, {{"sessions", std::move(out)}});
}

response end_one_session(web_context& ctx, const session_record& current, const api_call& call) {
  auto body = parse_strict(call.body);
  const auto* object = body ? body->if_object() : nullptr;
  const auto id = object != nullptr ? string_member(*object, "id") : std::nullopt;
  if (!id) return api_detail(400, R"(The body is {"id": "<session id>"})");
  auto ended = ctx.sessions.end_session_of(current.username, *id);
  if (!ended) return service_unavailable(ended.error());
  // Another user's session and no session at all look the same.
  if (!*ended) return api_detail(404, "No such session");
  log_event(log_level::info, "session_ended", {{"user", current.username}, {"sid", *id}});
  auto res = api_no_content();
  if (*id == current.id) end_browser_session(res);
  return res;
}

response change_password(web_context& ctx, const session_record& current, api_call& call) {
  const wipe_on_exit wiped_body(call.body);
  auto body = parse_strict(call.body);
  const auto* object = body ? body->if_object() : nullptr;
  auto old_password = object != nullptr ? string_member(*object, "current_password") : std::nullopt;
  auto new_password = object != nullptr ? string_member(*object, "new_password") : std::nullopt;
  if (!old_password || !new_password) {
    return api_detail(400, R"(The body is {"current_password": ..., "new_password": ...})");
  }
  const wipe_on_exit wiped_old(*old_password);
  const wipe_on_exit wiped_new(*new_password);
  const login_source source{.address = call.address, .username = current.username};
  if (auto wait = login_throttled(ctx.login, source, answer_style::detail)) {
    add_web_headers(*wait, web_caching::none);
    return std::move(*wait);
  }
  auto user = ctx.users.find_user(current.username);
  if (!user) return service_unavailable(user.error());
  const auto& account = *user;
  if (!account || !ctx.hasher.verify(account->password_hash, *old_password)) {
    ctx.login.throttle.record_failure(source);
    log_event(log_level::warning, "password_change_refused",
              {{"user", current.username}, {"client", call.address}});
    return api_detail(400, "The current password is wrong");
  }
  if (auto acceptable = check_new_password(current.username, *new_password); !acceptable) {
    return api_detail(400, acceptable.error().detail);
  }
  auto hash = ctx.hasher.hash(*new_password);
  if (!hash) return service_unavailable(hash.error());
  if (auto set = ctx.users.set_password_hash(current.username, *hash); !set) {
    return service_unavailable(set.error());
  }
  auto others = ctx.sessions.end_other_sessions(current.username, current.id);
  if (!others) return service_unavailable(others.error());
  log_event(log_level::info, "user_password_changed",
            {{"user", current.username}, {"sessions_ended", *others}});
  return api_no_content();
}

}  // namespace

void add_web_api_routes(router& r, web_context& ctx) {
  r.add(method::get, "/web/api/service", [&ctx](const request&) -> handler_result {
    return api_json(200, {{"issuer", ctx.issuer},
                          {"audience", ctx.config.audience},
                          {"jwks_uri", ctx.issuer + "/.well-known/jwks.json"},
                          {"algorithm", to_string(ctx.config.alg)},
                          {"access_token_ttl", ctx.config.access_token_ttl.count()}});
  });
  // The refresh itself checks the session, and detects a spent token presented again.
  r.add(method::post, "/web/api/token", [&ctx](const request& req) {
    return with_api_cookie(ctx, req, call_kind::change,
                           [&ctx](const api_call& call) { return issue_access_token(ctx, call); });
  });
  r.add(method::get, "/web/api/session", [&ctx](const request& req) {
    return with_api_session(ctx, req, call_kind::read,
                            [](const session_record& s, const api_call&) {
                              return api_json(200, {{"username", s.username},
                                                    {"scopes", to_array(s.scopes)},
                                                    {"session_id", s.id},
                                                    {"expires_at", s.expires_at}});
                            });
  });
  r.add(method::get, "/web/api/sessions", [&ctx](const request& req) {
    return with_api_session(
        ctx, req, call_kind::read,
        [&ctx](const session_record& s, const api_call&) { return list_sessions(ctx, s); });
  });
  r.add(method::post, "/web/api/sessions/end", [&ctx](const request& req) {
    return with_api_session(ctx, req, call_kind::change,
                            [&ctx](const session_record& s, const api_call& call) {
                              return end_one_session(ctx, s, call);
                            });
  });
  r.add(method::post, "/web/api/sessions/end-others", [&ctx](const request& req) {
    return with_api_session(ctx, req, call_kind::change,
                            [&ctx](const session_record& s, const api_call&) {
                              auto ended = ctx.sessions.end_other_sessions(s.username, s.id);
                              if (!ended) return service_unavailable(ended.error());
                              log_event(log_level::info, "other_sessions_ended",
                                        {{"user", s.username}, {"sessions_ended", *ended}});
                              return api_json(200, {{"ended", *ended}});
                            });
  });
  r.add(method::post, "/web/api/sessions/end-all", [&ctx](const request& req) {
    return with_api_session(
        ctx, req, call_kind::change, [&ctx](const session_record& s, const api_call&) {
          // Each session first, so that this instance refuses their access
          // tokens at once; then the user's not-before time.
          auto each = ctx.sessions.end_other_sessions(s.username, {});
          if (!each) return service_unavailable(each.error());
          if (auto ended = ctx.sessions.end_user_sessions(s.username); !ended) {
            return service_unavailable(ended.error());
          }
          log_event(log_level::info, "all_sessions_ended", {{"user", s.username}});
          auto res = api_no_content();
          end_browser_session(res);
          return res;
        });
  });
  r.add(method::get, "/web/api/consents", [&ctx](const request& req) {
    return with_api_session(ctx, req, call_kind::read,
                            [&ctx](const session_record& s, const api_call&) {
                              auto given = ctx.users.list_consents(s.username);
                              if (!given) return service_unavailable(given.error());
                              boost::json::array out;
                              for (const auto& c : *given) {
                                out.emplace_back(boost::json::object{{"client_id", c.client_id},
                                                                     {"scopes", to_array(c.scopes)},
                                                                     {"granted_at", c.granted_at}});
                              }
                              return api_json(200, {{"consents", std::move(out)}});
                            });
  });
  // Withdrawing a consent also ends the app's sessions of this user: its tokens stop working.
  r.add(method::post, "/web/api/consents/revoke", [&ctx](const request& req) {
    return with_api_session(
        ctx, req, call_kind::change, [&ctx](const session_record& s, const api_call& call) {
          auto body = parse_strict(call.body);
          const auto* object = body ? body->if_object() : nullptr;
          const auto client =
              object != nullptr ? string_member(*object, "client_id") : std::nullopt;
          if (!client) return api_detail(400, R"(The body is {"client_id": "<client id>"})");
          auto removed = ctx.users.delete_consent(s.username, *client);
          if (!removed) return service_unavailable(removed.error());
          if (!*removed) return api_detail(404, "No such connected app");
          auto live = ctx.sessions.list_sessions(s.username);
          if (!live) return service_unavailable(live.error());
          for (const auto& session : *live) {
            if (session.client_id != *client) continue;
            if (auto ended = ctx.sessions.end_session(session.id); !ended) {
              return service_unavailable(ended.error());
            }
          }
          log_event(log_level::info, "consent_withdrawn",
                    {{"user", s.username}, {"client_id", *client}});
          return api_no_content();
        });
  });
  r.add(method::post, "/web/api/password", [&ctx](const request& req) {
    return with_api_session(
        ctx, req, call_kind::change,
        [&ctx](const session_record& s, api_call& call) { return change_password(ctx, s, call); });
  });
}

}  // namespace tessera::server
