// The URLs Go's url.Parse refuses, which Alertmanager then refuses too.

#include "compiler/base/go_url.h"

#include <gtest/gtest.h>

namespace mzr {
namespace {

TEST(GoUrl, Accepts) {
  for (const char* u :
       {"http://example.org/hook", "https://user:p%40ss@example.org:8443/a%20b?q=a b#frag",
        "http://[fe80::1%25en0]:80/", "http://[::1]/", "http://bücher.example/", "mailto:x",
        "http://example.org/a b", "relative/path", "http://h/?x=%zz", "http://h:/",
        "http://a!$&'()*+,;=b/"}) {
    EXPECT_EQ(go_url_parse_error(u), std::nullopt) << u;
  }
}

TEST(GoUrl, Rejects) {
  struct Case {
    const char* url;
    const char* error;
  };
  const Case cases[] = {
      {"http://exa mple.org/", "invalid character \" \" in host name"},
      {"http://example.org{x}/", "invalid character \"{\" in host name"},
      {"http://a|b/", "invalid character \"|\" in host name"},
      {"http://example.org/\n", "invalid control character in URL"},
      {"http://example.org/\x7f", "invalid control character in URL"},
      {":foo", "missing protocol scheme"},
      {"a/b:c", ""},
      {"b:c/d", ""},
      {"1a:b", "first path segment in URL cannot contain colon"},
      {"http://example.org:8x/", "invalid port \":8x\" after host"},
      {"http://[::1]x/", "invalid port \"x\" after host"},
      {"http://[::1/", "missing ']' in host"},
      {"http://a%41/", "invalid URL escape"},
      {"http://h/a%zzb", "invalid URL escape"},
      {"http://h/#%z", "invalid URL escape"},
      {"http://us er@h/", "invalid userinfo"},
      {"http://u%zz@h/", "invalid URL escape"},
  };
  for (const Case& c : cases) {
    auto e = go_url_parse_error(c.url);
    if (*c.error == '\0') {
      EXPECT_EQ(e, std::nullopt) << c.url;
    } else {
      EXPECT_EQ(e, std::optional<std::string>(c.error)) << c.url;
    }
  }
}

}  // namespace
}  // namespace mzr
