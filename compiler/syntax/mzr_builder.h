#pragma once
// Turns the ANTLR parse tree of a .mzr file into the typed syntax tree (compiler/dsl/ast.h).
// Internal to compiler/syntax.

#include "MzrParser.h"
#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/dsl/ast.h"
#include "compiler/syntax/code_points.h"
#include "compiler/syntax/mzr_lexer.h"

namespace antlr4 {
class CommonTokenStream;
}

namespace mzr::syntax {

// `lexer` made the tokens; its bad tokens are reported and its comments are attached to nodes.
dsl::File build_mzr_file(antlr_Mzr::MzrParser::FileContext* tree, antlr4::CommonTokenStream& tokens,
                         const MzrRawLexer& lexer, const CodePointMap& cps, const SourceFile& file,
                         SourceId id, Diagnostics& diags);

}  // namespace mzr::syntax
