#pragma once
// Expectation files ("goldens"): a test compares what it produced with the bytes of a file kept
// in the repository. With MZRULES_UPDATE_GOLDEN=1 the files are rewritten instead, and every test
// that rewrote one fails, so an update run never passes by accident; the update is refused when
// the CI environment variable is set.

#include <string>

namespace mzr::testing {

// True when MZRULES_UPDATE_GOLDEN=1 asks to rewrite the expectations.
bool updating_golden();

// Expects `actual` to be the content of the file at `path`. In update mode (outside CI) writes
// `actual` there first when it differs, creating directories, and reports a failure naming it.
void expect_golden(const std::string& path, const std::string& actual);

}  // namespace mzr::testing
