// Structured logs: one JSON object per line on stderr. Callers pass only what may be logged:
// never a password, a token or a secret.
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include <boost/json/value.hpp>

namespace tessera::server {

enum class log_level : std::uint8_t { info, warning, error };

/// A field's value: text, a number or a flag.
class log_value {
 public:
  // Implicit on purpose, so that fields read {{"user", name}, {"status", 401}}.
  // NOLINTBEGIN(google-explicit-constructor)
  log_value(std::string_view s) : value_(s) {}
  log_value(const std::string& s) : value_(std::string_view(s)) {}
  log_value(const char* s) : value_(std::string_view(s)) {}
  log_value(bool b) : value_(b) {}
  log_value(double d) : value_(d) {}
  template <std::integral I>
  requires(!std::same_as<I, bool>) log_value(I n) : value_(static_cast<std::int64_t>(n)) {}
  // NOLINTEND(google-explicit-constructor)

  [[nodiscard]] const boost::json::value& json() const noexcept { return value_; }

 private:
  boost::json::value value_;
};

/// Writes {"ts":..., "level":..., "event": event, fields...}.
void log_event(log_level level, std::string_view event,
               std::initializer_list<std::pair<std::string_view, log_value>> fields = {});

/// Turns the per-request access log on or off (audit events are always written).
void set_access_log(bool enabled) noexcept;
[[nodiscard]] bool access_log_enabled() noexcept;

}  // namespace tessera::server
