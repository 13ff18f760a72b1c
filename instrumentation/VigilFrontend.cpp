//===- VigilFrontend.cpp - the Clang plugin half of vigil -----------------===//
//
// The frontend action behind `clang++-19 -fplugin=vigil-plugin.so`: parses the
// plugin arguments, refuses to combine with TSan/ASan/MSan, registers the
// passes with CodeGenOptions::PassBuilderCallbacks, and reads from the AST what
// the IR cannot show.
//
// Without -fsanitize=thread, __attribute__((no_sanitize("thread"))) leaves no
// trace in IR, and IR does not know which header a function came from. So an
// AST consumer that runs before code generation (AddBeforeMainAction) visits
// every function definition (member functions, lambdas, template
// instantiations included) at the end of the translation unit and records,
// under every mangled name the definition is emitted as, why it must not be
// instrumented: no_sanitize("thread"), defined under .../include/vigil/, or
// matched by a src: entry of the ignorelist. VigilMarkPass (PipelineStart)
// turns that record into the IR attribute "vigil-skip" and !nosanitize on the
// function's instructions. The record is complete before the pipeline runs:
// the backend runs inside code generation's HandleTranslationUnit, after ours.
//
//===----------------------------------------------------------------------===//

#include "VigilPass.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Sanitizers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/SpecialCaseList.h"

#include <optional>

using namespace clang;

namespace vigil {
namespace {

constexpr char kUsage[] = "valid arguments: -fplugin-arg-vigil-ignorelist=FILE, "
                          "-fplugin-arg-vigil-stats, -fplugin-arg-vigil-no-elim";

void reportError(DiagnosticsEngine &Diags, llvm::StringRef Message) {
  unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "vigil: %0");
  Diags.Report(ID) << Message;
}

bool hasNoSanitizeThread(const FunctionDecl *FD) {
  auto Check = [](const FunctionDecl *D) {
    for (const FunctionDecl *R : D->redecls())
      for (const auto *A : R->specific_attrs<NoSanitizeAttr>())
        if (A->getMask() & SanitizerKind::Thread)
          return true;
    return false;
  };
  if (Check(FD))
    return true;
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    return Check(Pattern);
  return false;
}

// Walks every function definition of the translation unit.
class MarkCollector : public RecursiveASTVisitor<MarkCollector> {
public:
  MarkCollector(ASTContext &Ctx, const llvm::SpecialCaseList *Ignorelist,
                FunctionMarks &Marks, VigilStats &Stats)
      : SM(Ctx.getSourceManager()), Names(Ctx), Ignorelist(Ignorelist),
        Marks(Marks), Stats(Stats) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  // Lambda classes (and their call operators) are implicit code.
  bool shouldVisitImplicitCode() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    // Only definitions that can be emitted have IR names.
    if (!FD->isThisDeclarationADefinition() || FD->isDependentContext() ||
        FD->isInvalidDecl() || FD->isDeleted() || FD->isConsteval() ||
        isa<CXXDeductionGuideDecl>(FD))
      return true;
    std::optional<SkipReason> Reason;
    if (fileFlags(FD->getLocation()).VigilHeader) {
      Reason = SkipReason::VigilHeader;
      ++Stats.AstVigilHeader;
    } else if (hasNoSanitizeThread(FD)) {
      Reason = SkipReason::NoSanitize;
      ++Stats.AstNoSanitize;
    } else if (fileFlags(FD->getLocation()).Ignorelisted) {
      Reason = SkipReason::Ignorelist;
      ++Stats.AstIgnorelist;
    } else {
      return true;
    }
    // Constructors and destructors have several variants, virtual methods
    // thunks; getName() alone gives one of them.
    std::vector<std::string> All = Names.getAllManglings(FD);
    All.push_back(Names.getName(FD));
    for (const std::string &Name : All)
      if (!Name.empty())
        Marks.Functions.try_emplace(Name, *Reason);
    return true;
  }

private:
  struct FileFlags {
    bool VigilHeader = false;
    bool Ignorelisted = false; // src: in the ignorelist
  };

