//===- VigilPass.cpp - vigil's data-race instrumentation ------------------===//
//
// The instrumentation pass: every memory access, atomic, fence and memory
// intrinsic a function performs becomes a call into the runtime, declared
// from runtime/include/vigil/abi.def (the only place a callee name exists).
//
// Modelled on LLVM's ThreadSanitizer pass: plain accesses get a check call in
// front of them (the access itself stays); atomics, fences and memory
// intrinsics are *replaced* by a runtime call that performs the operation, so
// the runtime sees the value and the order of every synchronizing operation;
// functions with calls or instrumented accesses get func_entry/func_exit (the
// shadow call stack), including on exception paths. Each elision is guarded by
// a one-line reason and counted in VigilStats.
//
// Functions the user excluded (no_sanitize("thread"), the ignorelist) keep
// their atomics instrumented, like TSan, so the runtime's view of
// synchronization stays complete; functions in vigil's headers and functions
// with disable_sanitizer_instrumentation are left entirely alone. VigilMarkPass
// runs at pipeline start to make those decisions survive inlining.
//
//===----------------------------------------------------------------------===//

#include "VigilPass.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SpecialCaseList.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Instrumentation.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/EscapeEnumerator.h"
#include "llvm/Transforms/Utils/LowerAtomic.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <cstdlib>
#include <optional>

using namespace llvm;

namespace vigil {
namespace {

constexpr char kCtorName[] = "vigil.module_ctor";
// Function attribute set by VigilMarkPass; its value is the reason.
constexpr char kSkipAttr[] = "vigil-skip";
constexpr char kSkipNoSanitize[] = "no_sanitize";
constexpr char kSkipIgnorelist[] = "ignorelist";
constexpr char kSkipVigilHeader[] = "vigil-header";

// One index per runtime entry point in abi.def.
enum AbiIndex : unsigned {
#define VIGIL_ABI(Ret, Name, Params) Abi_##Name,
#include "vigil/abi.def"
#undef VIGIL_ABI
  AbiCount
};

constexpr const char *AbiNames[AbiCount] = {
#define VIGIL_ABI(Ret, Name, Params) "__vigil_" #Name,
#include "vigil/abi.def"
#undef VIGIL_ABI
};

// Byte offsets of the owner fields the inline shadow call stack uses.
#define VIGIL_ABI(Ret, Name, Params)
#define VIGIL_ABI_OWNER_FIELD(Name, Type, Offset) constexpr uint64_t kOwner_##Name = Offset;
#include "vigil/abi.def"
#undef VIGIL_ABI_OWNER_FIELD
#undef VIGIL_ABI
constexpr char kTlsOwnerName[] = "__vigil_tls_owner";

// Plain accesses by log2(size); 1-byte accesses are always aligned.
constexpr unsigned kNumSizes = 5; // 1, 2, 4, 8, 16 bytes
constexpr AbiIndex ReadFns[kNumSizes] = {Abi_read1, Abi_read2, Abi_read4,
                                         Abi_read8, Abi_read16};
constexpr AbiIndex WriteFns[kNumSizes] = {Abi_write1, Abi_write2, Abi_write4,
                                          Abi_write8, Abi_write16};
constexpr AbiIndex UnalignedReadFns[kNumSizes] = {
    Abi_read1, Abi_unaligned_read2, Abi_unaligned_read4, Abi_unaligned_read8,
    Abi_unaligned_read16};
constexpr AbiIndex UnalignedWriteFns[kNumSizes] = {
    Abi_write1, Abi_unaligned_write2, Abi_unaligned_write4,
    Abi_unaligned_write8, Abi_unaligned_write16};

struct AtomicFns {
  AbiIndex Load, Store, Exchange, FetchAdd, FetchSub, FetchAnd, FetchOr,
      FetchXor, FetchNand, CompareExchangeVal;
};
#define VIGIL_ATOMIC_ROW(Bits)                                                 \
  {Abi_atomic##Bits##_load,      Abi_atomic##Bits##_store,                     \
   Abi_atomic##Bits##_exchange,  Abi_atomic##Bits##_fetch_add,                 \
   Abi_atomic##Bits##_fetch_sub, Abi_atomic##Bits##_fetch_and,                 \
   Abi_atomic##Bits##_fetch_or,  Abi_atomic##Bits##_fetch_xor,                 \
   Abi_atomic##Bits##_fetch_nand, Abi_atomic##Bits##_compare_exchange_val}
constexpr AtomicFns AtomicFnsBySize[kNumSizes] = {
    VIGIL_ATOMIC_ROW(8), VIGIL_ATOMIC_ROW(16), VIGIL_ATOMIC_ROW(32),
    VIGIL_ATOMIC_ROW(64), VIGIL_ATOMIC_ROW(128)};
#undef VIGIL_ATOMIC_ROW

// log2 of a 1/2/4/8/16-byte size, or -1.
int sizeIndex(uint64_t Bytes) {
  switch (Bytes) {
  case 1: return 0;
  case 2: return 1;
  case 4: return 2;
  case 8: return 3;
  case 16: return 4;
  default: return -1;
  }
}

// std::memory_order values, as abi.def specifies.
int cxxMemoryOrder(AtomicOrdering O) {
  switch (O) {
  case AtomicOrdering::NotAtomic:
  case AtomicOrdering::Unordered:
  case AtomicOrdering::Monotonic: return 0;
  case AtomicOrdering::Acquire: return 2;
  case AtomicOrdering::Release: return 3;
  case AtomicOrdering::AcquireRelease: return 4;
  case AtomicOrdering::SequentiallyConsistent: return 5;
  }
  llvm_unreachable("unknown atomic ordering");
}

bool isAtomicAccess(const Instruction &I) {
  if (auto *LI = dyn_cast<LoadInst>(&I))
    return LI->isAtomic();
  if (auto *SI = dyn_cast<StoreInst>(&I))
    return SI->isAtomic();
  return isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I) ||
         isa<FenceInst>(I);
}

bool isMemoryCandidate(const Instruction &I) {
  return isa<LoadInst>(I) || isa<StoreInst>(I) || isa<AtomicRMWInst>(I) ||
         isa<AtomicCmpXchgInst>(I) || isa<FenceInst>(I) ||
         isa<MemIntrinsic>(I);
}

// Is V (a stored value) an address point of a C++ vtable (_ZTV...)?
bool isVtableAddress(const Value *V) {
  V = V->stripPointerCasts();
  if (auto *CE = dyn_cast<ConstantExpr>(V); CE && CE->getOpcode() == Instruction::GetElementPtr)
    V = CE->getOperand(0)->stripPointerCasts();
  else if (auto *GEP = dyn_cast<GEPOperator>(V))
    V = GEP->getPointerOperand()->stripPointerCasts();
  auto *GV = dyn_cast<GlobalVariable>(V);
  return GV && GV->getName().starts_with("_ZTV");
}

bool isVtableAccess(const Instruction *I) {
  if (MDNode *Tag = I->getMetadata(LLVMContext::MD_tbaa))
    return Tag->isTBAAVtableAccess();
  // Without TBAA (-O0), constructors and destructors still store a vtable
  // address point into the object: that store is the vptr update.
  if (auto *SI = dyn_cast<StoreInst>(I))
    return isVtableAddress(SI->getValueOperand());
  return false;
}

bool inIgnorelistSection(const SpecialCaseList &SCL, StringRef Prefix,
                         StringRef Query) {
  // [vigil] sections are ours; [thread] sections let a TSan ignorelist work
  // unchanged. Entries outside any section apply to both.
  return SCL.inSection("vigil", Prefix, Query) ||
         SCL.inSection("thread", Prefix, Query);
}

std::string joinPath(StringRef Dir, StringRef File) {
  if (Dir.empty() || File.starts_with("/"))
    return File.str();
  return (Dir + "/" + File).str();
}

bool isFunctionIgnorelisted(const SpecialCaseList *SCL, const Function &F) {
  if (!SCL)
    return false;
  StringRef Name = F.getName();
  if (inIgnorelistSection(*SCL, "fun", Name))
    return true;
  // Also the demangled forms, "ns::f(int)" and "ns::f", so entries need not be
  // written mangled.
  std::string Demangled = demangle(Name);
  if (Demangled != Name && inIgnorelistSection(*SCL, "fun", Demangled))
    return true;
  // The demangler's nodes point into the mangled string: keep it alive.
  std::string Mangled = Name.str();
  ItaniumPartialDemangler D;
  if (!D.partialDemangle(Mangled.c_str())) {
    if (char *Base = D.getFunctionName(nullptr, nullptr)) {
      bool Match = inIgnorelistSection(*SCL, "fun", Base);
      std::free(Base);
      if (Match)
        return true;
    }
  }
  StringRef MainFile = F.getParent()->getSourceFileName();
  if (inIgnorelistSection(*SCL, "src", MainFile) ||
      inIgnorelistSection(*SCL, "mainfile", MainFile))
    return true;
  if (const DISubprogram *SP = F.getSubprogram())
    if (inIgnorelistSection(*SCL, "src",
                            joinPath(SP->getDirectory(), SP->getFilename())))
      return true;
  return false;
}

bool isVigilHeaderFile(const DIFile *File) {
  return File &&
         isVigilHeaderPath(joinPath(File->getDirectory(), File->getFilename()));
}

// The toolchain's and the system's headers (libstdc++, libc, compiler
// builtins): code from them belongs to whoever inlined it.
bool isSystemHeaderPath(StringRef Path) {
  return Path.starts_with("/usr/include/") || Path.starts_with("/usr/lib/gcc/") ||
         Path.starts_with("/usr/lib/llvm-") || Path.starts_with("/usr/local/include/");
}

// Whose code an access is, from debug info: vigil's library (its headers) or
// the program's. Walking the inline chain from the innermost location out,
// system headers are passed over (std::atomic's fetch_sub inlined into the
// library's chan_unref is the library's; std::vector's push_back inlined
// into a task's body is the program's), and the first other file decides.
class HeaderCache {
public:
  enum class Owner { Library, Program, Unknown };

