# Writes OUTPUT, a C++ source holding every .mzr file of the standard library as a string, so the
# binary never reads them at run time. Run by the build with -DINPUTS=a|b|... -DOUTPUT=file.
set(body "")
string(REPLACE "|" ";" INPUTS "${INPUTS}")
foreach(input IN LISTS INPUTS)
  file(READ "${input}" text)
  get_filename_component(name "${input}" NAME)
  string(FIND "${text}" ")mzr\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${input} contains the raw string delimiter )mzr\"")
  endif()
  string(APPEND body "    {\"${name}\", R\"mzr(${text})mzr\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from compiler/stdlib/*.mzr by compiler/stdlib/embed.cmake; do not edit.\n"
  "#include \"compiler/stdlib/stdlib.h\"\n\n"
  "namespace mzr::stdlib {\n\n"
  "std::span<const File> files() {\n"
  "  static constexpr File kFiles[] = {\n${body}  };\n"
  "  return kFiles;\n"
  "}\n\n"
  "}  // namespace mzr::stdlib\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
