// options_test.cpp — VIGIL_OPTIONS parsing.
#include <gtest/gtest.h>

#include <string>

#include "base/options.h"

using namespace vigil::base;

TEST(Options, Defaults) {
  options o;
  EXPECT_EQ(o.exitcode, 66);
  EXPECT_FALSE(o.halt_on_error);
  EXPECT_STREQ(o.report_dir, "");
  EXPECT_TRUE(o.symbolize);
}

TEST(Options, ParsesEveryType) {
  options o;
  char err[512] = "";
  ASSERT_TRUE(parse_options("exitcode=3:halt_on_error=1:report_dir=/tmp/r:symbolize=false", &o, err, sizeof err)) << err;
  EXPECT_EQ(o.exitcode, 3);
  EXPECT_TRUE(o.halt_on_error);
  EXPECT_STREQ(o.report_dir, "/tmp/r");
  EXPECT_FALSE(o.symbolize);
}

TEST(Options, EmptyIsFine) {
  options o;
  char err[512] = "";
  EXPECT_TRUE(parse_options("", &o, err, sizeof err));
  EXPECT_TRUE(parse_options(nullptr, &o, err, sizeof err));
}

TEST(Options, UnknownKeyIsNamed) {
  options o;
  char err[512] = "";
  EXPECT_FALSE(parse_options("exitcode=1:frobnicate=2", &o, err, sizeof err));
  EXPECT_NE(std::string(err).find("unknown option 'frobnicate'"), std::string::npos) << err;
}

TEST(Options, BadValuesAreNamed) {
  options o;
  char err[512] = "";
  EXPECT_FALSE(parse_options("exitcode=abc", &o, err, sizeof err));
  EXPECT_NE(std::string(err).find("bad value 'abc' for option 'exitcode'"), std::string::npos) << err;
  EXPECT_FALSE(parse_options("halt_on_error=maybe", &o, err, sizeof err));
  EXPECT_NE(std::string(err).find("halt_on_error"), std::string::npos) << err;
  EXPECT_FALSE(parse_options("exitcode=300", &o, err, sizeof err));
  EXPECT_NE(std::string(err).find("0..255"), std::string::npos) << err;
  EXPECT_FALSE(parse_options("verbosity", &o, err, sizeof err));
  EXPECT_NE(std::string(err).find("has no value"), std::string::npos) << err;
}