  Owner ownerOf(const DILocation *Loc) {
    for (; Loc; Loc = Loc->getInlinedAt()) {
      switch (kindOf(Loc->getFile())) {
      case Kind::Vigil:
        return Owner::Library;
      case Kind::Program:
        return Owner::Program;
      case Kind::System:
        break;
      }
    }
    return Owner::Unknown;
  }

private:
  enum class Kind { Vigil, System, Program };
  Kind kindOf(const DIFile *File) {
    if (!File)
      return Kind::System;
    auto [It, New] = Cache.try_emplace(File, Kind::Program);
    if (New) {
      std::string Path = joinPath(File->getDirectory(), File->getFilename());
      if (isVigilHeaderPath(Path))
        It->second = Kind::Vigil;
      else if (isSystemHeaderPath(Path))
        It->second = Kind::System;
    }
    return It->second;
  }
  DenseMap<const DIFile *, Kind> Cache;
};

// What the user asked for a function, from its IR.
struct FunctionPolicy {
  bool Skip = false;  // leave the function alone entirely
  bool Plain = true;  // instrument plain accesses, memintrinsics, entry/exit
  // A function of vigil's headers: its own accesses carry !nosanitize (the
  // mark pass); only user code inlined into it (a task's body inlined into
  // the trampoline that runs it) is checked, and it gets no shadow frame.
  bool Library = false;
};

FunctionPolicy decidePolicy(const Function &F, const VigilOptions &Opts,
                            VigilStats &S) {
  FunctionPolicy P;
  if (F.hasFnAttribute(Attribute::Naked)) {
    // Naked functions are assembly without a frame: nothing to insert into.
    ++S.FuncsSkipNaked;
    P.Skip = true;
    return P;
  }
  if (F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation)) {
    // The attribute's contract: no sanitizer instrumentation at all.
    ++S.FuncsSkipDisabled;
    P.Skip = true;
    return P;
  }
  StringRef Reason = F.getFnAttribute(kSkipAttr).getValueAsString();
  if (Reason == kSkipVigilHeader ||
      (Reason.empty() && isVigilHeaderFile(F.getSubprogram()
                                               ? F.getSubprogram()->getFile()
                                               : nullptr))) {
    // The library synchronizes internally with raw atomics; only the events
    // it announces may create happens-before edges.
    ++S.FuncsSkipVigilHeader;
    P.Library = true;
    return P;
  }
  if (Reason == kSkipNoSanitize) {
    // no_sanitize("thread"): like TSan, atomics keep the runtime informed.
    ++S.FuncsSkipNoSanitize;
    P.Plain = false;
  } else if (Reason == kSkipIgnorelist ||
             isFunctionIgnorelisted(Opts.Ignorelist.get(), F)) {
    ++S.FuncsSkipIgnorelist;
    P.Plain = false;
  }
  return P;
}

class Instrumenter {
public:
  Instrumenter(Module &M, const VigilOptions &Opts, VigilStats &S,
               FunctionAnalysisManager &FAM)
      : M(M), Opts(Opts), S(S), FAM(FAM), DL(M.getDataLayout()),
        Ctx(M.getContext()), IntptrTy(DL.getIntPtrType(Ctx)),
        PtrTy(PointerType::get(Ctx, 0)) {
    declareRuntime();
  }

  bool instrumentFunction(Function &F);
  void createModuleCtor();

private:
  void declareRuntime();
  void chooseAccesses(SmallVectorImpl<Instruction *> &Local,
                      SmallVectorImpl<Instruction *> &Chosen);
  void countSyncPoints(Function &F);
  unsigned syncPoints(const BasicBlock *BB) const {
    auto It = SyncCount.find(BB);
    return It == SyncCount.end() ? 0u : It->second;
  }
  void removeRedundant(Function &F, SmallVectorImpl<Instruction *> &Plain);
  bool regionIsClean(const BasicBlock *D, const BasicBlock *X);
  bool coalesceLoops(Function &F, SmallVectorImpl<Instruction *> &Plain);
  bool coalesceAdjacent(Function &F, SmallVectorImpl<Instruction *> &Plain);
  bool shouldInstrumentAddress(Instruction *I, Value *Addr, bool IsWrite);
  bool isNonEscapingAlloca(const Value *Obj);
  void instrumentLoadOrStore(Instruction *I);
  bool instrumentAtomic(Instruction *I);
  void expandAtomicRMW(AtomicRMWInst *RMW, const AtomicFns &Fns,
                       IntegerType *ITy);
  bool instrumentMemIntrinsic(MemIntrinsic *MI);
  void insertEntryExit(Function &F);

  Value *toInt(IRBuilder<> &IRB, Value *V, IntegerType *ITy) {
    if (V->getType() == ITy)
      return V;
    if (V->getType()->isPointerTy())
      return IRB.CreatePtrToInt(V, ITy);
    return IRB.CreateBitCast(V, ITy);
  }
  Value *fromInt(IRBuilder<> &IRB, Value *V, Type *Ty) {
    if (V->getType() == Ty)
      return V;
    if (Ty->isPointerTy())
      return IRB.CreateIntToPtr(V, Ty);
    return IRB.CreateBitCast(V, Ty);
  }
  Value *order(IRBuilder<> &IRB, AtomicOrdering O) {
    return IRB.getInt32(cxxMemoryOrder(O));
  }
  CallInst *call(IRBuilder<> &IRB, AbiIndex Fn, ArrayRef<Value *> Args) {
    return IRB.CreateCall(Callees[Fn], Args);
  }

