#include "claims_to_python.hpp"

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "py_ref.hpp"

namespace tessera::python {
namespace {

// Member names as str objects, made once: token payloads repeat the same few names, and a dict
// key that is already a str with its hash computed costs nothing to insert. Bounded; names
// beyond the bound are made per call. Used under the GIL.
struct name_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

PyObject* member_name(std::string_view name) {
  static std::unordered_map<std::string, PyObject*, name_hash, std::equal_to<>> names;
  constexpr std::size_t max_names = 512;
  constexpr std::size_t max_name_length = 32;
  if (name.size() <= max_name_length) {
    if (const auto it = names.find(name); it != names.end()) {
      return Py_NewRef(it->second);
    }
  }
  PyObject* text =
      PyUnicode_DecodeUTF8(name.data(), static_cast<Py_ssize_t>(name.size()), "strict");
  if (text == nullptr) return nullptr;
  if (name.size() <= max_name_length && names.size() < max_names) {
    PyUnicode_InternInPlace(&text);
    if (PyObject_Hash(text) == -1) PyErr_Clear();  // computed once, kept in the str
    names.emplace(std::string(name), Py_NewRef(text));
  }
  return text;
}

class dict_builder final : public json_visitor {
 public:
  explicit dict_builder(claims_facts& facts) : facts_(facts) {}
  dict_builder(const dict_builder&) = delete;
  dict_builder& operator=(const dict_builder&) = delete;
  ~dict_builder() override = default;

  PyObject* release() { return root_.release(); }

  bool begin_object(std::size_t /*members*/) override { return open(PyDict_New()); }
  bool begin_array(std::size_t elements) override {
    return open(PyList_New(static_cast<Py_ssize_t>(elements)));
  }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(std::string_view name) override {
    key_ = py_ref(member_name(name));
    if (open_.size() == 1) {
      date_key_ = name == "exp" || name == "nbf" || name == "iat";
    }
    return static_cast<bool>(key_);
  }

  bool string(std::string_view text) override {
    note_date(false);
    return add(PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "strict"));
  }
  bool integer(std::int64_t value) override {
    note_date(true);
    return add(PyLong_FromLongLong(value));
  }
  bool unsigned_integer(std::uint64_t value) override {
    note_date(true);
    return add(PyLong_FromUnsignedLongLong(value));
  }
  bool big_integer(std::string_view digits) override {
    note_date(true);
    const std::string terminated(digits);  // PyLong_FromString reads a C string
    return add(PyLong_FromString(terminated.c_str(), nullptr, 10));
  }
  bool number(double value) override {
    note_date(false);
    return add(PyFloat_FromDouble(value));
  }
  bool boolean(bool value) override {
    note_date(false);
    return add(PyBool_FromLong(value ? 1 : 0));
  }
  bool null() override {
    note_date(false);
    return add(Py_NewRef(Py_None));
  }

 private:
  struct container {
    PyObject* object;     // borrowed: owned by its parent, or by root_
    Py_ssize_t next = 0;  // a list's next index
  };
  // The open containers: claims nest at most parse_limits' 64 deep, plus the root.
  class container_stack {
   public:
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    container& back() noexcept { return items_[size_ - 1]; }
    bool push_back(container c) noexcept {
      if (size_ == items_.size()) return false;
      items_[size_++] = c;
      return true;
    }
    void pop_back() noexcept { --size_; }

   private:
    std::array<container, 72> items_{};
    std::size_t size_ = 0;
  };

  // A value of the top-level object under "exp", "nbf" or "iat".
  void note_date(bool integer) {
    if (open_.size() == 1 && date_key_ && !integer) facts_.non_integer_date = true;
  }

  // Stores `value` (a new reference, or nullptr on error) in the current container.
  bool add(PyObject* value) {
    if (value == nullptr) return false;
    container& into = open_.back();
    if (PyList_CheckExact(into.object)) {
      PyList_SET_ITEM(into.object, into.next++, value);  // steals the reference
      return true;
    }
    const int stored = PyDict_SetItem(into.object, key_.get(), value);
    Py_DECREF(value);
    return stored == 0;
  }

  bool open(PyObject* made) {
    if (made == nullptr) return false;
    if (open_.empty()) {
      root_ = py_ref(made);
    } else if (!add(Py_NewRef(made))) {
      Py_DECREF(made);
      return false;
    } else {
      Py_DECREF(made);  // the parent holds it now
    }
    if (open_.size() == 1) note_date(false);
    if (!open_.push_back({made, 0})) {
      PyErr_SetString(PyExc_RecursionError, "claims nested too deep");
      return false;
    }
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  claims_facts& facts_;
  py_ref root_;
  py_ref key_;
  bool date_key_ = false;
  container_stack open_;
};

}  // namespace

PyObject* claims_to_python(const claims_view& claims, claims_facts& facts) {
  dict_builder builder(facts);
  if (!claims.visit(builder)) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_RuntimeError, "the claims could not be read");
    return nullptr;
  }
  return builder.release();
}

}  // namespace tessera::python
