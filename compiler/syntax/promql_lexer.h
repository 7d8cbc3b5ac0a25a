#pragma once
// The PromQL lexer. grammar/PromQLLexer.g4 defines the tokens; this is the same automaton written
// out by hand, because ANTLR's C++ lexer runtime takes a lock and a hash lookup per character and
// builds its DFA anew in every process, which made lexing the largest single cost of checking a
// directory of rule files. tests/promql/promql_lexer_test.cpp and the PromQL fuzz target hold
// both lexers to the same tokens.

#include <string_view>
#include <vector>

#include "compiler/syntax/promql_tokens.h"

namespace mzr::syntax {

// The tokens of `text`, which must be valid UTF-8, ending with one EOF token at its end.
// Whitespace and comments are skipped; keywords are typed outside brackets (case-insensitively);
// every character the grammar does not expect becomes an ERROR_CHAR token of one code point.
std::vector<PromqlToken> lex_promql(std::string_view text);

// The keyword type of an identifier outside brackets (`sum`, `BY`, `offset`, ...), matched
// case-insensitively as Prometheus does, or 0 for a plain identifier.
size_t promql_keyword_type(std::string_view word);

// The same tokens from the ANTLR lexer generated from grammar/PromQLLexer.g4, with the keyword
// typing the parser applies. The reference the hand-written lexer is tested against. (ANTLR's
// input stream drops a leading byte order mark, which shifts its positions: not for such text.)
std::vector<PromqlToken> lex_promql_with_antlr(std::string_view text);

}  // namespace mzr::syntax
