# Script mode (cmake -DWEB_DIR=... -DOUTPUT=... -P TesseraEmbedWebAssets.cmake): writes a source
# file holding every file under web/ (the browser face's templates and static files), each with
# its media type and an ETag made from its SHA-256, in a table sorted by name for binary search.
# The binary reads nothing from disk at run time.
cmake_minimum_required(VERSION 3.25)

function(media_type path out_var)
  get_filename_component(ext "${path}" LAST_EXT)
  string(TOLOWER "${ext}" ext)
  if(ext STREQUAL ".html")
    set(type "text/html; charset=utf-8")
  elseif(ext STREQUAL ".css")
    set(type "text/css; charset=utf-8")
  elseif(ext STREQUAL ".js")
    set(type "text/javascript; charset=utf-8")
  elseif(ext STREQUAL ".svg")
    set(type "image/svg+xml")
  elseif(ext STREQUAL ".png")
    set(type "image/png")
  elseif(ext STREQUAL ".txt")
    set(type "text/plain; charset=utf-8")
  else()
    message(FATAL_ERROR "${path}: no media type is known for '${ext}' (cmake/TesseraEmbedWebAssets.cmake)")
  endif()
  set(${out_var} "${type}" PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE "${WEB_DIR}" "${WEB_DIR}/*")
list(SORT files)
set(literals "")
set(table "")
set(index 0)
foreach(name IN LISTS files)
  if(name MATCHES "(^|/)\\." OR name MATCHES "~$")
    continue()  # editors' and tools' files
  endif()
  set(path "${WEB_DIR}/${name}")
  media_type("${name}" type)
  file(READ "${path}" hex HEX)
  file(SIZE "${path}" size)
  file(SHA256 "${path}" digest)
  string(SUBSTRING "${digest}" 0 32 tag)
  # Every byte as \xNN, 64 bytes to a line.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${hex}")
  string(REGEX REPLACE "((\\\\x[0-9a-f][0-9a-f]){64})" "\\1\"\n    \"" escaped "${escaped}")
  string(APPEND literals "constexpr char asset_${index}[] =\n    \"${escaped}\";\n")
  string(APPEND table "    {\"${name}\", \"${type}\", \"\\\"${tag}\\\"\", {asset_${index}, ${size}}},\n")
  math(EXPR index "${index} + 1")
endforeach()

set(content "// Generated from web/ by cmake/TesseraEmbedWebAssets.cmake.
#include \"web/assets.hpp\"

namespace tessera::server {
namespace {

${literals}
constexpr web_asset table[] = {
${table}};

}  // namespace

std::span<const web_asset> web_assets() noexcept { return table; }

}  // namespace tessera::server
")
# Rewritten only when it changes, so that an unchanged web/ rebuilds nothing.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" previous)
endif()
if(NOT previous STREQUAL content)
  file(WRITE "${OUTPUT}" "${content}")
endif()
