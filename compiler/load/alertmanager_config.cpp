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

constexpr std::string_view kSlackAppUrl = "https://slack.com/api/chat.postMessage";

Span join(Span a, Span b) {
  return a.valid() && b.valid() ? Span{a.file, a.begin, b.end} : a;
}

bool is_set(const AmSetting* s) {
  return s != nullptr && s->shape != AmSetting::Shape::Null &&
         (s->shape != AmSetting::Shape::Scalar || !s->value.value.empty());
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
    const Node* global = f.take("global");
    const Node* route = f.take("route");
    const Node* inhibit = f.take("inhibit_rules");
    const Node* receivers = f.take("receivers");
    const Node* templates = f.take("templates");
    const Node* mute = f.take("mute_time_intervals");
    const Node* intervals = f.take("time_intervals");
    f.allow("tracing");
    f.finish();

    load_global(global, c.global);
    for (const Text& t : string_list(templates, "'templates'")) c.templates.push_back(t);
    load_receivers(receivers, c);
    if (route != nullptr && !yaml::is_null_text(route)) c.route = load_route(route);
    for (const Node* n : items(inhibit, "inhibit rules")) {
      if (auto r = load_inhibit_rule(n)) c.inhibit_rules.push_back(std::move(*r));
    }
    load_time_intervals(mute, true, c);
    load_time_intervals(intervals, false, c);

    check_root(route, root, c);
    check_time_interval_names(c);
    if (c.route) {
      check_receivers_used(*c.route, c);
      check_time_intervals_used(*c.route, c);
    }
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

  // Reports when both `a` and `b` are set; true when they conflict.
  bool conflict(const std::vector<AmSetting>& ss, std::string_view a, std::string_view b,
                std::string_view prefix = "") {
    const AmSetting* x = find(ss, a);
    const AmSetting* y = find(ss, b);
    if (!is_set(x) || !is_set(y)) return false;
    diags_
        .report(DiagKind::AmConflictingSettings, y->name.span,
                fmt::format("at most one of '{}{}' and '{}{}' must be configured", prefix, a,
                            prefix, b))
        .note(x->name.span, fmt::format("'{}' is set here", a));
    return true;
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
    conflict(g.settings, "slack_app_token", "slack_app_token_file");
    conflict(g.settings, "slack_api_url", "slack_api_url_file");
    bool app_token = is_set(find(g.settings, "slack_app_token")) ||
                     is_set(find(g.settings, "slack_app_token_file"));
    const AmSetting* api_url = find(g.settings, "slack_api_url");
    bool webhook = is_set(api_url) || is_set(find(g.settings, "slack_api_url_file"));
    if (app_token && webhook) {
      // The old workaround (slack_api_url set to the app URL) stays allowed.
      const AmSetting* app_url = find(g.settings, "slack_app_url");
      std::string effective_app_url =
          is_set(app_url) ? app_url->value.value : std::string(kSlackAppUrl);
      if (!is_set(api_url) || api_url->value.value != effective_app_url) {
        const AmSetting* at = is_set(api_url) ? api_url : find(g.settings, "slack_api_url_file");
        diags_.report(DiagKind::AmConflictingSettings, at->name.span,
                      "at most one of 'slack_app_token'/'slack_app_token_file' and "
                      "'slack_api_url'/'slack_api_url_file' must be configured");
      }
    }
    conflict(g.settings, "opsgenie_api_key", "opsgenie_api_key_file");
    conflict(g.settings, "victorops_api_key", "victorops_api_key_file");
    conflict(g.settings, "telegram_bot_token", "telegram_bot_token_file");
    conflict(g.settings, "smtp_auth_password", "smtp_auth_password_file");
    conflict(g.settings, "rocketchat_token", "rocketchat_token_file");
    conflict(g.settings, "rocketchat_token_id", "rocketchat_token_id_file");
    conflict(g.settings, "smtp_auth_secret", "smtp_auth_secret_file");
    conflict(g.settings, "wechat_api_secret", "wechat_api_secret_file");
    conflict(g.settings, "mattermost_webhook_url", "mattermost_webhook_url_file");
  }

  // ---- receivers -----------------------------------------------------------------------------

  void load_receivers(const Node* n, model::AlertmanagerConfig& c) {
    std::map<std::string, Span> names;
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
      } else if (auto [it, inserted] = names.emplace(r.name.value, r.name.span); !inserted) {
        diags_
            .report(DiagKind::AmDuplicateReceiver, r.name.span,
                    fmt::format("notification config name '{}' is not unique", r.name.value))
            .note(it->second, "first defined here");
      }
      for (auto [kind, list] : lists) {
        for (const Node* entry : items(list, std::string(kind->key))) {
          load_integration(*kind, entry, key_span(item, kind->key), c.global, r);
        }
      }
      c.receivers.push_back(std::move(r));
    }
  }

  // `list_key` locates an empty entry, whose own position is not meaningful.
  void load_integration(const model::IntegrationKind& kind, const Node* n, Span list_key,
                        const model::AmGlobal& g, model::AmReceiver& r) {
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
    check_integration(kind.kind, in, n, g);
    r.integrations.push_back(std::move(in));
  }

  void missing(const model::AmIntegration& in, std::string message) {
    diags_.report(DiagKind::AmMissingSetting, in.span, std::move(message));
  }

  void invalid(const AmSetting* s, std::string message) {
    diags_.report(DiagKind::AmInvalidSetting, s->value.span.valid() ? s->value.span : s->span,
                  std::move(message));
  }

  // Requires one of `a`/`b`, at most one of them.
  void one_of(const model::AmIntegration& in, std::string_view a, std::string_view b) {
    bool x = is_set(in.get(a)), y = is_set(in.get(b));
    if (!x && !y) {
      missing(in, fmt::format("one of '{}' or '{}' must be configured", a, b));
    } else {
      conflict(in.settings, a, b);
    }
  }

  void check_integration(std::string_view kind, const model::AmIntegration& in, const Node* n,
                         const model::AmGlobal& g) {
    auto has = [&](std::string_view name) { return is_set(in.get(name)); };
    auto global_has = [&](std::string_view name) { return is_set(g.get(name)); };
    const std::vector<AmSetting>& ss = in.settings;
    if (kind == "discord") {
      one_of(in, "webhook_url", "webhook_url_file");
    } else if (kind == "email") {
      if (!has("to")) missing(in, "missing 'to' address in email config");
      conflict(ss, "auth_password", "auth_password_file");
      conflict(ss, "auth_secret", "auth_secret_file");
      check_host_port(in.get("smarthost"));
      if (!has("smarthost") && !global_has("smtp_smarthost")) {
        missing(in, "no global SMTP smarthost set ('global.smtp_smarthost' or 'smarthost')");
      }
      if (!has("from") && !global_has("smtp_from")) {
        missing(in, "no global SMTP from set ('global.smtp_from' or 'from')");
      }
      if (const Node* headers = n->get("headers")) check_email_headers(headers);
    } else if (kind == "incidentio") {
      one_of(in, "url", "url_file");
      conflict(ss, "alert_source_token", "alert_source_token_file");
    } else if (kind == "pagerduty") {
      if (!has("routing_key") && !has("routing_key_file") && !has("service_key") &&
          !has("service_key_file")) {
        missing(in, "missing service or routing key in PagerDuty config");
      }
      conflict(ss, "routing_key", "routing_key_file");
      conflict(ss, "service_key", "service_key_file");
    } else if (kind == "slack") {
      check_slack(in, n, g);
    } else if (kind == "webhook") {
      one_of(in, "url", "url_file");
    } else if (kind == "opsgenie") {
      conflict(ss, "api_key", "api_key_file");
      if (!has("api_key") && !has("api_key_file") && !global_has("opsgenie_api_key") &&
          !global_has("opsgenie_api_key_file")) {
        missing(in, "no global OpsGenie API Key set either inline or in a file");
      }
      if (n != nullptr) check_opsgenie_responders(n->get("responders"));
    } else if (kind == "wechat") {
      conflict(ss, "api_secret", "api_secret_file");
      if (!has("api_secret") && !has("api_secret_file") && !global_has("wechat_api_secret") &&
          !global_has("wechat_api_secret_file")) {
        missing(in, "no global Wechat Api Secret set either inline or in a file");
      }
      if (!has("corp_id") && !global_has("wechat_api_corp_id")) {
        missing(in, "no global Wechat CorpID set");
      }
      const AmSetting* type = in.get("message_type");
      if (is_set(type) && type->value.value != "text" && type->value.value != "markdown") {
        invalid(type, fmt::format("weChat message type '{}' does not match valid options "
                                  "^(text|markdown)$",
                                  type->value.value));
      }
    } else if (kind == "pushover") {
      one_of(in, "user_key", "user_key_file");
      one_of(in, "token", "token_file");
      const AmSetting* html = in.get("html");
      const AmSetting* mono = in.get("monospace");
      if (html && mono && html->value.value == "true" && mono->value.value == "true") {
        diags_.report(DiagKind::AmConflictingSettings, mono->name.span,
                      "at most one of 'monospace' and 'html' must be configured");
      }
    } else if (kind == "victorops") {
      if (!has("routing_key")) missing(in, "missing 'routing_key' in VictorOps config");
      conflict(ss, "api_key", "api_key_file");
      if (!has("api_key") && !has("api_key_file") && !global_has("victorops_api_key") &&
          !global_has("victorops_api_key_file")) {
        missing(in, "no global VictorOps API Key set");
      }
      check_victorops_custom_fields(n->get("custom_fields"));
    } else if (kind == "sns") {
      bool a = !has("target_arn"), b = !has("topic_arn"), c = !has("phone_number");
      // Alertmanager's own test: ((a != b) != c) || (a && b && c).
      if (((a != b) != c) || (a && b && c)) {
        missing(in, "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config");
      }
    } else if (kind == "telegram") {
      conflict(ss, "bot_token", "bot_token_file");
      if (!has("bot_token") && !has("bot_token_file") && !global_has("telegram_bot_token") &&
          !global_has("telegram_bot_token_file")) {
        missing(in, "missing 'bot_token' or 'bot_token_file' on telegram config");
      }
      if (!has("chat_id") && !has("chat_id_file"))
        missing(in, "missing 'chat_id' on telegram config");
      const AmSetting* mode = in.get("parse_mode");
      if (is_set(mode) && mode->value.value != "Markdown" && mode->value.value != "MarkdownV2" &&
          mode->value.value != "HTML") {
        invalid(mode,
                "unknown 'parse_mode' on telegram config, must be Markdown, MarkdownV2, "
                "HTML or empty string");
      }
    } else if (kind == "webex") {
      if (!has("room_id")) missing(in, "missing 'room_id' on webex config");
      const Node* http = n->get("http_config");
      if (http == nullptr || !http->is_mapping() || http->get("authorization") == nullptr) {
        missing(in, "missing 'http_config.authorization' on webex config");
      }
    } else if (kind == "msteams" || kind == "msteamsv2") {
      if (!has("webhook_url") && !has("webhook_url_file")) {
        missing(in, fmt::format("no {} webhook URL or URLFile provided", kind));
      }
      conflict(ss, "webhook_url", "webhook_url_file");
    } else if (kind == "jira") {
      if (!has("project")) missing(in, "missing 'project' in jira config");
      if (!has("issue_type")) missing(in, "missing 'issue_type' in jira config");
      if (!has("api_url") && !global_has("jira_api_url"))
        missing(in, "no global Jira Cloud URL set");
    } else if (kind == "rocketchat") {
      conflict(ss, "token", "token_file");
      conflict(ss, "token_id", "token_id_file");
      if (!has("token_id") && !has("token_id_file") && !global_has("rocketchat_token_id") &&
          !global_has("rocketchat_token_id_file")) {
        missing(in, "no global Rocketchat TokenID set either inline or in a file");
      } else if (!has("token") && !has("token_file") && !global_has("rocketchat_token") &&
                 !global_has("rocketchat_token_file")) {
        missing(in, "no global Rocketchat Token set either inline or in a file");
      }
    } else if (kind == "mattermost") {
      conflict(ss, "webhook_url", "webhook_url_file");
      if (!has("webhook_url") && !has("webhook_url_file") &&
          !global_has("mattermost_webhook_url") && !global_has("mattermost_webhook_url_file")) {
        missing(in, "missing 'webhook_url' or 'webhook_url_file' on mattermost config");
      }
    }
  }

  void check_slack(const model::AmIntegration& in, const Node* n, const model::AmGlobal& g) {
    auto has = [&](std::string_view name) { return is_set(in.get(name)); };
    auto global_has = [&](std::string_view name) { return is_set(g.get(name)); };
    conflict(in.settings, "api_url", "api_url_file");
    conflict(in.settings, "app_token", "app_token_file");
    bool local_webhook = has("api_url") || has("api_url_file");
    bool local_token = has("app_token") || has("app_token_file");
    const Node* http = n == nullptr ? nullptr : n->get("http_config");
    bool authorization =
        http != nullptr && http->is_mapping() && http->get("authorization") != nullptr;
    bool token =
        local_token || (!authorization && !has("api_url") &&
                        (global_has("slack_app_token") || global_has("slack_app_token_file")));
    bool webhook = local_webhook || global_has("slack_api_url") || global_has("slack_api_url_file");
    if (!webhook && !token) {
      missing(in, "no Slack API URL nor App token set either inline or in a file");
    }
    if (token && authorization) {
      diags_.report(DiagKind::AmConflictingSettings, in.get("http_config")->name.span,
                    "http authorization can't be set when using Slack App tokens");
    }
    const AmSetting* update = in.get("update_message");
    if (update && update->value.value == "true" && !token) {
      const AmSetting* url = in.get("api_url");
      std::string effective = is_set(url)                      ? url->value.value
                              : is_set(g.get("slack_api_url")) ? g.get("slack_api_url")->value.value
                                                               : std::string();
      if (effective != kSlackAppUrl) {
        invalid(update,
                "'update_message' can only be used with bot tokens; 'api_url' must be set "
                "to https://slack.com/api/chat.postMessage");
      }
    }
  }

  void check_email_headers(const Node* headers) {
    if (!headers->is_mapping()) return;
    std::map<std::string, Span> seen;
    for (const yaml::Entry& e : headers->entries) {
      if (!e.key->is_scalar()) continue;
      // textproto.CanonicalMIMEHeaderKey: capitalise each '-'-separated word.
      std::string canonical;
      bool upper = true;
      for (char ch : e.key->value) {
        canonical += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch)))
                           : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        upper = ch == '-';
      }
      auto [it, inserted] = seen.emplace(canonical, e.key->span);
      if (!inserted) {
        diags_
            .report(DiagKind::AmConflictingSettings, e.key->span,
                    fmt::format("duplicate header '{}' in email config", canonical))
            .note(it->second, "first set here");
      }
    }
  }

  void check_opsgenie_responders(const Node* responders) {
    for (const Node* r : items(responders, "responders")) {
      if (!r->is_mapping()) continue;
      auto get = [&](std::string_view k) {
        const Node* v = r->get(k);
        return v != nullptr && v->is_scalar() ? v->value : std::string();
      };
      if (get("id").empty() && get("username").empty() && get("name").empty()) {
        diags_.report(DiagKind::AmMissingSetting, r->span,
                      "opsgenie responder has to have at least one of 'id', 'username' or 'name'");
      }
      std::string type = get("type");
      if (type.find("{{") != std::string::npos) continue;
      for (char& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      static const std::set<std::string_view> valid = {"team", "teams", "user", "escalation",
                                                       "schedule"};
      if (!valid.count(type)) {
        const Node* t = r->get("type");
        diags_.report(DiagKind::AmInvalidSetting, t ? t->span : r->span,
                      fmt::format("opsgenie responder type '{}' does not match valid options "
                                  "^(team|teams|user|escalation|schedule)$",
                                  get("type")));
      }
    }
  }

  void check_victorops_custom_fields(const Node* fields) {
    if (fields == nullptr || !fields->is_mapping()) return;
    static const std::set<std::string_view> reserved = {
        "routing_key",     "message_type", "state_message", "entity_display_name",
        "monitoring_tool", "entity_id",    "entity_state"};
    for (const yaml::Entry& e : fields->entries) {
      if (e.key->is_scalar() && reserved.count(e.key->value)) {
        diags_.report(
            DiagKind::AmInvalidSetting, e.key->span,
            fmt::format("victorops custom field '{}' conflicts with a fixed field", e.key->value));
      }
    }
  }

  // ---- configuration-wide checks -------------------------------------------------------------

  void check_root(const Node* route_node, const Node* root, const model::AlertmanagerConfig& c) {
    if (!c.route) {
      Span at =
          route_node ? route_node->span : Span{root->span.file, root->span.begin, root->span.begin};
      diags_.report(DiagKind::AmMissingRoute, at, "no routes provided");
      return;
    }
    const model::AmRoute& r = *c.route;
    if (!r.receiver || r.receiver->value.empty()) {
      diags_.report(DiagKind::AmRootRoute, r.receiver ? r.receiver->span : key_span(root, "route"),
                    "root route must specify a default receiver");
    }
    if (r.has_match) {
      diags_.report(DiagKind::AmRootRoute, r.matchers.front().span,
                    "root route must not have any matchers");
    }
    if (!r.mute_time_intervals.empty()) {
      diags_.report(DiagKind::AmRootRoute, r.mute_time_intervals.front().span,
                    "root route must not have any mute time intervals");
    }
    if (!r.active_time_intervals.empty()) {
      diags_.report(DiagKind::AmRootRoute, r.active_time_intervals.front().span,
                    "root route must not have any active time intervals");
    }
    if (r.continue_matching) {
      diags_.report(DiagKind::AmRootRoute, r.continue_span, "cannot have continue in root route");
    }
  }

  void check_receivers_used(const model::AmRoute& r, const model::AlertmanagerConfig& c) {
    for (const model::AmRoute& child : r.routes) check_receivers_used(child, c);
    if (!r.receiver || r.receiver->value.empty()) return;
    if (c.find_receiver(r.receiver->value) != nullptr) return;
    std::vector<std::string_view> names;
    for (const model::AmReceiver& rc : c.receivers) names.push_back(rc.name.value);
    diags_.report(DiagKind::AmUndefinedReceiver, r.receiver->span,
                  fmt::format("undefined receiver '{}' used in route{}", r.receiver->value,
                              did_you_mean(r.receiver->value, names)));
  }

  void check_time_interval_names(const model::AlertmanagerConfig& c) {
    std::map<std::string, Span> seen;
    // The deprecated section is read first, as in Alertmanager.
    for (bool deprecated : {true, false}) {
      for (const model::AmTimeInterval& ti : c.time_intervals) {
        if (ti.deprecated_mute_section != deprecated || ti.name.value.empty()) continue;
        auto [it, inserted] = seen.emplace(ti.name.value, ti.name.span);
        if (!inserted) {
          diags_
              .report(DiagKind::AmDuplicateTimeInterval, ti.name.span,
                      fmt::format("{}time interval '{}' is not unique", deprecated ? "mute " : "",
                                  ti.name.value))
              .note(it->second, "first defined here");
        }
      }
    }
  }

  void check_time_intervals_used(const model::AmRoute& r, const model::AlertmanagerConfig& c) {
    for (const model::AmRoute& child : r.routes) check_time_intervals_used(child, c);
    std::vector<std::string_view> names;
    for (const model::AmTimeInterval& ti : c.time_intervals) names.push_back(ti.name.value);
    for (const auto* list : {&r.active_time_intervals, &r.mute_time_intervals}) {
      for (const Text& t : *list) {
        if (c.find_time_interval(t.value) != nullptr) continue;
        diags_.report(DiagKind::AmUndefinedTimeInterval, t.span,
                      fmt::format("undefined time interval '{}' used in route{}", t.value,
                                  did_you_mean(t.value, names)));
      }
    }
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