  Module &M;
  const VigilOptions &Opts;
  VigilStats &S;
  FunctionAnalysisManager &FAM; // dominators, loops and SCEV for elimination
  const DataLayout &DL;
  LLVMContext &Ctx;
  Type *IntptrTy;
  PointerType *PtrTy;
  FunctionCallee Callees[AbiCount];
  GlobalVariable *TlsOwner = nullptr;  // __vigil_tls_owner (abi.def)
  DenseMap<const Value *, bool> AllocaEscapes;
  // For the function being instrumented: the sync points of each block
  // that has any (countSyncPoints), and regionIsClean's answers.
  DenseMap<const BasicBlock *, unsigned> SyncCount;
  DenseMap<std::pair<const BasicBlock *, const BasicBlock *>, bool> CleanRegions;
  HeaderCache Headers;
};

void Instrumenter::declareRuntime() {
  // The type tokens of abi.def, as local names so the X-macro can use them.
  Type *void_t = Type::getVoidTy(Ctx);
  Type *ptr_t = PtrTy;
  Type *size_t_ = IntptrTy;
  Type *i8_t = Type::getInt8Ty(Ctx);
  Type *i16_t = Type::getInt16Ty(Ctx);
  Type *i32_t = Type::getInt32Ty(Ctx);
  Type *i64_t = Type::getInt64Ty(Ctx);
  Type *i128_t = Type::getInt128Ty(Ctx);
  Triple TT(M.getTargetTriple());

  // Small integers are passed zero-extended where the C ABI wants an
  // extension (the runtime takes uint8_t/uint16_t/uint32_t values).
  auto ExtFor = [&](Type *T) {
    if (T->isIntegerTy(8) || T->isIntegerTy(16))
      return Attribute::ZExt;
    if (T->isIntegerTy(32))
      return TargetLibraryInfo::getExtAttrForI32Param(TT, /*Signed=*/false);
    return Attribute::None;
  };
  auto Declare = [&](AbiIndex Idx, Type *Ret, ArrayRef<Type *> Params) {
    AttributeList Attrs;
    // The runtime never unwinds into instrumented code.
    Attrs = Attrs.addFnAttribute(Ctx, Attribute::NoUnwind);
    // The runtime is a shared library: call it through the GOT directly
    // (as -fno-plt does) rather than through a PLT entry: one jump less per
    // access.
    Attrs = Attrs.addFnAttribute(Ctx, Attribute::NonLazyBind);
    for (unsigned I = 0; I < Params.size(); ++I)
      if (Attribute::AttrKind K = ExtFor(Params[I]); K != Attribute::None)
        Attrs = Attrs.addParamAttribute(Ctx, I, K);
    if (Ret->isIntegerTy(8) || Ret->isIntegerTy(16))
      Attrs = Attrs.addRetAttribute(Ctx, Attribute::ZExt);
    Callees[Idx] = M.getOrInsertFunction(
        AbiNames[Idx], FunctionType::get(Ret, Params, false), Attrs);
  };
#define VIGIL_UNPAREN(...) __VA_ARGS__
#define VIGIL_ABI(Ret, Name, Params)                                           \
  Declare(Abi_##Name, Ret, {VIGIL_UNPAREN Params});
#include "vigil/abi.def"
#undef VIGIL_ABI
#undef VIGIL_UNPAREN
  TlsOwner = cast<GlobalVariable>(M.getOrInsertGlobal(kTlsOwnerName, PtrTy, [&] {
    return new GlobalVariable(M, PtrTy, /*isConstant=*/false, GlobalValue::ExternalLinkage,
                              nullptr, kTlsOwnerName, nullptr,
                              GlobalValue::InitialExecTLSModel);
  }));
}

bool Instrumenter::isNonEscapingAlloca(const Value *Obj) {
  if (!isa<AllocaInst>(Obj))
    return false;
  auto [It, New] = AllocaEscapes.try_emplace(Obj, true);
  if (New)
    It->second = PointerMayBeCaptured(Obj, /*ReturnCaptures=*/true,
                                      /*StoreCaptures=*/true);
  return !It->second;
}

bool Instrumenter::shouldInstrumentAddress(Instruction *I, Value *Addr,
                                           bool IsWrite) {
  if (Addr->getType()->getPointerAddressSpace() != 0) {
    // The runtime's shadow only describes the default address space.
    ++S.SkipAddrSpace;
    return false;
  }
  if (Addr->isSwiftError()) {
    // swifterror values live in a register, never in shared memory.
    ++S.SkipSwiftError;
    return false;
  }
  const Value *Obj = getUnderlyingObject(Addr);
  if (auto *GV = dyn_cast<GlobalVariable>(Obj)) {
    StringRef Name = GV->getName();
    StringRef Section = GV->hasSection() ? GV->getSection() : StringRef();
    if (Name.starts_with("llvm.") || Name.starts_with("__llvm_gcov") ||
        Name.starts_with("__llvm_gcda") || Name.starts_with("__profc_") ||
        Name.starts_with("__profd_") || Name.starts_with("__profbm_") ||
        Section.starts_with("llvm.") || Section.contains("__llvm_prf_")) {
      // Compiler-owned metadata and profile counters: racy by design.
      ++S.SkipInternalGlobal;
      return false;
    }
    if (GV->isConstant()) {
      // Constant globals can not race: nobody may write them.
      ++S.SkipConstantGlobal;
      return false;
    }
  }
  if (!IsWrite && !isVtableAccess(I)) {
    Value *Base = Addr;
    if (auto *GEP = dyn_cast<GetElementPtrInst>(Base))
      Base = GEP->getPointerOperand();
    if (auto *L = dyn_cast<LoadInst>(Base); L && isVtableAccess(L)) {
      // A slot of a vtable: vtables are constant.
      ++S.SkipVtableSlotRead;
      return false;
    }
  }
  if (isNonEscapingAlloca(Obj)) {
    // A local whose address never escapes: no other thread can reach it.
    ++S.SkipNonEscapingAlloca;
    return false;
  }
  return true;
}

// Picks the plain accesses of one call- and atomic-free stretch of a block
// worth a check. Local is in program order.
void Instrumenter::chooseAccesses(SmallVectorImpl<Instruction *> &Local,
                                  SmallVectorImpl<Instruction *> &Chosen) {
  // Address -> widest later write in the stretch.
  SmallDenseMap<Value *, uint64_t, 8> WriteTargets;
  for (Instruction *I : reverse(Local)) {
    bool IsWrite = isa<StoreInst>(I);
    Value *Addr = getLoadStorePointerOperand(I);
    ++S.PlainAccessesSeen;
    if (!shouldInstrumentAddress(I, Addr, IsWrite))
      continue;
    TypeSize Size = DL.getTypeStoreSize(getLoadStoreType(I));
    if (Opts.Eliminate && !isVtableAccess(I) && !Size.isScalable()) {
      if (IsWrite) {
        uint64_t &W = WriteTargets[Addr];
        W = std::max<uint64_t>(W, Size.getFixedValue());
      } else if (auto It = WriteTargets.find(Addr);
                 It != WriteTargets.end() &&
                 It->second >= Size.getFixedValue()) {
        // A later write to the same bytes, with no synchronization between,
        // races with everything this read races with.
        ++S.SkipReadBeforeWrite;
        continue;
      }
    }
    Chosen.push_back(I);
  }
  Local.clear();
}

// ---- Redundant checks ----
//
// The rule. A plain access A is not checked when an earlier checked access B
//  - covers A's bytes: the same SSA base address plus constant offsets, B's
//    bytes include A's;
//  - with the same or a stronger kind: a write covers reads and writes, a
//    read covers reads;
//  - dominates A, and no instruction on a path from B to A (that does not
//    pass B again) may synchronize: no call other than an intrinsic, no
//    atomic access, no fence. (A function exit cannot lie in between: A is
//    in the same invocation.)
// B itself stays checked (it may have been removed in turn by an earlier C
// that covers it: C then covers A, by the same argument, transitively).
//
// Why no race goes unreported. Nothing changes the owner or its clock
// between B and A: a task switches only inside a call, a release or acquire
// is a call or an atomic, and a signal handler runs outside the detector
// (runtime/src/detect/signals.cpp). So B and A have one epoch, and every
// other access is ordered with B exactly as with A. Let X be an access of
// another owner that races with A (overlapping bytes, one of them a write,
// not both atomic, unordered). X races with B too: B covers A's bytes, B
// writes if A does, and the order is the same.
//  - If X was checked before B, B's check reports X against B.
//  - If X is checked after B, its check finds B's entry (the runtime keeps
//    the last write of every byte and every unordered read), unless a write
//    W of a third owner replaced it in between. W is unordered with B (no
//    release lies between B and A; a release after A orders A before W as
//    well, and then W does not hide a race with A but orders it), so W's own
//    check reported W against B; X races with W or is ordered after it
//    (then after B: contradiction), and so on: the race on those bytes is
//    reported, at B's or A's real source location, never lost. This is the
//    runtime's own same-epoch rule (access.h, access_word_done) decided at
//    compile time: A's check would find B's entry and record nothing.
// What changes is which of the two locations a report names: the first
// check's (RedCard, ECOOP 2013, makes the same trade).
namespace {
bool isSyncPoint(const Instruction &I) {
  if (isAtomicAccess(I))
    return true;
  auto *CB = dyn_cast<CallBase>(&I);
  return CB && !isa<IntrinsicInst>(CB);
}

struct CheckedAccess {
  Instruction *I;
  int64_t Off;
  uint64_t Size;
  bool Write;
  unsigned Pos;     // position in its block
  unsigned Stretch; // sync points before it in its block
};
} // namespace

// Blocks on paths from the end of D to the start of X that do not pass D
// again: none may synchronize; X itself only before its first sync point,
// unless X can reach itself on such a path (then not at all). Bounded: a
// region of more than kMaxRegion blocks counts as unclean.
bool Instrumenter::regionIsClean(const BasicBlock *D, const BasicBlock *X) {
  constexpr unsigned kMaxRegion = 128;
  auto Key = std::make_pair(D, X);
  if (auto It = CleanRegions.find(Key); It != CleanRegions.end())
    return It->second;
  bool Clean = true;
  // Backward from X, not through D: the blocks that reach X.
  SmallPtrSet<const BasicBlock *, 32> ReachX;
  SmallVector<const BasicBlock *, 32> Work{X};
  ReachX.insert(X);
  while (!Work.empty() && Clean) {
    const BasicBlock *B = Work.pop_back_val();
    for (const BasicBlock *P : predecessors(B)) {
      if (P == D || !ReachX.insert(P).second)
        continue;
      if (ReachX.size() > kMaxRegion)
        Clean = false;
      Work.push_back(P);
    }
  }
  // Forward from D's successors, within ReachX: the region itself.
  SmallPtrSet<const BasicBlock *, 32> Region;
  if (Clean) {
    for (const BasicBlock *Succ : successors(D))
      if (ReachX.count(Succ) && Region.insert(Succ).second)
        Work.push_back(Succ);
    while (!Work.empty()) {
      const BasicBlock *B = Work.pop_back_val();
      for (const BasicBlock *Succ : successors(B))
        if (Succ != D && ReachX.count(Succ) && Region.insert(Succ).second)
          Work.push_back(Succ);
    }
    for (const BasicBlock *B : Region) {
      if (B == X)
        continue;
      if (syncPoints(B) != 0) {
        Clean = false;
        break;
      }
    }
    // X on a cycle of the region: all of X runs between B and A.
    if (Clean && syncPoints(X) != 0)
      for (const BasicBlock *Succ : successors(X))
        if (Region.count(Succ))
          Clean = false;
  }
  CleanRegions[Key] = Clean;
  return Clean;
}

// The sync points of each block of F (for removeRedundant, regionIsClean and
// coalesceLoops), before anything is inserted.
void Instrumenter::countSyncPoints(Function &F) {
  SyncCount.clear();
  CleanRegions.clear();
  for (BasicBlock &BB : F) {
    unsigned Syncs = 0;
    for (Instruction &I : BB)
      Syncs += isSyncPoint(I);
    if (Syncs)
      SyncCount[&BB] = Syncs;
  }
}

void Instrumenter::removeRedundant(Function &F,
                                   SmallVectorImpl<Instruction *> &Plain) {
  if (Plain.size() < 2)
    return;
  SmallPtrSet<Instruction *, 32> Chosen(Plain.begin(), Plain.end());
  // Accesses by base address, in program order within each block.
  DenseMap<const Value *, SmallVector<CheckedAccess, 4>> ByBase;
  for (BasicBlock &BB : F) {
    unsigned Pos = 0, Syncs = 0;
    for (Instruction &I : BB) {
      ++Pos;
      if (isSyncPoint(I)) {
        ++Syncs;
        continue;
      }
      if (!Chosen.count(&I) || isVtableAccess(&I))
        continue;
      TypeSize Size = DL.getTypeStoreSize(getLoadStoreType(&I));
      if (Size.isScalable())
        continue;
      int64_t Off = 0;
      const Value *Base = GetPointerBaseWithConstantOffset(
          getLoadStorePointerOperand(&I), Off, DL);
      ByBase[Base].push_back({&I, Off, Size.getFixedValue(),
                              isa<StoreInst>(I), Pos, Syncs});
    }
  }
  DominatorTree *DT = nullptr;
  SmallPtrSet<Instruction *, 16> Removed;
  constexpr size_t kMaxCandidates = 256;
  for (auto &Entry : ByBase) {
    SmallVectorImpl<CheckedAccess> &Group = Entry.second;
    if (Group.size() < 2)
      continue;
    for (const CheckedAccess &A : Group) {
      const BasicBlock *BA = A.I->getParent();
      size_t Tried = 0;
      for (const CheckedAccess &B : Group) {
        if (&B == &A || (A.Write && !B.Write) || B.Off > A.Off ||
            A.Off + static_cast<int64_t>(A.Size) >
                B.Off + static_cast<int64_t>(B.Size))
          continue;
        if (++Tried > kMaxCandidates)
          break;
        const BasicBlock *BB = B.I->getParent();
        bool Available;
        if (BB == BA) {
          Available = B.Pos < A.Pos && B.Stretch == A.Stretch;
        } else {
          if (A.Stretch != 0 || B.Stretch != syncPoints(BB))
            continue;
          if (!DT)
            DT = &FAM.getResult<DominatorTreeAnalysis>(F);
          Available = DT->dominates(BB, BA) && regionIsClean(BB, BA);
        }
        if (Available) {
          Removed.insert(A.I);
          break;
        }
      }
    }
  }
  if (Removed.empty())
    return;
  S.SkipRedundant += Removed.size();
  llvm::erase_if(Plain, [&](Instruction *I) { return Removed.count(I); });
}

// ---- Loops: per-iteration checks merged into one range check ----
//
// The rule. In a loop L whose blocks cannot synchronize (no call other than
// an intrinsic, no atomic, no fence) and whose backedge-taken count BTC is
// known before it, take the plain accesses that
//  - run exactly once per iteration: the block is in L itself (not in an
//    inner loop) and dominates L's latch, which is L's only exiting block;
//  - at an address SCEV sees as {Start,+,Step} over L (Step a constant, 0
//    for the same bytes every time), Start computable before the loop.
// Group them by step, kind and base pointer. If the bytes one iteration of a
// group touches form one gapless span at least |Step| wide (a[i]; a[2i] and
// a[2i+1]; the four 8-byte loads of a vectorized iteration), the iterations
// together touch exactly the span moved BTC times by Step: the group is
// checked once, in L's preheader, as that range (__vigil_loop_read/_write,
// with the element size, so that a report names the racing element, at the
// access's source line). A read range whose bytes a write range covers is
// left out. The range's bounds are computed at the preheader's end by
// SCEVExpander, or, when it declines a division it cannot prove non-zero
// (a range split between threads: n * t / threads), by ExactExpander, which
// divides only by what the function has divided by before. Volatile accesses, strided fields and conditional accesses keep
// their per-iteration checks.
//
// Why it is the same verdict. The preheader flows into the header and
// nothing in L synchronizes, so the range check and every iteration's access
// run in one epoch of one owner: by the argument of "Redundant checks", the
// order of checks within an epoch changes nothing; the range covers exactly
// the bytes the iterations access (each iteration runs I once, BTC + 1
// iterations run once the preheader is reached). Only a loop cut short by a
// fault (a crash inside it) has checked elements it never reached.
// (BigFoot, PLDI 2017, coalesces checks the same way.)
namespace {
// SCEVExpander will not expand a division by a value it cannot prove
// non-zero, and it hoists what it expands out of enclosing loops. The bounds
// of a range split between threads (lo = n * t / threads) are such
// divisions, which the program computes itself before the loop. This
// expander emits the loop-invariant expressions a range needs exactly at
// the preheader's end (no hoisting), and a division only by a divisor the
// function has already divided by on every path there (so it is not zero
// there: the division would have trapped). It gives up (null) on anything
// else: recurrences, values that do not dominate the point.
class ExactExpander {
public:
  ExactExpander(ScalarEvolution &SE, DominatorTree &DT, Instruction *At,
                ArrayRef<Instruction *> Divisions)
      : SE(SE), DT(DT), At(At), Divisions(Divisions), B(At) {}

  // Can S be expanded? (Nothing is emitted.)
  bool can(const SCEV *S) {
    Dry = true;
    bool Ok = expand(S) != nullptr;
    Dry = false;
    return Ok;
  }
  // Emits S before At; only after can(S).
  Value *expand(const SCEV *S) {
    if (Dry)
      return compute(S);
    Value *&V = Done[S];
    if (!V)
      V = compute(S);
    return V;
  }

private:
  Value *compute(const SCEV *S) {
    if (auto *C = dyn_cast<SCEVConstant>(S))
      return C->getValue();
    if (auto *U = dyn_cast<SCEVUnknown>(S)) {
      auto *I = dyn_cast<Instruction>(U->getValue());
      return !I || DT.dominates(I, At) ? U->getValue() : nullptr;
    }
    if (auto *C = dyn_cast<SCEVCastExpr>(S)) {
      Value *V = expand(C->getOperand(0));
      if (!V)
        return nullptr;
      Instruction::CastOps Op;
      switch (S->getSCEVType()) {
      case scZeroExtend: Op = Instruction::ZExt; break;
      case scSignExtend: Op = Instruction::SExt; break;
      case scTruncate: Op = Instruction::Trunc; break;
      case scPtrToInt: Op = Instruction::PtrToInt; break;
      default: return nullptr;
      }
      return Dry ? V : B.CreateCast(Op, V, S->getType());
    }
    if (auto *A = dyn_cast<SCEVAddExpr>(S)) {
      // At most one pointer operand (the base); the others are integers.
      Value *Ptr = nullptr, *Sum = nullptr;
      for (const SCEV *Op : A->operands()) {
        Value *V = expand(Op);
        if (!V || (Op->getType()->isPointerTy() && Ptr))
          return nullptr;
        if (Op->getType()->isPointerTy())
          Ptr = V;
        else
          Sum = Sum && !Dry ? B.CreateAdd(Sum, V) : V;
      }
      if (!Ptr || !Sum || Dry)
        return Ptr ? Ptr : Sum;
      return B.CreateGEP(B.getInt8Ty(), Ptr, Sum);
    }
    if (auto *M = dyn_cast<SCEVMulExpr>(S))
      return fold(M->operands(), [&](Value *X, Value *Y) { return B.CreateMul(X, Y); });
    if (auto *D = dyn_cast<SCEVUDivExpr>(S)) {
      auto *C = dyn_cast<SCEVConstant>(D->getRHS());
      if ((!C || C->getValue()->isZero()) && !dividedBefore(D->getRHS()))
        return nullptr;
      Value *L = expand(D->getLHS()), *R = expand(D->getRHS());
      if (!L || !R)
        return nullptr;
      return Dry ? L : B.CreateUDiv(L, R);
    }
    if (auto *MM = dyn_cast<SCEVMinMaxExpr>(S)) {
      CmpInst::Predicate P;
      switch (S->getSCEVType()) {
      case scUMaxExpr: P = CmpInst::ICMP_UGT; break;
      case scSMaxExpr: P = CmpInst::ICMP_SGT; break;
      case scUMinExpr: P = CmpInst::ICMP_ULT; break;
      case scSMinExpr: P = CmpInst::ICMP_SLT; break;
      default: return nullptr;
      }
      return fold(MM->operands(), [&](Value *X, Value *Y) {
        return B.CreateSelect(B.CreateICmp(P, X, Y), X, Y);
      });
    }
    return nullptr;
  }
  // Integer operands combined left to right.
  template <class Combine>
  Value *fold(ArrayRef<const SCEV *> Ops, Combine C) {
    Value *Acc = nullptr;
    for (const SCEV *Op : Ops) {
      Value *V = expand(Op);
      if (!V || Op->getType()->isPointerTy())
        return nullptr;
      Acc = Acc && !Dry ? C(Acc, V) : V;
    }
    return Acc;
  }
  bool dividedBefore(const SCEV *Divisor) {
    for (Instruction *I : Divisions)
      if (SE.getSCEV(I->getOperand(1)) == Divisor && DT.dominates(I, At))
        return true;
    return false;
  }
  ScalarEvolution &SE;
  DominatorTree &DT;
  Instruction *At;
  ArrayRef<Instruction *> Divisions;
  IRBuilder<> B;
  bool Dry = false;
  DenseMap<const SCEV *, Value *> Done; // what expand emitted already
};
} // namespace

bool Instrumenter::coalesceLoops(Function &F,
                                 SmallVectorImpl<Instruction *> &Plain) {
  if (Plain.empty())
    return false;
  LoopInfo &LI = FAM.getResult<LoopAnalysis>(F);
  if (LI.empty())
    return false;
  ScalarEvolution &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
  DominatorTree &DT = FAM.getResult<DominatorTreeAnalysis>(F);

  auto LoopIsClean = [&](const Loop *L) {
    return llvm::all_of(L->blocks(), [&](const BasicBlock *BB) { return syncPoints(BB) == 0; });
  };

  // The accesses that qualify, grouped: those of one loop with one step,
  // one kind and one base pointer cover, iteration by iteration, the union
  // of their bytes (a vectorized loop reads 32 bytes per iteration as four
  // 8-byte loads).
  struct Cand {
    Instruction *I;
    const SCEV *Start; // the address in the first iteration
    uint64_t Size, Elem;
  };
  struct GroupKey {
    Loop *L;
    int64_t Step;
    bool Write;
    const SCEV *Base;
    bool operator<(const GroupKey &O) const {
      return std::tie(L, Step, Write, Base) < std::tie(O.L, O.Step, O.Write, O.Base);
    }
  };
  std::map<GroupKey, SmallVector<Cand, 4>> Groups;
  std::vector<GroupKey> Order; // first-seen order, for stable output
  for (Instruction *I : Plain) {
    if (isVtableAccess(I) || (isa<LoadInst>(I) ? cast<LoadInst>(I)->isVolatile()
                                              : cast<StoreInst>(I)->isVolatile()))
      continue;
    Loop *L = LI.getLoopFor(I->getParent());
    if (!L)
      continue;
    BasicBlock *Pre = L->getLoopPreheader(), *Latch = L->getLoopLatch();
    if (!Pre || !Latch || L->getExitingBlock() != Latch ||
        !DT.dominates(I->getParent(), Latch) || !LoopIsClean(L) ||
        isa<SCEVCouldNotCompute>(SE.getBackedgeTakenCount(L)))
      continue;
    Type *Ty = getLoadStoreType(I);
    TypeSize TS = DL.getTypeStoreSize(Ty);
    if (TS.isScalable())
      continue;
    uint64_t Size = TS.getFixedValue();
    TypeSize ES = DL.getTypeStoreSize(Ty->getScalarType());
    uint64_t Elem = ES.isScalable() || ES.getFixedValue() == 0 ? Size : ES.getFixedValue();
    const SCEV *Ptr = SE.getSCEV(getLoadStorePointerOperand(I));
    const SCEV *Start;
    int64_t Step;
    if (SE.isLoopInvariant(Ptr, L)) {
      Start = Ptr; // the same bytes every iteration
      Step = 0;
    } else {
      auto *AR = dyn_cast<SCEVAddRecExpr>(Ptr);
      if (!AR || AR->getLoop() != L || !AR->isAffine())
        continue;
      auto *StepC = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
      if (!StepC || StepC->getAPInt().getSignificantBits() > 32)
        continue;
      Start = AR->getStart();
      Step = StepC->getAPInt().getSExtValue();
    }
    GroupKey K{L, Step, isa<StoreInst>(I), SE.getPointerBase(Start)};
    auto [It, New] = Groups.try_emplace(K);
    if (New)
      Order.push_back(K);
    It->second.push_back({I, Start, Size, Elem});
  }

  struct Range {
    Loop *L;
    const SCEV *Begin, *Bytes;
    uint64_t Elem;
    bool Write;
    bool Exact; // expanded by ExactExpander (SCEVExpander declined)
    DebugLoc Loc;
    SmallVector<Instruction *, 4> Members;
  };
  // Divisions of the function, for ExactExpander.
  SmallVector<Instruction *, 8> Divisions;
  for (Instruction &I : instructions(F))
    if (I.getOpcode() == Instruction::UDiv || I.getOpcode() == Instruction::SDiv ||
        I.getOpcode() == Instruction::URem || I.getOpcode() == Instruction::SRem)
      Divisions.push_back(&I);
  SmallVector<Range, 8> Ranges;
  for (const GroupKey &K : Order) {
    SmallVectorImpl<Cand> &G = Groups[K];
    // Offsets from the group's first access; all must be constants.
    SmallVector<std::pair<int64_t, uint64_t>, 4> Spans;
    bool Constant = true;
    uint64_t Elem = G[0].Elem;
    for (const Cand &C : G) {
      auto *D = dyn_cast<SCEVConstant>(SE.getMinusSCEV(C.Start, G[0].Start));
      if (!D || D->getAPInt().getSignificantBits() > 32) {
        Constant = false;
        break;
      }
      Spans.push_back({D->getAPInt().getSExtValue(), C.Size});
      Elem = std::min(Elem, C.Elem);
    }
    if (!Constant)
      continue;
    // The union of one iteration's bytes: gapless, and at least one step
    // wide, so that consecutive iterations leave no hole either.
    llvm::sort(Spans);
    int64_t Lo = Spans[0].first, Hi = Lo;
    bool Gapless = true;
    for (auto &[Off, Size] : Spans) {
      if (Off > Hi) {
        Gapless = false;
        break;
      }
      Hi = std::max<int64_t>(Hi, Off + static_cast<int64_t>(Size));
    }
    uint64_t AbsStep = K.Step < 0 ? -static_cast<uint64_t>(K.Step) : K.Step;
    if (!Gapless || static_cast<uint64_t>(Hi - Lo) < AbsStep)
      continue;
    // Iteration k covers [First + k*Step, + Span); BTC + 1 iterations run.
    const SCEV *Count = SE.getTruncateOrZeroExtend(
        SE.getBackedgeTakenCount(K.L), IntptrTy);
    const SCEV *First = SE.getAddExpr(G[0].Start, SE.getConstant(IntptrTy, Lo, true));
    const SCEV *Begin =
        K.Step < 0 ? SE.getAddExpr(First, SE.getMulExpr(Count, SE.getConstant(IntptrTy, K.Step, true)))
                   : First;
    const SCEV *Bytes = SE.getAddExpr(SE.getMulExpr(Count, SE.getConstant(IntptrTy, AbsStep)),
                                      SE.getConstant(IntptrTy, Hi - Lo));
    Instruction *At = K.L->getLoopPreheader()->getTerminator();
    SCEVExpander Probe(SE, DL, "vigil.loop");
    bool Exact = false;
    if (!Probe.isSafeToExpandAt(Begin, At) || !Probe.isSafeToExpandAt(Bytes, At)) {
      ExactExpander Try(SE, DT, At, Divisions);
      if (!Try.can(Begin) || !Try.can(Bytes))
        continue;
      Exact = true;
    }
    Range R{K.L, Begin, Bytes, Elem, K.Write, Exact, G[0].I->getDebugLoc(), {}};
    for (const Cand &C : G)
      R.Members.push_back(C.I);
    Ranges.push_back(std::move(R));
  }
  if (Ranges.empty())
    return false;

  // A read range whose bytes a write range of the loop covers needs no
  // check of its own.
  SmallPtrSet<Instruction *, 16> Merged;
  SCEVExpander Expander(SE, DL, "vigil.loop");
  for (Range &R : Ranges) {
    Merged.insert(R.Members.begin(), R.Members.end());
    bool Covered = false;
    for (Range &O : Ranges)
      if (!R.Write && O.Write && O.L == R.L && O.Begin == R.Begin && O.Bytes == R.Bytes)
        Covered = true;
    if (Covered)
      continue;
    Instruction *At = R.L->getLoopPreheader()->getTerminator();
    Value *Begin, *Bytes;
    if (R.Exact) {
      ExactExpander X(SE, DT, At, Divisions);
      Begin = X.expand(R.Begin);
      Bytes = X.expand(R.Bytes);
    } else {
      Begin = Expander.expandCodeFor(R.Begin, PtrTy, At);
      Bytes = Expander.expandCodeFor(R.Bytes, IntptrTy, At);
    }
    InstrumentationIRBuilder IRB(At);
    if (R.Loc)
      IRB.SetCurrentDebugLocation(R.Loc);
    call(IRB, R.Write ? Abi_loop_write : Abi_loop_read,
         {Begin, Bytes, ConstantInt::get(IntptrTy, R.Elem)});
    ++S.LoopRangeChecks;
    ++S.PlainChecksEmitted;
  }
  S.MergedIntoLoopRange += Merged.size();
  llvm::erase_if(Plain, [&](Instruction *I) { return Merged.count(I); });
  return true;
}

// ---- Neighbouring accesses: one range check for the bytes of one base ----
//
// The rule. In one stretch of a block between sync points (isSyncPoint),
// plain accesses of one kind and one size of 8 bytes or more at constant
// offsets from one base pointer (the fields of a struct, the elements of an
// unrolled array) whose bytes form one gapless span, each a whole number of
// sizes from the span's start, are checked once, before the first of them,
// as that span (__vigil_loop_read/_write with the access size as the
// element: a report names the racing field's address and size, at the
// first access's source line). A read of 8 bytes or more whose bytes lie
// within such a write span needs no check. Sub-word fields keep their own
// checks: the shadow keeps one entry per word and epoch, so two 4-byte
// fields written by one range check would be reported as one 8-byte write
// when they are the earlier access of a race.
//
// Why it is the same verdict. The accesses of a stretch run in one epoch of
// one owner (see "Redundant checks"), so the order of their checks changes
// nothing, and the span holds exactly their bytes with their kind: reads
// and writes are grouped apart, so a write span never records a write of
// bytes that were only read. (BigFoot, PLDI 2017, coalesces field checks
// the same way.)
bool Instrumenter::coalesceAdjacent(Function &F,
                                    SmallVectorImpl<Instruction *> &Plain) {
  if (Plain.size() < 2)
    return false;
  SmallPtrSet<Instruction *, 32> InPlain(Plain.begin(), Plain.end());
  struct Acc {
    Instruction *I;
    int64_t Off;
  };
  struct GroupKey {
    const BasicBlock *BB;
    unsigned Stretch;
    const Value *Base;
    bool Write;
    uint64_t Size;
    bool operator<(const GroupKey &O) const {
      return std::tie(BB, Stretch, Base, Write, Size) <
             std::tie(O.BB, O.Stretch, O.Base, O.Write, O.Size);
    }
  };
  // Program order within each group (blocks walked in order).
  std::map<GroupKey, SmallVector<Acc, 4>> Groups;
  std::vector<GroupKey> Order;
  for (BasicBlock &BB : F) {
    unsigned Stretch = 0;
    for (Instruction &I : BB) {
      if (isSyncPoint(I)) {
        ++Stretch;
        continue;
      }
      if (!InPlain.count(&I) || isVtableAccess(&I) ||
          (isa<LoadInst>(I) ? cast<LoadInst>(I).isVolatile()
                            : cast<StoreInst>(I).isVolatile()))
        continue;
      TypeSize TS = DL.getTypeStoreSize(getLoadStoreType(&I));
      // Whole words at least (see the rule).
      if (TS.isScalable() || TS.getFixedValue() < 8)
        continue;
      int64_t Off = 0;
      const Value *Base = GetPointerBaseWithConstantOffset(
          getLoadStorePointerOperand(&I), Off, DL);
      GroupKey K{&BB, Stretch, Base, isa<StoreInst>(I), TS.getFixedValue()};
      auto [It, New] = Groups.try_emplace(K);
      if (New)
        Order.push_back(K);
      It->second.push_back({&I, Off});
    }
  }

  struct Span {
    GroupKey K;
    int64_t Lo, Hi;
    Instruction *First; // the earliest member: the check goes before it
    SmallVector<Instruction *, 4> Members;
  };
  SmallVector<Span, 8> Spans;
  for (const GroupKey &K : Order) {
    SmallVectorImpl<Acc> &G = Groups[K];
    if (G.size() < 2)
      continue;
    DenseMap<Instruction *, unsigned> Rank;
    for (unsigned i = 0; i < G.size(); i++)
      Rank[G[i].I] = i;
    SmallVector<Acc, 4> Sorted(G.begin(), G.end());
    llvm::sort(Sorted, [&](const Acc &A, const Acc &B) {
      return A.Off != B.Off ? A.Off < B.Off : Rank[A.I] < Rank[B.I];
    });
    int64_t Size = static_cast<int64_t>(K.Size);
    // Maximal runs: each next access starts inside or right after the run,
    // on the run's grid of element starts.
    for (size_t i = 0; i < Sorted.size();) {
      size_t j = i + 1;
      int64_t Lo = Sorted[i].Off, Hi = Lo + Size;
      while (j < Sorted.size() && Sorted[j].Off <= Hi && (Sorted[j].Off - Lo) % Size == 0) {
        Hi = std::max(Hi, Sorted[j].Off + Size);
        ++j;
      }
      if (Hi - Lo > Size) { // two distinct elements at least
        Span Sp{K, Lo, Hi, nullptr, {}};
        for (size_t k = i; k < j; k++) {
          Sp.Members.push_back(Sorted[k].I);
          if (!Sp.First || Rank[Sorted[k].I] < Rank[Sp.First])
            Sp.First = Sorted[k].I;
        }
        Spans.push_back(std::move(Sp));
      }
      i = j;
    }
  }

  if (Spans.empty())
    return false;
  // Reads (of 8 bytes or more) inside a write span of their stretch and
  // base: their groups sort right before the stretch's and base's writes.
  SmallPtrSet<Instruction *, 16> Covered;
  for (const Span &W : Spans) {
    if (!W.K.Write)
      continue;
    for (auto It = Groups.lower_bound({W.K.BB, W.K.Stretch, W.K.Base, false, 0});
         It != Groups.end() && !It->first.Write && It->first.BB == W.K.BB &&
         It->first.Stretch == W.K.Stretch && It->first.Base == W.K.Base;
         ++It)
      for (const Acc &A : It->second)
        if (A.Off >= W.Lo && A.Off + static_cast<int64_t>(It->first.Size) <= W.Hi)
          Covered.insert(A.I);
  }

  SmallPtrSet<Instruction *, 32> Merged(Covered.begin(), Covered.end());
  for (const Span &Sp : Spans) {
    bool AllCovered = !Sp.K.Write && llvm::all_of(Sp.Members, [&](Instruction *I) { return Covered.count(I); });
    Merged.insert(Sp.Members.begin(), Sp.Members.end());
    if (AllCovered)
      continue;
    InstrumentationIRBuilder IRB(Sp.First);
    Value *Base = const_cast<Value *>(Sp.K.Base);
    Value *Begin = Sp.Lo ? IRB.CreateConstGEP1_64(IRB.getInt8Ty(), Base, Sp.Lo) : Base;
    call(IRB, Sp.K.Write ? Abi_loop_write : Abi_loop_read,
         {Begin, ConstantInt::get(IntptrTy, Sp.Hi - Sp.Lo),
          ConstantInt::get(IntptrTy, Sp.K.Size)});
    ++S.AdjacentRangeChecks;
    ++S.PlainChecksEmitted;
  }
  S.MergedAdjacent += Merged.size();
  llvm::erase_if(Plain, [&](Instruction *I) { return Merged.count(I); });
  return true;
}

void Instrumenter::instrumentLoadOrStore(Instruction *I) {
  InstrumentationIRBuilder IRB(I);
  bool IsWrite = isa<StoreInst>(I);
  Value *Addr = getLoadStorePointerOperand(I);
  bool IsVolatile = IsWrite ? cast<StoreInst>(I)->isVolatile()
                            : cast<LoadInst>(I)->isVolatile();
  if (isVtableAccess(I)) {
    if (IsWrite) {
      Value *V = cast<StoreInst>(I)->getValueOperand();
      if (V->getType()->isIntegerTy())
        V = IRB.CreateIntToPtr(V, PtrTy);
      else if (!V->getType()->isPointerTy())
        V = IRB.CreateBitOrPointerCast(V, PtrTy);
      call(IRB, Abi_vptr_update, {Addr, V});
      ++S.VptrUpdates;
    } else {
      call(IRB, Abi_vptr_read, {Addr});
      ++S.VptrReads;
    }
    return;
  }
  if (IsVolatile)
    ++S.VolatileAccesses;
  TypeSize Size = DL.getTypeStoreSize(getLoadStoreType(I));
  int Idx = Size.isScalable() ? -1 : sizeIndex(Size.getFixedValue());
  if (Idx < 0) {
    call(IRB, IsWrite ? Abi_write_range : Abi_read_range,
         {Addr, IRB.CreateTypeSize(IntptrTy, Size)});
    ++(IsWrite ? S.WritesRange : S.ReadsRange);
    return;
  }
  bool Aligned = getLoadStoreAlignment(I).value() >= Size.getFixedValue();
  AbiIndex Fn = IsWrite ? (Aligned ? WriteFns[Idx] : UnalignedWriteFns[Idx])
                        : (Aligned ? ReadFns[Idx] : UnalignedReadFns[Idx]);
  call(IRB, Fn, {Addr});
  if (IsWrite)
    ++(Aligned ? S.WritesAligned : S.WritesUnaligned);
  else
    ++(Aligned ? S.ReadsAligned : S.ReadsUnaligned);
}

bool Instrumenter::instrumentAtomic(Instruction *I) {
  InstrumentationIRBuilder IRB(I);
  if (auto *FI = dyn_cast<FenceInst>(I)) {
    bool Signal = FI->getSyncScopeID() == SyncScope::SingleThread;
    call(IRB, Signal ? Abi_atomic_signal_fence : Abi_atomic_thread_fence,
         {order(IRB, FI->getOrdering())});
    ++(Signal ? S.SignalFences : S.ThreadFences);
    I->eraseFromParent();
    return true;
  }

  Value *Addr;
  Type *ValTy;
  if (auto *LI = dyn_cast<LoadInst>(I)) {
    Addr = LI->getPointerOperand();
    ValTy = LI->getType();
  } else if (auto *SI = dyn_cast<StoreInst>(I)) {
    Addr = SI->getPointerOperand();
    ValTy = SI->getValueOperand()->getType();
  } else if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
    Addr = RMW->getPointerOperand();
    ValTy = RMW->getValOperand()->getType();
  } else {
    auto *CAS = cast<AtomicCmpXchgInst>(I);
    Addr = CAS->getPointerOperand();
    ValTy = CAS->getNewValOperand()->getType();
  }
  TypeSize Size = DL.getTypeStoreSize(ValTy);
  int Idx = Size.isScalable() ? -1 : sizeIndex(Size.getFixedValue());
  if (Addr->getType()->getPointerAddressSpace() != 0) {
    // The runtime's shadow only describes the default address space.
    ++S.SkipAddrSpace;
    return false;
  }
  if (Idx < 0 || DL.getTypeSizeInBits(ValTy) != Size.getFixedValue() * 8) {
    // abi.def has atomics of 1 to 16 bytes only; wider ones stay native.
    ++S.SkipAtomicSize;
    return false;
  }
  const AtomicFns &Fns = AtomicFnsBySize[Idx];
  IntegerType *ITy = IntegerType::get(Ctx, 8u << Idx);

  if (auto *LI = dyn_cast<LoadInst>(I)) {
    Value *V = call(IRB, Fns.Load, {Addr, order(IRB, LI->getOrdering())});
    I->replaceAllUsesWith(fromInt(IRB, V, ValTy));
    ++S.AtomicLoads;
  } else if (auto *SI = dyn_cast<StoreInst>(I)) {
    call(IRB, Fns.Store,
         {Addr, toInt(IRB, SI->getValueOperand(), ITy),
          order(IRB, SI->getOrdering())});
    ++S.AtomicStores;
  } else if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
    std::optional<AbiIndex> Fn;
    switch (RMW->getOperation()) {
    case AtomicRMWInst::Xchg: Fn = Fns.Exchange; break;
    case AtomicRMWInst::Add: Fn = Fns.FetchAdd; break;
    case AtomicRMWInst::Sub: Fn = Fns.FetchSub; break;
    case AtomicRMWInst::And: Fn = Fns.FetchAnd; break;
    case AtomicRMWInst::Or: Fn = Fns.FetchOr; break;
    case AtomicRMWInst::Xor: Fn = Fns.FetchXor; break;
    case AtomicRMWInst::Nand: Fn = Fns.FetchNand; break;
    default: break;
    }
    if (!Fn) {
      expandAtomicRMW(RMW, Fns, ITy);
      ++S.AtomicRMWsExpanded;
      return true;
    }
    Value *V = call(IRB, *Fn,
                    {Addr, toInt(IRB, RMW->getValOperand(), ITy),
                     order(IRB, RMW->getOrdering())});
    I->replaceAllUsesWith(fromInt(IRB, V, ValTy));
    ++S.AtomicRMWs;
  } else {
    auto *CAS = cast<AtomicCmpXchgInst>(I);
    // Weak compare-exchange may fail spuriously; never failing is allowed.
    Value *Cmp = toInt(IRB, CAS->getCompareOperand(), ITy);
    Value *Prev = call(IRB, Fns.CompareExchangeVal,
                       {Addr, Cmp, toInt(IRB, CAS->getNewValOperand(), ITy),
                        order(IRB, CAS->getSuccessOrdering()),
                        order(IRB, CAS->getFailureOrdering())});
    Value *Success = IRB.CreateICmpEQ(Prev, Cmp, "vigil.cas.success");
    Value *Pair = PoisonValue::get(CAS->getType());
    Pair = IRB.CreateInsertValue(Pair, fromInt(IRB, Prev, ValTy), 0);
    Pair = IRB.CreateInsertValue(Pair, Success, 1);
    I->replaceAllUsesWith(Pair);
    ++S.AtomicCmpXchgs;
  }
  I->eraseFromParent();
  return true;
}

