// output.h — findings written for people (text) and for machines (JSON,
// SARIF 2.1.0, JUnit XML).
#pragma once

#include "findings.h"

#include <llvm/Support/raw_ostream.h>

namespace vigil::tool {

struct run_info {
  std::string version;              // vigil's
  std::vector<std::string> command;  // `vigil run`'s CMD (empty for `vigil report`)
  int command_status = -1;           // its exit status (-1: none)
  unsigned input_warnings = 0;       // lines skipped while reading
};

// The one-line verdict; then the summary table; then every finding's report
// once, as the program printed it.
enum class text_detail { verdict, table, full };
void write_text(llvm::raw_ostream &os, store &st, const std::vector<const finding *> &fs, const run_info &ri,
                text_detail detail);
void write_json(llvm::raw_ostream &os, store &st, const std::vector<const finding *> &fs, const run_info &ri);
void write_sarif(llvm::raw_ostream &os, store &st, const std::vector<const finding *> &fs, const run_info &ri);
void write_junit(llvm::raw_ostream &os, store &st, const std::vector<const finding *> &fs, const run_info &ri);

// "data race" -> "data-race": SARIF rule ids.
std::string rule_id(llvm::StringRef kind);

}  // namespace vigil::tool
