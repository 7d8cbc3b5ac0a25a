#pragma once
// The files a build produces, as data: emitters add to it, the writer puts it on disk.

#include <map>
#include <string>

namespace mzr::emit {

// Paths are relative to the output directory and use '/'. A map keeps them sorted, so every
// consumer sees them in the same order.
struct OutputSet {
  std::map<std::string, std::string> files;
};

}  // namespace mzr::emit
