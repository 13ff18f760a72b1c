// findings.cpp — reading report directories, fingerprints, merging, baselines.
#include "findings.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/FormatVariadic.h>
#include <llvm/Support/SHA1.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <cstring>

namespace vigil::tool {

namespace json = llvm::json;

void diagnostics::warn(const std::string &msg) {
  warnings++;
  llvm::errs() << "vigil: warning: " << msg << "\n";
}

void diagnostics::error(const std::string &msg) {
  fatal = true;
  llvm::errs() << "vigil: error: " << msg << "\n";
}

std::string category_of(llvm::StringRef kind) {
  if (kind.starts_with("lock-order")) return "lock-order";
  if (kind.contains("race")) return "race";
  if (kind.contains("leak")) return "leak";
  if (kind.contains("deadlock")) return "deadlock";
  if (kind.starts_with("stack overflow") || kind.starts_with("exception escaped")) return "error";
  return "misuse";
}

bool is_category(llvm::StringRef name) {
  return name == "race" || name == "leak" || name == "deadlock" || name == "lock-order" || name == "misuse" ||
         name == "error";
}

namespace {

constexpr int64_t kSchema = 1;

std::string str_field(const json::Object *o, llvm::StringRef key) {
  if (!o) return "";
  if (auto s = o->getString(key)) return s->str();
  return "";
}

int64_t int_field(const json::Object *o, llvm::StringRef key) {
  if (!o) return 0;
  if (auto v = o->getInteger(key)) return *v;
  return 0;
}

// "thread T2", "main thread", "task 7", "thread (tid=N)", "a timer".
std::string actor_text(const json::Object *o) {
  if (!o) return "an unknown thread";
  if (auto t = o->getInteger("thread")) return *t == 0 ? "main thread" : "thread T" + std::to_string(*t);
  if (auto t = o->getInteger("task")) return "task " + std::to_string(*t);
  if (auto t = o->getInteger("tid")) return "thread (tid=" + std::to_string(*t) + ")";
  if (o->getBoolean("timer")) return "a timer";
  return "an unknown thread";
}

std::vector<frame> frames_of(const json::Array *a) {
  std::vector<frame> out;
  if (!a) return out;
  for (const json::Value &v : *a) {
    const json::Object *f = v.getAsObject();
    if (!f) continue;
    frame fr;
    fr.function = str_field(f, "function");
    fr.file = str_field(f, "file");
    fr.module = str_field(f, "module");
    fr.offset = str_field(f, "offset");
    fr.line = int_field(f, "line");
    fr.column = int_field(f, "column");
    out.push_back(std::move(fr));
  }
  return out;
}

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(llvm::toUpper(s[0]));
  return s;
}

// The stacks of a report: sites first (accesses, else sections, else the
// threads' current or creation stacks), then the threads' creation stacks.
void collect_stacks(const json::Object &o, report &r) {
  if (const json::Array *acc = o.getArray("accesses")) {
    for (const json::Value &v : *acc) {
      const json::Object *a = v.getAsObject();
      if (!a) continue;
      std::string label = str_field(a, "role") == "previous" ? "Previous " + str_field(a, "type")
                                                             : capitalized(str_field(a, "type"));
      label += " of size " + std::to_string(int_field(a, "size")) + " by " + actor_text(a);
      r.stacks.push_back({std::move(label), frames_of(a->getArray("stack"))});
    }
  }
  if (r.stacks.empty()) {
    if (const json::Array *sec = o.getArray("sections")) {
      for (const json::Value &v : *sec) {
        const json::Object *s = v.getAsObject();
        if (!s) continue;
        std::string heading = str_field(s, "heading");
        if (heading.empty()) heading = capitalized(str_field(s, "what")) + " in " + actor_text(s);
        r.stacks.push_back({std::move(heading), frames_of(s->getArray("stack"))});
      }
    }
  }
  const json::Array *threads = o.getArray("threads");
  if (r.stacks.empty() && threads) {
    for (const json::Value &v : *threads) {
      const json::Object *t = v.getAsObject();
      if (!t) continue;
      std::string who = str_field(t, "kind") == "task" ? "Task " : "Thread T";
      who += std::to_string(int_field(t, "id"));
      std::vector<frame> where = frames_of(t->getArray("where"));
      if (!where.empty()) r.stacks.push_back({who + " (" + str_field(t, "state") + ") at", std::move(where)});
      else r.stacks.push_back({who + " created at", frames_of(t->getArray("stack"))});
    }
  }
  r.nsites = r.stacks.size();
  if (threads && r.nsites && o.getArray("accesses")) {
    for (const json::Value &v : *threads) {
      const json::Object *t = v.getAsObject();
      if (!t) continue;
      std::string who = str_field(t, "kind") == "task" ? "Task " : "Thread T";
      std::vector<frame> created = frames_of(t->getArray("stack"));
      if (!created.empty())
        r.stacks.push_back({who + std::to_string(int_field(t, "id")) + " created at", std::move(created)});
    }
  }
}

bool is_system_file(llvm::StringRef f) {
  return f.starts_with("/usr/") || f.starts_with("./csu/") || f.starts_with("./nptl/") ||
         f.starts_with("./string/") || f.starts_with("./stdlib/");
}

std::string normalized(llvm::StringRef line) {
  std::string out;
  for (char c : line)
    if (!llvm::isSpace(c)) out += c;
  return out;
}

// The one test a command line runs: GoogleTest's --gtest_filter=Suite.Name
// as ctest passes it for gtest_discover_tests (no wildcard, no list).
std::string test_of(const json::Array &argv) {
  for (const json::Value &v : argv) {
    auto a = v.getAsString();
    if (!a || !a->starts_with("--gtest_filter=")) continue;
    llvm::StringRef t = a->drop_front(strlen("--gtest_filter="));
    if (!t.empty() && t.find_first_of("*?:-") == llvm::StringRef::npos) return t.str();
  }
  return "";
}

}  // namespace

