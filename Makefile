# Entry points. `make run` and `make test` do all set-up on a fresh Debian 12 machine.
PRESET ?= release
JOBS ?= $(shell nproc)
DEV_DATA ?= build/dev-data

.PHONY: setup build run demo test test-asan test-tsan fuzz bench bench-library bench-service format lint clean

setup:
	bash scripts/setup.sh

build: setup
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET) -j $(JOBS)

# The token service in development mode on 127.0.0.1:8000, with the demo user test/password.
run: build
	build/$(PRESET)/cli/tessera serve --dev --data-dir $(DEV_DATA)

# A short tour of the command-line tool.
demo: build
	bash scripts/demo.sh build/$(PRESET)/cli/tessera

test: build
	ctest --preset $(PRESET) -j $(JOBS)

# Every test, the fuzz targets' regression inputs included, under AddressSanitizer and
# UndefinedBehaviorSanitizer (clang-19).
test-asan:
	$(MAKE) test PRESET=asan-ubsan

# The service, its store and its parts under ThreadSanitizer (clang-19): the tests labelled
# `service`.
test-tsan: setup
	cmake --preset tsan
	cmake --build --preset tsan -j $(JOBS) --target tessera_cli tessera_server_tests tessera_store_tests
	ctest --preset tsan -j $(JOBS)

# Each libFuzzer target for FUZZ_SECONDS on seeds made from the conformance vectors; findings
# are saved under build/fuzz/artifacts (scripts/fuzz.sh).
FUZZ_SECONDS ?= 300
fuzz: setup
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

bench: build bench-library bench-service

# tessera, its raw-OpenSSL floors (every tessera_bench benchmark) and the peers (libjwt, cpp-jwt,
# POCO JWT, PyJWT) in one run: a few minutes; library_results.json and PNG charts in
# build/bench-results (docs/BENCHMARKS.md).
bench-library: build
	cmake --build --preset $(PRESET) --target bench-library

# tessera serve under wrk beside its unauthenticated floor and the FastAPI reference app: three
# runs of about 3 minutes; results.json and PNG charts in build/bench-results/service
# (docs/BENCHMARKS.md).
bench-service: build
	/usr/bin/python3 bench/service/run.py --out build/bench-results/service

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# The layering check (scripts/check_layers.py), clang-format 14 over the tree and clang-tidy-19
# (.clang-tidy) over src/ and server/, warnings as errors; clang-tidy reads the compile commands of a clang-19 configuration (scripts/lint.sh).
LINT_DIR ?= build/asan-ubsan
lint: setup
	test -f $(LINT_DIR)/compile_commands.json || cmake --preset asan-ubsan
	JOBS=$(JOBS) bash scripts/lint.sh $(LINT_DIR)

clean:
	rm -rf build
