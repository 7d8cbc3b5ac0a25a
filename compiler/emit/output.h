#pragma once
// The files a build produces, as data: emitters add to it, the writer puts it on disk.

#include <map>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/emit/yaml_writer.h"

namespace mzr::emit {

// A name the build cannot use, found while naming output: reported as a diagnostic before
// anything is written.
struct OutputProblem {
  DiagKind kind;
  Span at;
  std::string message;
  std::vector<Note> notes;
};

// Paths are relative to the output directory and use '/'. A map keeps them sorted, so every
// consumer sees them in the same order.
struct OutputSet {
  std::map<std::string, std::string> files;
  std::vector<OutputProblem> problems;
  // The values file of the materialize-monitoring umbrella chart, built up by the emitters (each
  // under the chart's own sections and its subcharts' aliases) and written by emit_chart_values.
  YamlValue chart_values = YamlValue::map();

  // Adds a file made from the source at `origin`. Two sources must never share a file, not even
  // one whose path differs only in case (one file on case-insensitive file systems): the second
  // is a problem naming both, and the first keeps the path. False for the second.
  bool add(const std::string& path, std::string content, Span origin);
  // Claims a name that must be unique among the names of `what` (a Kubernetes resource kind),
  // by the same rule.
  void claim(const std::string& what, const std::string& name, Span origin);

 private:
  struct Claim {
    std::string name;
    Span origin;
  };
  // Keyed by what and the name in lowercase.
  std::map<std::string, Claim> claims_;
  bool take(const std::string& what, const std::string& name, Span origin, DiagKind kind);
};

}  // namespace mzr::emit