// min/max/fadd/... have no runtime entry: a loop of compare-exchanges,
//   init = atomic load (relaxed)
//   loop: old = phi(init, prev); new = op(old, val)
//         prev = compare_exchange_val(addr, old, new, order, failure order)
//         if prev != old goto loop
// The initial load is an atomic (relaxed) read so it never races.
void Instrumenter::expandAtomicRMW(AtomicRMWInst *RMW, const AtomicFns &Fns,
                                   IntegerType *ITy) {
  Type *ValTy = RMW->getType();
  Value *Addr = RMW->getPointerOperand();
  AtomicOrdering Success = RMW->getOrdering();
  AtomicOrdering Failure =
      AtomicCmpXchgInst::getStrongestFailureOrdering(Success);

  BasicBlock *Head = RMW->getParent();
  BasicBlock *Exit = Head->splitBasicBlock(RMW, "vigil.rmw.exit");
  BasicBlock *Loop = BasicBlock::Create(Ctx, "vigil.rmw.loop",
                                        Head->getParent(), Exit);
  Head->getTerminator()->eraseFromParent();

  InstrumentationIRBuilder IRB(RMW);
  IRB.SetInsertPoint(Head);
  Value *Init =
      call(IRB, Fns.Load, {Addr, order(IRB, AtomicOrdering::Monotonic)});
  IRB.CreateBr(Loop);

  IRB.SetInsertPoint(Loop);
  PHINode *Old = IRB.CreatePHI(ITy, 2, "vigil.rmw.old");
  Old->addIncoming(Init, Head);
  Value *NewVal = buildAtomicRMWValue(RMW->getOperation(), IRB,
                                      fromInt(IRB, Old, ValTy),
                                      RMW->getValOperand());
  Value *Prev = call(IRB, Fns.CompareExchangeVal,
                     {Addr, Old, toInt(IRB, NewVal, ITy),
                      order(IRB, Success), order(IRB, Failure)});
  Old->addIncoming(Prev, Loop);
  Value *Done = IRB.CreateICmpEQ(Prev, Old, "vigil.rmw.done");
  IRB.CreateCondBr(Done, Exit, Loop);

  IRB.SetInsertPoint(RMW);
  RMW->replaceAllUsesWith(fromInt(IRB, Old, ValTy));
  RMW->eraseFromParent();
}

