// suppressions_test.cpp — the suppressions file and glob matching.
#include <gtest/gtest.h>

#include <string>

#include "detect/defs.h"
#include "base/suppressions.h"

using namespace vigil::base;

namespace {
// suppressions_parse on a string literal (its length, without the final NUL).
template <size_t N>
bool suppressions_parse_text(const char (&text)[N], const char *file, char *err, size_t err_size) {
  return suppressions_parse(text, N - 1, file, err, err_size);
}
}  // namespace

TEST(Glob, Matches) {
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("foo*", "foobar"));
  EXPECT_TRUE(glob_match("*bar", "foobar"));
  EXPECT_TRUE(glob_match("f?o*r", "foobar"));
  EXPECT_FALSE(glob_match("foo", "foobar"));
  EXPECT_TRUE(glob_match("*o*b*", "foobar"));
  EXPECT_FALSE(glob_match("*x*", "foobar"));
}

TEST(Suppressions, ParseAndMatch) {
  suppressions_clear();
  char err[512] = "";
  ASSERT_TRUE(suppressions_parse_text("# comment\n\nrace:bump_counter\nleak:*worker*\n  deadlock:/src/lib/*  \nmisuse:m.cpp\n",
                                 "supp.txt", err, sizeof err)) << err;
  EXPECT_EQ(suppressions_count(), 4u);
  EXPECT_TRUE(suppressed(suppression_kind::race, "bump_counter(int*)"));  // substring
  EXPECT_FALSE(suppressed(suppression_kind::leak, "bump_counter(int*)"));
  EXPECT_TRUE(suppressed(suppression_kind::leak, "pool::worker_loop()"));
  EXPECT_TRUE(suppressed(suppression_kind::deadlock, "/src/lib/a.cpp"));
  EXPECT_FALSE(suppressed(suppression_kind::deadlock, "/src/app/a.cpp"));
  EXPECT_TRUE(suppressed(suppression_kind::misuse, "/x/m.cpp"));
  suppressions_clear();
}

TEST(Suppressions, MalformedLineHasItsNumber) {
  suppressions_clear();
  char err[512] = "";
  EXPECT_FALSE(suppressions_parse_text("race:ok\nrace ok\n", "s.txt", err, sizeof err));
  EXPECT_NE(std::string(err).find("s.txt:2: malformed suppression 'race ok'"), std::string::npos) << err;
  EXPECT_FALSE(suppressions_parse_text("thread:foo\n", "s.txt", err, sizeof err));
  EXPECT_NE(std::string(err).find("s.txt:1"), std::string::npos) << err;
  EXPECT_FALSE(suppressions_parse_text("race:\n", "s.txt", err, sizeof err));
  suppressions_clear();
}

TEST(Suppressions, NulByteIsAnError) {
  suppressions_clear();
  char err[512] = "";
  EXPECT_FALSE(suppressions_parse_text("race:a\nrace:b\0race:c\n", "s.bin", err, sizeof err));
  EXPECT_NE(std::string(err).find("s.bin:2: a NUL byte"), std::string::npos) << err;
  suppressions_clear();
}