const frame *user_frame(const std::vector<frame> &frames) {
  for (const frame &f : frames)
    if (!f.file.empty() && !is_system_file(f.file)) return &f;
  return frames.empty() ? nullptr : &frames[0];
}

std::string store::find_source(const std::string &file) {
  auto it = found_source_.find(file);
  if (it != found_source_.end()) return it->second;
  std::string found;
  if (!file.empty()) {
    if (llvm::sys::fs::is_regular_file(file)) {
      found = file;
    } else if (!source_root_.empty()) {
      // Ever shorter suffixes of the path under the root, down to a
      // directory and a file name (a bare name could be any file).
      llvm::SmallVector<llvm::StringRef, 16> parts;
      llvm::StringRef(file).split(parts, '/', -1, false);
      for (size_t i = 0; i + 2 <= parts.size() || (i == 0 && parts.size() == 1); i++) {
        llvm::SmallString<256> p(source_root_);
        for (size_t k = i; k < parts.size(); k++) llvm::sys::path::append(p, parts[k]);
        if (llvm::sys::fs::is_regular_file(p)) {
          found = std::string(p);
          break;
        }
      }
    }
  }
  if (!found.empty()) {
    llvm::SmallString<256> real;
    if (!llvm::sys::fs::real_path(found, real)) found = std::string(real);
  }
  found_source_[file] = found;
  return found;
}

const std::vector<std::string> *store::source_lines(const std::string &file) {
  std::string path = find_source(file);
  if (path.empty()) return nullptr;
  auto it = lines_.find(path);
  if (it != lines_.end()) return it->second.get();
  std::unique_ptr<std::vector<std::string>> lines;
  if (auto buf = llvm::MemoryBuffer::getFile(path)) {
    lines = std::make_unique<std::vector<std::string>>();
    llvm::SmallVector<llvm::StringRef, 0> parts;
    (*buf)->getBuffer().split(parts, '\n');
    for (llvm::StringRef l : parts) lines->push_back(l.str());
  }
  auto *p = lines.get();
  lines_[path] = std::move(lines);
  return p;
}

std::string store::relative_to_root(const std::string &file) {
  if (source_root_.empty()) return "";
  std::string found = find_source(file);
  llvm::StringRef f(found);
  if (found.empty() || !f.consume_front(source_root_) || !f.consume_front("/")) return "";
  return f.str();
}