bool Instrumenter::instrumentMemIntrinsic(MemIntrinsic *MI) {
  if (MI->getDestAddressSpace() != 0 ||
      (isa<MemTransferInst>(MI) &&
       cast<MemTransferInst>(MI)->getSourceAddressSpace() != 0)) {
    // The runtime's shadow only describes the default address space.
    ++S.SkipAddrSpace;
    return false;
  }
  InstrumentationIRBuilder IRB(MI);
  Value *Len = IRB.CreateIntCast(MI->getLength(), IntptrTy, false);
  if (auto *MS = dyn_cast<MemSetInst>(MI)) {
    call(IRB, Abi_memset,
         {MS->getDest(), IRB.CreateIntCast(MS->getValue(), IRB.getInt32Ty(), false),
          Len});
    ++S.MemSets;
  } else {
    auto *MT = cast<MemTransferInst>(MI);
    bool Move = isa<MemMoveInst>(MT);
    call(IRB, Move ? Abi_memmove : Abi_memcpy,
         {MT->getDest(), MT->getSource(), Len});
    ++(Move ? S.MemMoves : S.MemCpys);
  }
  MI->eraseFromParent();
  return true;
}

// The shadow call stack, inline (abi.def, VIGIL_ABI_OWNER_FIELD): a call per
// entry and exit cost a fifth of a call-heavy program's time.
//
//   entry:  o = __vigil_tls_owner
//           if (o && o->depth < o->capacity) {
//             d = o->depth++; changed = o->frames[d] != pc; o->frames[d] = pc;
//             if (changed) o->valid = min(o->valid, d);   (as a select)
//           } else __vigil_func_entry(pc);                 (first call, or grow)
//   exit:   if (o && o->depth > 0) o->depth--;             (as a subtraction)
void Instrumenter::insertEntryExit(Function &F) {
  BasicBlock &Entry = F.getEntryBlock();
  // After the entry block's static allocas: they must stay in the entry block.
  BasicBlock::iterator Pos = Entry.getFirstInsertionPt();
  while (Pos != Entry.end() && isa<AllocaInst>(*Pos) &&
         cast<AllocaInst>(*Pos).isStaticAlloca())
    ++Pos;
  Type *I32 = Type::getInt32Ty(Ctx);
  Type *I8 = Type::getInt8Ty(Ctx);
  auto Field = [&](IRBuilder<> &B, Value *O, uint64_t Offset) {
    return B.CreateConstInBoundsGEP1_64(I8, O, Offset);
  };

  InstrumentationIRBuilder IRB(&*Pos);
  Value *ReturnAddress = IRB.CreateCall(
      Intrinsic::getDeclaration(&M, Intrinsic::returnaddress),
      IRB.getInt32(0));
  Value *Owner = IRB.CreateLoad(PtrTy, TlsOwner, "vigil.owner");
  Value *HasOwner = IRB.CreateIsNotNull(Owner);
  // Entry: [Entry] -> HasOwner ? [Check] : [Slow]; [Check] -> room ? [Fast] : [Slow].
  Instruction *SplitAt = cast<Instruction>(HasOwner)->getNextNode();
  BasicBlock *Done = Entry.splitBasicBlock(SplitAt);
  // The function's code continues under the entry block's own name.
  Done->takeName(&Entry);
  Entry.setName("vigil.entry");
  BasicBlock *Check = BasicBlock::Create(Ctx, "vigil.entry.check", &F, Done);
  BasicBlock *Fast = BasicBlock::Create(Ctx, "vigil.entry.fast", &F, Done);
  BasicBlock *Slow = BasicBlock::Create(Ctx, "vigil.entry.slow", &F, Done);
  Entry.getTerminator()->eraseFromParent();
  IRB.SetInsertPoint(&Entry);
  IRB.CreateCondBr(HasOwner, Check, Slow);

  IRB.SetInsertPoint(Check);
  Value *Depth = IRB.CreateLoad(I32, Field(IRB, Owner, kOwner_depth), "vigil.depth");
  Value *Cap = IRB.CreateLoad(I32, Field(IRB, Owner, kOwner_capacity));
  IRB.CreateCondBr(IRB.CreateICmpULT(Depth, Cap), Fast, Slow);

  IRB.SetInsertPoint(Fast);
  IRB.CreateStore(IRB.CreateAdd(Depth, IRB.getInt32(1)), Field(IRB, Owner, kOwner_depth));
  Value *Frames = IRB.CreateLoad(PtrTy, Field(IRB, Owner, kOwner_frames));
  Value *Slot = IRB.CreateInBoundsGEP(PtrTy, Frames, IRB.CreateZExt(Depth, IntptrTy));
  Value *Old = IRB.CreateLoad(PtrTy, Slot);
  Value *Changed = IRB.CreateICmpNE(Old, ReturnAddress);
  IRB.CreateStore(ReturnAddress, Slot);
  Value *ValidPtr = Field(IRB, Owner, kOwner_valid);
  Value *Valid = IRB.CreateLoad(I32, ValidPtr);
  Value *Lower = IRB.CreateAnd(Changed, IRB.CreateICmpUGT(Valid, Depth));
  IRB.CreateStore(IRB.CreateSelect(Lower, Depth, Valid), ValidPtr);
  IRB.CreateBr(Done);

  IRB.SetInsertPoint(Slow);
  call(IRB, Abi_func_entry, {ReturnAddress});
  IRB.CreateBr(Done);

  // A longjmp back into this function skips the exits of the frames above
  // it: after each setjmp-like call returns, the depth is this frame's again.
  SmallVector<CallBase *, 2> ReturnsTwice;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto *CB = dyn_cast<CallBase>(&I); CB && CB->hasFnAttr(Attribute::ReturnsTwice))
        ReturnsTwice.push_back(CB);
  if (!ReturnsTwice.empty()) {
    IRBuilder<> B(&*Done->getFirstInsertionPt());
    Value *FrameDepth = call(B, Abi_func_depth, {});
    for (CallBase *CB : ReturnsTwice) {
      // An invoke's normal return is its unwind-free successor's start.
      Instruction *After = isa<InvokeInst>(CB)
                               ? &*cast<InvokeInst>(CB)->getNormalDest()->getFirstInsertionPt()
                               : CB->getNextNode();
      IRBuilder<> A(After);
      call(A, Abi_func_restore_depth, {FrameDepth});
      ++S.SetjmpRestores;
    }
  }

  // Every return, resume and unwind; calls that may throw get a cleanup pad.
  EscapeEnumerator EE(F, "vigil_cleanup", /*HandleExceptions=*/true);
  while (IRBuilder<> *AtExit = EE.Next()) {
    InstrumentationIRBuilder::ensureDebugInfo(*AtExit, F);
    Value *O = AtExit->CreateLoad(PtrTy, TlsOwner, "vigil.owner");
    Instruction *Then = SplitBlockAndInsertIfThen(
        AtExit->CreateIsNotNull(O), &*AtExit->GetInsertPoint(), /*Unreachable=*/false);
    Then->getParent()->setName("vigil.exit");
    IRBuilder<> B(Then);
    B.SetCurrentDebugLocation(AtExit->getCurrentDebugLocation());
    Value *DepthPtr = Field(B, O, kOwner_depth);
    Value *D = B.CreateLoad(I32, DepthPtr, "vigil.depth");
    B.CreateStore(B.CreateSub(D, B.CreateZExt(B.CreateIsNotNull(D), I32), "vigil.depth.exit"),
                  DepthPtr);
  }
}

