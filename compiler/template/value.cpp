#include "compiler/template/value.h"

namespace mzr::tmpl {

namespace types {
const TypeInfo kBool{"bool"};
const TypeInfo kInt{"int"};
const TypeInfo kInt32{"int32"};
const TypeInfo kInt64{"int64"};
const TypeInfo kUint{"uint"};
const TypeInfo kUint8{"uint8"};
const TypeInfo kUint64{"uint64"};
const TypeInfo kFloat64{"float64"};
const TypeInfo kComplex128{"complex128"};
const TypeInfo kString{"string"};
const TypeInfo kAnyList{"[]interface {}"};
const TypeInfo kStringList{"[]string"};
const TypeInfo kFloatList{"[]float64"};
const TypeInfo kIntList{"[]int"};
const TypeInfo kInt64List{"[]int64"};
const TypeInfo kUintList{"[]uint"};
const TypeInfo kUint64List{"[]uint64"};
const TypeInfo kAnyMap{"map[string]interface {}"};
const TypeInfo kStringMap{"map[string]string"};
const TypeInfo kIntMap{"map[string]int"};
const TypeInfo kInterface{"interface {}"};
}  // namespace types

std::string_view Value::type_name() const {
  if (type) return type->name;
  switch (kind) {
    case Kind::Invalid: return "<invalid reflect.Value>";
    case Kind::Nil: return "<nil>";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Uint: return "uint";
    case Kind::Float: return "float64";
    case Kind::Complex: return "complex128";
    case Kind::String: return "string";
    case Kind::List: return "[]interface {}";
    case Kind::Map: return "map[string]interface {}";
    case Kind::Struct: return "struct";
    case Kind::Time: return "time.Time";
    case Kind::Duration: return "time.Duration";
  }
  return "?";
}

size_t Value::len() const {
  switch (kind) {
    case Kind::String: return s.size();
    case Kind::List: return c ? c->list.size() : 0;
    case Kind::Map: return c ? c->map.size() : 0;
    default: return 0;
  }
}

Value make_invalid() {
  return Value();
}
Value make_nil(const TypeInfo* type) {
  Value v;
  v.kind = Kind::Nil;
  v.type = type;
  return v;
}
Value make_bool(bool b) {
  Value v;
  v.kind = Kind::Bool;
  v.type = &types::kBool;
  v.b = b;
  return v;
}
Value make_int(int64_t i, const TypeInfo* type) {
  Value v;
  v.kind = Kind::Int;
  v.type = type ? type : &types::kInt;
  v.i = i;
  return v;
}
Value make_uint(uint64_t u, const TypeInfo* type) {
  Value v;
  v.kind = Kind::Uint;
  v.type = type ? type : &types::kUint;
  v.u = u;
  return v;
}
Value make_float(double f, const TypeInfo* type) {
  Value v;
  v.kind = Kind::Float;
  v.type = type ? type : &types::kFloat64;
  v.f = f;
  return v;
}
Value make_complex(double re, double im) {
  Value v;
  v.kind = Kind::Complex;
  v.type = &types::kComplex128;
  v.f = re;
  v.im = im;
  return v;
}
Value make_string(std::string s, const TypeInfo* type) {
  Value v;
  v.kind = Kind::String;
  v.type = type ? type : &types::kString;
  v.s = std::move(s);
  return v;
}
Value make_list(std::vector<Value> items, const TypeInfo* type) {
  Value v;
  v.kind = Kind::List;
  v.type = type ? type : &types::kAnyList;
  auto c = std::make_shared<Compound>();
  c->list = std::move(items);
  v.c = std::move(c);
  return v;
}
Value make_map(std::map<std::string, Value> entries, Value elem_zero, const TypeInfo* type) {
  Value v;
  v.kind = Kind::Map;
  v.type = type ? type : &types::kAnyMap;
  auto c = std::make_shared<Compound>();
  c->map = std::move(entries);
  c->elem_zero = std::move(elem_zero);
  v.c = std::move(c);
  return v;
}
Value make_struct(std::vector<std::pair<std::string, Value>> fields, const TypeInfo* type) {
  Value v;
  v.kind = Kind::Struct;
  v.type = type;
  auto c = std::make_shared<Compound>();
  c->fields = std::move(fields);
  v.c = std::move(c);
  return v;
}
Value make_time(int64_t sec, int32_t nsec, int32_t offset, std::string zone) {
  Value v;
  v.kind = Kind::Time;
  v.type = &types::kTime;
  v.i = sec;
  v.nsec = nsec;
  v.offset = offset;
  v.s = std::move(zone);
  return v;
}
Value make_duration(int64_t ns) {
  Value v;
  v.kind = Kind::Duration;
  v.type = &types::kDuration;
  v.i = ns;
  return v;
}

}  // namespace mzr::tmpl
