// vigil_gtest_main.cpp — the main() of Vigil::gtest_main: GoogleTest with
// vigil's per-test verdicts (<vigil/gtest.h>). Compiled into the test
// executable that links Vigil::gtest_main (an INTERFACE source).
#include <vigil/gtest.h>

VIGIL_GTEST_MAIN()
