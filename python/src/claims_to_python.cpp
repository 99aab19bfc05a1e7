#include "claims_to_python.hpp"

#include <array>
#include <cstring>
#include <string>
#include <string_view>

#include "py_ref.hpp"

namespace tessera::python {
namespace {

// Member names as str objects, made once: token payloads repeat the same few names, and a dict
// key that is already a str with its hash computed costs nothing to insert. A direct-mapped
// table (a slot per hash of the name's length and first and last bytes; a new name replaces
// the slot's) is cheaper to consult than a hash map over the whole text. Used under the GIL;
// never destroyed (its references outlive the interpreter's finalisation).
class member_names {
 public:
  PyObject* get(std::string_view name) {
    if (name.empty() || name.size() > max_length) return make(name);
    slot& s = slots_[slot_of(name)];
    if (s.text != nullptr && s.length == name.size() &&
        std::memcmp(s.bytes.data(), name.data(), name.size()) == 0) {
      return Py_NewRef(s.text);
    }
    PyObject* text = make(name);
    if (text == nullptr) return nullptr;
    PyUnicode_InternInPlace(&text);
    if (PyObject_Hash(text) == -1) PyErr_Clear();  // computed once, kept in the str
    Py_XSETREF(s.text, Py_NewRef(text));
    s.length = name.size();
    std::memcpy(s.bytes.data(), name.data(), name.size());
    return text;
  }

 private:
  static constexpr std::size_t max_length = 24;
  static constexpr std::size_t slot_count = 256;
  struct slot {
    PyObject* text = nullptr;
    std::size_t length = 0;
    std::array<char, max_length> bytes{};
  };

  static std::size_t slot_of(std::string_view name) noexcept {
    const auto first = static_cast<unsigned char>(name.front());
    const auto last = static_cast<unsigned char>(name.back());
    const auto middle = static_cast<unsigned char>(name[name.size() / 2]);
    return (first * 31U + middle * 7U + last + name.size() * 131U) % slot_count;
  }

  static PyObject* make(std::string_view name) {
    return PyUnicode_DecodeUTF8(name.data(), static_cast<Py_ssize_t>(name.size()), "strict");
  }

  std::array<slot, slot_count> slots_{};
};

PyObject* member_name(std::string_view name) {
  static auto* names = new member_names;
  return names->get(name);
}

// "exp", "nbf" or "iat", compared byte by byte: this runs for every member of every payload.
bool is_date_claim(std::string_view n) noexcept {
  if (n.size() != 3) return false;
  return (n[0] == 'e' && n[1] == 'x' && n[2] == 'p') ||
         (n[0] == 'n' && n[1] == 'b' && n[2] == 'f') || (n[0] == 'i' && n[1] == 'a' && n[2] == 't');
}

class dict_builder final : public json_visitor {
 public:
  explicit dict_builder(claims_facts& facts) : facts_(facts) {}
  dict_builder(const dict_builder&) = delete;
  dict_builder& operator=(const dict_builder&) = delete;
  ~dict_builder() override = default;

  PyObject* release() { return root_.release(); }

  bool begin_object(std::size_t members) override {
    // Sized at once: a token payload of six or more members would otherwise be resized.
    return open(_PyDict_NewPresized(static_cast<Py_ssize_t>(members)));
  }
  bool begin_array(std::size_t elements) override {
    return open(PyList_New(static_cast<Py_ssize_t>(elements)));
  }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(std::string_view name) override {
    key_ = py_ref(member_name(name));
    if (open_.size() == 1) date_key_ = is_date_claim(name);
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
    PyObject* object;  // borrowed: owned by its parent, or by root_
    Py_ssize_t next;   // a list's next index
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
    // Left uninitialised: only the first size_ entries are ever read.
    std::array<container, 72> items_;  // NOLINT(cppcoreguidelines-pro-type-member-init)
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
