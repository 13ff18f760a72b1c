// vigil — runs test suites under the detector and gates CI on the findings.
//
//   vigil run [OPTIONS] [--] CMD [ARGS...]   run CMD (and every process it
//                                           starts) under detection, merge
//                                           their reports, gate on them
//   vigil report [OPTIONS] DIR...           merge report directories (CI
//                                           shards) as if from one run
//   vigil flags --cxxflags|--ldflags        compiler and linker flags
//   vigil --version | --help
//
// Exit status (DESIGN §7): 0 no new finding; 66 new findings; for `run`,
// CMD's own status when it failed without new findings (126 not executable,
// 127 not found, 128+N killed by signal N); 2 vigil's own usage or input
// errors.
#include "findings.h"
#include "output.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Process.h>
#include <llvm/Support/Program.h>
#include <llvm/Support/raw_ostream.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace vigil::tool {
namespace {

constexpr int kFindings = 66;
constexpr int kUsage = 2;

const char kUsageText[] = R"(usage:
  vigil run [OPTIONS] [--] CMD [ARGS...]
      Runs CMD, and every process it starts, with vigil's detector reporting
      into one directory; merges their reports into findings, prints a summary
      and each finding's report once, and exits 66 if there is a new finding.
  vigil report [OPTIONS] DIR...
      Merges report directories (VIGIL_OPTIONS=report_dir=DIR; CI shards,
      several machines) exactly as `vigil run` merges one run's.
  vigil flags --cxxflags | --ldflags
      The flags that build a program with vigil (what vigil-clang++ adds).
  vigil --version | --help

options of run and report:
  --format FMT           text, json, sarif or junit; written to -o FILE or stdout
                         (report: default text; run: the text summary goes to
                         stderr, and FMT is written besides it)
  -o, --output FILE      where the --format output goes
  --fail-on KINDS        comma-separated: race, leak, deadlock, lock-order,
                         misuse, error, or all (default: all); findings of other
                         kinds are listed but do not fail
  --baseline FILE        findings already in FILE do not fail
  --write-baseline FILE  write every finding to FILE, a baseline for later runs
  --source-root DIR      the source tree: SARIF URIs relative to it, and where
                         sources are found when the tree moved (default: the
                         current directory)
options of run only:
  --report-dir DIR       where the processes write their reports (created; must
                         hold no reports yet). Default: a temporary directory,
                         removed afterwards
  -q, --quiet            print only the verdict line, not the table and reports

exit status: 0 no new finding; 66 new findings; run: CMD's status if it failed
without new findings (126 not executable, 127 not found, 128+N signal N);
2 usage or input errors.
)";

[[noreturn]] void usage_error(const std::string &msg) {
  llvm::errs() << "vigil: " << msg << "\n(vigil --help lists the commands and options)\n";
  std::exit(kUsage);
}

struct options {
  std::string format, output, fail_on = "all", baseline, write_baseline, source_root, report_dir;
  bool quiet = false;
  std::vector<std::string> positional;  // report: directories; run: CMD and its arguments
};

// Options come before the positional arguments; `--` ends them.
options parse(const std::vector<std::string> &args, bool run) {
  options o;
  size_t i = 0;
  auto value = [&](const std::string &a, const std::string &name, std::string &out) {
    if (a == name) {
      if (i + 1 >= args.size()) usage_error("option '" + name + "' needs a value");
      out = args[++i];
      return true;
    }
    if (llvm::StringRef(a).starts_with(name + "=")) {
      out = a.substr(name.size() + 1);
      return true;
    }
    return false;
  };
  // run: options end at the command; report: they may follow directories.
  for (; i < args.size(); i++) {
    const std::string &a = args[i];
    if (a == "--") {
      i++;
      break;
    }
    if (a.empty() || a[0] != '-') {
      if (run) break;
      o.positional.push_back(a);
      continue;
    }
    if (value(a, "--format", o.format) || value(a, "-o", o.output) || value(a, "--output", o.output) ||
        value(a, "--fail-on", o.fail_on) || value(a, "--baseline", o.baseline) ||
        value(a, "--write-baseline", o.write_baseline) || value(a, "--source-root", o.source_root))
      continue;
    if (run && value(a, "--report-dir", o.report_dir)) continue;
    if (run && (a == "-q" || a == "--quiet")) {
      o.quiet = true;
      continue;
    }
    usage_error("unknown option '" + a + "' for 'vigil " + (run ? "run" : "report") + "'");
  }
  for (; i < args.size(); i++) o.positional.push_back(args[i]);
  if (!o.format.empty() && o.format != "text" && o.format != "json" && o.format != "sarif" && o.format != "junit")
    usage_error("unknown format '" + o.format + "' (known: text, json, sarif, junit)");
  if (!o.output.empty() && o.format.empty() && run)
    usage_error("-o needs --format (text, json, sarif or junit)");
  return o;
}