site store::site_of(const labeled_stack &s) {
  site out;
  const frame *f = user_frame(s.frames);
  if (!f) {
    out.context = "no stack";
    return out;
  }
  out.where = *f;
  const std::vector<std::string> *lines = f->file.empty() ? nullptr : source_lines(f->file);
  if (lines && f->line > 0 && static_cast<size_t>(f->line) <= lines->size()) {
    std::string text = normalized((*lines)[f->line - 1]);
    if (!text.empty()) out.context = text;
  }
  if (out.context.empty()) {
    out.context = "col " + std::to_string(f->column);
    if (!f->file.empty() && !lines) missing_sources_.insert(f->file);
  }
  return out;
}

void store::add_report(std::shared_ptr<report> r) {
  nreports_++;
  std::vector<site> sites;
  for (size_t i = 0; i < r->nsites; i++) sites.push_back(site_of(r->stacks[i]));
  auto key = [](const site &s) {
    const frame &f = s.where;
    std::string name = f.file.empty() ? llvm::sys::path::filename(f.module).str() + "+" + f.offset
                                      : llvm::sys::path::filename(f.file).str();
    return f.function + '\x1f' + name + '\x1f' + s.context;
  };
  // Order-independent (a race seen from either side is one finding), and a
  // site shared by several stacks counts once (a deadlock's many tasks
  // blocked at one line).
  std::sort(sites.begin(), sites.end(), [&](const site &a, const site &b) { return key(a) < key(b); });
  sites.erase(std::unique(sites.begin(), sites.end(), [&](const site &a, const site &b) { return key(a) == key(b); }),
              sites.end());
  llvm::SHA1 h;
  h.update(r->kind);
  for (const site &s : sites) {
    h.update(llvm::StringRef("\n", 1));
    h.update(key(s));
  }
  auto digest = h.final();
  std::string fp = llvm::toHex(llvm::ArrayRef<uint8_t>(digest.data(), digest.size()), true).substr(0, 32);
  finding &f = findings_[fp];
  if (f.count == 0) {
    f.fingerprint = fp;
    f.kind = r->kind;
    f.category = category_of(r->kind);
    f.sites = std::move(sites);
    f.first = r;
  }
  f.count++;
  if (f.binaries.insert(r->argv0).second) f.first_by_binary[r->argv0] = r;
  if (!r->test.empty()) f.tests.insert(r->test);
}

void store::load_file(const std::string &path, diagnostics &diag) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf) {
    diag.warn(path + ": cannot read: " + buf.getError().message());
    return;
  }
  process proc;
  proc.file = path;
  llvm::StringRef text = (*buf)->getBuffer();
  size_t lineno = 0;
  while (!text.empty()) {
    auto [line, rest] = text.split('\n');
    bool complete = text.size() > line.size();  // ended by a newline
    text = rest;
    lineno++;
    if (line.trim().empty()) continue;
    std::string where = path + ":" + std::to_string(lineno);
    auto parsed = json::parse(line);
    if (!parsed) {
      std::string why = llvm::toString(parsed.takeError());
      diag.warn(where + ": skipped: " + (complete ? "not a JSON object (" + why + ")"
                                                   : "truncated line (the process was killed while writing it)"));
      continue;
    }
    const json::Object *o = parsed->getAsObject();
    if (!o) {
      diag.warn(where + ": skipped: not a JSON object");
      continue;
    }
    int64_t schema = int_field(o, "schema");
    if (schema > kSchema) {
      diag.error(where + ": written by a newer vigil (report schema " + std::to_string(schema) +
                 "; this vigil reads schema " + std::to_string(kSchema) + "): use the vigil that built the program");
      continue;
    }
    if (schema < 1) {
      diag.warn(where + ": skipped: no \"schema\" field (not a vigil report)");
      continue;
    }
    if (o->getString("record")) {
      if (proc.argv0.empty()) proc.argv0 = str_field(o, "argv0");
      if (const json::Array *argv = o->getArray("argv")) proc.test = test_of(*argv);
      proc.pid = int_field(o, "pid");
      if (str_field(o, "event") == "start") proc.started = true;
      if (str_field(o, "event") == "end") proc.ended = true;
      continue;
    }
    if (!o->getString("kind")) {
      diag.warn(where + ": skipped: a report without \"kind\"");
      continue;
    }
    auto r = std::make_shared<report>();
    r->kind = str_field(o, "kind");
    r->summary = str_field(o, "summary");
    r->text = str_field(o, "text");
    r->argv0 = str_field(o, "argv0");
    r->pid = int_field(o, "pid");
    r->file = path;
    r->line = lineno;
    r->test = proc.test;
    collect_stacks(*o, *r);
    r->raw = line.str();
    if (proc.argv0.empty()) proc.argv0 = r->argv0;
    proc.pid = r->pid;
    proc.reports++;
    add_report(std::move(r));
  }
  processes_.push_back(std::move(proc));
}

