#pragma once
// A small YAML writer for the documents mzrules emits. It exists so that output bytes are fully
// under our control: two-space indentation, sequences indented under their key, plain scalars
// wherever YAML reads them back as the same string, double quotes otherwise, and literal blocks
// for multi-line text. Reviewers read these files as diffs.

#include <string>
#include <string_view>
#include <vector>

namespace mzr::emit {

// A YAML value tree to be written; built by emitters, written once.
class YamlValue {
 public:
  enum class Kind { String, Raw, Map, Seq };

  static YamlValue string(std::string s) { return YamlValue(Kind::String, std::move(s)); }
  // Written as is: numbers, booleans.
  static YamlValue raw(std::string s) { return YamlValue(Kind::Raw, std::move(s)); }
  static YamlValue map() { return YamlValue(Kind::Map, {}); }
  static YamlValue seq() { return YamlValue(Kind::Seq, {}); }

  YamlValue& add(std::string key, YamlValue value);  // Map
  YamlValue& push(YamlValue value);                  // Seq
  // The entry `key` of a map, added as an empty map when there is none.
  YamlValue& entry(const std::string& key);
  Kind kind() const { return kind_; }
  bool empty() const { return entries_.empty() && items_.empty(); }

  friend std::string write_yaml(const YamlValue& root);

 private:
  YamlValue(Kind kind, std::string text) : kind_(kind), text_(std::move(text)) {}
  void write(std::string& out, int indent, bool inline_start) const;

  Kind kind_;
  std::string text_;
  std::vector<std::pair<std::string, YamlValue>> entries_;
  std::vector<YamlValue> items_;
};

std::string write_yaml(const YamlValue& root);

// A scalar as YAML text on one line: plain when that reads back as the same string, otherwise
// double-quoted with escapes.
std::string yaml_scalar(std::string_view s);
bool is_plain_safe(std::string_view s);

}  // namespace mzr::emit
