#include <string>

#include "compiler/dsl/lower.h"
#include "compiler/stdlib/stdlib.h"
#include "compiler/syntax/mzr_parser.h"

namespace mzr::stdlib {

std::vector<model::Catalog> parse_catalogs(SourceManager& sm, Diagnostics& diags) {
  dsl::Lowered lowered;
  for (const File& f : files()) {
    SourceId id = sm.add("<stdlib>/" + std::string(f.name), std::string(f.text));
    dsl::File file = syntax::parse_mzr(sm, id, diags);
    dsl::lower(file, lowered, diags);
  }
  return std::move(lowered.catalogs);
}

}  // namespace mzr::stdlib
