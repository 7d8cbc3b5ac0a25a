#include "compiler/load/alertmanager_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "compiler/base/go_url.h"
#include "compiler/base/names.h"
#include "compiler/base/suggest.h"
#include "compiler/base/utf8.h"
#include "compiler/load/alertmanager_files.h"
#include "compiler/load/decode.h"
#include "compiler/load/secret_files.h"
#include "compiler/model/alertmanager_integrations.h"
#include "compiler/model/alertmanager_secrets.h"
#include "compiler/routing/regex.h"
#include "compiler/routing/route_tree.h"
#include "compiler/routing/time_interval.h"
#include "compiler/routing/time_interval_parse.h"

namespace mzr {
namespace {

using model::AmSetting;
using model::Text;
using yaml::FieldReader;
using yaml::Node;

Span join(Span a, Span b) {
  return a.valid() && b.valid() ? Span{a.file, a.begin, b.end} : a;
}

// Go's url.Parse followed by Alertmanager's checks (http or https, non-empty host).
std::optional<std::string> url_error(std::string_view u) {
  if (auto err = go_url_parse_error(u)) return err;
  std::string scheme;
  size_t colon = u.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    bool valid = std::isalpha(static_cast<unsigned char>(u[0])) != 0;
    for (size_t i = 1; i < colon && valid; ++i) {
      char c = u[i];
      valid = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
    }
    if (valid) {
      for (size_t i = 0; i < colon; ++i) {
        scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(u[i])));
      }
    }
  }
  if (scheme != "http" && scheme != "https") {
    return fmt::format("unsupported scheme \"{}\" for URL", scheme);
  }
  std::string_view rest = u.substr(colon + 1);
  if (!rest.starts_with("//")) return std::string("missing host for URL");
  rest.remove_prefix(2);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (authority.empty()) return std::string("missing host for URL");
  return std::nullopt;
}

// Go's net.SplitHostPort plus Alertmanager's non-empty port rule.
std::optional<std::string> host_port_error(std::string_view s) {
  if (s.empty()) return std::nullopt;
  size_t colon;
  if (s.starts_with('[')) {
    size_t close = s.find(']');
    if (close == std::string_view::npos) {
      return fmt::format("address {}: missing ']' in address", s);
    }
    if (close + 1 >= s.size() || s[close + 1] != ':') {
      return fmt::format("address {}: missing port in address", s);
    }
    colon = close + 1;
  } else {
    colon = s.rfind(':');
    if (colon == std::string_view::npos)
      return fmt::format("address {}: missing port in address", s);
    if (s.find(':') != colon) return fmt::format("address {}: too many colons in address", s);
  }
  if (colon + 1 == s.size()) return fmt::format("address \"{}\": port cannot be empty", s);
  return std::nullopt;
}

bool is_legacy_label(std::string_view name) {
  return is_legacy_label_name(name);
}

class AmLoader {
 public:
  AmLoader(const AlertmanagerLoadOptions& options, Diagnostics& diags)
      : opts_(options), diags_(diags) {}

  model::AlertmanagerConfig load(const Node* root, SourceId file, Span file_start) {
    model::AlertmanagerConfig c;
    c.file = file;
    if (root == nullptr || yaml::is_null_text(root)) {
      diags_.report(DiagKind::AmEmptyConfig, file_start, "no route provided in config");
      return c;
    }
    FieldReader f(root, "the Alertmanager configuration", diags_);
    if (!f.ok()) return c;
    c.read = true;
    const Node* global = f.take("global");
    const Node* route = f.take("route");
    const Node* inhibit = f.take("inhibit_rules");
    const Node* receivers = f.take("receivers");
    const Node* templates = f.take("templates");
    const Node* mute = f.take("mute_time_intervals");
    const Node* intervals = f.take("time_intervals");
    f.allow("tracing");
    f.finish();

    c.route_key = key_span(root, "route");
    c.route_at = route ? route->span : Span{root->span.file, root->span.begin, root->span.begin};
    load_global(global, c.global);
    for (const Text& t : string_list(templates, "'templates'")) c.templates.push_back(t);
    load_receivers(receivers, c);
    if (route != nullptr && !yaml::is_null_text(route)) c.route = load_route(route);
    for (const Node* n : items(inhibit, "inhibit rules")) {
      if (auto r = load_inhibit_rule(n)) c.inhibit_rules.push_back(std::move(*r));
    }
    load_time_intervals(mute, true, c);
    load_time_intervals(intervals, false, c);
    return c;
  }

