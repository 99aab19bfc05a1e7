#include "observability/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include <boost/json/object.hpp>

#include <tessera/json.hpp>

namespace tessera::server {
namespace {

std::atomic<bool> access_log{true};
std::mutex output;

std::string timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  // Neither can fail here: the clock's year fits, and the fields fit the buffer.
  (void)gmtime_r(&seconds, &utc);
  char text[64];
  (void)std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                      utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                      static_cast<int>(millis));
  return text;
}

const char* level_name(log_level level) {
  switch (level) {
    case log_level::info:
      return "info";
    case log_level::warning:
      return "warning";
    case log_level::error:
      return "error";
  }
  return "info";
}

}  // namespace

void log_event(log_level level, std::string_view event,
               std::initializer_list<std::pair<std::string_view, log_value>> fields) {
  boost::json::object line;
  line["ts"] = timestamp();
  line["level"] = level_name(level);
  line["event"] = event;
  for (const auto& [name, value] : fields) line[name] = value.json();
  std::string text;
  // Escaped as ASCII, so a user-supplied name cannot inject control characters into the log.
  if (!write_python_json(text, line)) text = R"({"event":"unloggable"})";
  text.push_back('\n');
  const std::lock_guard lock(output);
  // A log line that cannot be written has nowhere to be reported.
  (void)std::fwrite(text.data(), 1, text.size(), stderr);
  (void)std::fflush(stderr);
}

void set_access_log(bool enabled) noexcept { access_log.store(enabled); }
bool access_log_enabled() noexcept { return access_log.load(std::memory_order_relaxed); }

}  // namespace tessera::server
