#include "tests/golden/golden_cases.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "tests/test_support.h"

namespace mzr::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSuffix = ".golden";

fs::path testdata() {
  return fs::path(source_dir()) / "tests" / "testdata";
}

struct Area {
  std::string name;
  std::set<std::string> inputs;
  std::set<std::string> formats;
  std::vector<std::string> orphans;
};

// Reads one folder: its inputs (every entry but expectations, mzrules.yaml and README.md) and
// the format of each expectation, which is "human" for `<input>.golden` and F for
// `<input>.F.golden`. The longest input wins, so `x.json.golden` beside an input `x.json` is its
// human expectation.
Area read_area(const fs::path& dir) {
  Area a;
  a.name = dir.filename().string();
  std::vector<std::string> goldens;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.ends_with(kSuffix)) {
      goldens.push_back(name);
    } else if (name != "mzrules.yaml" && name != "README.md") {
      a.inputs.insert(name);
    }
  }
  std::sort(goldens.begin(), goldens.end());
  for (const std::string& g : goldens) {
    std::string stem = g.substr(0, g.size() - kSuffix.size());
    if (a.inputs.count(stem)) {
      a.formats.insert("human");
      continue;
    }
    size_t dot = stem.rfind('.');
    if (dot != std::string::npos && a.inputs.count(stem.substr(0, dot))) {
      a.formats.insert(stem.substr(dot + 1));
    } else {
      a.orphans.push_back((dir / g).string());
    }
  }
  return a;
}

// The folders of tests/testdata that hold expectations, in name order.
std::vector<Area> areas() {
  std::vector<Area> out;
  for (const auto& e : fs::directory_iterator(testdata())) {
    if (!e.is_directory()) continue;
    Area a = read_area(e.path());
    if (!a.formats.empty() || !a.orphans.empty()) out.push_back(std::move(a));
  }
  std::sort(out.begin(), out.end(), [](const Area& x, const Area& y) { return x.name < y.name; });
  return out;
}

}  // namespace

std::vector<GoldenCase> golden_cases() {
  std::vector<GoldenCase> cases;
  for (const Area& a : areas()) {
    std::vector<std::string> formats(a.formats.begin(), a.formats.end());
    // Human output first: it is what a reader looks at.
    std::stable_partition(formats.begin(), formats.end(),
                          [](const std::string& f) { return f == "human"; });
    for (const std::string& in : a.inputs) {
      for (const std::string& f : formats) cases.push_back({a.name, in, f});
    }
  }
  return cases;
}

std::string golden_path(const GoldenCase& c) {
  std::string base = (testdata() / c.area / c.input).string();
  return c.format == "human" ? base + ".golden" : base + "." + c.format + ".golden";
}

std::string golden_test_name(const GoldenCase& c) {
  // No brackets: ctest's test discovery encodes them in the filter, which then matches nothing.
  return c.area + "/" + c.input + "@" + c.format;
}

std::vector<std::string> orphaned_goldens() {
  std::vector<std::string> out;
  for (const Area& a : areas()) out.insert(out.end(), a.orphans.begin(), a.orphans.end());
  return out;
}

}  // namespace mzr::testing
