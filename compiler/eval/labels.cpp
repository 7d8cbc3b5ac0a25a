#include "compiler/eval/labels.h"

#include <algorithm>

#include "compiler/base/go_quote.h"

namespace mzr::eval {

namespace {
auto find(const Labels& ls, std::string_view name) {
  return std::lower_bound(ls.begin(), ls.end(), name,
                          [](const Label& l, std::string_view n) { return l.name < n; });
}
}  // namespace

std::string_view get(const Labels& ls, std::string_view name) {
  auto it = find(ls, name);
  return it != ls.end() && it->name == name ? std::string_view(it->value) : std::string_view();
}

void set(Labels& ls, std::string_view name, std::string_view value) {
  auto it = std::lower_bound(ls.begin(), ls.end(), name,
                             [](const Label& l, std::string_view n) { return l.name < n; });
  bool present = it != ls.end() && it->name == name;
  if (value.empty()) {
    if (present) ls.erase(it);
    return;
  }
  if (present) {
    it->value = std::string(value);
  } else {
    ls.insert(it, Label{std::string(name), std::string(value)});
  }
}

void remove(Labels& ls, std::string_view name) {
  set(ls, name, "");
}

void normalize(Labels& ls) {
  std::erase_if(ls, [](const Label& l) { return l.value.empty(); });
  std::sort(ls.begin(), ls.end());
  ls.erase(std::unique(ls.begin(), ls.end(),
                       [](const Label& a, const Label& b) { return a.name == b.name; }),
           ls.end());
}

Labels keep_only(const Labels& ls, const std::vector<std::string>& names) {
  Labels out;
  for (const Label& l : ls) {
    if (std::find(names.begin(), names.end(), l.name) != names.end()) out.push_back(l);
  }
  return out;
}

Labels without(const Labels& ls, const std::vector<std::string>& names, bool drop_name) {
  Labels out;
  for (const Label& l : ls) {
    if (drop_name && l.name == kMetricName) continue;
    if (std::find(names.begin(), names.end(), l.name) != names.end()) continue;
    out.push_back(l);
  }
  return out;
}

bool is_metadata_label(std::string_view name) {
  return name == kMetricName || name == "__type__" || name == "__unit__";
}

void drop_metadata(Labels& ls) {
  std::erase_if(ls, [](const Label& l) { return is_metadata_label(l.name); });
}

std::string signature(const Labels& ls) {
  std::string s;
  for (const Label& l : ls) {
    s += l.name;
    s += '\xff';
    s += l.value;
    s += '\xff';
  }
  return s;
}

std::string to_string(const Labels& ls) {
  std::string out(get(ls, kMetricName));
  out += '{';
  bool first = true;
  for (const Label& l : ls) {
    if (l.name == kMetricName) continue;
    if (!first) out += ", ";
    first = false;
    out += l.name;
    out += '=';
    out += go_quote(l.value);
  }
  out += '}';
  return out;
}

}  // namespace mzr::eval