  FileFlags fileFlags(SourceLocation Loc) {
    if (Loc.isInvalid())
      return {};
    FileID FID = SM.getFileID(SM.getExpansionLoc(Loc));
    if (auto It = Files.find(FID); It != Files.end())
      return It->second;
    llvm::SmallVector<llvm::StringRef, 2> Paths;
    if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID)) {
      Paths.push_back(FE->getName());
      // The real path sees through -I. and symlinks.
      llvm::StringRef Real = FE->getFileEntry().tryGetRealPathName();
      if (!Real.empty())
        Paths.push_back(Real);
    }
    FileFlags Flags;
    for (llvm::StringRef P : Paths) {
      Flags.VigilHeader |= isVigilHeaderPath(P);
      if (Ignorelist)
        Flags.Ignorelisted |= Ignorelist->inSection("vigil", "src", P) ||
                              Ignorelist->inSection("thread", "src", P);
    }
    Files[FID] = Flags;
    return Flags;
  }

  SourceManager &SM;
  ASTNameGenerator Names;
  const llvm::SpecialCaseList *Ignorelist;
  FunctionMarks &Marks;
  VigilStats &Stats;
  llvm::DenseMap<FileID, FileFlags> Files;
};

class VigilConsumer : public ASTConsumer {
public:
  VigilConsumer(VigilOptions Opts, std::shared_ptr<FunctionMarks> Marks)
      : Opts(std::move(Opts)), Marks(std::move(Marks)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    MarkCollector(Ctx, Opts.Ignorelist.get(), *Marks, *Opts.Stats)
        .TraverseDecl(Ctx.getTranslationUnitDecl());
  }

private:
  VigilOptions Opts;
  std::shared_ptr<FunctionMarks> Marks;
};

class VigilAction : public PluginASTAction {
protected:
  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    const SanitizerSet &San = CI.getLangOpts().Sanitize;
    if (San.hasOneOf(SanitizerKind::Thread | SanitizerKind::Address |
                     SanitizerKind::KernelAddress | SanitizerKind::HWAddress |
                     SanitizerKind::KernelHWAddress | SanitizerKind::Memory |
                     SanitizerKind::KernelMemory)) {
      const char *Which = San.has(SanitizerKind::Thread)   ? "thread"
                          : San.has(SanitizerKind::Memory) ? "memory"
                                                           : "address";
      reportError(Diags,
                  std::string("the vigil plugin cannot be combined with "
                              "-fsanitize=") +
                      Which +
                      " (one race detector and one shadow memory per "
                      "process); drop one of them");
      return false;
    }
    std::vector<std::string> Ignorelists;
    for (const std::string &Arg : Args) {
      llvm::StringRef A(Arg);
      if (A == "stats") {
        Opts.PrintStats = true;
      } else if (A == "no-elim") {
        Opts.Eliminate = false;
      } else if (A.consume_front("ignorelist=")) {
        if (A.empty()) {
          reportError(Diags, "-fplugin-arg-vigil-ignorelist= needs a file name");
          return false;
        }
        Ignorelists.push_back(A.str());
      } else {
        reportError(Diags, "unknown plugin argument '-fplugin-arg-vigil-" +
                               Arg + "'; " + kUsage);
        return false;
      }
    }
    if (!Ignorelists.empty()) {
      std::string Error;
      std::unique_ptr<llvm::SpecialCaseList> SCL =
          loadIgnorelist(Ignorelists, Error);
      if (!SCL) {
        reportError(Diags, Error);
        return false;
      }
      Opts.Ignorelist = std::move(SCL);
    }
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    // Code can tell it is built for vigil: __VIGIL__ is predefined (the
    // predefines buffer is read when the main file is entered, after this).
    // vigil does not pretend to be ThreadSanitizer: __SANITIZE_THREAD__ and
    // __has_feature(thread_sanitizer) stay off, so code keeps the paths it
    // ships with (docs/instrumentation.md, "Code that adapts to TSan").
    if (CI.hasPreprocessor()) {
      Preprocessor &PP = CI.getPreprocessor();
      PP.setPredefines(PP.getPredefines() + "#define __VIGIL__ 1\n");
    }
    auto Marks = std::make_shared<FunctionMarks>();
    VigilOptions PassOpts = Opts;
    PassOpts.Marks = Marks;
    PassOpts.Stats = std::make_shared<VigilStats>();
    CI.getCodeGenOpts().PassBuilderCallbacks.push_back(
        [PassOpts](llvm::PassBuilder &PB) {
          registerVigilPipeline(PB, PassOpts);
        });
    return std::make_unique<VigilConsumer>(PassOpts, Marks);
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  VigilOptions Opts;
};

} // namespace
} // namespace vigil

static FrontendPluginRegistry::Add<vigil::VigilAction>
    X("vigil", "vigil data-race instrumentation");
