// output.cpp — text, JSON, SARIF 2.1.0 and JUnit XML writers.
//
// SARIF follows what GitHub code scanning ingests: one rule per report kind,
// the finding's first site as its location, the other sites as related
// locations, every stack both as a code flow (outermost call first) and as a
// SARIF stack, vigil's fingerprint in partialFingerprints, URIs relative to
// the source root (%SRCROOT%). GitHub's limits are kept by truncating, with
// a note, never by failing: 25,000 results per run, 1,000 related locations
// per result, and (ours, to keep files small) 256 frames per stack.
#include "output.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/FormatVariadic.h>
#include <llvm/Support/Path.h>

#include <map>

namespace vigil::tool {

namespace json = llvm::json;

namespace {

constexpr size_t kMaxResults = 25000;
constexpr size_t kMaxRelated = 1000;
constexpr size_t kMaxFrames = 256;

std::string site_text(const site &s) {
  const frame &f = s.where;
  std::string out;
  if (!f.file.empty()) {
    out = llvm::sys::path::filename(f.file).str();
    if (f.line) out += ":" + std::to_string(f.line);
    if (f.column) out += ":" + std::to_string(f.column);
  } else if (!f.module.empty()) {
    out = "(" + llvm::sys::path::filename(f.module).str() + "+" + f.offset + ")";
  } else {
    out = "(no stack)";
  }
  if (!f.function.empty()) out += " in " + f.function;
  return out;
}

std::string sites_text(const finding &f) {
  std::string out;
  for (size_t i = 0; i < f.sites.size() && i < 3; i++) out += (i ? " / " : "") + site_text(f.sites[i]);
  if (f.sites.size() > 3) out += " / ... (" + std::to_string(f.sites.size()) + " sites)";
  return out;
}

std::string binary_name(const std::string &argv0) { return llvm::sys::path::filename(argv0).str(); }

std::string binaries_text(const finding &f, size_t max) {
  std::set<std::string> names;
  for (const std::string &b : f.binaries) names.insert(binary_name(b));
  std::string out;
  size_t i = 0;
  for (const std::string &n : names) {
    if (i == max) {
      out += " (+" + std::to_string(names.size() - max) + ")";
      break;
    }
    out += (i++ ? ", " : "") + n;
  }
  return out;
}

// ", tests A.B, C.D" when the processes that reported it ran known tests.
std::string tests_text(const finding &f) {
  if (f.tests.empty()) return "";
  std::string out = f.tests.size() == 1 ? ", test " : ", tests ";
  size_t i = 0;
  for (const std::string &t : f.tests) {
    if (i == 5) {
      out += " (+" + std::to_string(f.tests.size() - 5) + ")";
      break;
    }
    out += (i++ ? ", " : "") + t;
  }
  return out;
}

struct counts {
  size_t gating_new = 0, known = 0, not_gating = 0;
};
counts count(const std::vector<const finding *> &fs) {
  counts c;
  for (const finding *f : fs) {
    if (!f->gating) c.not_gating++;
    else if (f->known) c.known++;
    else c.gating_new++;
  }
  return c;
}

size_t unfinished(const store &st) {
  size_t n = 0;
  for (const process &p : st.processes())
    if (!p.ended) n++;
  return n;
}

}  // namespace

std::string rule_id(llvm::StringRef kind) {
  std::string out;
  for (char c : kind) {
    if (llvm::isAlnum(c)) out += static_cast<char>(llvm::toLower(c));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

namespace {
void write_verdict(llvm::raw_ostream &os, store &st, const std::vector<const finding *> &fs, const run_info &ri) {
  counts c = count(fs);
  size_t procs = st.processes().size(), left = unfinished(st);
  os << "vigil: " << fs.size() << (fs.size() == 1 ? " finding" : " findings");
  if (!fs.empty()) {
    os << " (" << c.gating_new << " new";
    if (c.known) os << ", " << c.known << " in the baseline";
    if (c.not_gating) os << ", " << c.not_gating << " not gating";
    os << ")";
  }
  os << " from " << st.reports() << (st.reports() == 1 ? " report" : " reports") << " of " << procs
     << (procs == 1 ? " process" : " processes") << " run under vigil";
  if (left) os << "; " << left << " did not reach exit (crashed, killed, or ended by a fatal report: their reports are counted)";
  if (ri.input_warnings) os << "; " << ri.input_warnings << " unreadable line(s) skipped (see the warnings above)";
  os << "\n";
}
}  // namespace

void write_text(llvm::raw_ostream &os, store &st, const std::vector<const finding *> &fs, const run_info &ri,
                text_detail detail) {
  write_verdict(os, st, fs, ri);
  if (fs.empty() || detail == text_detail::verdict) return;
  os << "\n    #  status   count  kind                  binaries              sites\n";
  size_t i = 0;
  for (const finding *f : fs) {
    const char *status = !f->gating ? "ignored" : f->known ? "known" : "NEW";
    os << llvm::formatv("{0,5}  {1,-7}  {2,5}  {3,-20}  {4,-20}  {5}\n", ++i, status, f->count, f->kind,
                        binaries_text(*f, 2), sites_text(*f));
  }
  if (detail != text_detail::full) return;
  i = 0;
  for (const finding *f : fs) {
    os << "\n== " << ++i << ". " << f->kind << ": " << f->count << (f->count == 1 ? " report" : " reports") << " in "
       << binaries_text(*f, 10) << tests_text(*f) << " (fingerprint " << f->fingerprint
       << (f->known ? ", in the baseline" : "") << ")\n";
    if (!f->first->text.empty()) os << f->first->text;
    else os << "SUMMARY: vigil: " << f->first->summary << "\n";
  }
  // Long outputs: the verdict again where the reader ends up.
  os << "\n";
  write_verdict(os, st, fs, ri);
}

// ---------------------------------------------------------------------------
// JSON: the merged findings, each with the first report as the program
// wrote it.
void write_json(llvm::raw_ostream &os, store &st, const std::vector<const finding *> &fs, const run_info &ri) {
  // Streamed, one finding at a time: memory stays that of the findings, not
  // of a document tree of all of them. Keys in alphabetical order.
  counts c = count(fs);
  json::OStream j(os, 2);
  j.object([&] {
    if (!ri.command.empty()) {
      j.attributeArray("command", [&] {
        for (const std::string &a : ri.command) j.value(a);
      });
      j.attribute("command_status", ri.command_status);
    }
    j.attributeArray("findings", [&] {
      for (const finding *f : fs) {
        j.object([&] {
          j.attributeArray("binaries", [&] {
            for (const std::string &b : f->binaries) j.value(b);
          });
          j.attribute("category", f->category);
          j.attribute("count", static_cast<int64_t>(f->count));
          j.attribute("fingerprint", f->fingerprint);
          j.attribute("gating", f->gating);
          j.attribute("kind", f->kind);
          j.attribute("new", !f->known);
          auto parsed = json::parse(f->first->raw);
          j.attribute("report", parsed ? std::move(*parsed) : json::Value(nullptr));
          if (!parsed) llvm::consumeError(parsed.takeError());
          j.attributeArray("sites", [&] {
            for (const site &s : f->sites)
              j.value(json::Object{{"function", s.where.function},
                                   {"file", s.where.file},
                                   {"line", s.where.line},
                                   {"column", s.where.column}});
          });
          j.attribute("summary", f->first->summary);
          j.attributeArray("tests", [&] {
            for (const std::string &t : f->tests) j.value(t);
          });
        });
      }
    });
    j.attribute("known", static_cast<int64_t>(c.known));
    j.attribute("new", static_cast<int64_t>(c.gating_new));
    j.attribute("not_gating", static_cast<int64_t>(c.not_gating));
    j.attributeArray("processes", [&] {
      for (const process &p : st.processes())
        j.value(json::Object{{"argv0", p.argv0},
                             {"pid", p.pid},
                             {"reports", static_cast<int64_t>(p.reports)},
                             {"reached_exit", p.ended},
                             {"file", p.file}});
    });
    j.attribute("reports", static_cast<int64_t>(st.reports()));
    j.attribute("skipped_lines", static_cast<int64_t>(ri.input_warnings));
    j.attribute("version", ri.version);
    j.attribute("vigil_findings", 1);
  });
  os << "\n";
}

// ---------------------------------------------------------------------------
// SARIF 2.1.0
namespace {

struct rule_help {
  const char *category, *name, *short_desc, *full_desc, *help;
};

const rule_help kHelp[] = {
    {"race", "DataRace", "Two threads or tasks access the same memory concurrently, at least one writes",
     "Two accesses to the same bytes, at least one a write and not both atomic, that no happens-before edge "
     "(a lock, an atomic release/acquire, a channel operation, a thread start or join) orders: the program's "
     "behaviour is undefined.",
     "Order the two accesses: protect the data with one mutex held at both sites, make it an std::atomic, or "
     "hand it over through a channel or a join. The report shows both stacks, the mutexes held and where each "
     "thread or task was created."},
    {"leak", "Leak", "A thread or task was left running or blocked at exit",
     "A joinable thread never joined, or a task still running or blocked forever when the program ended.",
     "Join every thread you start; make sure every task can finish (close the channel it receives from, "
     "cancel its context, call done on its WaitGroup on every path)."},
    {"deadlock", "Deadlock", "Threads or tasks wait for each other forever",
     "Tasks or threads wait for each other in a cycle (each for a mutex or once another holds), or no thread "
     "or task can make progress at all: each waits for an event only another blocked one could cause.",
     "Read where each task and thread is blocked; break the cycle of waits (a missing send, close, unlock or "
     "done)."},
    {"lock-order", "LockOrderInversion", "Mutexes are taken in opposite orders: a potential deadlock",
     "Two mutexes were acquired in one order by one thread and in the opposite order by another; with the "
     "wrong timing each waits for the other forever.",
     "Take the mutexes in one global order everywhere, or together with std::scoped_lock."},
    {"misuse", "Misuse", "A synchronization object was misused",
     "An operation the primitive's contract forbids: unlocking a mutex that is not locked or is held by "
     "another thread, destroying a locked mutex, sending on or closing a closed channel, a negative WaitGroup "
     "counter, and the like.",
     "Fix the call at the reported site; the report shows the stacks of the operations involved."},
    {"error", "RuntimeError", "A task failed: stack overflow or an escaped exception",
     "A task overflowed its stack or let an exception escape.",
     "Catch exceptions inside the task, or give it less recursion."},
};

const rule_help &help_of(llvm::StringRef category) {
  for (const rule_help &h : kHelp)
    if (category == h.category) return h;
  return kHelp[4];
}

std::string pascal(llvm::StringRef kind) {
  std::string out;
  bool up = true;
  for (char c : kind) {
    if (!llvm::isAlnum(c)) {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(llvm::toUpper(c)) : c;
    up = false;
  }
  return out;
}

std::string uri_escape(llvm::StringRef s) {
  std::string out;
  for (unsigned char c : s) {
    if (llvm::isAlnum(c) || llvm::StringRef("/-._~+").contains(c)) out += static_cast<char>(c);
    else out += llvm::formatv("%{0:X-2}", static_cast<unsigned>(c)).str();
  }
  return out;
}

std::string ensure_period(std::string s) {
  if (!s.empty() && s.back() != '.') s += '.';
  return s;
}

class sarif_writer {
 public:
  sarif_writer(store &st) : st_(st) {}

  // A physical location for a frame, or none (no file).
  std::optional<json::Object> physical(const frame &f) {
    if (f.file.empty()) return std::nullopt;
    json::Object art;
    std::string rel = st_.relative_to_root(f.file);
    if (!rel.empty()) {
      art["uri"] = uri_escape(rel);
      art["uriBaseId"] = "SRCROOT";
    } else {
      llvm::SmallString<256> clean(f.file);
      llvm::sys::path::remove_dots(clean, true);
      art["uri"] = "file://" + uri_escape(clean);
    }
    json::Object phys{{"artifactLocation", std::move(art)}};
    if (f.line > 0) {
      json::Object region{{"startLine", f.line}};
      if (f.column > 0) region["startColumn"] = f.column;
      phys["region"] = std::move(region);
    }
    return phys;
  }

  json::Object location(const frame &f, const std::string &msg) {
    json::Object loc;
    if (auto p = physical(f)) loc["physicalLocation"] = std::move(*p);
    if (!f.function.empty())
      loc["logicalLocations"] = json::Array{json::Object{{"fullyQualifiedName", f.function}, {"kind", "function"}}};
    std::string text = msg;
    if (f.file.empty() && !f.module.empty()) text += " (" + llvm::sys::path::filename(f.module).str() + "+" + f.offset + ")";
    if (!text.empty()) loc["message"] = json::Object{{"text", text}};
    return loc;
  }

  json::Value result(const finding &f, size_t rule_index) {
    const report &r = *f.first;
    bool truncated = false;
    json::Object res{{"ruleId", rule_id(f.kind)}, {"ruleIndex", static_cast<int64_t>(rule_index)}};
    res["level"] = f.gating ? "error" : "note";
    res["baselineState"] = f.known ? "unchanged" : "new";
    std::string msg = f.kind;
    if (!msg.empty()) msg[0] = static_cast<char>(llvm::toUpper(msg[0]));
    for (size_t i = 0; i < r.nsites && i < 2; i++) {
      const labeled_stack &s = r.stacks[i];
      const frame *u = user_frame(s.frames);
      std::string label = s.label;
      if (!label.empty()) label[0] = static_cast<char>(llvm::toLower(label[0]));
      msg += (i ? "; " : ": ") + label;
      if (u) msg += " at " + site_text(site{*u, ""});
    }
    if (r.nsites > 2) msg += "; and " + std::to_string(r.nsites - 2) + " more";
    if (f.count > 1)
      msg += " (" + std::to_string(f.count) + " reports in " + std::to_string(f.binaries.size()) + " binaries)";
    res["message"] = json::Object{{"text", ensure_period(msg)}};

    // The first site is the location; the others are related locations.
    json::Array locations, related, flows, stacks;
    for (size_t i = 0; i < r.nsites; i++) {
      const frame *u = user_frame(r.stacks[i].frames);
      if (!u) continue;
      if (locations.empty()) {
        locations.push_back(location(*u, ""));
      } else if (related.size() < kMaxRelated) {
        json::Object rel = location(*u, r.stacks[i].label);
        rel["id"] = static_cast<int64_t>(related.size() + 1);
        related.push_back(std::move(rel));
      } else {
        truncated = true;
      }
    }
    for (size_t i = 0; i < r.stacks.size(); i++) {
      const labeled_stack &s = r.stacks[i];
      if (s.frames.empty()) continue;
      size_t n = std::min(s.frames.size(), kMaxFrames);
      truncated |= n < s.frames.size();
      json::Array frames, steps;
      for (size_t k = 0; k < n; k++) {
        const frame &fr = s.frames[k];
        json::Object sf{{"location", location(fr, fr.function)}};
        if (!fr.module.empty()) sf["module"] = llvm::sys::path::filename(fr.module).str();
        frames.push_back(std::move(sf));
      }
      // A code flow reads from the outermost call to the site.
      for (size_t k = n; k-- > 0;) {
        const frame &fr = s.frames[k];
        steps.push_back(json::Object{{"location", location(fr, fr.function)},
                                     {"nestingLevel", static_cast<int64_t>(n - 1 - k)}});
      }
      stacks.push_back(json::Object{{"message", json::Object{{"text", s.label}}}, {"frames", std::move(frames)}});
      if (i < r.nsites)
        flows.push_back(json::Object{{"message", json::Object{{"text", ensure_period(s.label)}}},
                                     {"threadFlows", json::Array{json::Object{{"locations", std::move(steps)}}}}});
    }
    if (!locations.empty()) res["locations"] = std::move(locations);
    if (!related.empty()) res["relatedLocations"] = std::move(related);
    if (!flows.empty()) res["codeFlows"] = std::move(flows);
    if (!stacks.empty()) res["stacks"] = std::move(stacks);
    res["partialFingerprints"] = json::Object{{"vigil/v1", f.fingerprint}};
    res["occurrenceCount"] = static_cast<int64_t>(f.count);
    json::Array bins;
    for (const std::string &b : f.binaries) bins.push_back(b);
    json::Array tests;
    for (const std::string &t : f.tests) tests.push_back(t);
    json::Object props{{"category", f.category}, {"binaries", std::move(bins)}, {"report", r.text}};
    if (!tests.empty()) props["tests"] = std::move(tests);
    if (truncated) props["truncated"] = "stacks or related locations were cut to GitHub's limits";
    res["properties"] = std::move(props);
    return res;
  }

 private:
  store &st_;
};

}  // namespace

void write_sarif(llvm::raw_ostream &os, store &st, const std::vector<const finding *> &fs, const run_info &ri) {
  sarif_writer w(st);
  std::map<std::string, size_t> rule_index;
  json::Array rules;
  for (const finding *f : fs) {
    std::string id = rule_id(f->kind);
    if (rule_index.count(id)) continue;
    const rule_help &h = help_of(f->category);
    rule_index[id] = rules.size();
    std::string text = std::string(h.help);
    rules.push_back(json::Object{
        {"id", id},
        {"name", pascal(f->kind)},
        {"shortDescription", json::Object{{"text", ensure_period(h.short_desc)}}},
        {"fullDescription", json::Object{{"text", ensure_period(h.full_desc)}}},
        {"help", json::Object{{"text", text}, {"markdown", text}}},
        {"defaultConfiguration", json::Object{{"level", "error"}}},
        {"properties", json::Object{{"tags", json::Array{"concurrency", h.category}},
                                    {"precision", "high"},
                                    {"problem.severity", "error"}}}});
  }
  size_t dropped = fs.size() > kMaxResults ? fs.size() - kMaxResults : 0;
  json::Object invocation{{"executionSuccessful", true}};
  if (!ri.command.empty()) {
    std::string cmd;
    for (const std::string &a : ri.command) cmd += (cmd.empty() ? "" : " ") + a;
    invocation["commandLine"] = cmd;
    invocation["exitCode"] = ri.command_status;
  }
  json::Array notes;
  if (dropped)
    notes.push_back(json::Object{
        {"level", "warning"},
        {"message", json::Object{{"text", std::to_string(dropped) + " findings left out: GitHub ingests at most " +
                                              std::to_string(kMaxResults) + " results per run."}}}});
  if (ri.input_warnings)
    notes.push_back(json::Object{
        {"level", "warning"},
        {"message", json::Object{{"text", std::to_string(ri.input_warnings) +
                                              " report lines could not be read (see vigil's warnings)."}}}});
  if (!notes.empty()) invocation["toolExecutionNotifications"] = std::move(notes);
  json::Value tool = json::Object{{"driver", json::Object{{"name", "vigil"},
                                                          {"fullName", "vigil data-race, leak and deadlock detector"},
                                                          {"version", ri.version},
                                                          {"semanticVersion", ri.version},
                                                          {"rules", std::move(rules)}}}};
  // Streamed, one result at a time (a document tree of 25,000 results with
  // their stacks would take gigabytes).
  json::OStream j(os, 2);
  j.object([&] {
    j.attribute("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    j.attribute("version", "2.1.0");
    j.attributeArray("runs", [&] {
      j.object([&] {
        j.attribute("tool", std::move(tool));
        j.attributeArray("invocations", [&] { j.value(std::move(invocation)); });
        if (!st.source_root().empty())
          j.attribute("originalUriBaseIds",
                      json::Object{{"SRCROOT", json::Object{{"uri", "file://" + uri_escape(st.source_root()) + "/"}}}});
        j.attribute("columnKind", "unicodeCodePoints");
        j.attributeArray("results", [&] {
          for (size_t i = 0; i < fs.size() && i < kMaxResults; i++)
            j.value(w.result(*fs[i], rule_index[rule_id(fs[i]->kind)]));
        });
      });
    });
  });
  os << "\n";
}

// ---------------------------------------------------------------------------
// JUnit XML: a test suite per binary; a test case per finding (a failure
// when it gates, skipped when known or not gating), and one passing case per
// binary that ran under vigil without findings.
namespace {

std::string xml_escape(llvm::StringRef s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': case '\t': case '\r': out += static_cast<char>(c); break;
      default:
        // XML 1.0 allows no other control characters, not even escaped.
        if (c < 0x20) out += "\\x" + llvm::utohexstr(c, true, 2);
        else out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

void write_junit(llvm::raw_ostream &os, store &st, const std::vector<const finding *> &fs, const run_info &) {
  struct suite {
    std::vector<std::pair<const finding *, const report *>> findings;  // with the suite's own report
    size_t processes = 0;
  };
  std::map<std::string, suite> suites;
  for (const process &p : st.processes()) suites[binary_name(p.argv0)].processes++;
  for (const finding *f : fs) {
    // Binaries of one name in several directories (build trees, shards)
    // are one suite: each finding once.
    std::set<std::string> named;
    for (const auto &[argv0, r] : f->first_by_binary)
      if (named.insert(binary_name(argv0)).second) suites[binary_name(argv0)].findings.push_back({f, r.get()});
  }
  size_t tests = 0, failures = 0, skipped = 0;
  for (auto &[name, s] : suites) {
    tests += s.findings.empty() ? 1 : s.findings.size();
    for (auto [f, r] : s.findings) (f->gating && !f->known ? failures : skipped)++;
  }
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  os << "<testsuites name=\"vigil\" tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\"0\" skipped=\""
     << skipped << "\">\n";
  for (auto &[name, s] : suites) {
    size_t f_n = 0, s_n = 0;
    for (auto [f, r] : s.findings) (f->gating && !f->known ? f_n : s_n)++;
    std::string suite_name = "vigil." + (name.empty() ? std::string("unknown") : name);
    os << "  <testsuite name=\"" << xml_escape(suite_name) << "\" tests=\""
       << (s.findings.empty() ? 1 : s.findings.size()) << "\" failures=\"" << f_n << "\" errors=\"0\" skipped=\""
       << s_n << "\">\n";
    if (s.findings.empty()) {
      os << "    <testcase classname=\"" << xml_escape(suite_name) << "\" name=\"no findings\"/>\n";
    }
    for (auto [f, r] : s.findings) {
      std::string test = f->kind + " at " + sites_text(*f) + tests_text(*f);
      os << "    <testcase classname=\"" << xml_escape(suite_name) << "\" name=\"" << xml_escape(test) << "\">\n";
      if (f->gating && !f->known) {
        os << "      <failure type=\"" << xml_escape(f->kind) << "\" message=\"" << xml_escape(r->summary) << "\">"
           << xml_escape(r->text.empty() ? r->summary : r->text) << "</failure>\n";
      } else {
        os << "      <skipped message=\"" << (f->known ? "in the baseline" : "not gating (--fail-on)") << "\"/>\n";
        os << "      <system-out>" << xml_escape(r->text) << "</system-out>\n";
      }
      os << "    </testcase>\n";
    }
    os << "  </testsuite>\n";
  }
  os << "</testsuites>\n";
}

}  // namespace vigil::tool
