# VigilInstrument.cmake — vigil_instrument(<target>...): compile the targets'
# C and C++ sources with vigil's plugin and -g, and link the detector runtime.
# Requires VIGIL_PLUGIN, VIGIL_CLANG_VERSION and the Vigil::detect target.
#
# The plugin is added per target, never to CMAKE_CXX_FLAGS: compiler checks
# that CMake runs while configuring must not load it.

function(vigil_instrument)
  string(REGEX MATCH "^[0-9]+" _want_major "${VIGIL_CLANG_VERSION}")
  foreach(_lang CXX C)
    if(NOT CMAKE_${_lang}_COMPILER_LOADED)
      continue()
    endif()
    string(REGEX MATCH "^[0-9]+" _have_major "${CMAKE_${_lang}_COMPILER_VERSION}")
    if(NOT CMAKE_${_lang}_COMPILER_ID STREQUAL "Clang" OR NOT _have_major STREQUAL _want_major)
      message(FATAL_ERROR
        "vigil_instrument(): vigil's plugin was built for Clang ${_want_major}, but this project's ${_lang} "
        "compiler is ${CMAKE_${_lang}_COMPILER_ID} ${CMAKE_${_lang}_COMPILER_VERSION} "
        "(${CMAKE_${_lang}_COMPILER}). Configure with -DCMAKE_${_lang}_COMPILER=clang++-${_want_major} "
        "(or clang-${_want_major} for C).")
    endif()
  endforeach()
  foreach(_target IN LISTS ARGN)
    if(NOT TARGET ${_target})
      message(FATAL_ERROR "vigil_instrument(): '${_target}' is not a target")
    endif()
    target_compile_options(${_target} PRIVATE
      $<$<COMPILE_LANGUAGE:C,CXX>:-fplugin=${VIGIL_PLUGIN}> $<$<COMPILE_LANGUAGE:C,CXX>:-g>)
    target_link_libraries(${_target} PRIVATE Vigil::detect)
  endforeach()
endfunction()