  model::AmRoute load_route(const Node* n) {
    model::AmRoute r;
    r.span = n->span;
    FieldReader f(n, "route", diags_);
    if (!f.ok()) return r;
    const Node* receiver = f.take("receiver");
    const Node* group_by = f.take("group_by");
    const Node* match = f.take("match");
    const Node* match_re = f.take("match_re");
    const Node* matchers = f.take("matchers");
    const Node* mute = f.take("mute_time_intervals");
    const Node* active = f.take("active_time_intervals");
    const Node* cont = f.take("continue");
    const Node* routes = f.take("routes");
    const Node* group_wait = f.take("group_wait");
    const Node* group_interval = f.take("group_interval");
    const Node* repeat_interval = f.take("repeat_interval");
    const Node* labels = f.take("labels");
    f.finish();

    if (receiver != nullptr && !yaml::is_null_text(receiver)) {
      r.receiver = text(receiver, "'receiver'");
    }
    load_match(match, false, "match", r.matchers);
    load_match(match_re, true, "match_re", r.matchers);
    load_matchers(matchers, r.matchers);
    r.has_match = !r.matchers.empty();
    std::stable_sort(r.matchers.begin(), r.matchers.end(),
                     [](const model::AmMatcher& a, const model::AmMatcher& b) {
                       return std::tie(a.name, a.value, a.op) < std::tie(b.name, b.value, b.op);
                     });
    if (group_by != nullptr && !yaml::is_null_text(group_by)) r.group_by = load_group_by(group_by);
    r.group_wait = duration(group_wait, "group_wait");
    r.group_interval = duration(group_interval, "group_interval");
    r.repeat_interval = duration(repeat_interval, "repeat_interval");
    for (auto [d, name] : {std::pair{&r.group_interval, "group_interval"},
                           std::pair{&r.repeat_interval, "repeat_interval"}}) {
      if (*d && (*d)->value.ms == 0) {
        diags_.report(DiagKind::AmZeroInterval, (*d)->span,
                      fmt::format("'{}' cannot be zero", name));
      }
    }
    if (cont != nullptr) {
      r.continue_matching = boolean(cont, "'continue'").value_or(false);
      r.continue_span = join(key_span(n, "continue"), cont->span);
    }
    r.mute_time_intervals = string_list(mute, "'mute_time_intervals'");
    r.active_time_intervals = string_list(active, "'active_time_intervals'");
    if (auto pairs = yaml::read_string_map(labels, "route labels", diags_)) {
      for (const yaml::StringPair& p : *pairs) {
        if (!is_legacy_label(p.name)) {
          diags_.report(DiagKind::AmInvalidLabelName, p.key->span,
                        fmt::format("invalid label name '{}' in route labels", p.name));
        }
        r.labels.push_back(
            {{p.name, p.key->span}, {p.text, p.value ? p.value->span : p.key->span}});
      }
    }
    for (const Node* child : items(routes, "routes")) r.routes.push_back(load_route(child));
    return r;
  }

 private:
  // ---- generic readers -------------------------------------------------------------------

  std::vector<const Node*> items(const Node* n, std::string_view what) {
    if (n == nullptr || yaml::is_null_text(n)) return {};
    if (!n->is_sequence()) {
      diags_.report(
          DiagKind::WrongNodeType, n->span,
          fmt::format("expected a list of {}, found a {}", what, yaml::kind_name(n->kind)));
      return {};
    }
    return n->items;
  }

