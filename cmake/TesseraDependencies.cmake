# Everything comes from Debian 12 packages (scripts/setup.sh installs them).
find_package(OpenSSL 3.0 REQUIRED)
find_package(boost_json 1.81 REQUIRED CONFIG)
find_package(Threads REQUIRED)

if(TESSERA_BUILD_CLI)
  find_package(CLI11 2.1 REQUIRED CONFIG)
endif()
if(TESSERA_BUILD_TESTS)
  find_package(GTest 1.12 REQUIRED CONFIG)
endif()
if(TESSERA_BUILD_BENCH)
  find_package(benchmark 1.7 REQUIRED CONFIG)
endif()
