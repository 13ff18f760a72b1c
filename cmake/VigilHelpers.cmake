# VigilHelpers.cmake — one place that sets warnings, visibility and language
# rules for every target vigil builds from its own sources.

# vigil_target_defaults(<target> [RUNTIME])
#   Warnings as errors on our code. RUNTIME: also the runtime's ground rules
#   (no exceptions, no RTTI, hidden visibility, thread-safety analysis).
function(vigil_target_defaults target)
  cmake_parse_arguments(ARG "RUNTIME" "" "" ${ARGN})
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    target_compile_options(${target} PRIVATE -Wthread-safety)
  endif()
  if(ARG_RUNTIME)
    target_compile_options(${target} PRIVATE
      $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti>
      -fvisibility=hidden -fno-omit-frame-pointer -ftls-model=initial-exec)
  endif()
endfunction()
