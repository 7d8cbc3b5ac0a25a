// Build step: parses and lowers the standard library's .mzr files and writes the C++ source of
// their tables (tables.h). Usage: gen_catalogs OUTPUT. Any diagnostic the library reports fails
// the build, printed as `mzrules check` would print it. OUTPUT is rewritten only when its text
// changes, so an unchanged library recompiles nothing.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/render.h"
#include "compiler/stdlib/stdlib.h"

namespace mzr::stdlib {
namespace {

// A C++ string literal holding exactly `s`; bytes other than printable ASCII become octal escapes
// of three digits, which no following character can extend.
std::string literal(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    auto b = static_cast<unsigned char>(ch);
    if (b >= 0x20 && b < 0x7f && ch != '"' && ch != '\\' && ch != '?') {
      out += ch;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", static_cast<unsigned>(b));
      out += buf;
    }
  }
  return out + "\"";
}

class Writer {
 public:
  Writer(SourceId first, size_t files) : first_(first), files_(files) {}

  bool ok() const { return ok_; }

  std::string span(const Span& s) {
    if (!s.valid()) {
      return "{kNoFileIndex, " + std::to_string(s.begin) + ", " + std::to_string(s.end) + "}";
    }
    if (s.file < first_ || s.file - first_ >= files_) {
      std::cerr << "gen_catalogs: a span points outside the standard library's sources\n";
      ok_ = false;
    }
    return "{" + std::to_string(s.file - first_) + ", " + std::to_string(s.begin) + ", " +
           std::to_string(s.end) + "}";
  }

  std::string text(const model::Text& t) {
    return "{{" + literal(t.value) + ", " + std::to_string(t.value.size()) + "}, " + span(t.span) +
           "}";
  }

  uint32_t add_labels(const std::vector<model::Text>& labels) {
    auto first = static_cast<uint32_t>(label_count_);
    for (const model::Text& l : labels) {
      labels_ << "    " << text(l) << ",\n";
      ++label_count_;
    }
    return first;
  }

  void add(const model::Catalog& c) {
    uint32_t first_target = add_labels(c.target_labels);
    auto first_metric = static_cast<uint32_t>(metric_count_);
    for (const model::MetricDecl& m : c.metrics) {
      uint32_t first_label = add_labels(m.labels);
      metrics_ << "    {.type = static_cast<model::MetricType>(" << static_cast<unsigned>(m.type)
               << "),\n"
               << "     .name = " << text(m.name) << ",\n"
               << "     .first_label = " << first_label << ",\n"
               << "     .label_count = " << m.labels.size() << ",\n"
               << "     .labels_known = " << (m.labels_known ? "true" : "false") << ",\n"
               << "     .has_help = " << (m.help ? "true" : "false") << ",\n"
               << "     .help = " << (m.help ? text(*m.help) : std::string("{}")) << ",\n"
               << "     .span = " << span(m.span) << "},\n";
      ++metric_count_;
    }
    catalogs_ << "    {.name = " << text(c.name) << ",\n"
              << "     .first_target_label = " << first_target << ",\n"
              << "     .target_label_count = " << c.target_labels.size() << ",\n"
              << "     .first_metric = " << first_metric << ",\n"
              << "     .metric_count = " << c.metrics.size() << ",\n"
              << "     .span = " << span(c.span) << "},\n";
    ++catalog_count_;
  }

  std::string source() const {
    std::ostringstream out;
    out << "// Generated from compiler/stdlib/*.mzr by compiler/stdlib/gen_catalogs.cpp; do not "
           "edit.\n"
        << "#include <array>\n\n"
        << "#include \"compiler/stdlib/tables.h\"\n\n"
        << "namespace mzr::stdlib {\n"
        << "namespace {\n\n"
        << "constexpr std::array<TextRecord, " << label_count_ << "> kLabels{{\n"
        << labels_.str() << "}};\n\n"
        << "constexpr std::array<MetricRecord, " << metric_count_ << "> kMetrics{{\n"
        << metrics_.str() << "}};\n\n"
        << "constexpr std::array<CatalogRecord, " << catalog_count_ << "> kCatalogs{{\n"
        << catalogs_.str() << "}};\n\n"
        << "}  // namespace\n\n"
        << "const Tables& tables() {\n"
        << "  static constexpr Tables kTables{kCatalogs, kMetrics, kLabels};\n"
        << "  return kTables;\n"
        << "}\n\n"
        << "}  // namespace mzr::stdlib\n";
    return out.str();
  }

 private:
  SourceId first_;
  size_t files_;
  bool ok_ = true;
  std::ostringstream labels_, metrics_, catalogs_;
  size_t label_count_ = 0, metric_count_ = 0, catalog_count_ = 0;
};

int run(const std::string& output) {
  SourceManager sm;
  Diagnostics diags;
  auto first = static_cast<SourceId>(sm.size());
  std::vector<model::Catalog> catalogs = parse_catalogs(sm, diags);
  if (!diags.all().empty()) {
    render_human(sm, diags, std::cerr, RenderOptions{});
    std::cerr << "gen_catalogs: the standard library must compile without diagnostics\n";
    return 1;
  }
  Writer w(first, files().size());
  for (const model::Catalog& c : catalogs) w.add(c);
  if (!w.ok()) return 1;
  std::string text = w.source();

  std::ifstream old(output, std::ios::binary);
  std::ostringstream old_text;
  old_text << old.rdbuf();
  if (old && old_text.str() == text) return 0;
  std::string tmp = output + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << "gen_catalogs: cannot write " << tmp << "\n";
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), output.c_str()) != 0) {
    std::cerr << "gen_catalogs: cannot write " << output << "\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace mzr::stdlib

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: gen_catalogs OUTPUT\n";
    return 2;
  }
  return mzr::stdlib::run(argv[1]);
}