bool Instrumenter::instrumentFunction(Function &F) {
  if (F.isDeclaration() || F.getName() == kCtorName)
    return false;
  FunctionPolicy Policy = decidePolicy(F, Opts, S);
  if (Policy.Skip)
    return false;

  SmallVector<Instruction *, 16> Local, Plain, Atomics;
  SmallVector<MemIntrinsic *, 4> MemIntrinsics;
  bool HasCalls = false;
  for (BasicBlock &BB : F) {
    for (Instruction &I : BB) {
      if (!isMemoryCandidate(I)) {
        if (auto *CB = dyn_cast<CallBase>(&I);
            CB && !isa<IntrinsicInst>(CB)) {
          // A call may synchronize: a write after it does not cover a read
          // before it.
          HasCalls = true;
          chooseAccesses(Local, Plain);
        }
        continue;
      }
      if (I.hasMetadata(LLVMContext::MD_nosanitize)) {
        // Marked by the frontend (no_sanitize, ignorelist, vigil headers,
        // possibly inlined here) or by another tool that owns the access.
        ++S.SkipNoSanitizeMD;
        continue;
      }
      HeaderCache::Owner Origin = Headers.ownerOf(I.getDebugLoc().get());
      if (Origin == HeaderCache::Owner::Library ||
          (Policy.Library && Origin == HeaderCache::Owner::Unknown)) {
        // vigil's headers' own code, possibly inlined (seen through debug
        // info, which also covers -fpass-plugin builds).
        ++S.SkipVigilHeaderInsts;
        continue;
      }
      if (isAtomicAccess(I)) {
        Atomics.push_back(&I);
        chooseAccesses(Local, Plain);
        continue;
      }
      if (!Policy.Plain) {
        // no_sanitize("thread") / ignorelist: only atomics are instrumented.
        ++S.SkipPlainInSkippedFunc;
        continue;
      }
      if (auto *MI = dyn_cast<MemIntrinsic>(&I))
        MemIntrinsics.push_back(MI);
      else
        Local.push_back(&I);
    }
    chooseAccesses(Local, Plain);
  }
  bool Changed = false;
  if (Opts.Eliminate) {
    countSyncPoints(F);
    removeRedundant(F, Plain);
    Changed |= coalesceLoops(F, Plain);
    Changed |= coalesceAdjacent(F, Plain);
  }

  for (Instruction *I : Plain) {
    instrumentLoadOrStore(I);
    Changed = true;
  }
  S.PlainChecksEmitted += Plain.size();
  for (Instruction *I : Atomics)
    Changed |= instrumentAtomic(I);
  for (MemIntrinsic *MI : MemIntrinsics)
    Changed |= instrumentMemIntrinsic(MI);

  if (!Policy.Plain || Policy.Library)
    return Changed;
  if (Changed || HasCalls) {
    insertEntryExit(F);
    ++S.FuncsEntryExit;
    return true;
  }
  ++S.FuncsNoEntryExit;
  return false;
}

