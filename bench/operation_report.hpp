// What every benchmark of tessera_bench reports per operation: heap allocations (counted by
// allocation_counter.cpp) and the operations per second.
#pragma once

#include <cstdint>

#include <benchmark/benchmark.h>

#include "allocation_counter.hpp"

namespace tessera::bench {

/// Call after the timed loop with `allocations_on_this_thread()` as it was before it.
inline void report_per_operation(benchmark::State& state, std::uint64_t allocations_before) {
  state.counters["allocs/op"] =
      benchmark::Counter(static_cast<double>(allocations_on_this_thread() - allocations_before) /
                         static_cast<double>(state.iterations()));
  state.SetItemsProcessed(state.iterations());
}

}  // namespace tessera::bench
