// toUpper, toLower and title map every letter, as Go's unicode tables do, not only ASCII.

#include <gtest/gtest.h>

#include "compiler/template/text_funcs.h"

namespace mzr::tmpl {
namespace {

TEST(CaseMapping, UnicodeLettersAsGoMapsThem) {
  EXPECT_EQ(go_to_upper("élan ß straße ǆ"), "ÉLAN ß STRAßE Ǆ");
  EXPECT_EQ(go_to_lower("ÉLAN ΣΑΣ İ"), "élan σασ i");  // simple mappings only, as Go
  EXPECT_EQ(go_to_upper("db-01 down"), "DB-01 DOWN");
  // Bytes that are not UTF-8 pass through.
  EXPECT_EQ(go_to_upper(std::string("a\xff"
                                    "b")),
            std::string("A\xff"
                        "B"));
}

TEST(CaseMapping, TitleStartsEveryWord) {
  EXPECT_EQ(go_title("élan vital", false), "Élan Vital");
  EXPECT_EQ(go_title("ÉLAN VITAL", true), "Élan Vital");
  EXPECT_EQ(go_title("node—down", false), "Node—Down");  // an em dash separates words
  EXPECT_EQ(go_title("don't stop", false), "Don't Stop");
}

}  // namespace
}  // namespace mzr::tmpl
