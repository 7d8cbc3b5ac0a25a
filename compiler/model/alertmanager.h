#pragma once
// The Alertmanager model: receivers, the routing tree as written, inhibit rules, time intervals,
// templates and global settings, whatever format they were written in (alertmanager.yml or the
// DSL, which is lowered to alertmanager.yml's shape and read by the same loader). Every value keeps
// the span it was read from. Semantics (inheritance, matching, time evaluation) live in
// compiler/routing; this is data only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/duration.h"
#include "compiler/base/source.h"
#include "compiler/model/rules.h"

namespace mzr::model {

// Declared in Alertmanager's sort order: = < != < =~ < !~.
enum class AmMatchOp : uint8_t { Equal, NotEqual, Regex, NotRegex };

// One label matcher. `value` is the unescaped value; for the deprecated 'match_re' it is the
// already anchored form ^(?:re)$, exactly as Alertmanager stores and prints it.
struct AmMatcher {
  std::string name;
  AmMatchOp op = AmMatchOp::Equal;
  std::string value;
  Span span;  // the list entry or map key it came from
};

struct AmValueEntry;

// A value of an Alertmanager configuration as a generic tree, in alertmanager.yml's shape:
// what a setting holds in full (for output), and what the DSL is lowered to before the
// configuration is read and checked like a file.
struct AmValue {
  enum class Kind : uint8_t { Null, Scalar, Sequence, Mapping };
  Kind kind = Kind::Null;
  std::string scalar;
  bool plain = true;  // written without quotes: YAML may read it as a boolean or a number
  Span span;
  std::vector<AmValue> items;         // Sequence
  std::vector<AmValueEntry> entries;  // Mapping, in order

  // Defined below, where AmValueEntry is complete.
  static AmValue string(std::string s, Span at);
  static AmValue word(std::string s, Span at);
  static AmValue sequence(Span at);
  static AmValue mapping(Span at);
  AmValue& add(Text key, AmValue value);  // Mapping; returns the added value
  AmValue* find(std::string_view key);    // Mapping
};

struct AmValueEntry {
  Text key;
  AmValue value;
};

inline AmValue AmValue::string(std::string s, Span at) {
  AmValue v;
  v.kind = Kind::Scalar;
  v.scalar = std::move(s);
  v.plain = false;
  v.span = at;
  return v;
}

inline AmValue AmValue::word(std::string s, Span at) {
  AmValue v = string(std::move(s), at);
  v.plain = true;
  return v;
}

inline AmValue AmValue::sequence(Span at) {
  AmValue v;
  v.kind = Kind::Sequence;
  v.span = at;
  return v;
}

inline AmValue AmValue::mapping(Span at) {
  AmValue v;
  v.kind = Kind::Mapping;
  v.span = at;
  return v;
}

inline AmValue& AmValue::add(Text key, AmValue value) {
  entries.push_back({std::move(key), std::move(value)});
  return entries.back().value;
}

inline AmValue* AmValue::find(std::string_view key) {
  for (AmValueEntry& e : entries) {
    if (e.key.value == key) return &e.value;
  }
  return nullptr;
}

// One setting of an integration or of 'global', kept as written. Nested mappings and lists
// (http_config, tls_config, fields, ...) keep their span and their YAML kind but no content.
struct AmSetting {
  Text name;
  Text value;  // scalars only; empty for mappings and lists
  enum class Shape : uint8_t { Null, Scalar, Mapping, Sequence } shape = Shape::Scalar;
  Span span;        // key through value
  AmValue content;  // the value in full, nested mappings and lists included
};

// One entry of a receiver's '<kind>_configs' list.
struct AmIntegration {
  std::string kind;  // "slack", "pagerduty", "email", "webhook", ...
  std::vector<AmSetting> settings;
  Span span;

