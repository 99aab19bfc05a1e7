// Fuzz target: the strict JSON parser, and the Python-compatible writer on what it accepts. A
// value written and parsed again must write identically (the writer's output is canonical).
#include <cstddef>
#include <cstdint>
#include <string>

#include <tessera/json.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = tessera::fuzz::as_text(data, size);
  const auto parsed = tessera::parse_strict(text, 16);
  if (!parsed) return 0;
  for (const bool sorted : {false, true}) {
    std::string once;
    const auto written = tessera::write_python_json(once, *parsed, {.sort_keys = sorted});
    tessera::fuzz::require(written.has_value(), "an accepted value could not be written");
    const auto again = tessera::parse_strict(once, 16);
    tessera::fuzz::require(again.has_value(), "the writer produced JSON the parser refuses");
    std::string twice;
    tessera::fuzz::require(
        tessera::write_python_json(twice, *again, {.sort_keys = sorted}).has_value(),
        "a re-parsed value could not be written");
    tessera::fuzz::require(once == twice, "writing is not stable across a round trip");
  }
  return 0;
}
