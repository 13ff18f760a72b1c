/* PluginShim.c — vigil-plugin.so: the file users pass to -fplugin= and
 * -fpass-plugin=.
 *
 * The real plugin (vigil-plugin-impl.so) leaves every LLVM/Clang symbol to be
 * resolved from the host clang; loaded by another clang it would fail with an
 * unreadable "undefined symbol" or, worse, crash on a mismatched ABI. This
 * shim has no LLVM dependency: its constructor checks that the host process is
 * LLVM 19.1 (LLVMGetVersion, which LLVM < 16 lacks) and otherwise prints one
 * line naming clang 19 and exits non-zero. On 19.1 it loads the impl from its
 * own directory with RTLD_GLOBAL, so the impl's static frontend-plugin
 * registration lands in clang's registry before clang looks for "vigil", and
 * forwards llvmGetPassPluginInfo for -fpass-plugin. */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VIGIL_EXPORT __attribute__((visibility("default")))

enum { kWantMajor = 19, kWantMinor = 1 };
static const char kImplName[] = "vigil-plugin-impl.so";

static void *ImplHandle;

/* Layout of llvm::PassPluginLibraryInfo (llvm/Passes/PassPlugin.h). */
struct PassPluginLibraryInfo {
  uint32_t APIVersion;
  const char *PluginName;
  const char *PluginVersion;
  void (*RegisterPassBuilderCallbacks)(void *PassBuilder);
};

static void fail(const char *Message) {
  fprintf(stderr, "vigil-plugin.so: %s\n", Message);
  fflush(stderr);
  /* _exit: we may be inside dlopen inside clang; running clang's static
   * destructors from here could crash instead of failing cleanly. */
  _exit(1);
}

/* Finds the version of a loaded libLLVM ("libLLVM-14.so.1", "libLLVM.so.18.1"). */
static int findLibLLVM(struct dl_phdr_info *Info, size_t Size, void *Out) {
  (void)Size;
  const char *Base = Info->dlpi_name ? strrchr(Info->dlpi_name, '/') : NULL;
  Base = Base ? Base + 1 : Info->dlpi_name;
  if (!Base || strncmp(Base, "libLLVM", 7) != 0)
    return 0;
  const char *P = Base + 7;
  while (*P && (*P < '0' || *P > '9'))
    ++P;
  if (!*P)
    return 0;
  *(int *)Out = atoi(P);
  return 1;
}

/* "LLVM 14 (/usr/lib/llvm-14/bin/clang)", as far as it can be told. */
static void describeHost(char *Buf, size_t Len) {
  int Major = 0;
  char Exe[512];
  ssize_t N = readlink("/proc/self/exe", Exe, sizeof(Exe) - 1);
  Exe[N > 0 ? N : 0] = '\0';
  dl_iterate_phdr(findLibLLVM, &Major);
  if (Major == 0) {
    const char *P = strstr(Exe, "llvm-");
    if (P)
      Major = atoi(P + 5);
  }
  if (Major > 0)
    snprintf(Buf, Len, "clang/LLVM %d (%s)", Major, Exe);
  else
    snprintf(Buf, Len, "an LLVM older than 16 or without exported LLVM symbols (%s)",
             Exe);
}

/* Returns only if the host process is LLVM 19.1. */
static void checkHostVersion(void) {
  typedef void (*GetVersionFn)(unsigned *, unsigned *, unsigned *);
  GetVersionFn GetVersion = (GetVersionFn)dlsym(RTLD_DEFAULT, "LLVMGetVersion");
  char Host[600];
  if (GetVersion) {
    unsigned Major = 0, Minor = 0, Patch = 0;
    GetVersion(&Major, &Minor, &Patch);
    if (Major == kWantMajor && Minor == kWantMinor)
      return;
    char Exe[512];
    ssize_t N = readlink("/proc/self/exe", Exe, sizeof(Exe) - 1);
    Exe[N > 0 ? N : 0] = '\0';
    snprintf(Host, sizeof(Host), "clang/LLVM %u.%u.%u (%s)", Major, Minor,
             Patch, Exe);
  } else {
    describeHost(Host, sizeof(Host));
  }
  char Message[1024];
  snprintf(Message, sizeof(Message),
           "this plugin was built for clang 19 (LLVM %d.%d); it was loaded by "
           "%s. Compile with clang++-19 (or vigil-clang++).",
           kWantMajor, kWantMinor, Host);
  fail(Message);
}

__attribute__((constructor)) static void vigilShimInit(void) {
  checkHostVersion();
  char Message[4200];

  Dl_info Self;
  if (!dladdr((void *)&vigilShimInit, &Self) || !Self.dli_fname)
    fail("cannot find its own location (dladdr failed)");
  char Path[4096];
  const char *Slash = strrchr(Self.dli_fname, '/');
  int DirLen = Slash ? (int)(Slash - Self.dli_fname) : 1;
  const char *Dir = Slash ? Self.dli_fname : ".";
  if (snprintf(Path, sizeof(Path), "%.*s/%s", DirLen, Dir, kImplName) >=
      (int)sizeof(Path))
    fail("installation path too long");
  ImplHandle = dlopen(Path, RTLD_NOW | RTLD_GLOBAL);
  if (!ImplHandle) {
    snprintf(Message, sizeof(Message), "cannot load %s: %s", Path, dlerror());
    fail(Message);
  }
}

VIGIL_EXPORT struct PassPluginLibraryInfo llvmGetPassPluginInfo(void) {
  typedef struct PassPluginLibraryInfo (*InfoFn)(void);
  InfoFn Impl =
      ImplHandle ? (InfoFn)dlsym(ImplHandle, "llvmGetPassPluginInfo") : NULL;
  if (!Impl)
    fail("vigil-plugin-impl.so does not export llvmGetPassPluginInfo");
  return Impl();
}
