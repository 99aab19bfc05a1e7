# The man pages and the bash completion script of the tessera tool, made once tessera_cli is
# built, from its own --help and `tessera completion bash`, and from docs/SERVICE.md
# (scripts/man_pages.py). In the build tree:
#   man/tessera.1, man/tessera-COMMAND.1 (man/tessera-serve.8), man/tessera.toml.5
#   completion/tessera
# The commands are known only when the binary runs, so the rule's output is a stamp and the
# pages are its byproducts: a new command needs no edit here.
find_program(TESSERA_HELP2MAN help2man REQUIRED)
find_program(TESSERA_PANDOC pandoc REQUIRED)
# The script needs only the standard library. Debian's interpreter first: a python3 earlier on
# PATH may be a version manager's shim.
find_program(TESSERA_MAN_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(TESSERA_MAN_PYTHON NAMES python3 REQUIRED)

set(tessera_man_dir ${PROJECT_BINARY_DIR}/man)
set(tessera_completion_script ${PROJECT_BINARY_DIR}/completion/tessera)
set(tessera_man_stamp ${CMAKE_CURRENT_BINARY_DIR}/tessera_man_pages.stamp)
add_custom_command(
  OUTPUT ${tessera_man_stamp}
  BYPRODUCTS ${tessera_man_dir}/tessera.1 ${tessera_man_dir}/tessera.toml.5
             ${tessera_completion_script}
  COMMAND ${TESSERA_MAN_PYTHON} ${PROJECT_SOURCE_DIR}/scripts/man_pages.py
          --tessera $<TARGET_FILE:tessera_cli>
          --help2man ${TESSERA_HELP2MAN} --pandoc ${TESSERA_PANDOC}
          --version ${PROJECT_VERSION}
          --service-md ${PROJECT_SOURCE_DIR}/docs/SERVICE.md
          --build-dir ${PROJECT_BINARY_DIR}
          --stamp ${tessera_man_stamp}
  # A target name here also makes the rule re-run whenever the binary is relinked.
  DEPENDS tessera_cli ${PROJECT_SOURCE_DIR}/scripts/man_pages.py
          ${PROJECT_SOURCE_DIR}/docs/SERVICE.md
  COMMENT "Making the man pages and the bash completion of tessera"
  VERBATIM)
add_custom_target(tessera_man_pages ALL DEPENDS ${tessera_man_stamp})

# Which pages there are is known at build time only, hence directories filtered by section.
foreach(section IN ITEMS 1 5 8)
  install(DIRECTORY ${tessera_man_dir}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section}
    FILES_MATCHING PATTERN "*.${section}")
endforeach()
install(FILES ${tessera_completion_script}
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
