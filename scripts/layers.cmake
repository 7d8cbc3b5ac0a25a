# Reads compiler/layers.txt, the table of which folders of compiler/ each folder may include. Used
# by the build, which makes one library per folder linking exactly those folders, and by the test
# that scans the sources' include lines (tests/layers_check.cmake), so both follow one table.
#
#   mzr_read_layers(<file>)
#
# sets MZR_LAYERS (the folders, in file order) and MZR_LAYER_DEPS_<folder> (the folders it may
# include) in the caller's scope. A folder may only name folders listed above it, so the graph
# is acyclic by construction; anything else stops with an error naming the line.
function(mzr_read_layers file)
  file(STRINGS ${file} lines)
  set(layers)
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    string(REGEX REPLACE "#.*$" "" line "${line}")
    string(STRIP "${line}" line)
    if(line STREQUAL "")
      continue()
    endif()
    if(NOT line MATCHES "^([a-z_]+):(.*)$")
      message(FATAL_ERROR "${file}:${number}: expected 'folder: folders it may include'")
    endif()
    set(layer ${CMAKE_MATCH_1})
    string(STRIP "${CMAKE_MATCH_2}" rest)
    if(layer IN_LIST layers)
      message(FATAL_ERROR "${file}:${number}: '${layer}' is listed twice")
    endif()
    set(deps)
    if(NOT rest STREQUAL "")
      string(REGEX REPLACE "[ \t]+" ";" deps "${rest}")
    endif()
    foreach(dep IN LISTS deps)
      if(NOT dep IN_LIST layers)
        message(FATAL_ERROR "${file}:${number}: '${layer}' may only use folders listed above it, "
                            "and '${dep}' is not (a cycle, or a folder missing from the table)")
      endif()
    endforeach()
    list(APPEND layers ${layer})
    set(MZR_LAYER_DEPS_${layer} ${deps} PARENT_SCOPE)
  endforeach()
  set(MZR_LAYERS ${layers} PARENT_SCOPE)
endfunction()