  const AmSetting* get(std::string_view name) const {
    for (const AmSetting& s : settings) {
      if (s.name.value == name) return &s;
    }
    return nullptr;
  }
};

struct AmReceiver {
  Text name;
  std::vector<AmIntegration> integrations;
  std::vector<LabelPair> labels;  // 'labels' (Alertmanager 0.33)
  Span span;
};

struct AmRoute {
  std::optional<Text> receiver;
  // As written, '...' included; nullopt when absent (inherited), empty when '[]' (reset).
  std::optional<std::vector<Text>> group_by;
  // match (=), match_re (=~, anchored) and matchers, sorted as Alertmanager sorts them.
  std::vector<AmMatcher> matchers;
  bool has_match = false;  // any of match / match_re / matchers was present and non-empty
  std::optional<TimeSpan> group_wait;
  std::optional<TimeSpan> group_interval;
  std::optional<TimeSpan> repeat_interval;
  bool continue_matching = false;
  Span continue_span;
  std::vector<Text> mute_time_intervals;
  std::vector<Text> active_time_intervals;
  std::vector<LabelPair> labels;  // route labels (Alertmanager 0.34+)
  std::vector<AmRoute> routes;
  Span span;
};

struct AmInhibitRule {
  std::optional<Text> name;
  std::vector<AmMatcher> source_matchers;
  std::vector<AmMatcher> target_matchers;
  std::vector<Text> equal;
  Span span;
};

// An inclusive range of integers ('a:b' or a single value).
struct AmRange {
  int begin = 0;
  int end = 0;
  friend bool operator==(const AmRange&, const AmRange&) = default;
};

// [start, end) in minutes of the day.
struct AmTimeOfDay {
  int start_minute = 0;
  int end_minute = 0;
  friend bool operator==(const AmTimeOfDay&, const AmTimeOfDay&) = default;
};

// One entry of a named interval's 'time_intervals'. An absent field matches every instant.
struct AmTimeSpec {
  std::optional<std::vector<AmTimeOfDay>> times;
  std::optional<std::vector<AmRange>> weekdays;       // 0 = Sunday .. 6 = Saturday
  std::optional<std::vector<AmRange>> days_of_month;  // 1..31 or -31..-1
  std::optional<std::vector<AmRange>> months;         // 1 = January
  std::optional<std::vector<AmRange>> years;
  std::string location = "UTC";  // IANA name, "UTC" or "Local"
  Span span;
};

struct AmTimeInterval {
  Text name;
  std::vector<AmTimeSpec> specs;
  bool deprecated_mute_section = false;  // from top-level 'mute_time_intervals'
  Span span;
};

struct AmGlobal {
  TimeSpan resolve_timeout{Duration{5 * 60 * 1000}, Span{}};
  std::vector<AmSetting> settings;  // every other global setting, as written
  Span span;

  const AmSetting* get(std::string_view name) const {
    for (const AmSetting& s : settings) {
      if (s.name.value == name) return &s;
    }
    return nullptr;
  }
};

// A notification template file of the repository, to be shipped next to alertmanager.yml.
struct AmTemplateFile {
  std::string name;  // file name in the output ("slack.tmpl")
  std::string path;  // the path it was read from
  std::string content;
  Span span;  // the 'templates' entry that named it
};

// A Kubernetes Secret mounted for the '*_file' settings that read from it.
struct AmSecretMount {
  std::string secret;      // Secret name, the folder below /etc/alertmanager/secrets/
  std::string mount_path;  // /etc/alertmanager/secrets/<secret>
};

struct AlertmanagerConfig {
  SourceId file = kNoSource;
  // False when the document was empty or not a mapping: there is nothing further to check.
  bool read = false;
  Span route_key;  // the 'route' key, when there is one
  Span route_at;   // the route's value, or an empty span at the start of the document
  // Filled for the repository's own configuration (load/alertmanager_files.h).
  std::vector<AmTemplateFile> template_files;
  std::vector<AmSecretMount> secret_mounts;
  AmGlobal global;
  std::optional<AmRoute> route;
  std::vector<AmReceiver> receivers;
  std::vector<AmInhibitRule> inhibit_rules;
  std::vector<AmTimeInterval> time_intervals;  // both sections, in file order
  std::vector<Text> templates;
  // The repository's deployment substitutes placeholders written in secret fields
  // ('secrets.inline: substituted'): they are kept in the output (is_secret_placeholder).
  bool secrets_substituted = false;
  // Top-level sections mzrules does not interpret ('tracing', 'event_recorder'), kept as written
  // so that they reach the output.
  std::vector<AmSetting> passthrough;

  const AmReceiver* find_receiver(std::string_view name) const {
    for (const AmReceiver& r : receivers) {
      if (r.name.value == name) return &r;
    }
    return nullptr;
  }
  const AmTimeInterval* find_time_interval(std::string_view name) const {
    for (const AmTimeInterval& t : time_intervals) {
      if (t.name.value == name) return &t;
    }
    return nullptr;
  }
};

}  // namespace mzr::model