std::set<std::string> fail_on_categories(const std::string &spec) {
  std::set<std::string> out;
  llvm::SmallVector<llvm::StringRef, 8> parts;
  llvm::StringRef(spec).split(parts, ',', -1, false);
  for (llvm::StringRef p : parts) {
    p = p.trim();
    if (p == "all") {
      for (const char *c : {"race", "leak", "deadlock", "lock-order", "misuse", "error"}) out.insert(c);
    } else if (p == "none") {
      // nothing gates
    } else if (is_category(p)) {
      out.insert(p.str());
    } else {
      usage_error("unknown kind '" + p.str() + "' in --fail-on (known: race, leak, deadlock, lock-order, misuse, "
                  "error, all, none)");
    }
  }
  if (parts.empty()) usage_error("--fail-on needs at least one kind (or 'none')");
  return out;
}

std::string absolute(const std::string &p) {
  llvm::SmallString<256> s(p);
  llvm::sys::fs::make_absolute(s);
  llvm::sys::path::remove_dots(s, true);
  return std::string(s);
}

std::string real_dir(const std::string &p) {
  llvm::SmallString<256> s;
  if (llvm::sys::fs::real_path(p, s)) return absolute(p);
  return std::string(s);
}

// Reads the directories, applies baseline and --fail-on, writes the
// outputs; returns the gate's verdict (true: new findings that fail).
struct merged {
  bool fail = false;
  bool input_error = false;
};

merged merge_and_write(const options &o, const std::vector<std::string> &dirs, run_info ri, bool run) {
  merged m;
  std::string root = real_dir(o.source_root.empty() ? "." : o.source_root);
  if (!o.source_root.empty() && !llvm::sys::fs::is_directory(o.source_root))
    usage_error("--source-root '" + o.source_root + "' is not a directory");
  store st(root);
  diagnostics diag;
  for (const std::string &d : dirs) st.load_dir(d, diag);
  ri.input_warnings = diag.warnings;
  std::set<std::string> known;
  if (!o.baseline.empty()) {
    std::string err;
    if (!read_baseline(o.baseline, known, err)) {
      llvm::errs() << "vigil: " << err << "\n";
      std::exit(kUsage);
    }
    st.mark_known(known);
  }
  st.set_fail_on(fail_on_categories(o.fail_on));
  std::vector<const finding *> fs = st.sorted();
  if (!o.write_baseline.empty()) {
    std::string err;
    if (!write_baseline(o.write_baseline, fs, err)) {
      llvm::errs() << "vigil: " << err << "\n";
      std::exit(kUsage);
    }
  }
  std::string format = o.format.empty() && !run ? "text" : o.format;
  if (!format.empty()) {
    std::error_code ec;
    std::unique_ptr<llvm::raw_fd_ostream> file;
    if (!o.output.empty()) {
      file = std::make_unique<llvm::raw_fd_ostream>(o.output, ec);
      if (ec) {
        llvm::errs() << "vigil: cannot write '" << o.output << "': " << ec.message() << "\n";
        std::exit(kUsage);
      }
    }
    llvm::raw_ostream &os = file ? static_cast<llvm::raw_ostream &>(*file) : llvm::outs();
    if (format == "text") write_text(os, st, fs, ri, text_detail::full);
    else if (format == "json") write_json(os, st, fs, ri);
    else if (format == "sarif") write_sarif(os, st, fs, ri);
    else write_junit(os, st, fs, ri);
    os.flush();
  }
  if (run) {
    // The people's view, on stderr beside the tests' own output.
    llvm::errs().flush();
    write_text(llvm::errs(), st, fs, ri, o.quiet ? text_detail::verdict : text_detail::full);
  } else if (format != "text" || !o.output.empty()) {
    write_text(llvm::errs(), st, fs, ri, text_detail::verdict);
  }
  if (!st.missing_sources().empty()) {
    const std::set<std::string> &m = st.missing_sources();
    llvm::errs() << "vigil: note: " << m.size() << " source file(s) of the findings' sites were not found (e.g. '"
                 << *m.begin() << "', looked for as reported and under " << root
                 << "): their fingerprints use columns instead of source lines and will not match fingerprints "
                    "made with the sources; run where the sources are, or pass --source-root\n";
  }
  if (run && st.processes().empty())
    llvm::errs() << "vigil: warning: no process ran under vigil's runtime: is the command's program built with "
                    "vigil-clang++ (or vigil_instrument() in CMake)?\n";
  for (const finding *f : fs) m.fail |= f->gating && !f->known;
  m.input_error = diag.fatal;
  return m;
}

// ---------------------------------------------------------------------------
// vigil run

