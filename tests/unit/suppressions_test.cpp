// suppressions_test.cpp — the suppressions file and glob matching.
#include <gtest/gtest.h>

#include <string>

#include "detect/defs.h"
#include "base/suppressions.h"

using namespace vigil::base;

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
  ASSERT_TRUE(suppressions_parse("# comment\n\nrace:bump_counter\nleak:*worker*\n  deadlock:/src/lib/*  \nmisuse:m.cpp\n",
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
  EXPECT_FALSE(suppressions_parse("race:ok\nrace ok\n", "s.txt", err, sizeof err));
  EXPECT_NE(std::string(err).find("s.txt:2: malformed suppression 'race ok'"), std::string::npos) << err;
  EXPECT_FALSE(suppressions_parse("thread:foo\n", "s.txt", err, sizeof err));
  EXPECT_NE(std::string(err).find("s.txt:1"), std::string::npos) << err;
  EXPECT_FALSE(suppressions_parse("race:\n", "s.txt", err, sizeof err));
  suppressions_clear();
}