  static Span key_span(const Node* mapping, std::string_view key) {
    if (mapping == nullptr) return {};
    for (const yaml::Entry& e : mapping->entries) {
      if (e.key->is_scalar() && e.key->value == key) return e.key->span;
    }
    return {};
  }

  std::optional<Text> text(const Node* n, std::string_view what) {
    auto s = yaml::read_string(n, what, diags_);
    if (!s) return std::nullopt;
    return Text{*s, n ? n->span : Span{}};
  }

  // yaml.v2 booleans (YAML 1.1 spellings).
  std::optional<bool> boolean(const Node* n, std::string_view what) {
    if (n == nullptr || yaml::is_null_text(n)) return false;
    static const std::set<std::string_view> yes = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                                   "True", "TRUE", "on",  "On",  "ON"};
    static const std::set<std::string_view> no = {"n",     "N",     "no",  "No",  "NO", "false",
                                                  "False", "FALSE", "off", "Off", "OFF"};
    if (n->is_scalar() && n->plain) {
      if (yes.count(n->value)) return true;
      if (no.count(n->value)) return false;
    }
    diags_.report(DiagKind::InvalidScalar, n->span,
                  fmt::format("expected true or false for {}, found '{}'", what,
                              n->is_scalar() ? n->value : std::string(yaml::kind_name(n->kind))));
    return std::nullopt;
  }

  std::vector<Text> string_list(const Node* n, std::string_view what) {
    std::vector<Text> out;
    if (n == nullptr || yaml::is_null_text(n)) return out;
    if (!n->is_sequence()) {
      diags_.report(DiagKind::WrongNodeType, n->span,
                    fmt::format("expected a list of strings for {}, found a {}", what,
                                yaml::kind_name(n->kind)));
      return out;
    }
    for (const Node* item : n->items) {
      if (auto t = text(item, fmt::format("an entry of {}", what))) out.push_back(std::move(*t));
    }
    return out;
  }

  std::optional<model::TimeSpan> duration(const Node* n, std::string_view field) {
    if (n == nullptr || yaml::is_null_text(n)) return std::nullopt;
    auto s = yaml::read_string(n, fmt::format("'{}'", field), diags_);
    if (!s) return std::nullopt;
    DurationError err;
    auto d = parse_duration(*s, &err);
    if (!d) {
      diags_.report(DiagKind::InvalidDuration, n->span,
                    fmt::format("invalid '{}': {}", field, err.message));
      return std::nullopt;
    }
    return model::TimeSpan{*d, n->span};
  }

  bool valid_grouping_label(std::string_view name) const {
    if (opts_.matcher_mode == routing::MatcherMode::Classic) return is_legacy_label(name);
    return !name.empty() && !find_invalid_utf8(name);
  }

  // ---- matchers ------------------------------------------------------------------------------

  void load_match(const Node* n, bool regex, std::string_view field,
                  std::vector<model::AmMatcher>& out) {
    if (n == nullptr || yaml::is_null_text(n)) return;
    if (!n->is_mapping()) {
      diags_.report(
          DiagKind::WrongNodeType, n->span,
          fmt::format("expected a mapping for '{}', found a {}", field, yaml::kind_name(n->kind)));
      return;
    }
    for (const yaml::Entry& e : n->entries) {
      auto name = yaml::read_string(e.key, fmt::format("a key of '{}'", field), diags_);
      if (!name) continue;
      Span span = join(e.key->span, e.value ? e.value->span : e.key->span);
      if (!is_legacy_label(*name)) {
        diags_.report(DiagKind::AmInvalidLabelName, e.key->span,
                      fmt::format("invalid label name '{}'", *name));
        continue;
      }
      if (regex && yaml::is_null_text(e.value)) {
        diags_.report(DiagKind::AmInvalidRegex, e.key->span,
                      fmt::format("invalid regexp value for '{}'", *name));
        continue;
      }
      auto value = yaml::read_string(e.value, fmt::format("the value of '{}'", *name), diags_);
      if (!value) continue;
      if (!regex) {
        out.push_back({*name, model::AmMatchOp::Equal, *value, span});
        continue;
      }
      std::string error;
      if (!routing::compile_anchored(*value, &error)) {
        diags_.report(DiagKind::AmInvalidRegex, e.value->span, error);
        continue;
      }
      out.push_back({*name, model::AmMatchOp::Regex, "^(?:" + *value + ")$", span});
    }
  }

  void load_matchers(const Node* n, std::vector<model::AmMatcher>& out) {
    for (const Text& line : string_list(n, "matchers")) {
      routing::CompatResult r = routing::parse_matchers_compat(line.value, opts_.matcher_mode);
      if (!r.ok()) {
        diags_.report(DiagKind::AmInvalidMatcher, line.span,
                      fmt::format("invalid matcher '{}': {}", line.value, r.error));
        continue;
      }
      if (r.incompatible) {
        diags_.report(DiagKind::AmMatcherFallback, line.span,
                      fmt::format("matcher '{}' is not valid for Alertmanager's UTF-8 parser; "
                                  "the classic parser's reading is used",
                                  line.value));
      } else if (r.disagreement) {
        diags_.report(DiagKind::AmMatcherFallback, line.span,
                      fmt::format("Alertmanager's two matcher parsers read '{}' differently; "
                                  "the classic parser's reading {} is used",
                                  line.value, routing::matchers_to_string(*r.matchers)));
      }
      for (const routing::Matcher& m : *r.matchers) {
        out.push_back({m.name, routing::to_model_op(m.op), m.value, line.span});
      }
    }
  }

  std::vector<Text> load_group_by(const Node* n) {
    std::vector<Text> names = string_list(n, "'group_by'");
    bool wildcard = false;
    const Text* first_label = nullptr;
    std::map<std::string, Span> seen;
    for (const Text& t : names) {
      if (t.value == "...") {
        wildcard = true;
        continue;
      }
      if (!valid_grouping_label(t.value)) {
        diags_.report(DiagKind::AmInvalidLabelName, t.span,
                      fmt::format("invalid label name '{}' in group_by list", t.value));
        continue;
      }
      if (first_label == nullptr) first_label = &t;
      auto [it, inserted] = seen.emplace(t.value, t.span);
      if (!inserted) {
        diags_
            .report(DiagKind::AmInvalidGroupBy, t.span,
                    fmt::format("duplicated label '{}' in group_by", t.value))
            .note(it->second, "first listed here");
      }
    }
    if (wildcard && first_label != nullptr) {
      diags_.report(DiagKind::AmInvalidGroupBy, n->span,
                    "cannot have wildcard group_by ('...') and other labels at the same time");
    }
    return names;
  }

  // ---- inhibit rules -------------------------------------------------------------------------

  std::optional<model::AmInhibitRule> load_inhibit_rule(const Node* n) {
    FieldReader f(n, "inhibit rule", diags_);
    if (!f.ok()) return std::nullopt;
    model::AmInhibitRule r;
    r.span = n->span;
    const Node* name = f.take("name");
    const Node* sm = f.take("source_match");
    const Node* smr = f.take("source_match_re");
    const Node* sms = f.take("source_matchers");
    const Node* tm = f.take("target_match");
    const Node* tmr = f.take("target_match_re");
    const Node* tms = f.take("target_matchers");
    const Node* equal = f.take("equal");
    f.finish();
    if (name != nullptr && !yaml::is_null_text(name)) r.name = text(name, "'name'");
    load_match(sm, false, "source_match", r.source_matchers);
    load_match(smr, true, "source_match_re", r.source_matchers);
    load_matchers(sms, r.source_matchers);
    load_match(tm, false, "target_match", r.target_matchers);
    load_match(tmr, true, "target_match_re", r.target_matchers);
    load_matchers(tms, r.target_matchers);
    for (Text& t : string_list(equal, "'equal'")) {
      if (!valid_grouping_label(t.value)) {
        diags_.report(DiagKind::AmInvalidLabelName, t.span,
                      fmt::format("invalid label name '{}' in equal list", t.value));
      }
      r.equal.push_back(std::move(t));
    }
    return r;
  }

  // ---- time intervals ------------------------------------------------------------------------

  void load_time_intervals(const Node* n, bool deprecated, model::AlertmanagerConfig& c) {
    std::string_view what = deprecated ? "mute time interval" : "time interval";
    for (const Node* item : items(n, deprecated ? "mute time intervals" : "time intervals")) {
      FieldReader f(item, what, diags_);
      if (!f.ok()) continue;
      model::AmTimeInterval ti;
      ti.span = item->span;
      ti.deprecated_mute_section = deprecated;
      const Node* name = f.take("name");
      const Node* specs = f.take("time_intervals");
      f.finish();
      ti.name = text(name, "'name'").value_or(Text{});
      if (ti.name.value.empty()) {
        Span key = name && !yaml::is_null_text(name) ? name->span : key_span(item, "name");
        diags_.report(DiagKind::AmMissingName, key.valid() ? key : item->span,
                      fmt::format("missing name in {}", what));
        if (!name) ti.name.span = item->span;
      }
      for (const Node* s : items(specs, "time interval specifications")) {
        if (auto spec = load_time_spec(s)) ti.specs.push_back(std::move(*spec));
      }
      c.time_intervals.push_back(std::move(ti));
    }
  }

  template <typename Parse>
  std::optional<std::vector<model::AmRange>> ranges(const Node* n, std::string_view field,
                                                    Parse parse) {
    if (n == nullptr || yaml::is_null_text(n)) return std::nullopt;
    std::vector<model::AmRange> out;
    for (const Text& t : string_list(n, fmt::format("'{}'", field))) {
      std::string error;
      if (auto r = parse(t.value, &error)) {
        out.push_back(*r);
      } else {
        diags_.report(DiagKind::AmInvalidTimeInterval, t.span, error);
      }
    }
    return out;
  }

  std::optional<model::AmTimeSpec> load_time_spec(const Node* n) {
    FieldReader f(n, "time interval specification", diags_);
    if (!f.ok()) return std::nullopt;
    model::AmTimeSpec spec;
    spec.span = n->span;
    const Node* times = f.take("times");
    const Node* weekdays = f.take("weekdays");
    const Node* days = f.take("days_of_month");
    const Node* months = f.take("months");
    const Node* years = f.take("years");
    const Node* location = f.take("location");
    f.finish();
    if (times != nullptr && !yaml::is_null_text(times)) {
      spec.times.emplace();
      for (const Node* t : items(times, "times")) {
        FieldReader tf(t, "time range", diags_);
        if (!tf.ok()) continue;
        const Node* start = tf.take("start_time");
        const Node* end = tf.take("end_time");
        tf.finish();
        auto s = text(start, "'start_time'");
        auto e = text(end, "'end_time'");
        if (!s || !e) continue;
        std::string error;
        auto range = routing::parse_time_of_day(s->value, e->value, &error);
        if (!range) {
          Span at = t->span;
          if (!s->value.empty() && !routing::parse_clock(s->value, nullptr)) {
            at = s->span;
          } else if (!e->value.empty() && !routing::parse_clock(e->value, nullptr)) {
            at = e->span;
          }
          diags_.report(DiagKind::AmInvalidTimeInterval, at, error);
          continue;
        }
        spec.times->push_back(*range);
      }
    }
    spec.weekdays = ranges(weekdays, "weekdays", routing::parse_weekday_range);
    spec.days_of_month = ranges(days, "days_of_month", routing::parse_day_of_month_range);
    spec.months = ranges(months, "months", routing::parse_month_range);
    spec.years = ranges(years, "years", routing::parse_year_range);
    if (location != nullptr && !yaml::is_null_text(location)) {
      if (auto loc = text(location, "'location'")) {
        if (!routing::is_known_location(loc->value)) {
          diags_.report(DiagKind::AmUnknownTimeZone, loc->span,
                        fmt::format("unknown time zone '{}'", loc->value));
        } else if (!loc->value.empty()) {
          spec.location = loc->value;
        }
      }
    }
    return spec;
  }

  // ---- settings (global and integrations) ----------------------------------------------------

  std::vector<AmSetting> settings(const Node* n) {
    std::vector<AmSetting> out;
    if (n == nullptr || !n->is_mapping()) return out;
    for (const yaml::Entry& e : n->entries) {
      if (!e.key->is_scalar()) continue;
      AmSetting s;
      s.name = Text{e.key->value, e.key->span};
      s.span = join(e.key->span, e.value ? e.value->span : e.key->span);
      if (e.value != nullptr) s.content = to_value(e.value);
      if (e.value == nullptr || yaml::is_null_text(e.value)) {
        s.shape = AmSetting::Shape::Null;
      } else if (e.value->is_scalar()) {
        s.value = Text{e.value->value, e.value->span};
      } else {
        s.shape = e.value->is_mapping() ? AmSetting::Shape::Mapping : AmSetting::Shape::Sequence;
        s.value.span = e.value->span;
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  static model::AmValue to_value(const Node* n) {
    model::AmValue v;
    v.span = n->span;
    if (yaml::is_null_text(n)) return v;
    if (n->is_scalar()) {
      return n->plain ? model::AmValue::word(n->value, n->span)
                      : model::AmValue::string(n->value, n->span);
    }
    if (n->is_sequence()) {
      v.kind = model::AmValue::Kind::Sequence;
      for (const Node* item : n->items) v.items.push_back(to_value(item));
    } else if (n->is_mapping()) {
      v.kind = model::AmValue::Kind::Mapping;
      for (const yaml::Entry& e : n->entries) {
        if (!e.key->is_scalar()) continue;
        v.entries.push_back(
            {Text{e.key->value, e.key->span}, e.value ? to_value(e.value) : model::AmValue{}});
      }
    }
    return v;
  }

  static const AmSetting* find(const std::vector<AmSetting>& ss, std::string_view name) {
    for (const AmSetting& s : ss) {
      if (s.name.value == name) return &s;
    }
    return nullptr;
  }

  void check_url(const AmSetting* s) {
    if (s == nullptr || s->shape == AmSetting::Shape::Null) return;
    if (s->shape != AmSetting::Shape::Scalar) {
      diags_.report(DiagKind::WrongNodeType, s->value.span,
                    fmt::format("expected a URL for '{}'", s->name.value));
      return;
    }
    const std::string& v = s->value.value;
    if (v == "<secret>" || v.find("{{") != std::string::npos) return;
    if (auto err = url_error(v)) {
      diags_.report(DiagKind::AmInvalidSetting, s->value.span,
                    fmt::format("invalid URL in '{}': {}", s->name.value, *err));
    }
  }

  void check_host_port(const AmSetting* s) {
    if (s == nullptr || s->shape != AmSetting::Shape::Scalar) return;
    if (auto err = host_port_error(s->value.value)) {
      diags_.report(DiagKind::AmInvalidSetting, s->value.span, *err);
    }
  }

  // Credentials written in place (model/alertmanager_secrets.h). Their text is marked so that
  // no diagnostic ever echoes it. In the repository each is an error; in a configuration read
  // from elsewhere, which Alertmanager accepts as it is, the scope's own settings are warnings.
  void check_secrets(std::string_view scope, const std::vector<AmSetting>& ss) {
    for (const model::FoundSecret& f : model::find_literal_secrets(scope, ss)) {
      diags_.mark_secret(f.value->span);
      if (!opts_.secrets_by_reference) {
        if (f.field != nullptr && f.top_level) {
          diags_.report(DiagKind::AmLiteralSecret, f.value->span,
                        fmt::format("{} is written in plain text in '{}'; prefer '{}_file' with a "
                                    "mounted secret",
                                    f.field->what, f.key, f.key));
        }
        continue;
      }
      std::string message;
      if (f.field == nullptr) {
        message = fmt::format(
            "credentials are written in a URL in '{}'; secrets never enter the repository: read "
            "the URL with a '*_file' setting or the credentials with 'http_config'",
            f.path);
      } else if (f.field->instead.empty()) {
        message =
            fmt::format("{} is written in '{}'; secrets are read from mounted files: use '{}_file'",
                        f.field->what, f.path, f.key);
      } else {
        message = fmt::format("{} is written in '{}'; secrets never enter the repository: {}",
                              f.field->what, f.path, f.field->instead);
      }
      diags_.report(DiagKind::AmSecretInSource, f.value->span, std::move(message));
    }
  }

  // The '*_file' settings at any depth name files of mounted Secrets (load/secret_files.h).
  void check_secret_files(const model::AmValue& v, std::string_view key) {
    if (!opts_.secrets_by_reference) return;
    if (v.kind == model::AmValue::Kind::Scalar && key.ends_with("_file")) {
      if (auto problem = secret_file_problem(v.scalar)) {
        diags_.report(DiagKind::AmInvalidSecretFile, v.span,
                      fmt::format("'{}' in '{}' {}; secret files are {}<secret>/<key>", v.scalar,
                                  key, *problem, kAmSecretsDir));
      }
    }
    for (const model::AmValueEntry& e : v.entries) check_secret_files(e.value, e.key.value);
    for (const model::AmValue& item : v.items) check_secret_files(item, key);
  }

  void check_settings(std::string_view scope, const std::vector<AmSetting>& ss) {
    check_secrets(scope, ss);
    for (const AmSetting& s : ss) check_secret_files(s.content, s.name.value);
  }

  void load_global(const Node* n, model::AmGlobal& g) {
    if (n == nullptr || yaml::is_null_text(n)) return;
    FieldReader f(n, "'global'", diags_);
    if (!f.ok()) return;
    for (std::string_view name : model::global_settings()) f.allow(name);
    f.finish();
    g.span = n->span;
    g.settings = settings(n);
    if (auto d = duration(n->get("resolve_timeout"), "resolve_timeout")) g.resolve_timeout = *d;
    for (const AmSetting& s : g.settings) {
      std::string_view name = s.name.value;
      if (name.ends_with("_url") && name != "smtp_smarthost") check_url(&s);
    }
    check_host_port(find(g.settings, "smtp_smarthost"));
    check_settings("global", g.settings);
  }

  // ---- receivers -----------------------------------------------------------------------------

  void load_receivers(const Node* n, model::AlertmanagerConfig& c) {
    for (const Node* item : items(n, "receivers")) {
      FieldReader f(item, "receiver", diags_);
      if (!f.ok()) continue;
      model::AmReceiver r;
      r.span = item->span;
      const Node* name = f.take("name");
      std::vector<std::pair<const model::IntegrationKind*, const Node*>> lists;
      for (const model::IntegrationKind& k : model::integration_kinds()) {
        if (const Node* list = f.take(k.key)) lists.emplace_back(&k, list);
      }
      f.finish();
      r.name = text(name, "the receiver 'name'").value_or(Text{});
      if (r.name.value.empty()) {
        Span key = name && !yaml::is_null_text(name) ? name->span : key_span(item, "name");
        diags_.report(DiagKind::AmMissingName, key.valid() ? key : item->span,
                      "missing name in receiver");
        if (!name) r.name.span = item->span;
      }
      for (auto [kind, list] : lists) {
        for (const Node* entry : items(list, std::string(kind->key))) {
          load_integration(*kind, entry, key_span(item, kind->key), r);
        }
      }
      c.receivers.push_back(std::move(r));
    }
  }

  // `list_key` locates an empty entry, whose own position is not meaningful.
  void load_integration(const model::IntegrationKind& kind, const Node* n, Span list_key,
                        model::AmReceiver& r) {
    model::AmIntegration in;
    in.kind = std::string(kind.kind);
    in.span = n->span;
    static const std::set<std::string_view> empty_is_default = {"slack", "opsgenie", "wechat",
                                                                "rocketchat"};
    if (yaml::is_null_text(n) && !empty_is_default.count(kind.kind)) {
      diags_.report(DiagKind::AmMissingSetting, list_key,
                    fmt::format("missing {} config", kind.kind));
      return;
    }
    FieldReader f(n, fmt::format("{} config", kind.kind), diags_);
    if (!f.ok()) return;
    for (std::string_view s : kind.settings) f.allow(s);
    f.finish();
    in.settings = settings(n);
    check_settings(kind.kind, in.settings);
    for (const AmSetting& s : in.settings) {
      std::string_view name = s.name.value;
      if (name == "api_url" || name == "url" || name == "webhook_url" || name == "app_url") {
        check_url(&s);
      }
    }
    if (const Node* sr = n->get("send_resolved")) boolean(sr, "'send_resolved'");
    // What the integration requires is checked on the model (check/alertmanager_checks.h);
    // here only what decoding sees: the smarthost's form and the shape of the responders.
    if (kind.kind == "email") check_host_port(in.get("smarthost"));
    if (kind.kind == "opsgenie") items(n->get("responders"), "responders");
    r.integrations.push_back(std::move(in));
  }

  const AlertmanagerLoadOptions& opts_;
  Diagnostics& diags_;
};

}  // namespace

model::AlertmanagerConfig load_alertmanager_config(const yaml::Stream& stream, SourceId file,
                                                   Diagnostics& diags,
                                                   const AlertmanagerLoadOptions& options) {
  const Node* root = stream.documents.empty() ? nullptr : stream.documents.front().root;
  AmLoader loader(options, diags);
  return loader.load(root, file, Span{file, 0, 0});
}

model::AlertmanagerConfig load_alertmanager_document(const model::AmValue& root, SourceId file,
                                                     Diagnostics& diags,
                                                     const AlertmanagerLoadOptions& options) {
  yaml::Stream stream;
  struct Convert {
    yaml::Stream& out;
    const Node* node(const model::AmValue& v) {
      Node& n = out.nodes.emplace_back();
      n.span = v.span;
      switch (v.kind) {
        case model::AmValue::Kind::Null: n.kind = yaml::Kind::Null; break;
        case model::AmValue::Kind::Scalar:
          n.kind = yaml::Kind::Scalar;
          n.value = v.scalar;
          n.plain = v.plain;
          break;
        case model::AmValue::Kind::Sequence:
          n.kind = yaml::Kind::Sequence;
          for (const model::AmValue& item : v.items) n.items.push_back(node(item));
          break;
        case model::AmValue::Kind::Mapping:
          n.kind = yaml::Kind::Mapping;
          for (const model::AmValueEntry& e : v.entries) {
            const Node* key = node(model::AmValue::string(e.key.value, e.key.span));
            n.entries.push_back({key, node(e.value)});
          }
          break;
      }
      return &n;
    }
  };
  stream.documents.push_back({Convert{stream}.node(root)});
  return load_alertmanager_config(stream, file, diags, options);
}

model::AmRoute load_alertmanager_route(const yaml::Node* route, Diagnostics& diags,
                                       const AlertmanagerLoadOptions& options) {
  AmLoader loader(options, diags);
  if (route == nullptr) return {};
  return loader.load_route(route);
}

}  // namespace mzr
