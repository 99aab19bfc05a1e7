# Script mode (cmake -DMIGRATIONS_DIR=... -DOUTPUT=... -P TesseraEmbedMigrations.cmake): writes a
# header that holds the schema migrations of server/store/migrations for each SQL dialect, so
# the binary needs no file at run time. A common NNN_*.sql serves both dialects; sqlite/ and
# postgres/ hold the migrations whose SQL differs. Versions must run 1, 2, 3... without a gap,
# and a version is either common or given for every dialect, never both.
cmake_minimum_required(VERSION 3.25)

set(dialects sqlite postgres)

function(versions_in folder out_var)
  file(GLOB files LIST_DIRECTORIES false "${folder}/*.sql")
  set(found "")
  foreach(path IN LISTS files)
    get_filename_component(name "${path}" NAME_WE)
    if(NOT name MATCHES "^([0-9][0-9][0-9])_([a-z0-9_]+)$")
      message(FATAL_ERROR "${path}: a migration is named NNN_what_it_does.sql")
    endif()
    math(EXPR version "${CMAKE_MATCH_1}")
    if(DEFINED "version_${version}")
      message(FATAL_ERROR "${path}: version ${version} is given twice")
    endif()
    set("version_${version}" "${path}")
    list(APPEND found "${version}")
  endforeach()
  foreach(version IN LISTS found)
    set("${out_var}_${version}" "${version_${version}}" PARENT_SCOPE)
  endforeach()
  set(${out_var} "${found}" PARENT_SCOPE)
endfunction()

versions_in("${MIGRATIONS_DIR}" common)
set(body "")
foreach(dialect IN LISTS dialects)
  versions_in("${MIGRATIONS_DIR}/${dialect}" own)
  set(all ${common} ${own})
  list(LENGTH all count)
  string(APPEND body "inline constexpr migration ${dialect}_migrations[] = {\n")
  foreach(version RANGE 1 ${count})
    if(DEFINED "own_${version}" AND DEFINED "common_${version}")
      message(FATAL_ERROR "migration ${version} is both common and ${dialect}-specific")
    elseif(DEFINED "own_${version}")
      set(path "${own_${version}}")
    elseif(DEFINED "common_${version}")
      set(path "${common_${version}}")
    else()
      message(FATAL_ERROR "migration ${version} is missing for ${dialect}")
    endif()
    get_filename_component(name "${path}" NAME_WE)
    file(READ "${path}" sql)
    string(APPEND body "    {${version}, \"${name}\", R\"tessera_sql(${sql})tessera_sql\"},\n")
  endforeach()
  string(APPEND body "};\n\n")
  foreach(version IN LISTS own)
    unset("own_${version}")
  endforeach()
endforeach()

set(content "// Generated from server/store/migrations by cmake/TesseraEmbedMigrations.cmake.
#pragma once

#include \"store/migrations.hpp\"

namespace tessera::server::detail {

${body}}  // namespace tessera::server::detail
")
# Rewritten only when it changes, so that a build does not recompile for nothing.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" previous)
endif()
if(NOT previous STREQUAL content)
  file(WRITE "${OUTPUT}" "${content}")
endif()
