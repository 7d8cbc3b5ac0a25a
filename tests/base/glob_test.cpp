// File name patterns as Go's filepath.Match reads them (Alertmanager's template globs).

#include "compiler/base/glob.h"

#include <gtest/gtest.h>

#include <string>

namespace mzr {
namespace {

constexpr GlobMatch Yes = GlobMatch::Yes;
constexpr GlobMatch No = GlobMatch::No;
constexpr GlobMatch Bad = GlobMatch::BadPattern;

// Cases from the behaviour documented for Go's path/filepath.Match.
TEST(Glob, MatchesAsGoDoes) {
  struct Case {
    const char* pattern;
    const char* name;
    GlobMatch want;
  };
  const Case cases[] = {
      {"abc", "abc", Yes},
      {"*", "abc", Yes},
      {"*c", "abc", Yes},
      {"a*", "a", Yes},
      {"a*", "abc", Yes},
      {"a*", "ab/c", No},
      {"a*/b", "abc/b", Yes},
      {"a*/b", "a/c/b", No},
      {"a*b*c*d*e*/f", "axbxcxdxe/f", Yes},
      {"a*b*c*d*e*/f", "axbxcxdxexxx/f", Yes},
      {"a*b*c*d*e*/f", "axbxcxdxe/xxx/f", No},
      {"a*b*c*d*e*/f", "axbxcxdxexxx/fff", No},
      {"a*b?c*x", "abxbbxdbxebxczzx", Yes},
      {"a*b?c*x", "abxbbxdbxebxczzy", No},
      {"ab[c]", "abc", Yes},
      {"ab[b-d]", "abc", Yes},
      {"ab[e-g]", "abc", No},
      {"ab[^c]", "abc", No},
      {"ab[^b-d]", "abc", No},
      {"ab[^e-g]", "abc", Yes},
      {"a\\*b", "a*b", Yes},
      {"a\\*b", "ab", No},
      {"a?b", "a☺b", Yes},
      {"a[^a]b", "a☺b", Yes},
      {"a???b", "a☺b", No},
      {"a[^a][^a][^a]b", "a☺b", No},
      {"[a-ζ]*", "α", Yes},
      {"*[a-ζ]", "A", No},
      {"a?b", "a/b", No},
      {"a*b", "a/b", No},
      {"[\\]a]", "]", Yes},
      {"[\\-]", "-", Yes},
      {"[x\\-]", "x", Yes},
      {"[x\\-]", "-", Yes},
      {"[x\\-]", "z", No},
      {"[\\-x]", "x", Yes},
      {"[\\-x]", "-", Yes},
      {"[\\-x]", "a", No},
      {"[]a]", "]", Bad},
      {"[-]", "-", Bad},
      {"[x-]", "x", Bad},
      {"[x-]", "-", Bad},
      {"[x-]", "z", Bad},
      {"[-x]", "x", Bad},
      {"[-x]", "-", Bad},
      {"[-x]", "a", Bad},
      {"\\", "a", Bad},
      {"[a-b-c]", "a", Bad},
      {"[", "a", Bad},
      {"[^", "a", Bad},
      {"[^bc", "a", Bad},
      {"a[", "a", Bad},
      {"a[", "ab", Bad},
      {"a[", "x", Bad},
      {"a/b[", "x", Bad},
      {"*x", "xxx", Yes},
      {"*.tmpl", ".hidden.tmpl", Yes},
      {"", "", Yes},
      {"", "a", No},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(glob_match(c.pattern, c.name), c.want) << c.pattern << " ~ " << c.name;
  }
}

TEST(Glob, Meta) {
  EXPECT_FALSE(glob_has_meta("alerts.tmpl"));
  for (const char* p : {"*.tmpl", "a?.tmpl", "[ab].tmpl", "a\\b.tmpl"}) {
    EXPECT_TRUE(glob_has_meta(p)) << p;
  }
}

// Each star used to try every split of the rest of the name, recursively: exponential in the
// number of stars. A chunk between stars matches a fixed number of characters, so its first fit
// is the only one worth trying: these come back at once.
TEST(Glob, ManyStarsAgainstALongName) {
  std::string name(200, 'a');
  EXPECT_EQ(glob_match("*a*a*a*a*b", name), No);
  EXPECT_EQ(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b", name), No);
  EXPECT_EQ(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a", name), Yes);
  EXPECT_EQ(glob_match(std::string(300, '*') + "b", std::string(100000, 'a')), No);
}

}  // namespace
}  // namespace mzr