void store::load_dir(const std::string &dir, diagnostics &diag) {
  if (!llvm::sys::fs::is_directory(dir)) {
    diag.error(dir + ": not a directory of vigil reports");
    return;
  }
  std::vector<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    llvm::StringRef p = it->path();
    if (llvm::sys::path::filename(p).starts_with("vigil.") && p.ends_with(".jsonl")) files.push_back(p.str());
  }
  if (ec) diag.warn(dir + ": " + ec.message() + " (some report files may be missing)");
  std::sort(files.begin(), files.end());  // a stable order: the same merge every time
  for (const std::string &f : files) load_file(f, diag);
}

void store::mark_known(const std::set<std::string> &fingerprints) {
  for (auto &[fp, f] : findings_) f.known = fingerprints.count(fp) > 0;
}

void store::set_fail_on(const std::set<std::string> &categories) {
  for (auto &[fp, f] : findings_) f.gating = categories.count(f.category) > 0;
}

std::vector<const finding *> store::sorted() const {
  std::vector<const finding *> out;
  for (const auto &[fp, f] : findings_) out.push_back(&f);
  auto rank = [](const finding *f) { return (f->gating && !f->known) ? 0 : f->gating ? 1 : 2; };
  std::sort(out.begin(), out.end(), [&](const finding *a, const finding *b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (a->kind != b->kind) return a->kind < b->kind;
    if (a->first->summary != b->first->summary) return a->first->summary < b->first->summary;
    return a->fingerprint < b->fingerprint;
  });
  return out;
}

bool read_baseline(const std::string &path, std::set<std::string> &out, std::string &err) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf) {
    err = path + ": cannot read the baseline: " + buf.getError().message();
    return false;
  }
  auto parsed = json::parse((*buf)->getBuffer());
  if (!parsed) {
    err = path + ": not a vigil baseline: " + llvm::toString(parsed.takeError());
    return false;
  }
  const json::Object *o = parsed->getAsObject();
  const json::Array *fs = o ? o->getArray("findings") : nullptr;
  if (!o || !o->getInteger("vigil_baseline") || !fs) {
    err = path + ": not a vigil baseline (expected {\"vigil_baseline\":1,\"findings\":[...]}, as `vigil report "
                 "--write-baseline` writes)";
    return false;
  }
  if (*o->getInteger("vigil_baseline") > 1) {
    err = path + ": a baseline of a newer vigil (version " + std::to_string(*o->getInteger("vigil_baseline")) + ")";
    return false;
  }
  size_t i = 0;
  for (const json::Value &v : *fs) {
    const json::Object *f = v.getAsObject();
    auto fp = f ? f->getString("fingerprint") : std::nullopt;
    if (!fp || fp->size() != 32 || !llvm::all_of(*fp, llvm::isHexDigit)) {
      err = path + ": finding " + std::to_string(i) + " has no valid \"fingerprint\" (32 hex digits)";
      return false;
    }
    out.insert(fp->str());
    i++;
  }
  return true;
}

bool write_baseline(const std::string &path, const std::vector<const finding *> &fs, std::string &err) {
  json::Array arr;
  for (const finding *f : fs)
    arr.push_back(json::Object{{"fingerprint", f->fingerprint}, {"kind", f->kind}, {"summary", f->first->summary}});
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    err = path + ": cannot write the baseline: " + ec.message();
    return false;
  }
  os << llvm::formatv("{0:2}", json::Value(json::Object{{"vigil_baseline", 1}, {"findings", std::move(arr)}}))
     << "\n";
  return true;
}

}  // namespace vigil::tool
