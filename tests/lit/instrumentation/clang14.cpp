// Loaded by another clang, vigil-plugin.so stops the compile with one line
// naming clang 19 instead of crashing or silently not instrumenting.
// RUN: not clang++-14 -fplugin=%plugin_shim -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: not clang++-14 -fpass-plugin=%plugin_shim -c %s -o /dev/null 2>&1 | FileCheck %s
// CHECK: vigil-plugin.so: this plugin was built for clang 19 (LLVM 19.1); it was loaded by clang/LLVM 14
// CHECK-SAME: Compile with clang++-19

// opt-19 is LLVM 19 but not clang: the shim says why the impl cannot load.
// RUN: not opt -load-pass-plugin=%plugin_shim -passes=vigil -disable-output /dev/null 2>&1 | FileCheck %s --check-prefix=OPT
// OPT: vigil-plugin.so: cannot load {{.*}}vigil-plugin-impl.so: {{.*}}undefined symbol

int main() { return 0; }