void Instrumenter::createModuleCtor() {
  getOrCreateSanitizerCtorAndInitFunctions(
      M, kCtorName, AbiNames[Abi_init_v1], /*InitArgTypes=*/{},
      /*InitArgs=*/{}, [&](Function *Ctor, FunctionCallee) {
        appendToGlobalCtors(M, Ctor, 0);
      });
}

} // namespace

bool isVigilHeaderPath(StringRef Path) {
  std::string P = Path.str();
  std::replace(P.begin(), P.end(), '\\', '/');
  StringRef S(P);
  return S.starts_with("include/vigil/") || S.contains("/include/vigil/");
}

std::unique_ptr<SpecialCaseList> loadIgnorelist(ArrayRef<std::string> Paths,
                                                std::string &Error) {
  for (const std::string &Path : Paths) {
    auto Buf = MemoryBuffer::getFile(Path);
    if (!Buf) {
      Error = "cannot open ignorelist '" + Path +
              "': " + Buf.getError().message();
      return nullptr;
    }
    unsigned LineNo = 0;
    for (auto It = (*Buf)->getBuffer().split('\n');; It = It.second.split('\n')) {
      ++LineNo;
      StringRef Line = It.first.trim();
      if (!Line.empty() && !Line.starts_with("#") && !Line.starts_with("[")) {
        auto [Kind, Rest] = Line.split(':');
        if (Line.contains(':') &&
            !StringSwitch<bool>(Kind.trim())
                 .Cases("fun", "src", "mainfile", "global", "type", true)
                 .Default(false)) {
          Error = "ignorelist '" + Path + "' line " + std::to_string(LineNo) +
                  ": unknown entry kind '" + Kind.trim().str() +
                  ":' (vigil uses fun: and src:)";
          return nullptr;
        }
      }
      if (It.second.empty())
        break;
    }
  }
  std::string SCLError;
  std::vector<std::string> PathVec(Paths.begin(), Paths.end());
  auto SCL = SpecialCaseList::create(PathVec, *vfs::getRealFileSystem(),
                                     SCLError);
  if (!SCL)
    Error = "invalid ignorelist: " + SCLError;
  return SCL;
}

