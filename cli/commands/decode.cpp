// `tessera decode`: show a token's header and claims WITHOUT verifying anything.
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>

#include <tessera/claims.hpp>
#include <tessera/jwt.hpp>

#include "commands/command.hpp"
#include "commands/shared_options.hpp"
#include "duration.hpp"
#include "input.hpp"
#include "json_output.hpp"
#include "time_format.hpp"

namespace tessera::cli {
namespace {

// The first line on stderr, whatever else is asked for: nothing shown has been checked.
constexpr const char* not_verified_warning =
    "warning: signature NOT verified; do not trust these contents";

struct decode_options {
  std::string token{};
  bool json = false;
  std::int64_t max_token_size = default_max_token_size;
  std::optional<std::int64_t> now{};
};

// How exp, nbf or iat relates to now, in the verifier's terms (exp == now has expired).
std::string relative(std::string_view name, std::int64_t when, std::int64_t now) {
  const std::int64_t ahead = when - now;
  if (name == "exp") {
    return ahead > 0 ? "expires in " + format_span(ahead)
                     : "expired " + format_span(-ahead) + " ago";
  }
  if (name == "nbf") {
    return ahead > 0 ? "becomes valid in " + format_span(ahead)
                     : "valid since " + format_span(-ahead) + " ago";
  }
  return ahead > 0 ? "issued in the future (" + format_span(ahead) + " from now)"
                   : "issued " + format_span(-ahead) + " ago";
}

// One line per date claim present, e.g. "  exp  2026-11-28T22:45:00Z  expires in 14 min".
std::string describe_times(const json::object& payload, std::int64_t now) {
  const claims_view view(payload);
  const struct {
    const char* name;
    std::optional<std::chrono::sys_seconds> when;
  } dates[] = {{"iat", view.issued_at()}, {"nbf", view.not_before()}, {"exp", view.expires_at()}};

  std::string out;
  for (const auto& [name, when] : dates) {
    if (!payload.contains(name)) continue;
    out += "  ";
    out += name;
    out += "  ";
    if (!when) {
      out += "not a NumericDate: a verifier will reject this token\n";
      continue;
    }
    const std::int64_t seconds = when->time_since_epoch().count();
    out += format_utc(seconds).value_or("(outside years 0000-9999)");
    out += "  ";
    out += relative(name, seconds, now);
    out += '\n';
  }
  return out.empty() ? out : "Times (UTC):\n" + out;
}

cli_result<std::string> render_text(const unsafe::unverified_token& t, std::int64_t now) {
  const auto header = pretty_json(t.header);
  if (!header) return std::unexpected(library_error(header.error()));
  const auto payload = pretty_json(t.payload);
  if (!payload) return std::unexpected(library_error(payload.error()));
  return "Header:\n" + *header + "\nPayload:\n" + *payload + '\n' + describe_times(t.payload, now) +
         "Signature: " + std::to_string(t.signature.size()) + " bytes, NOT verified\n";
}

cli_result<std::string> render_json(unsafe::unverified_token& t) {
  json::object both;
  both["header"] = std::move(t.header);
  both["payload"] = std::move(t.payload);
  const auto text = compact_json(both);
  if (!text) return std::unexpected(library_error(text.error()));
  return *text + '\n';
}

cli_result<void> run_decode(const decode_options& o) {
  const auto limit = static_cast<std::size_t>(o.max_token_size);
  const auto token = read_token(o.token, limit);
  if (!token) return std::unexpected(token.error());
  auto decoded = unsafe::decode_unverified(*token, {.max_token_size = limit});
  if (!decoded) return std::unexpected(library_error(decoded.error()));

  // Rendered in full before anything is written, so a failure leaves stdout empty.
  const auto text = o.json ? render_json(*decoded) : render_text(*decoded, now_seconds(o.now));
  if (!text) return std::unexpected(text.error());
  std::cerr << not_verified_warning << '\n';
  std::cout << *text;
  return {};
}

}  // namespace

command add_decode_command(CLI::App& parent) {
  auto o = std::make_shared<decode_options>();
  auto* app = parent.add_subcommand(
      "decode", "Show a token's header and claims WITHOUT verifying its signature or claims");
  app->add_flag("--json", o->json,
                "Print {\"header\":...,\"payload\":...} as one line of JSON and nothing else");
  add_max_token_size_option(*app, o->max_token_size);
  add_now_option(*app, o->now, "Use this time as now for the relative times shown");
  add_token_argument(*app, o->token);
  app->footer(
      "Nothing is verified: anyone can make a token that decodes to anything. Use\n"
      "`tessera verify` before trusting a token. Strings are printed JSON-escaped (non-ASCII as\n"
      "\\uXXXX), so a token cannot write control sequences to your terminal.\n"
      "Exit: 0 decoded; 1 not a well-formed token; 2 usage or I/O error.\n\n"
      "Examples:\n"
      "  tessera decode eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.c2ln\n"
      "  echo \"$TOKEN\" | tessera decode --json - | jq .payload");
  return {app, [o] { return run_decode(*o); }};
}

}  // namespace tessera::cli