pid_t g_child = -1;

void forward_signal(int sig) {
  if (g_child > 0) kill(g_child, sig);
}

// Runs argv with env; returns its status the way a shell reports it.
int run_command(const std::vector<std::string> &argv, const std::vector<std::string> &env) {
  std::vector<char *> cargv, cenv;
  for (const std::string &a : argv) cargv.push_back(const_cast<char *>(a.c_str()));
  cargv.push_back(nullptr);
  for (const std::string &e : env) cenv.push_back(const_cast<char *>(e.c_str()));
  cenv.push_back(nullptr);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    llvm::errs() << "vigil run: pipe: " << strerror(errno) << "\n";
    std::exit(kUsage);
  }
  // Like system(): the terminal's ^C and ^\ reach the command (same process
  // group); vigil waits for it and still reports. A SIGTERM or SIGHUP sent to
  // vigil alone is passed on.
  struct sigaction ign {}, fwd{}, old_int{}, old_quit{};
  ign.sa_handler = SIG_IGN;
  fwd.sa_handler = forward_signal;
  sigaction(SIGINT, &ign, &old_int);
  sigaction(SIGQUIT, &ign, &old_quit);
  sigaction(SIGTERM, &fwd, nullptr);
  sigaction(SIGHUP, &fwd, nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    llvm::errs() << "vigil run: fork: " << strerror(errno) << "\n";
    std::exit(kUsage);
  }
  if (pid == 0) {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGQUIT, &old_quit, nullptr);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    close(fds[0]);
    environ = cenv.data();
    execvp(cargv[0], cargv.data());
    int err = errno;
    (void)!write(fds[1], &err, sizeof err);
    _exit(127);
  }
  g_child = pid;
  close(fds[1]);
  int exec_errno = 0;
  ssize_t got;
  do got = read(fds[0], &exec_errno, sizeof exec_errno);
  while (got < 0 && errno == EINTR);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  g_child = -1;
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGQUIT, &old_quit, nullptr);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    llvm::errs() << "vigil run: cannot run '" << argv[0] << "': " << strerror(exec_errno) << "\n";
    return exec_errno == ENOENT ? 127 : 126;
  }
  if (WIFSIGNALED(status)) {
    llvm::errs() << "vigil run: '" << argv[0] << "' was killed by signal " << WTERMSIG(status) << " ("
                 << strsignal(WTERMSIG(status)) << ")\n";
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

bool has_reports(const std::string &dir) {
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (name.starts_with("vigil.") && name.ends_with(".jsonl")) return true;
  }
  return false;
}

int cmd_run(const std::vector<std::string> &args, const std::string &version) {
  options o = parse(args, true);
  if (o.positional.empty()) usage_error("vigil run needs a command: vigil run [OPTIONS] -- CMD [ARGS...]");
  bool temporary = o.report_dir.empty();
  std::string dir;
  if (temporary) {
    llvm::SmallString<128> tmp;
    llvm::sys::path::system_temp_directory(true, tmp);
    llvm::sys::path::append(tmp, "vigil-run.XXXXXX");
    std::string pattern(tmp);
    if (!mkdtemp(pattern.data())) {
      llvm::errs() << "vigil run: cannot create a report directory in '" << tmp << "': " << strerror(errno) << "\n";
      return kUsage;
    }
    dir = pattern;
  } else {
    dir = absolute(o.report_dir);
    if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
      llvm::errs() << "vigil run: cannot create the report directory '" << dir << "': " << ec.message() << "\n";
      return kUsage;
    }
    if (access(dir.c_str(), W_OK | X_OK) != 0) {
      llvm::errs() << "vigil run: the report directory '" << dir << "' is not writable: " << strerror(errno) << "\n";
      return kUsage;
    }
    if (has_reports(dir)) {
      llvm::errs() << "vigil run: the report directory '" << dir
                   << "' already holds reports (vigil.*.jsonl) of another run: remove them or choose another "
                      "directory (to merge runs, use `vigil report DIR...`)\n";
      return kUsage;
    }
  }
  if (dir.find(':') != std::string::npos) {
    llvm::errs() << "vigil run: the report directory '" << dir
                 << "' contains ':', which VIGIL_OPTIONS uses as its separator: choose another\n";
    return kUsage;
  }
  // Every process CMD starts inherits the environment: each writes its
  // reports into dir. Its own exit status stays its own (exitcode=0) so that
  // the gate is vigil's: a test fails for what it tests, the run for new
  // findings — unless the user chose an exitcode.
  std::vector<std::string> env;
  std::string user_opts;
  for (char **e = environ; *e; e++) {
    llvm::StringRef kv(*e);
    if (kv.consume_front("VIGIL_OPTIONS=")) user_opts = kv.str();
    else env.push_back(*e);
  }
  std::string opts = user_opts;
  llvm::SmallVector<llvm::StringRef, 8> kvs;
  llvm::StringRef(user_opts).split(kvs, ':', -1, false);
  bool user_exitcode = false;
  for (llvm::StringRef kv : kvs) {
    if (kv.starts_with("exitcode=")) user_exitcode = true;
    if (kv.starts_with("report_dir="))
      llvm::errs() << "vigil run: note: VIGIL_OPTIONS' " << kv << " is replaced by report_dir=" << dir << "\n";
  }
  if (!opts.empty()) opts += ":";
  opts += "report_dir=" + dir;
  if (!user_exitcode) opts += ":exitcode=0";
  env.push_back("VIGIL_OPTIONS=" + opts);

  run_info ri;
  ri.version = version;
  ri.command = o.positional;
  ri.command_status = run_command(o.positional, env);
  merged m = merge_and_write(o, {dir}, ri, true);
  if (temporary) {
    std::error_code ec;
    std::vector<std::string> files;
    for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
      files.push_back(it->path());
    for (const std::string &f : files) llvm::sys::fs::remove(f);
    llvm::sys::fs::remove(dir);
  } else if (!o.quiet) {
    llvm::errs() << "vigil: reports kept in " << dir << "\n";
  }
  if (m.input_error) return kUsage;
  if (m.fail) return kFindings;
  return ri.command_status;
}

