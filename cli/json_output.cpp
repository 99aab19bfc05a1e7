#include "json_output.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

namespace tessera::cli {
namespace {

void newline(std::string& out, std::size_t depth) {
  out += '\n';
  out.append(depth * 2, ' ');
}

// Recursion is bounded: every value printed was parsed with the library's depth limit.
result<void> append_pretty(std::string& out, const json::value& value, std::size_t depth) {
  if (const auto* object = value.if_object(); object != nullptr && !object->empty()) {
    out += '{';
    bool first = true;
    for (const auto& member : *object) {
      if (!first) out += ',';
      first = false;
      newline(out, depth + 1);
      if (auto ok = write_python_json(out, json::string(member.key())); !ok) return ok;
      out += ": ";
      if (auto ok = append_pretty(out, member.value(), depth + 1); !ok) return ok;
    }
    newline(out, depth);
    out += '}';
    return {};
  }
  if (const auto* array = value.if_array(); array != nullptr && !array->empty()) {
    out += '[';
    bool first = true;
    for (const auto& element : *array) {
      if (!first) out += ',';
      first = false;
      newline(out, depth + 1);
      if (auto ok = append_pretty(out, element, depth + 1); !ok) return ok;
    }
    newline(out, depth);
    out += ']';
    return {};
  }
  // Scalars, and the empty {} and [].
  return write_python_json(out, value);
}

}  // namespace

result<std::string> compact_json(const json::value& value) {
  std::string out;
  if (auto ok = write_python_json(out, value); !ok) return std::unexpected(ok.error());
  return out;
}

result<std::string> pretty_json(const json::value& value) {
  std::string out;
  if (auto ok = append_pretty(out, value, 0); !ok) return std::unexpected(ok.error());
  return out;
}

}  // namespace tessera::cli
