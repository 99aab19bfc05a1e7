#include "http/responses.hpp"

#include <utility>
#include <variant>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace tessera::server {

response json_response(int status, const boost::json::object& body) {
  response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

response detail_response(int status, std::string_view detail) {
  return json_response(status, {{"detail", detail}});
}

response validation_error(std::string_view field, std::string_view message, std::string_view type) {
  boost::json::object error{
      {"loc", boost::json::array{"body", field}}, {"msg", message}, {"type", type}};
  return json_response(422, {{"detail", boost::json::array{error}}});
}

response oauth_error(int status, std::string_view code, std::string_view description) {
  auto r = json_response(status, {{"error", code}, {"error_description", description}});
  r.header("Cache-Control", "no-store").header("Pragma", "no-cache");
  return r;
}

namespace {

void add_no_store(response& r) {
  for (const auto& [name, value] : r.headers) {
    if (name == "Cache-Control") return;
  }
  r.header("Cache-Control", "no-store");
}

}  // namespace

handler_result never_stored(handler_result result) {
  if (auto* ready = std::get_if<response>(&result)) {
    add_no_store(*ready);
    return result;
  }
  return deferred_response([work = std::move(std::get<deferred_response>(result))]() mutable {
    response r = work();
    add_no_store(r);
    return r;
  });
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "";
  }
}

}  // namespace tessera::server