int cmd_report(const std::vector<std::string> &args, const std::string &version) {
  options o = parse(args, false);
  if (o.positional.empty()) usage_error("vigil report needs at least one report directory");
  run_info ri;
  ri.version = version;
  merged m = merge_and_write(o, o.positional, ri, false);
  if (m.input_error) return kUsage;
  return m.fail ? kFindings : 0;
}

// ---------------------------------------------------------------------------
// vigil flags: the installed layout (bin/vigil, lib/vigil-plugin.so,
// include/vigil/) or the build tree's (build/bin, build/lib, the sources'
// runtime/include).
int cmd_flags(const std::vector<std::string> &args, const char *argv0) {
  std::string exe = llvm::sys::fs::getMainExecutable(argv0, reinterpret_cast<void *>(&cmd_flags));
  llvm::SmallString<256> prefix(llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
  llvm::SmallString<256> lib(prefix), inc(prefix);
  llvm::sys::path::append(lib, VIGIL_INSTALL_LIBDIR);
  llvm::sys::path::append(inc, VIGIL_INSTALL_INCLUDEDIR);
  llvm::SmallString<256> probe(inc);
  llvm::sys::path::append(probe, "vigil", "vigil.h");
  std::string incdir = llvm::sys::fs::exists(probe) ? std::string(inc) : std::string(VIGIL_SOURCE_INCLUDEDIR);
  llvm::SmallString<256> plugin(lib);
  llvm::sys::path::append(plugin, "vigil-plugin.so");
  if (!llvm::sys::fs::exists(plugin)) {
    lib = prefix;
    llvm::sys::path::append(lib, "lib");
    plugin = lib;
    llvm::sys::path::append(plugin, "vigil-plugin.so");
  }
  if (!llvm::sys::fs::exists(plugin)) {
    llvm::errs() << "vigil flags: vigil-plugin.so not found next to " << exe << " (looked in " << lib << ")\n";
    return kUsage;
  }
  if (args.size() != 1) usage_error("vigil flags takes one of --cxxflags, --ldflags");
  if (args[0] == "--cxxflags") {
    llvm::outs() << "-fplugin=" << plugin << " -g -fno-omit-frame-pointer -I" << incdir << "\n";
  } else if (args[0] == "--ldflags") {
    llvm::outs() << "-L" << lib << " -Wl,-rpath," << lib
                 << " -lvigil_detect -Wl,--push-state,--as-needed -lvigil -Wl,--pop-state -pthread\n";
  } else {
    usage_error("unknown option '" + args[0] + "' for 'vigil flags' (known: --cxxflags, --ldflags)");
  }
  return 0;
}

}  // namespace
}  // namespace vigil::tool

int main(int argc, char **argv) {
  using namespace vigil::tool;
  std::string version = VIGIL_VERSION;
  if (argc < 2) usage_error("a command is needed: run, report or flags");
  std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    llvm::outs() << kUsageText;
    return 0;
  }
  if (cmd == "--version") {
    llvm::outs() << "vigil " << version << " (LLVM " << LLVM_VERSION_STRING << ")\n";
    return 0;
  }
  if (cmd == "run") return cmd_run(args, version);
  if (cmd == "report") return cmd_report(args, version);
  if (cmd == "flags") return cmd_flags(args, argv[0]);
  usage_error("unknown command '" + cmd + "' (known: run, report, flags, --version, --help)");
}
