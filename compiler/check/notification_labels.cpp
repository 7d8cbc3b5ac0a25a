#include "compiler/check/notification_labels.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "compiler/check/setting_templates.h"
#include "compiler/check/template_reads.h"
#include "compiler/check/text_span.h"
#include "compiler/template/alertmanager.h"
#include "compiler/template/parse.h"

namespace mzr {
namespace {

// Alertmanager's notification data: `.` holds the common and group labels and annotations and
// the alerts; `range .Alerts` (or `index .Alerts 0`) gives one alert with its own.
struct NotificationData {
  enum class Kind : uint8_t { Data, Alerts, Alert, Labels, Annotations, Other };
  static Kind field(Kind base, std::string_view name) {
    switch (base) {
      case Kind::Data:
        if (name == "CommonLabels" || name == "GroupLabels") return Kind::Labels;
        if (name == "CommonAnnotations") return Kind::Annotations;
        if (name == "Alerts") return Kind::Alerts;
        return Kind::Other;
      case Kind::Alerts: return name == "Firing" || name == "Resolved" ? Kind::Alerts : Kind::Other;
      case Kind::Alert:
        if (name == "Labels") return Kind::Labels;
        if (name == "Annotations") return Kind::Annotations;
        return Kind::Other;
      default: return Kind::Other;
    }
  }
  static bool is_map(Kind k) { return k == Kind::Labels || k == Kind::Annotations; }
  static Kind element(Kind k) { return k == Kind::Alerts ? Kind::Alert : Kind::Other; }
};
using Kind = NotificationData::Kind;

enum class Field : uint8_t { Label, Annotation };

// One read of a label or annotation: where, in which source of the set.
struct Read {
  Field field;
  std::string name;
  uint16_t source = 0;
  uint32_t begin = 0, end = 0;
  bool operator<(const Read& o) const {
    return std::tie(source, begin, end, field, name) <
           std::tie(o.source, o.begin, o.end, o.field, o.name);
  }
};

// The methods of Alertmanager's KV (labels and annotations), which are not names of the map.
bool is_kv_method(std::string_view name) {
  return name == "SortedPairs" || name == "Names" || name == "Values" || name == "Remove";
}

// Where a read is in the source files: template files map byte for byte, a setting's text
// through locate_in_text.
struct SourceSpan {
  SourceId file = kNoSource;
  bool verbatim = false;  // the set's source is the file's text
  const model::AmValue* setting = nullptr;
};

Span locate(const Read& r, const SourceSpan& s, const SourceManager& sources) {
  if (s.verbatim) return Span{s.file, r.begin, r.end};
  return locate_in_text(s.setting->span, s.setting->scalar, r.begin, r.end, &sources);
}

bool may_carry(const AlertLabels& a, const Read& r) {
  if (r.field == Field::Label) return a.may_carry(r.name);
  for (const model::LabelPair& p : a.rule->annotations) {
    if (p.name.value == r.name) return true;
  }
  return false;
}

}  // namespace

void check_notification_labels(const model::AlertmanagerConfig& config,
                               const std::vector<AlertReceivers>& receivers, SourceManager& sources,
                               Diagnostics& diags) {
  tmpl::FuncMap funcs = tmpl::alertmanager_functions({}, tmpl::make_invalid());
  tmpl::ParseOptions po;
  po.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
  tmpl::Set set;
  std::vector<SourceSpan> where;  // by source of the set
  for (const model::AmTemplateFile& f : config.template_files) {
    SourceId id = sources.add(f.path.empty() ? f.name : f.path, f.content);
    uint16_t src = set.add_source(f.name, f.content);
    where.resize(src + 1);
    where[src] = {id, true, nullptr};
    if (tmpl::parse(set, src, f.name, po)) return;  // E1100 says why; reads would be partial
  }

  // The alerts each receiver's messages are about.
  std::map<std::string, std::vector<const AlertLabels*>> alerts_of;
  for (const AlertReceivers& r : receivers) {
    for (const auto* list : {&r.definite, &r.possible}) {
      for (const std::string& name : *list) alerts_of[name].push_back(r.alert);
    }
  }

  // Each read, with the alerts of every receiver whose templates reach it.
  std::map<Read, std::set<const AlertLabels*>> reached;
  size_t field_index = 0;
  for (const model::AmReceiver& receiver : config.receivers) {
    auto alerts = alerts_of.find(receiver.name.value);
    if (alerts == alerts_of.end()) continue;
    std::set<Read> reads;
    TemplateReadWalker<NotificationData> walker(
        &set, [&](Kind map, const std::string& name, const tmpl::Node* at, uint32_t end) {
          if (is_kv_method(name)) return;
          reads.insert({map == Kind::Labels ? Field::Label : Field::Annotation, name, at->source,
                        at->pos, std::max(end, at->pos)});
        });
    for (const model::AmIntegration& integration : receiver.integrations) {
      for (const model::AmSetting& setting : integration.settings) {
        std::vector<const model::AmValue*> strings;
        template_strings(setting.content, strings);
        for (const model::AmValue* s : strings) {
          std::string name = fmt::format("__setting_{}", field_index++);
          uint16_t src = set.add_source(name, s->scalar);
          where.resize(src + 1);
          where[src] = {s->span.file, false, s};
          if (tmpl::parse(set, src, name, po)) continue;
          walker.run(name, Kind::Data);
        }
      }
    }
    for (const Read& r : reads) {
      reached[r].insert(alerts->second.begin(), alerts->second.end());
    }
  }

  for (const auto& [read, alerts] : reached) {
    bool carried = false;
    for (const AlertLabels* a : alerts) carried = carried || may_carry(*a, read);
    if (carried) continue;
    std::string what = read.field == Field::Label ? "label" : "annotation";
    diags.report(DiagKind::NotificationLabelNeverSet, locate(read, where[read.source], sources),
                 fmt::format("{} '{}' is always empty here: none of the {} alert(s) routed to the "
                             "receivers using this template carries it",
                             what, read.name, alerts.size()));
  }
}

}  // namespace mzr