void VigilStats::print(raw_ostream &OS, StringRef ModuleName) const {
  OS << "===-- vigil instrumentation statistics: " << ModuleName
     << " --===\n";
#define VIGIL_COUNTER_PRINT(Name, Desc)                                        \
  OS << format("%8llu", static_cast<unsigned long long>(Name)) << " vigil - "  \
     << #Name << ": " << Desc << "\n";
  VIGIL_COUNTERS(VIGIL_COUNTER_PRINT)
#undef VIGIL_COUNTER_PRINT
}

PreservedAnalyses VigilMarkPass::run(Module &M, ModuleAnalysisManager &) {
  VigilStats Own;
  VigilStats &S = Opts.Stats ? *Opts.Stats : Own;
  MDNode *NoSanitize = MDNode::get(M.getContext(), {});
  bool Changed = false;
  for (Function &F : M) {
    if (F.isDeclaration() || F.hasFnAttribute(Attribute::Naked))
      continue;
    bool All = false;
    const char *AttrValue = nullptr;
    std::optional<SkipReason> FromAst;
    if (Opts.Marks) {
      // -funique-internal-linkage-names appends ".__uniq.<hash>" to the
      // mangled name of internal functions.
      StringRef Name = F.getName();
      auto It = Opts.Marks->Functions.find(Name);
      if (It == Opts.Marks->Functions.end() && Name.contains(".__uniq."))
        It = Opts.Marks->Functions.find(Name.split(".__uniq.").first);
      if (It != Opts.Marks->Functions.end())
        FromAst = It->second;
    }
    if (F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation)) {
      All = true;
    } else if (FromAst == SkipReason::VigilHeader ||
               (F.getSubprogram() &&
                isVigilHeaderFile(F.getSubprogram()->getFile()))) {
      All = true;
      AttrValue = kSkipVigilHeader;
    } else if (FromAst == SkipReason::NoSanitize) {
      AttrValue = kSkipNoSanitize;
    } else if (FromAst == SkipReason::Ignorelist ||
               isFunctionIgnorelisted(Opts.Ignorelist.get(), F)) {
      AttrValue = kSkipIgnorelist;
    } else {
      continue;
    }
    if (AttrValue && !F.hasFnAttribute(kSkipAttr))
      F.addFnAttr(kSkipAttr, AttrValue);
    ++S.MarkedFuncs;
    Changed = true;
    // Not inlined into instrumented code (as TSan, whose sanitize_thread
    // mismatch blocks inlining): !nosanitize alone does not survive every
    // optimization (EarlyCSE, for one, drops it when it merges two loads).
    // A function without accesses or calls has nothing to lose.
    bool HasContent = any_of(instructions(F), [](const Instruction &I) {
      return isMemoryCandidate(I) ||
             (isa<CallBase>(I) && !isa<IntrinsicInst>(I));
    });
    if (HasContent && !F.hasFnAttribute(Attribute::AlwaysInline) &&
        !F.hasFnAttribute(Attribute::NoInline)) {
      F.addFnAttr(Attribute::NoInline);
      ++S.MarkedNoInline;
    }
    // always_inline copies carry the decision as !nosanitize; atomics of
    // excluded functions stay visible unless the function is excluded
    // entirely.
    for (Instruction &I : instructions(F)) {
      if (!isMemoryCandidate(I) || (!All && isAtomicAccess(I)) ||
          I.hasMetadata(LLVMContext::MD_nosanitize))
        continue;
      I.setMetadata(LLVMContext::MD_nosanitize, NoSanitize);
      ++S.MarkedInsts;
    }
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

PreservedAnalyses VigilPass::run(Module &M, ModuleAnalysisManager &MAM) {
  VigilStats Own;
  VigilStats &S = Opts.Stats ? *Opts.Stats : Own;
  if (M.getFunction(kCtorName)) {
    // Already instrumented, e.g. by both -fplugin and -fpass-plugin.
    ++S.ModulesAlreadyInstrumented;
    if (Opts.PrintStats)
      S.print(errs(), M.getSourceFileName());
    return PreservedAnalyses::all();
  }
  FunctionAnalysisManager &FAM =
      MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  Instrumenter Inst(M, Opts, S, FAM);
  SmallVector<Function *, 64> Defined;
  for (Function &F : M)
    if (!F.isDeclaration())
      Defined.push_back(&F);
  for (Function *F : Defined)
    Inst.instrumentFunction(*F);
  Inst.createModuleCtor();
  if (Opts.PrintStats)
    S.print(errs(), M.getSourceFileName());
  return PreservedAnalyses::none();
}

void registerVigilPipeline(PassBuilder &PB, const VigilOptions &Opts) {
  PB.registerPipelineStartEPCallback(
      [Opts](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(VigilMarkPass(Opts));
      });
  PB.registerOptimizerLastEPCallback(
      [Opts](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(VigilPass(Opts));
      });
}

namespace {
// "stats;no-elim;ignorelist=FILE" (all optional).
Expected<VigilOptions> parseVigilParams(StringRef Params) {
  VigilOptions Opts;
  std::vector<std::string> Ignorelists;
  while (!Params.empty()) {
    StringRef P;
    std::tie(P, Params) = Params.split(';');
    if (P == "stats") {
      Opts.PrintStats = true;
    } else if (P == "no-elim") {
      Opts.Eliminate = false;
    } else if (P.consume_front("ignorelist=")) {
      Ignorelists.push_back(P.str());
    } else {
      return make_error<StringError>(
          "vigil: unknown pass parameter '" + P.str() +
              "' (expected stats, no-elim or ignorelist=FILE)",
          inconvertibleErrorCode());
    }
  }
  if (!Ignorelists.empty()) {
    std::string Error;
    std::unique_ptr<SpecialCaseList> SCL = loadIgnorelist(Ignorelists, Error);
    if (!SCL)
      return make_error<StringError>("vigil: " + Error,
                                     inconvertibleErrorCode());
    Opts.Ignorelist = std::move(SCL);
  }
  return Opts;
}
} // namespace

void registerVigilPassPlugin(PassBuilder &PB) {
  // -fpass-plugin: no plugin arguments, no AST (see docs/instrumentation.md).
  registerVigilPipeline(PB, VigilOptions());
  auto Stats = std::make_shared<VigilStats>();
  PB.registerPipelineParsingCallback(
      [Stats](StringRef Name, ModulePassManager &MPM,
              ArrayRef<PassBuilder::PipelineElement>) {
        for (StringRef PassName : {"vigil", "vigil-mark"}) {
          if (!PassBuilder::checkParametrizedPassName(Name, PassName))
            continue;
          auto Opts = PassBuilder::parsePassParameters(parseVigilParams, Name,
                                                       PassName);
          if (!Opts) {
            errs() << toString(Opts.takeError()) << "\n";
            return false;
          }
          Opts->Stats = Stats;
          if (PassName == StringRef("vigil"))
            MPM.addPass(VigilPass(std::move(*Opts)));
          else
            MPM.addPass(VigilMarkPass(std::move(*Opts)));
          return true;
        }
        return false;
      });
}

} // namespace vigil
