// Secret ranges marked in the diagnostics are masked in excerpts: the text replaced by '***',
// the underline moved with it.

#include "compiler/base/secret_mask.h"

#include <gtest/gtest.h>

namespace mzr {
namespace {

TEST(SecretMask, ReplacesTheSecretAndMovesTheRange) {
  Diagnostics diags;
  //              0123456789012345678901234
  std::string line = "a: 'hunter2', b: 1";
  diags.mark_secret(Span{0, 100 + 3, 100 + 12});
  MaskedLine m = mask_secrets(diags, 0, 100, line, 3, 12);
  EXPECT_EQ(m.text(), "a: ***, b: 1");
  EXPECT_EQ(m.begin, 3u);
  EXPECT_EQ(m.end, 6u);
  // A range after the secret moves left; one inside covers the mask.
  m = mask_secrets(diags, 0, 100, line, 14, 15);
  EXPECT_EQ(m.begin, 8u);
  EXPECT_EQ(m.end, 9u);
  m = mask_secrets(diags, 0, 100, line, 5, 7);
  EXPECT_EQ(m.begin, 3u);
  EXPECT_EQ(m.end, 6u);
  // Another file, or another line, is left alone.
  m = mask_secrets(diags, 1, 100, line, 0, 1);
  EXPECT_EQ(m.text(), line);
  m = mask_secrets(diags, 0, 200, line, 0, 1);
  EXPECT_EQ(m.text(), line);
}

TEST(SecretMask, SecretsSpanningLinesAndTouchingAreMerged) {
  Diagnostics diags;
  diags.mark_secret(Span{0, 5, 8});
  diags.mark_secret(Span{0, 8, 10});  // touches: one range
  diags.mark_secret(Span{0, 2, 6});   // overlaps: one range
  diags.mark_secret(Span{0, 20, 40});
  std::vector<Span> in = diags.secrets_in(0, 0, 100);
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0], (Span{0, 2, 10}));
  EXPECT_EQ(in[1], (Span{0, 20, 40}));
  // A secret that started on an earlier line is masked from the start of this one.
  MaskedLine m = mask_secrets(diags, 0, 30, "0123456789012345", 0, 1);
  EXPECT_EQ(m.text(), "***012345");
  m = mask_secrets(diags, 0, 35, "01234567890", 8, 9);
  EXPECT_EQ(m.text(), "***567890");
  EXPECT_EQ(m.begin, 6u);
}

}  // namespace
}  // namespace mzr
