// libFuzzer target for the Go template engine: any byte string, parsed as a template and run
// with Prometheus' and Alertmanager's functions on fixed data, must give output or an error,
// never a crash, a hang or a sanitizer report. A tree that parses must print as text that parses
// again and prints the same.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "compiler/template/alertmanager.h"
#include "compiler/template/exec.h"
#include "compiler/template/parse.h"
#include "compiler/template/prometheus.h"

namespace {

using namespace mzr::tmpl;

// Text nodes print Go-quoted, so the print is not itself a template; compare prints of prints
// only for texts without text nodes.
bool has_text(const Node* n) {
  if (!n) return false;
  if (n->kind == NodeKind::Text) return true;
  for (const Node* c : n->nodes) {
    if (has_text(c)) return true;
  }
  return has_text(n->list) || has_text(n->else_list);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Value alert =
      alert_template_data({{"alertname", "A"}, {"job", "j"}}, {{"cluster", "c"}}, "http://x", 1.5);
  for (int system = 0; system < 2; ++system) {
    FuncMap funcs = system == 0 ? prometheus_functions({}) : alertmanager_functions({}, alert);
    Set set;
    uint16_t src = set.add_source("t", text);
    ParseOptions po;
    po.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
    if (parse(set, src, "t", po)) continue;
    const Tree* tree = set.find("t");
    if (!tree) std::abort();
    if (!has_text(tree->root)) {
      std::string printed = print_tree(tree->root);
      Set again;
      uint16_t s2 = again.add_source("p", printed);
      if (parse(again, s2, "p", po)) std::abort();
      if (print_tree(again.find("p")->root) != printed) std::abort();
    }
    ExecOptions eo;
    eo.max_output = 1 << 16;
    eo.missing_key = MissingKey::Zero;
    execute(set, "t", alert, funcs, eo);
  }
  return 0;
}
