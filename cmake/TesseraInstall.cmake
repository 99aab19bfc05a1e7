# Installs libtessera as a CMake package (find_package(tessera) -> tessera::tessera) and a
# pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS tessera tessera_jwks_client EXPORT tesseraTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/tessera DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/tessera/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tessera)

set(tessera_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/tessera)
install(EXPORT tesseraTargets NAMESPACE tessera:: DESTINATION ${tessera_cmake_dir})
configure_package_config_file(cmake/tesseraConfig.cmake.in
  ${PROJECT_BINARY_DIR}/tesseraConfig.cmake INSTALL_DESTINATION ${tessera_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tesseraConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tesseraConfig.cmake ${PROJECT_BINARY_DIR}/tesseraConfigVersion.cmake
  DESTINATION ${tessera_cmake_dir})

# The .pc names its prefix relative to where it is installed (${pcfiledir}), so that
# `cmake --install --prefix X` gives a file that points into X.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(tessera_pc_prefix "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH tessera_pc_up "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  set(tessera_pc_prefix "\${pcfiledir}/${tessera_pc_up}")
endif()
configure_file(cmake/tessera.pc.in ${PROJECT_BINARY_DIR}/tessera.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/tessera.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

if(TARGET tessera_cli)
  install(TARGETS tessera_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

  # The systemd unit. Under /usr it goes where Debian 12's systemd.pc says system units live
  # (systemdsystemunitdir); under any other prefix it stays inside the prefix, so that
  # `cmake --install --prefix X` writes nothing outside X.
  if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    set(tessera_unit_dir_default /lib/systemd/system)
  else()
    set(tessera_unit_dir_default lib/systemd/system)
  endif()
  set(TESSERA_SYSTEMD_UNIT_DIR "${tessera_unit_dir_default}" CACHE STRING
    "Where tessera.service is installed (relative: to the prefix)")
  configure_file(${PROJECT_SOURCE_DIR}/packaging/tessera.service.in
    ${PROJECT_BINARY_DIR}/packaging/tessera.service @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/packaging/tessera.service
    DESTINATION ${TESSERA_SYSTEMD_UNIT_DIR})

  # The default configuration, where the unit reads it. GNUInstallDirs puts the configuration
  # of a /usr or /opt/... prefix in /etc or /etc/opt/... (the FULL path then leaves the
  # prefix); everywhere else it stays relative, and moves with --prefix.
  if(CMAKE_INSTALL_FULL_SYSCONFDIR STREQUAL "${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SYSCONFDIR}")
    set(tessera_config_dir ${CMAKE_INSTALL_SYSCONFDIR}/tessera)
  else()
    set(tessera_config_dir ${CMAKE_INSTALL_FULL_SYSCONFDIR}/tessera)
  endif()
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/tessera.toml DESTINATION ${tessera_config_dir})
endif()
