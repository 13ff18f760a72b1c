# lit configuration for vigil's end-to-end tests (compiler-rt style).
import os
import lit.formats

config.name = "vigil"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".ll", ".test"]
config.excludes = ["Inputs", "utils", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
# --param elim=off builds every program with --vigil-no-elim (every access
# checked): the corpora must give the same verdicts both ways. Its outputs
# live apart, so both runs can go at once.
elim = lit_config.params.get("elim", "on")
if elim not in ("on", "off"):
    lit_config.fatal("--param elim=%s: expected on or off" % elim)
config.test_exec_root = os.path.join(config.vigil_obj_root, "tests", "lit" if elim == "on" else "lit-noelim")

# Our wrappers first, then LLVM 19's tools (FileCheck, not, opt), then the system.
config.environment["PATH"] = os.pathsep.join(
    [config.vigil_bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# Tests must not inherit a user's settings.
for var in ("VIGIL_OPTIONS", "TSAN_OPTIONS"):
    config.environment.pop(var, None)
config.environment["TSAN_OPTIONS"] = "halt_on_error=0:exitcode=66"

repeat = lit_config.params.get("repeat", "1")
tools = os.path.join(config.test_source_root, "utils")
py = config.python_executable
cxx_flags = "-I%s -I%s" % (os.path.join(config.vigil_src_root, "runtime", "include"),
                           os.path.join(config.test_source_root, "Inputs"))

elim_flags = "" if elim == "on" else " --vigil-no-elim"
config.substitutions.append(("%vigil_cxx", os.path.join(config.vigil_bin_dir, "vigil-clang++") + elim_flags + " " + cxx_flags))
config.substitutions.append(("%vigil_cc", os.path.join(config.vigil_bin_dir, "vigil-clang") + elim_flags + " " + cxx_flags))
config.substitutions.append(("%clangxx", config.clang_cxx + " " + cxx_flags))
config.substitutions.append(("%clang", config.clang_c + " " + cxx_flags))
config.substitutions.append(("%tsan_cxx", config.clang_cxx + " -fsanitize=thread -g " + cxx_flags))
config.substitutions.append(("%plugin_shim", os.path.join(config.vigil_lib_dir, "vigil-plugin.so")))
config.substitutions.append(("%vigil_lib", config.vigil_lib_dir))
config.substitutions.append(("%vigil_build", config.vigil_obj_root))
config.substitutions.append(("%vigil_src", config.vigil_src_root))
config.substitutions.append(("%opt_vigil", "%s -load-pass-plugin=%s -passes=vigil" % (
    os.path.join(config.llvm_tools_dir, "opt"), os.path.join(config.vigil_lib_dir, "vigil-pass.so"))))
# %run_race / %run_clean: run the program (repeat times), require exit status
# 66 / 0 every time and the same report headlines every time; print the first
# run's output for FileCheck.
config.substitutions.append(("%run_race", "%s %s 66 %s" % (py, os.path.join(tools, "expect_exit.py"), repeat)))
config.substitutions.append(("%run_clean", "%s %s 0 %s" % (py, os.path.join(tools, "expect_exit.py"), repeat)))
config.substitutions.append(("%python", py))
config.substitutions.append(("%expect_exit", "%s %s" % (py, os.path.join(tools, "expect_exit.py"))))

# SARIF's reference validator (Microsoft's Sarif.Multitool, from npm), set up
# by scripts/install-sarif-validator.sh into the build tree.
multitool = os.path.join(config.vigil_obj_root, "npm", "node_modules", "@microsoft",
                         "sarif-multitool-linux", "Sarif.Multitool")
if os.access(multitool, os.X_OK):
    config.available_features.add("sarif-multitool")
    config.substitutions.append(("%sarif_multitool", multitool))
else:
    lit_config.warning("Sarif.Multitool not found at %s: the SARIF validation tests are skipped "
                       "(scripts/install-sarif-validator.sh installs it)" % multitool)
