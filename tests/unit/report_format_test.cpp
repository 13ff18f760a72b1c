// report_format_test.cpp — the report writers: frames as text and JSON,
// summaries, escaping, strip_path_prefix.
#include <gtest/gtest.h>

#include <string>

#include "report/format.h"
#include "base/options.h"

using namespace vigil::base;
using namespace vigil::report;

namespace {

void fill(symbolized_frame &f, const char *fn, const char *file, int line, int col, const char *module,
          uintptr_t off) {
  text_buffer(f.function, sizeof f.function).str(fn);
  text_buffer(f.file, sizeof f.file).str(file);
  f.line = line;
  f.column = col;
  text_buffer(f.module, sizeof f.module).str(module);
  f.offset = off;
  f.inlined = false;
}

struct two_frames : stack_text {
  two_frames() {
    frames = static_cast<symbolized_frame *>(internal_calloc(2, sizeof(symbolized_frame)));
    n = 2;
    fill(frames[0], "bump(int*)", "/src/app/race.cpp", 9, 6, "/src/app/race", 0x1234);
    fill(frames[1], "", "", 0, 0, "/usr/lib/libfoo.so", 0x42);
  }
};

}  // namespace

TEST(ReportFormat, TextFrames) {
  two_frames s;
  dyn_text t;
  write_stack_text(t, s);
  EXPECT_EQ(std::string(t.c_str()),
            "    #0 bump(int*) /src/app/race.cpp:9:6 (race+0x1234)\n"
            "    #1 (libfoo.so+0x42)\n");
}

TEST(ReportFormat, EmptyStackSaysSo) {
  stack_text s;
  dyn_text t;
  write_stack_text(t, s);
  EXPECT_EQ(std::string(t.c_str()), "    <empty stack>\n");
}

TEST(ReportFormat, JsonFrames) {
  two_frames s;
  dyn_text j;
  write_stack_json(j, s);
  EXPECT_EQ(std::string(j.c_str()),
            "[{\"function\":\"bump(int*)\",\"file\":\"/src/app/race.cpp\",\"line\":9,\"column\":6,"
            "\"module\":\"/src/app/race\",\"offset\":\"0x1234\"},"
            "{\"function\":\"\",\"file\":\"\",\"line\":0,\"column\":0,\"module\":\"/usr/lib/libfoo.so\","
            "\"offset\":\"0x42\"}]");
}

TEST(ReportFormat, SummaryUsesFirstFrameWithAFile) {
  two_frames s;
  // Put the symbol-less frame first: the summary skips it.
  symbolized_frame tmp = s.frames[0];
  s.frames[0] = s.frames[1];
  s.frames[1] = tmp;
  dyn_text sum;
  summary_text(sum, "data race", s);
  EXPECT_EQ(std::string(sum.c_str()), "data race /src/app/race.cpp:9:6 in bump(int*)");
}

TEST(ReportFormat, StripPathPrefix) {
  two_frames s;
  const char *saved = g_options.strip_path_prefix;
  g_options.strip_path_prefix = "/src/";
  dyn_text t, sum;
  write_stack_text(t, s);
  summary_text(sum, "data race", s);
  g_options.strip_path_prefix = saved;
  EXPECT_NE(std::string(t.c_str()).find(" app/race.cpp:9:6"), std::string::npos) << t.c_str();
  EXPECT_EQ(std::string(sum.c_str()), "data race app/race.cpp:9:6 in bump(int*)");
}

TEST(ReportFormat, JsonEscaping) {
  dyn_text j;
  j.json_str("a\"b\\c\nd\x01");
  EXPECT_EQ(std::string(j.c_str()), "\"a\\\"b\\\\c\\u000ad\\u0001\"");
}

TEST(ReportFormat, JsonStaysValidUtf8) {
  dyn_text j;
  // Valid sequences (é, €, U+1F600) pass; a lone continuation byte, 0xff, an
  // overlong form (0xc0 0xaf), a surrogate (0xed 0xa0 0x80) and a sequence cut
  // short by the end become \xNN text.
  j.json_str("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80|\x80|\xff|\xc0\xaf|\xed\xa0\x80|\xe2\x82");
  EXPECT_EQ(std::string(j.c_str()),
            "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80|\\\\x80|\\\\xff|\\\\xc0\\\\xaf|"
            "\\\\xed\\\\xa0\\\\x80|\\\\xe2\\\\x82\"");
}

// SUMMARY blames the program's frame, not a system library's, even when only
// the library's frame has a source file.
TEST(ReportFormat, SummarySkipsSystemFrames) {
  stack_text s;
  s.frames = static_cast<symbolized_frame *>(internal_calloc(2, sizeof(symbolized_frame)));
  s.n = 2;
  fill(s.frames[0], "main", "", 0, 0, "/home/me/prog", 0x1234);
  fill(s.frames[1], "__libc_start_call_main", "./csu/../sysdeps/nptl/libc_start_call_main.h", 58, 16,
       "/lib/x86_64-linux-gnu/libc.so.6", 0x27249);
  dyn_text sum;
  summary_text(sum, "data race", s);
  EXPECT_EQ(std::string(sum.c_str()), "data race (/home/me/prog+0x1234) in main");
  internal_free(s.frames);
  s.frames = nullptr;
}

TEST(ReportFormat, TextBufferTruncatesVisibly) {
  char buf[8];
  text_buffer t(buf, sizeof buf);
  t.str("0123456789");
  EXPECT_EQ(std::string(buf), "0123...");
  char nums[64];
  text_buffer(nums, sizeof nums).dec(0).chr(' ').sdec(-42).chr(' ').hex(0xbeef);
  EXPECT_EQ(std::string(nums), "0 -42 0xbeef");
}
