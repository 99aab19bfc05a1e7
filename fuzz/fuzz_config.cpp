// Fuzz target: the service configuration. Input: TOML, then optionally a line "---" followed by
// NAME=VALUE lines taken as TESSERA_* environment variables. Bad configuration is an error that
// names the problem, never a crash.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = tessera::fuzz::as_text(data, size);
  std::map<std::string, std::string> environment;
  if (const auto split = text.find("\n---\n"); split != std::string_view::npos) {
    auto rest = text.substr(split + 5);
    text = text.substr(0, split);
    while (!rest.empty()) {
      const auto end = rest.find('\n');
      const auto line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      const auto equals = line.find('=');
      if (equals == std::string_view::npos) continue;
      environment["TESSERA_" + std::string(line.substr(0, equals))] =
          std::string(line.substr(equals + 1));
    }
  }
  const auto config = tessera::server::parse_config(text, "fuzz.toml", environment);
  if (!config) {
    tessera::fuzz::require(!config.error().message().empty(),
                           "a configuration error without words");
  }
  return 0;
}
