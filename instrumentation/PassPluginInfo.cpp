//===- PassPluginInfo.cpp - the pass-plugin entry point -------------------===//
//
// llvmGetPassPluginInfo for `opt -load-pass-plugin` (vigil-pass.so) and
// `clang++ -fpass-plugin` (vigil-plugin-impl.so, reached through the shim).
// The libraries are built with hidden visibility; this one symbol is exported.
//
//===----------------------------------------------------------------------===//

#pragma GCC visibility push(default)
#include "llvm/Passes/PassPlugin.h"
#pragma GCC visibility pop

#include "VigilPass.h"

#include "llvm/Passes/PassBuilder.h"

extern "C" ::llvm::PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "vigil", "0.1.0",
          [](llvm::PassBuilder &PB) { vigil::registerVigilPassPlugin(PB); }};
}
