//===- VigilPass.h - vigil's data-race instrumentation pass -----*- C++ -*-===//
//
// The public face of the pass: its options, its counters and the two module
// passes. All logic lives in VigilPass.cpp; the Clang frontend part
// (VigilFrontend.cpp) and the pass-plugin entry point (PassPluginInfo.cpp)
// only build a VigilOptions and call registerVigilPasses().
//
// Two passes cooperate:
//   vigil-mark  (PipelineStart)  turns "do not instrument" decisions into IR:
//               the function attribute "vigil-skip", noinline (unless
//               always_inline), and !nosanitize on the function's memory
//               instructions for copies that are inlined anyway.
//   vigil       (OptimizerLast)  inserts the calls into the runtime
//               (runtime/include/vigil/abi.def).
//
//===----------------------------------------------------------------------===//

#ifndef VIGIL_INSTRUMENTATION_VIGILPASS_H
#define VIGIL_INSTRUMENTATION_VIGILPASS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/PassManager.h"

#include <cstdint>
#include <memory>
#include <string>

namespace llvm {
class PassBuilder;
class SpecialCaseList;
class raw_ostream;
} // namespace llvm

namespace vigil {

// Why a whole function is left alone. Plain accesses, memory intrinsics,
// vtable-pointer accesses and entry/exit are skipped for every reason; atomics
// are still instrumented for NoSanitize and Ignorelist (as TSan does: the
// runtime must see every synchronization), but not in vigil's own headers
// (the library's internal atomics must stay invisible, DESIGN §1).
enum class SkipReason : uint8_t {
  NoSanitize, // __attribute__((no_sanitize("thread"))) in the source
  Ignorelist, // matched by -fplugin-arg-vigil-ignorelist=FILE
  VigilHeader // defined in a file under .../include/vigil/
};

// Decisions the Clang frontend took from the AST, keyed by the IR (mangled)
// name of every function the decl is emitted as (all ctor/dtor variants,
// thunks).
struct FunctionMarks {
  llvm::StringMap<SkipReason> Functions;
};

// The pass's own counters (Debian's LLVM is built without STATISTIC).
// X(Name, description)
#define VIGIL_COUNTERS(X)                                                      \
  X(PlainAccessesSeen, "plain loads and stores considered for a check")       \
  X(PlainChecksEmitted, "checks emitted for them: one per access, one per loop range") \
  X(ReadsAligned, "aligned 1/2/4/8/16-byte reads instrumented")                \
  X(ReadsUnaligned, "unaligned 2/4/8/16-byte reads instrumented")              \
  X(ReadsRange, "reads of other sizes instrumented as ranges")                 \
  X(WritesAligned, "aligned 1/2/4/8/16-byte writes instrumented")              \
  X(WritesUnaligned, "unaligned 2/4/8/16-byte writes instrumented")            \
  X(WritesRange, "writes of other sizes instrumented as ranges")               \
  X(VolatileAccesses, "of those, volatile accesses")                           \
  X(VptrReads, "vtable-pointer reads instrumented")                            \
  X(VptrUpdates, "vtable-pointer updates instrumented")                        \
  X(AtomicLoads, "atomic loads replaced")                                      \
  X(AtomicStores, "atomic stores replaced")                                    \
  X(AtomicRMWs, "atomicrmw replaced by a runtime call")                        \
  X(AtomicRMWsExpanded, "atomicrmw expanded into a compare-exchange loop")     \
  X(AtomicCmpXchgs, "cmpxchg replaced")                                        \
  X(ThreadFences, "thread fences replaced")                                    \
  X(SignalFences, "signal fences replaced")                                    \
  X(MemCpys, "memcpy intrinsics replaced")                                     \
  X(MemMoves, "memmove intrinsics replaced")                                   \
  X(MemSets, "memset intrinsics replaced")                                     \
  X(FuncsEntryExit, "functions given entry/exit hooks")                        \
  X(SetjmpRestores, "setjmp-like calls followed by a shadow stack restore")     \
  X(FuncsNoEntryExit, "functions without calls or accesses: no entry/exit")    \
  X(SkipNonEscapingAlloca, "skipped: accesses to non-escaping allocas")         \
  X(SkipConstantGlobal, "skipped: accesses to constant globals")               \
  X(SkipVtableSlotRead, "skipped: reads of vtable slots")                      \
  X(SkipInternalGlobal, "skipped: accesses to llvm.* or profiling globals")    \
  X(SkipReadBeforeWrite, "skipped: reads covered by a later write in the block") \
  X(SkipRedundant, "removed: re-checks of bytes a dominating check covered")   \
  X(MergedIntoLoopRange, "removed: per-iteration checks merged into a loop's range check") \
  X(LoopRangeChecks, "range checks emitted before loops")                      \
  X(MergedAdjacent, "removed: neighbouring accesses merged into one range check") \
  X(AdjacentRangeChecks, "range checks emitted for neighbouring accesses")      \
  X(SkipAddrSpace, "skipped: accesses outside address space 0")                \
  X(SkipSwiftError, "skipped: swifterror accesses")                            \
  X(SkipAtomicSize, "skipped: atomics wider than 16 bytes")                    \
  X(SkipNoSanitizeMD, "skipped: instructions with !nosanitize")                \
  X(SkipVigilHeaderInsts, "skipped: instructions inlined from vigil's headers") \
  X(SkipPlainInSkippedFunc, "skipped: plain accesses in no_sanitize/ignorelisted functions") \
  X(FuncsSkipNaked, "skipped functions: naked")                                \
  X(FuncsSkipDisabled, "skipped functions: disable_sanitizer_instrumentation") \
  X(FuncsSkipVigilHeader, "skipped functions: defined in vigil's headers")     \
  X(FuncsSkipNoSanitize, "functions with no_sanitize(\"thread\"): atomics only") \
  X(FuncsSkipIgnorelist, "functions in the ignorelist: atomics only")          \
  X(MarkedFuncs, "functions marked at pipeline start")                         \
  X(MarkedNoInline, "of those, made noinline (not inlined into checked code)") \
  X(MarkedInsts, "instructions given !nosanitize at pipeline start")           \
  X(AstNoSanitize, "AST: functions with no_sanitize(\"thread\")")               \
  X(AstIgnorelist, "AST: functions matched by src: in the ignorelist")          \
  X(AstVigilHeader, "AST: functions defined in vigil's headers")               \
  X(ModulesAlreadyInstrumented, "modules skipped: already instrumented")

struct VigilStats {
#define VIGIL_COUNTER_FIELD(Name, Desc) uint64_t Name = 0;
  VIGIL_COUNTERS(VIGIL_COUNTER_FIELD)
#undef VIGIL_COUNTER_FIELD

