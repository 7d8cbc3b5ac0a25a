#pragma once
// Go's strconv.Unquote and UnquoteChar, for the string and character literals of templates: the
// code base's one unquoter (base/go_unquote.h) with Go's own rules.

#include "compiler/base/go_unquote.h"

namespace mzr::tmpl {

// The value of a Go "...", `...` or '...' literal, or nullopt when it is not one ("invalid
// syntax"). For '...' the value is the character's UTF-8 encoding.
using mzr::go_unquote;

// The code point of a Go character literal 'x', or nullopt.
using mzr::go_unquote_char;

}  // namespace mzr::tmpl
