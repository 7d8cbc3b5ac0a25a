# Fails when a source of compiler/ includes a header from a folder its library may not use, as
# compiler/layers.txt says (the table the build links the libraries by). Every library sees the
# same include root, so the compiler cannot catch such an include; this test does. It also keeps
# the restatements of the table for readers (compiler/README.md and each folder's README.md) in
# agreement with it, and requires every folder of compiler/ to be in the table.
#
#   cmake -DSOURCE_DIR=<repository> -P layers_check.cmake
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/../scripts/layers.cmake)
set(compiler ${SOURCE_DIR}/compiler)
mzr_read_layers(${compiler}/layers.txt)
# Problems are collected and reported together at the end.
function(fail)
  string(JOIN "" message ${ARGV})
  set_property(GLOBAL APPEND PROPERTY mzr_layer_problems "${message}")
endfunction()

# Every folder is in the table and has a README, and every folder of the table exists.
file(GLOB entries RELATIVE ${compiler} ${compiler}/*)
foreach(entry IN LISTS entries)
  if(IS_DIRECTORY ${compiler}/${entry} AND NOT entry IN_LIST MZR_LAYERS)
    fail("compiler/${entry}/ is not in compiler/layers.txt")
  endif()
endforeach()
foreach(layer IN LISTS MZR_LAYERS)
  if(NOT IS_DIRECTORY ${compiler}/${layer})
    fail("compiler/layers.txt lists '${layer}', which is not a folder of compiler/")
  elseif(NOT EXISTS ${compiler}/${layer}/README.md)
    fail("compiler/${layer}/ has no README.md saying what it owns and what it may include")
  endif()
endforeach()

# The include lines. A line number is looked up only for an include that breaks the rule.
foreach(layer IN LISTS MZR_LAYERS)
  set(allowed ${layer} ${MZR_LAYER_DEPS_${layer}})
  file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR}
       ${compiler}/${layer}/*.h ${compiler}/${layer}/*.cpp ${compiler}/${layer}/*.def
       ${compiler}/${layer}/*.inc)
  foreach(source IN LISTS sources)
    file(STRINGS ${SOURCE_DIR}/${source} includes ENCODING UTF-8
         REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]compiler/[a-z_]+/")
    foreach(line IN LISTS includes)
      string(REGEX MATCH "compiler/([a-z_]+)/" _ "${line}")
      set(used ${CMAKE_MATCH_1})
      if(used IN_LIST allowed)
        continue()
      endif()
      file(READ ${SOURCE_DIR}/${source} text)
      string(FIND "${text}" "${line}" at)
      string(SUBSTRING "${text}" 0 ${at} before)
      string(REGEX MATCHALL "\n" newlines "${before}")
      list(LENGTH newlines number)
      math(EXPR number "${number} + 1")
      string(REPLACE ";" ", " list "${MZR_LAYER_DEPS_${layer}}")
      if(list STREQUAL "")
        set(list "nothing else")
      endif()
      fail("${source}:${number}: '${layer}' may not include '${used}': ${line}\n"
           "  compiler/layers.txt lets '${layer}' include: ${list}")
    endforeach()
  endforeach()
endforeach()

# Sorted, comma-separated, for messages and comparisons.
function(normalized out)
  set(items ${ARGN})
  list(REMOVE_DUPLICATES items)
  list(SORT items)
  string(REPLACE ";" ", " text "${items}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# compiler/README.md: a row per folder, `folder/` in the first column (several may share a row)
# and the folders it may include as `folder/` in the third.
file(STRINGS ${compiler}/README.md rows ENCODING UTF-8 REGEX "^\\| `[a-z_]+/`")
set(described)
foreach(row IN LISTS rows)
  string(REGEX MATCH "^\\|([^|]*)\\|[^|]*\\|([^|]*)\\|" _ "${row}")
  set(folders "${CMAKE_MATCH_1}")
  set(may "${CMAKE_MATCH_2}")
  string(REGEX MATCHALL "`[a-z_]+/`" folders "${folders}")
  string(REGEX MATCHALL "`[a-z_]+/`" may "${may}")
  string(REGEX REPLACE "`([a-z_]+)/`" "\\1" folders "${folders}")
  string(REGEX REPLACE "`([a-z_]+)/`" "\\1" may "${may}")
  normalized(said ${may})
  foreach(folder IN LISTS folders)
    list(APPEND described ${folder})
    normalized(table ${MZR_LAYER_DEPS_${folder}})
    if(NOT said STREQUAL table)
      fail("compiler/README.md says '${folder}/' may include [${said}] but "
           "compiler/layers.txt says [${table}]")
    endif()
  endforeach()
endforeach()
foreach(layer IN LISTS MZR_LAYERS)
  if(NOT layer IN_LIST described)
    fail("compiler/README.md has no row for '${layer}/'")
  endif()
endforeach()

# Each folder's README.md: a paragraph starting "May include:" naming the folders as
# `compiler/folder`.
foreach(layer IN LISTS MZR_LAYERS)
  if(NOT EXISTS ${compiler}/${layer}/README.md)
    continue()
  endif()
  file(READ ${compiler}/${layer}/README.md text)
  string(FIND "${text}" "\nMay include:" at)
  if(at EQUAL -1)
    fail("compiler/${layer}/README.md has no paragraph starting 'May include:'")
    continue()
  endif()
  string(SUBSTRING "${text}" ${at} -1 paragraph)
  string(FIND "${paragraph}" "\n\n" end)
  string(SUBSTRING "${paragraph}" 0 ${end} paragraph)
  string(REGEX MATCHALL "`compiler/[a-z_]+" may "${paragraph}")
  string(REPLACE "`compiler/" "" may "${may}")
  normalized(said ${may})
  normalized(table ${MZR_LAYER_DEPS_${layer}})
  if(NOT said STREQUAL table)
    fail("compiler/${layer}/README.md says it may include [${said}] but "
         "compiler/layers.txt says [${table}]")
  endif()
endforeach()

get_property(problems GLOBAL PROPERTY mzr_layer_problems)
list(LENGTH problems count)
if(count GREATER 0)
  foreach(problem IN LISTS problems)
    message(NOTICE "${problem}")
  endforeach()
  message(FATAL_ERROR "${count} problem(s) with the layering of compiler/ (compiler/layers.txt)")
endif()
