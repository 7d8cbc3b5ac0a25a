# Patches the C++ code ANTLR 4.7/4.9 generates so that a recognizer deserializes its ATN when the
# first instance is constructed, not during static initialisation of the program: every command
# would otherwise pay for all grammars (the LogQL lexer's alone costs tens of milliseconds).
#   cmake -DDIR=<generated dir> -DNAME=<grammar name> -P antlr_lazy_init.cmake
foreach(kind Lexer Parser)
  set(file ${DIR}/${NAME}${kind}.cpp)
  file(READ ${file} text)
  set(class ${NAME}${kind})
  if(kind STREQUAL "Lexer")
    set(ctor "${class}::${class}(CharStream *input) : Lexer(input) {")
  else()
    set(ctor "${class}::${class}(TokenStream *input) : Parser(input) {")
  endif()
  string(FIND "${text}" "${ctor}" at)
  string(FIND "${text}" "${class}::Initializer ${class}::_init;" init_at)
  if(at EQUAL -1 OR init_at EQUAL -1)
    message(FATAL_ERROR "${file}: generated code has an unexpected shape; cannot make its initialisation lazy")
  endif()
  string(REPLACE "${class}::Initializer ${class}::_init;" "" text "${text}")
  string(REPLACE "${ctor}" "${ctor}\n  static Initializer lazy_init;  // deserializes the ATN once" text "${text}")
  file(WRITE ${file} "${text}")
endforeach()
