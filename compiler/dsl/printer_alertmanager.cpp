#include "compiler/dsl/printer_alertmanager.h"

#include "compiler/dsl/printer_text.h"

namespace mzr::dsl {
namespace {

constexpr size_t kWidth = kPrintWidth;
constexpr size_t kMaxInlineEntries = 2;

std::string name(const Name& n) {
  return is_bare_name(n.value) && !n.quoted ? n.value : quote(n.value);
}

bool has_comments(const Comments& c) {
  return !c.leading.empty() || c.trailing.has_value();
}

class AmPrinter : public LineWriter {
 public:
  AmPrinter(std::string& out, std::set<uint32_t>& printed) : LineWriter(out, printed) {}

  void values(const std::vector<AmValueNode>& vs, int depth) {
    for (size_t i = 0; i < vs.size(); ++i) {
      if (i > 0) out_ += ", ";
      value(vs[i], depth);
    }
  }

  std::optional<std::string> flat_values(const std::vector<AmValueNode>& vs) {
    std::string s;
    for (size_t i = 0; i < vs.size(); ++i) {
      auto v = flat(vs[i]);
      if (!v) return std::nullopt;
      s += (i > 0 ? ", " : "") + *v;
    }
    return s;
  }

  void block(const AmBlock& b) {
    leading(0, b.comments);
    static const char* const kKeywords[] = {"receiver",      "route",  "inhibit",
                                            "time_interval", "global", "templates"};
    out_ += kKeywords[static_cast<int>(b.kind)];
    if (b.name) out_ += " " + name(*b.name);
    if (b.kind == AmBlock::Kind::Templates) {
      out_ += " ";
      values(b.values, 0);
    }
    for (size_t i = 0; i < b.bodies.size(); ++i) {
      out_ += " ";
      value(b.bodies[i], 0);
    }
    end_line(b.comments.trailing);
  }

 private:
  // The value on one line, or nullopt when it cannot be (comments, too many entries).
  std::optional<std::string> flat(const AmValueNode& v) {
    switch (v.kind) {
      case AmValueNode::Kind::Word: return v.word;
      case AmValueNode::Kind::String: {
        std::string s;
        for (size_t i = 0; i < v.text.parts.size(); ++i) {
          if (i > 0) s += " ";
          s += "\"" + v.text.parts[i] + "\"";
        }
        return s;
      }
      case AmValueNode::Kind::List: {
        if (!v.inner.leading.empty()) return std::nullopt;
        std::string s = "[";
        for (size_t i = 0; i < v.items.size(); ++i) {
          auto item = flat(v.items[i]);
          if (!item) return std::nullopt;
          s += (i > 0 ? ", " : "") + *item;
        }
        return s + "]";
      }
      case AmValueNode::Kind::Body: {
        if (!v.inner.leading.empty() || v.entries.size() > kMaxInlineEntries) return std::nullopt;
        if (v.entries.empty()) return std::string("{}");
        std::string s = "{ ";
        for (size_t i = 0; i < v.entries.size(); ++i) {
          const AmEntry& e = v.entries[i];
          if (has_comments(e.comments)) return std::nullopt;
          auto text = flat(e);
          if (!text) return std::nullopt;
          s += (i > 0 ? "  " : "") + *text;
        }
        return s + " }";
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> flat(const AmEntry& e) {
    switch (e.kind) {
      case AmEntry::Kind::Continue: return std::string("continue");
      case AmEntry::Kind::Match: {
        std::string s = name(e.key) + " ";
        for (size_t i = 0; i < e.matchers.size(); ++i) {
          s += (i > 0 ? ", " : "") + e.matchers[i].text;
        }
        return s;
      }
      case AmEntry::Kind::Setting: {
        std::string s = name(e.key) + (e.assign ? " = " : " ");
        for (size_t i = 0; i < e.values.size(); ++i) {
          auto v = flat(e.values[i]);
          if (!v) return std::nullopt;
          s += (i > 0 ? ", " : "") + *v;
        }
        return s;
      }
    }
    return std::nullopt;
  }

  // Writes `v` at the current position; a multi-line body or list ends at `depth`.
  void value(const AmValueNode& v, int depth) {
    if (auto s = flat(v); s && column() + s->size() <= kWidth) {
      out_ += *s;
      return;
    }
    if (v.kind == AmValueNode::Kind::List) {
      out_ += "[\n";
      for (const AmValueNode& item : v.items) {
        indent(depth + 2);
        value(item, depth + 2);
        out_ += ",\n";
      }
      for (const Comment& c : v.inner.leading) comment(depth + 2, c);
      indent(depth);
      out_ += "]";
      return;
    }
    if (v.kind != AmValueNode::Kind::Body) {
      out_ += *flat(v);
      return;
    }
    out_ += "{\n";
    for (const AmEntry& e : v.entries) entry(e, depth + 2);
    for (const Comment& c : v.inner.leading) comment(depth + 2, c);
    indent(depth);
    out_ += "}";
  }

  void entry(const AmEntry& e, int depth) {
    leading(depth, e.comments);
    indent(depth);
    if (e.kind == AmEntry::Kind::Setting) {
      out_ += name(e.key) + (e.assign ? " = " : " ");
      values(e.values, depth);
    } else {
      out_ += *flat(e);
    }
    end_line(e.comments.trailing);
  }
};

}  // namespace

void print_am_values(const std::vector<AmValueNode>& values, int depth, std::string& out,
                     std::set<uint32_t>& printed) {
  AmPrinter(out, printed).values(values, depth);
}

std::optional<std::string> flat_am_values(const std::vector<AmValueNode>& values) {
  std::string unused;
  std::set<uint32_t> printed;
  return AmPrinter(unused, printed).flat_values(values);
}

void print_am_block(const AmBlock& b, std::string& out, std::set<uint32_t>& printed) {
  AmPrinter(out, printed).block(b);
}

}  // namespace mzr::dsl
