#pragma once
// The values templates run on: Go's kinds as reflect sees them (invalid, nil, bool, integers,
// floats, complex, strings, lists, maps, structs), plus time.Time and time.Duration. Each value
// carries its Go type, whose name Go prints in %T and in errors, and whose methods templates call.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mzr::tmpl {

enum class Kind : uint8_t {
  Invalid,  // no value at all (Go's invalid reflect.Value): prints "<no value>"
  Nil,      // a nil interface, pointer, map or slice held in a container: prints "<nil>"
  Bool,
  Int,
  Uint,
  Float,
  Complex,
  String,
  List,
  Map,
  Struct,
  Time,      // i: seconds since the epoch, u: nanoseconds, offset and zone name in time_zone
  Duration,  // i: nanoseconds
};

struct Value;
struct Function;

// A Go type: its name and its methods.
struct TypeInfo {
  std::string_view name;
  // The method of that name, or null.
  const Function* (*method)(std::string_view name) = nullptr;
};

struct Compound;

struct Value {
  Kind kind = Kind::Invalid;
  const TypeInfo* type = nullptr;
  union {
    bool b;
    int64_t i;
    uint64_t u;
    double f;
  };
  double im = 0;                      // Complex: the imaginary part (f is the real part)
  int32_t nsec = 0;                   // Time: nanoseconds within the second
  int32_t offset = 0;                 // Time: the zone's offset east of UTC, in seconds
  std::string s;                      // String; Time: the zone's name
  std::shared_ptr<const Compound> c;  // List, Map, Struct

  Value() : i(0) {}

  std::string_view type_name() const;
  bool is_valid() const { return kind != Kind::Invalid; }
  size_t len() const;  // List, Map, String
};

// List, Map and Struct contents.
struct Compound {
  std::vector<Value> list;                            // List
  std::map<std::string, Value> map;                   // Map, sorted by key as Go prints and ranges
  std::vector<std::pair<std::string, Value>> fields;  // Struct, in declaration order
  std::vector<std::string> json_names;  // Struct: encoding/json's names of the fields, if tagged
  Value elem_zero;                      // Map: the zero value of the element type
  bool nil = false;                     // a nil map or slice (toJson prints null)
};

// Result of calling a function or method: Go's (value, error).
struct CallResult {
  Value value;
  std::string error;  // non-empty: the call failed with this error
  bool failed = false;
  static CallResult fail(std::string message) {
    CallResult r;
    r.failed = true;
    r.error = std::move(message);
    return r;
  }
};

// How an argument is converted to a function's parameter type (Go's evalArg).
enum class Param : uint8_t {
  Any,      // interface{}
  Reflect,  // reflect.Value: the builtins that take any value unconverted
  String,
  Int,
  Float,
  Bool,
  Typed,  // a specific type checked by the function itself
};

enum class Special : uint8_t { None, And, Or };

struct Function {
  Special special = Special::None;            // Go's and/or evaluate their arguments lazily
  std::vector<Param> params;                  // for methods, without the receiver
  bool variadic = false;                      // the last parameter repeats
  bool returns_error = true;                  // Go's (T, error) result; only documentation here
  std::vector<std::string_view> param_types;  // Go type names of params, for messages
  // Called with the converted arguments (a method gets its receiver first).
  std::function<CallResult(std::vector<Value>& args)> call;
};

// Builders.
Value make_invalid();
Value make_nil(const TypeInfo* type = nullptr);
Value make_bool(bool b);
Value make_int(int64_t i, const TypeInfo* type = nullptr);
Value make_uint(uint64_t u, const TypeInfo* type = nullptr);
Value make_float(double f, const TypeInfo* type = nullptr);
Value make_complex(double re, double im);
Value make_string(std::string s, const TypeInfo* type = nullptr);
Value make_list(std::vector<Value> items, const TypeInfo* type = nullptr);
Value make_map(std::map<std::string, Value> entries, Value elem_zero,
               const TypeInfo* type = nullptr);
Value make_struct(std::vector<std::pair<std::string, Value>> fields, const TypeInfo* type);
Value make_time(int64_t sec, int32_t nsec, int32_t offset, std::string zone);
Value make_duration(int64_t nanoseconds);

// The basic types, for building values and checking them.
namespace types {
extern const TypeInfo kBool, kInt, kInt32, kInt64, kUint, kUint8, kUint64, kFloat64, kComplex128,
    kString, kAnyList, kStringList, kFloatList, kIntList, kInt64List, kUintList, kUint64List,
    kAnyMap, kStringMap, kIntMap, kTime, kDuration, kInterface;
}

}  // namespace mzr::tmpl