  // Prints every counter, zeros included, one per line, LLVM -stats style.
  void print(llvm::raw_ostream &OS, llvm::StringRef ModuleName) const;
};

struct VigilOptions {
  // -fplugin-arg-vigil-ignorelist / vigil<ignorelist=FILE>; may be null.
  std::shared_ptr<const llvm::SpecialCaseList> Ignorelist;
  // Filled by the frontend's AST scan before the pipeline runs; may be null
  // (opt, -fpass-plugin).
  std::shared_ptr<const FunctionMarks> Marks;
  // Shared by the passes of one compilation so one report covers both; null:
  // each pass counts on its own.
  std::shared_ptr<VigilStats> Stats;
  // Print the counters to stderr after instrumenting a module.
  bool PrintStats = false;
  // Leave out checks another check makes redundant (reads covered by a later
  // write of their stretch, re-checks of bytes a dominating check covered
  // with no synchronization between). Off: every access is checked
  // (-fplugin-arg-vigil-no-elim), to compare verdicts both ways.
  bool Eliminate = true;
};

// Loads an ignorelist in sanitizer special-case-list syntax. Besides the
// syntax errors SpecialCaseList reports, an entry kind vigil does not know
// (e.g. "func:") is an error, so a typo never silently ignores nothing.
// Returns null and sets Error on failure.
std::unique_ptr<llvm::SpecialCaseList>
loadIgnorelist(llvm::ArrayRef<std::string> Paths, std::string &Error);

// True for a path under a directory whose path ends in include/vigil/.
bool isVigilHeaderPath(llvm::StringRef Path);

class VigilMarkPass : public llvm::PassInfoMixin<VigilMarkPass> {
public:
  explicit VigilMarkPass(VigilOptions Opts) : Opts(std::move(Opts)) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  VigilOptions Opts;
};

class VigilPass : public llvm::PassInfoMixin<VigilPass> {
public:
  explicit VigilPass(VigilOptions Opts) : Opts(std::move(Opts)) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  // Required: otherwise -O0 (optnone) code would be silently skipped.
  static bool isRequired() { return true; }

private:
  VigilOptions Opts;
};

// Adds vigil-mark at PipelineStart and vigil at OptimizerLast (every -O
// level, -O0 included).
void registerVigilPipeline(llvm::PassBuilder &PB, const VigilOptions &Opts);

// Everything a pass plugin registers: the pipeline above with default
// options plus the textual names "vigil", "vigil<stats;ignorelist=FILE>" and
// "vigil-mark<...>" for opt.
void registerVigilPassPlugin(llvm::PassBuilder &PB);

} // namespace vigil

#endif // VIGIL_INSTRUMENTATION_VIGILPASS_H
