// Alertmanager `templates:` globs follow Go's filepath.Match, and take no time whatever the
// pattern.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

MemoryFileSystem repository(const std::string& templates) {
  MemoryFileSystem mem;
  mem.add("mzrules.yaml", "sources: [am]\n");
  mem.add("am/alertmanager.yml",
          "templates: " + templates + "\nroute: {receiver: x}\nreceivers:\n- name: x\n");
  return mem;
}

// Each star used to try every way to split the rest of the name, recursively: six stars
// against a 200-character name took over a minute.
TEST(AlertmanagerTemplateGlob, ManyStarsAgainstALongName) {
  MemoryFileSystem mem = repository("['t/*a*a*a*a*a*a*a*a*b']");
  mem.add("am/t/" + std::string(200, 'a'), "{{ define \"a\" }}a{{ end }}\n");
  auto r = run_cli(mem, {"check"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no template file matches 't/*a*a*a*a*a*a*a*a*b'"), std::string::npos)
      << r.err;
}

TEST(AlertmanagerTemplateGlob, ClassesAndEscapesAsInGo) {
  MemoryFileSystem mem = repository("['t/[ab].tmpl', 't/\\*.tmpl']");
  mem.add("am/t/a.tmpl", "{{ define \"a\" }}a{{ end }}\n");
  mem.add("am/t/b.tmpl", "{{ define \"b\" }}b{{ end }}\n");
  mem.add("am/t/c.tmpl", "{{ define \"c\" }}c{{ end }}\n");
  mem.add("am/t/*.tmpl", "{{ define \"star\" }}s{{ end }}\n");
  auto r = run_cli(mem, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(mem.files().count("out/alertmanager/templates/a.tmpl"), 1u);
  EXPECT_EQ(mem.files().count("out/alertmanager/templates/b.tmpl"), 1u);
  EXPECT_EQ(mem.files().count("out/alertmanager/templates/c.tmpl"), 0u);
  // Written under its safe output name: '*' has no place in a file name of out/.
  EXPECT_EQ(mem.files().count("out/alertmanager/templates/-.tmpl"), 1u);
}

}  // namespace
}  // namespace mzr
