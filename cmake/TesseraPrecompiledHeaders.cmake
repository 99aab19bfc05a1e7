# Precompiled headers for the targets with many translation units over the same heavy headers
# (GoogleTest, Boost.JSON, OpenSSL, the public API): parsing them again in every file was most of
# the build. They only save time: each file still includes what it uses, and tests/headers
# checks that every public header stands alone.
option(TESSERA_PRECOMPILE_HEADERS "Precompile the heavy headers of the test programs" ON)

function(tessera_precompile_headers target)
  if(TESSERA_PRECOMPILE_HEADERS)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()
