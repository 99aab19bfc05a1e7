// A small least-recently-used map, for prepared keys and verifiers. Used under the GIL only.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace tessera::python {

template <class Value>
class lru_cache {
 public:
  explicit lru_cache(std::size_t capacity) : capacity_(capacity) {}

  /// The value stored under `key`, now the most recent; nullptr when absent.
  Value* find(std::string_view key) {
    const auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return &it->second->second;
  }

  /// Stores `value` under `key`, dropping the least recent entry beyond the capacity.
  Value& insert(std::string key, Value value) {
    if (auto* existing = find(key)) {
      *existing = std::move(value);
      return *existing;
    }
    entries_.emplace_front(std::move(key), std::move(value));
    index_.emplace(std::string_view(entries_.front().first), entries_.begin());
    if (entries_.size() > capacity_) {
      index_.erase(std::string_view(entries_.back().first));
      entries_.pop_back();
    }
    return entries_.front().second;
  }

  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  void clear() {
    index_.clear();
    entries_.clear();
  }

 private:
  using entry = std::pair<std::string, Value>;
  std::size_t capacity_;
  std::list<entry> entries_;  // most recent first; the index's keys view these strings
  std::unordered_map<std::string_view, typename std::list<entry>::iterator> index_;
};

}  // namespace tessera::python
