// Every misconfiguration of the plugin is a compile error with one clear
// message, never a silently uninstrumented build.
// RUN: not %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-ignorelist=%t.missing -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: vigil: cannot open ignorelist '{{.*}}.missing': No such file or directory

// RUN: printf 'fun:ok\nfunc:typo\n' > %t.kind
// RUN: not %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-ignorelist=%t.kind -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=KIND
// KIND: error: vigil: ignorelist '{{.*}}.kind' line 2: unknown entry kind 'func:' (vigil uses fun: and src:)

// RUN: printf 'fun:[oops\n' > %t.glob
// RUN: not %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-ignorelist=%t.glob -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=GLOB
// GLOB: error: vigil: invalid ignorelist: error parsing file '{{.*}}.glob': malformed glob in line 1

// RUN: printf 'no colon here\n' > %t.syntax
// RUN: not %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-ignorelist=%t.syntax -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: error: vigil: invalid ignorelist: error parsing file '{{.*}}.syntax': malformed line 1

// RUN: not %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-ignorelist= -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: vigil: -fplugin-arg-vigil-ignorelist= needs a file name

// RUN: not %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-statistics -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: vigil: unknown plugin argument '-fplugin-arg-vigil-statistics'; valid arguments: -fplugin-arg-vigil-ignorelist=FILE, -fplugin-arg-vigil-stats

// RUN: not %clangxx -fsanitize=thread -fplugin=%plugin_shim -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TSAN
// TSAN: error: vigil: the vigil plugin cannot be combined with -fsanitize=thread

// RUN: not %clangxx -fsanitize=address -fplugin=%plugin_shim -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ASAN
// ASAN: error: vigil: the vigil plugin cannot be combined with -fsanitize=address

int main() { return 0; }
