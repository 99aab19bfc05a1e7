#include <tessera/validation.hpp>

namespace tessera {
namespace {

class system_clock_impl final : public clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const noexcept override {
    return std::chrono::system_clock::now();
  }
};

}  // namespace

const clock& system_clock() noexcept {
  static const system_clock_impl instance;
  return instance;
}

std::shared_ptr<const clock> system_clock_ptr() {
  // An aliasing pointer to the static instance: nothing to free.
  return {std::shared_ptr<const clock>{}, &system_clock()};
}

}  // namespace tessera
