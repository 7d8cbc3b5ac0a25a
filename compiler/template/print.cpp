// Go's canonical form of a parse tree (parse.Node's String methods).

#include "compiler/base/go_quote.h"
#include "compiler/template/parse.h"

namespace mzr::tmpl {
namespace {

void write(std::string& out, const Node* n);

void write_pipe(std::string& out, const Node* p) {
  for (size_t i = 0; i < p->decls.size(); ++i) {
    if (i > 0) out += ", ";
    write(out, p->decls[i]);
  }
  if (!p->decls.empty()) out += p->is_assign ? " = " : " := ";
  for (size_t i = 0; i < p->nodes.size(); ++i) {
    if (i > 0) out += " | ";
    write(out, p->nodes[i]);
  }
}

void write_branch(std::string& out, const Node* n, const char* name) {
  out += "{{";
  out += name;
  out += ' ';
  write_pipe(out, n->pipe);
  out += "}}";
  write(out, n->list);
  if (n->else_list) {
    out += "{{else}}";
    write(out, n->else_list);
  }
  out += "{{end}}";
}

void write(std::string& out, const Node* n) {
  switch (n->kind) {
    case NodeKind::List:
      for (const Node* c : n->nodes) write(out, c);
      break;
    case NodeKind::Text: out += go_quote(n->text); break;
    case NodeKind::Comment:
      out += "{{";
      out += n->text;
      out += "}}";
      break;
    case NodeKind::Action:
      out += "{{";
      write_pipe(out, n->pipe);
      out += "}}";
      break;
    case NodeKind::If: write_branch(out, n, "if"); break;
    case NodeKind::Range: write_branch(out, n, "range"); break;
    case NodeKind::With: write_branch(out, n, "with"); break;
    case NodeKind::Template:
      out += "{{template ";
      out += go_quote(n->text);
      if (n->pipe) {
        out += ' ';
        write_pipe(out, n->pipe);
      }
      out += "}}";
      break;
    case NodeKind::Break: out += "{{break}}"; break;
    case NodeKind::Continue: out += "{{continue}}"; break;
    case NodeKind::Pipe: write_pipe(out, n); break;
    case NodeKind::Command:
      for (size_t i = 0; i < n->nodes.size(); ++i) {
        if (i > 0) out += ' ';
        const Node* a = n->nodes[i];
        if (a->kind == NodeKind::Pipe) {
          out += '(';
          write_pipe(out, a);
          out += ')';
        } else {
          write(out, a);
        }
      }
      break;
    case NodeKind::Identifier: out += n->text; break;
    case NodeKind::Variable:
      for (size_t i = 0; i < n->idents.size(); ++i) {
        if (i > 0) out += '.';
        out += n->idents[i];
      }
      break;
    case NodeKind::Dot: out += '.'; break;
    case NodeKind::Nil: out += "nil"; break;
    case NodeKind::Field:
      for (const auto& f : n->idents) {
        out += '.';
        out += f;
      }
      break;
    case NodeKind::Chain:
      if (n->operand->kind == NodeKind::Pipe) {
        out += '(';
        write_pipe(out, n->operand);
        out += ')';
      } else {
        write(out, n->operand);
      }
      for (const auto& f : n->idents) {
        out += '.';
        out += f;
      }
      break;
    case NodeKind::Bool: out += n->boolean ? "true" : "false"; break;
    case NodeKind::Number: out += n->text; break;
    case NodeKind::String: out += n->quoted; break;
  }
}

}  // namespace

std::string print_tree(const Node* node) {
  std::string out;
  if (node) write(out, node);
  return out;
}

std::string print_node(const Node* node) {
  return print_tree(node);
}

}  // namespace mzr::tmpl
