// findings.h — the reports of many processes, merged into findings.
//
// Every instrumented process started with VIGIL_OPTIONS=report_dir=DIR writes
// one JSON-lines file in DIR: a start record, one line per report, an end
// record when it reaches exit (docs/report-format.md). A *finding* is what
// those reports are about, whatever process made them: one pair of sites for a
// race, one site (or group of sites) for any other kind. Findings are keyed by
// a fingerprint that survives re-runs, shards, build paths and edits that
// move lines: it is built from the kind, and per site from the function, the
// file's name and the text of the source line (the column when the source
// cannot be read), never from addresses or line numbers.
#pragma once

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/JSON.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace vigil::tool {

// Where diagnostics about the input go (stderr), and whether any was fatal.
struct diagnostics {
  unsigned warnings = 0;
  bool fatal = false;  // input vigil must not gate on (a newer schema, an unreadable directory)
  void warn(const std::string &msg);
  void error(const std::string &msg);
};

struct frame {
  std::string function, file, module, offset;
  int64_t line = 0, column = 0;
};

// One stack of a report, with what it is (an access, a section, a thread).
struct labeled_stack {
  std::string label;  // "Write of size 4 by thread T2", "Previous read ...", "Thread T2 created at"
  std::vector<frame> frames;
};

struct report {
  std::string kind, summary, text, argv0, file;  // file: the JSON-lines file it came from
  std::string test;  // the one test its process ran (--gtest_filter=Suite.Name), if known
  int64_t pid = 0;
  size_t line = 0;
  std::vector<labeled_stack> stacks;  // sites first (accesses, or sections), then threads
  size_t nsites = 0;                  // how many of `stacks` are sites
  std::string raw;                    // the report's JSON line as the program wrote it (parsed
                                      // again only to be written out: a parsed line is ~20x larger)
};

// The category a report kind gates as (--fail-on): race, leak, deadlock,
// lock-order, misuse or error.
std::string category_of(llvm::StringRef kind);
bool is_category(llvm::StringRef name);

struct site {
  frame where;          // the first frame of the site's stack in the program's own code
  std::string context;  // the normalized source line, or "col N" when unreadable
};

struct finding {
  std::string fingerprint, kind, category;
  std::vector<site> sites;           // sorted: the fingerprint's order
  std::shared_ptr<const report> first;  // the first report seen (its text is shown)
  size_t count = 0;                  // reports merged into it
  std::set<std::string> binaries;    // argv0 of every process that reported it
  std::map<std::string, std::shared_ptr<const report>> first_by_binary;  // argv0 -> its first report
  std::set<std::string> tests;       // the tests (GoogleTest Suite.Name) whose processes reported it
  bool known = false;                // in the baseline
  bool gating = true;                // its category is in --fail-on
};

// One process that ran under vigil (one JSON-lines file).
struct process {
  std::string file, argv0;
  std::string test;  // the one GoogleTest test it ran (ctest + gtest_discover_tests), if any
  int64_t pid = 0;
  bool started = false, ended = false;
  size_t reports = 0;
};

class store {
 public:
  // Source files are looked up as written in the reports, then under
  // source_root by ever shorter suffixes of their path (a tree built
  // elsewhere, a CI shard's checkout).
  explicit store(std::string source_root) : source_root_(std::move(source_root)) {}

  // Reads every *.jsonl file under dir (recursively). Unreadable lines are
  // skipped with a warning naming file and line.
  void load_dir(const std::string &dir, diagnostics &diag);

  // Findings in a stable order: gating new ones first, then by kind, site.
  std::vector<const finding *> sorted() const;
  const std::vector<process> &processes() const { return processes_; }
  size_t reports() const { return nreports_; }

  void mark_known(const std::set<std::string> &fingerprints);
  void set_fail_on(const std::set<std::string> &categories);

  // The path of a source file relative to the source root, if it is under it
  // (found by the same search as for fingerprints); empty if not.
  std::string relative_to_root(const std::string &file);
  const std::string &source_root() const { return source_root_; }
  // Sites' source files that could not be read: their fingerprints fall
  // back to columns (they will not match ones made with the sources).
  const std::set<std::string> &missing_sources() const { return missing_sources_; }

 private:
  void load_file(const std::string &path, diagnostics &diag);
  void add_report(std::shared_ptr<report> r);
  site site_of(const labeled_stack &s);
  std::string find_source(const std::string &file);
  const std::vector<std::string> *source_lines(const std::string &file);

  std::string source_root_;
  std::map<std::string, finding> findings_;  // by fingerprint
  std::vector<process> processes_;
  size_t nreports_ = 0;
  std::map<std::string, std::string> found_source_;  // file as reported -> readable path ("" none)
  std::map<std::string, std::unique_ptr<std::vector<std::string>>> lines_;
  std::set<std::string> missing_sources_;
};

// The first frame of a stack in the program's own code: not in a system
// header or library (/usr/...), not without a file; else the first frame.
const frame *user_frame(const std::vector<frame> &frames);

// Baseline files: {"vigil_baseline":1,"findings":[{"fingerprint":...},...]}.
bool read_baseline(const std::string &path, std::set<std::string> &out, std::string &err);
bool write_baseline(const std::string &path, const std::vector<const finding *> &fs, std::string &err);

}  // namespace vigil::tool
