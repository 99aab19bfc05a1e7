# Warnings are errors for every target of this project (never for users of the installed package).
function(tessera_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough -Werror)
endfunction()

# g++ 12 at -O3 reports false array-bounds / restrict / stringop warnings inside libstdc++ for
# ordinary string and vector code in large test files (GCC PR 105329, 105651, 106199). Tests
# only: the library and the applications keep every warning.
function(tessera_relax_gcc12_false_positives target)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-restrict -Wno-stringop-overflow)
  endif()
endfunction()
