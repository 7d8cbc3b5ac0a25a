#include "compiler/dsl/lower_alertmanager.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "compiler/base/suggest.h"
#include "compiler/model/alertmanager_integrations.h"

namespace mzr::dsl {
namespace {

using model::AmValue;

model::Text key_text(const Name& n) {
  return {n.value, n.span};
}

class AmLowerer {
 public:
  explicit AmLowerer(Diagnostics& diags) : diags_(diags) {}

  AmValue value(const AmValueNode& v) {
    switch (v.kind) {
      case AmValueNode::Kind::String: return AmValue::string(v.text.value, v.span);
      case AmValueNode::Kind::Word: return AmValue::word(v.word, v.span);
      case AmValueNode::Kind::List: {
        AmValue seq = AmValue::sequence(v.span);
        for (const AmValueNode& item : v.items) seq.items.push_back(value(item));
        return seq;
      }
      case AmValueNode::Kind::Body: return mapping(v, "block", {});
    }
    return {};
  }

  // `key a, b` is a list; `key a` a single value.
  AmValue values(const AmEntry& e) {
    if (e.values.empty()) return {};
    if (e.values.size() == 1) return value(e.values.front());
    AmValue seq = AmValue::sequence(e.span);
    for (const AmValueNode& v : e.values) seq.items.push_back(value(v));
    return seq;
  }

  // Always a list: `key a`, `key a, b` and `key [a, b]` alike.
  AmValue list(const AmEntry& e) {
    if (e.values.size() == 1 && e.values.front().kind == AmValueNode::Kind::List) {
      return value(e.values.front());
    }
    AmValue seq = AmValue::sequence(e.span);
    for (const AmValueNode& v : e.values) seq.items.push_back(value(v));
    return seq;
  }

  bool not_matchers(const AmEntry& e) {
    if (e.kind != AmEntry::Kind::Match) return true;
    diags_.report(DiagKind::AmDslInvalidValue, e.matchers.front().span,
                  fmt::format("'{}' does not take matchers; matchers go after 'match' in a route "
                              "and after 'source' and 'target' in an inhibit rule",
                              e.key.value));
    return false;
  }

  bool not_continue(const AmEntry& e, std::string_view where) {
    if (e.kind != AmEntry::Kind::Continue) return true;
    diags_.report(DiagKind::AmDslInvalidValue, e.span,
                  fmt::format("'continue' belongs in a route, not in {}", where));
    return false;
  }

  AmValue matchers(const AmEntry& e) {
    AmValue seq = AmValue::sequence(e.span);
    for (const AmMatcherText& m : e.matchers) seq.items.push_back(AmValue::string(m.text, m.span));
    return seq;
  }

  // Reports a key given twice in one body, unless it may repeat.
  bool first(std::map<std::string, Span>& seen, const AmEntry& e, std::string_view where) {
    if (e.key.value.empty()) return false;  // what error recovery left of an entry
    auto [it, inserted] = seen.emplace(e.key.value, e.key.span);
    if (inserted) return true;
    diags_
        .report(DiagKind::DslDuplicateField, e.key.span,
                fmt::format("'{}' is given twice in {}", e.key.value, where))
        .note(it->second, "first given here");
    return false;
  }

  // A generic body: every setting under its own name. `repeatable` keys collect into a list.
  AmValue mapping(const AmValueNode& body, std::string_view where,
                  const std::set<std::string_view>& repeatable) {
    AmValue m = AmValue::mapping(body.span);
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!not_matchers(e) || !not_continue(e, where)) continue;
      if (repeatable.count(e.key.value)) {
        AmValue* list = m.find(e.key.value);
        if (list == nullptr) list = &m.add(key_text(e.key), AmValue::sequence(e.key.span));
        list->items.push_back(values(e));
        continue;
      }
      if (!first(seen, e, where)) continue;
      m.add(key_text(e.key), values(e));
    }
    return m;
  }

  // ---- blocks --------------------------------------------------------------------------------

  AmValue receiver(const AmBlock& b) {
    AmValue r = AmValue::mapping(b.span);
    r.add({"name", b.keyword}, AmValue::string(b.name->value, b.name->span));
    std::vector<std::string_view> kinds;
    for (const model::IntegrationKind& k : model::integration_kinds()) kinds.push_back(k.kind);
    for (const AmEntry& e : b.bodies.front().entries) {
      if (!not_matchers(e) || !not_continue(e, "a receiver")) continue;
      const model::IntegrationKind* kind = nullptr;
      for (const model::IntegrationKind& k : model::integration_kinds()) {
        if (k.kind == e.key.value) kind = &k;
      }
      if (kind == nullptr) {
        diags_.report(DiagKind::AmDslUnknownIntegration, e.key.span,
                      fmt::format("unknown integration '{}' in receiver '{}'{}", e.key.value,
                                  b.name->value, did_you_mean(e.key.value, kinds)));
        continue;
      }
      if (e.values.size() != 1 || e.values.front().kind != AmValueNode::Kind::Body) {
        diags_.report(DiagKind::AmDslInvalidValue,
                      e.values.empty() ? e.span : e.values.front().span,
                      fmt::format("an integration is a block: {} {{ ... }}", e.key.value));
        continue;
      }
      std::string key = std::string(kind->key);
      AmValue* list = r.find(key);
      if (list == nullptr) list = &r.add({key, e.key.span}, AmValue::sequence(e.key.span));
      list->items.push_back(mapping(e.values.front(), fmt::format("a {} block", kind->kind), {}));
    }
    return r;
  }

  AmValue route(const AmValueNode& body) {
    AmValue r = AmValue::mapping(body.span);
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      const std::string& k = e.key.value;
      if (e.kind == AmEntry::Kind::Continue) {
        if (first(seen, e, "a route")) r.add({"continue", e.span}, AmValue::word("true", e.span));
        continue;
      }
      if (e.kind == AmEntry::Kind::Match) {
        if (k != "match") {
          not_matchers(e);
          continue;
        }
        AmValue* list = r.find("matchers");
        if (list == nullptr) list = &r.add({"matchers", e.key.span}, AmValue::sequence(e.span));
        for (AmValue& m : matchers(e).items) list->items.push_back(std::move(m));
        continue;
      }
      if (k == "route") {
        if (e.values.size() != 1 || e.values.front().kind != AmValueNode::Kind::Body) {
          diags_.report(DiagKind::AmDslInvalidValue,
                        e.values.empty() ? e.span : e.values.front().span,
                        "a nested route is a block: route { ... }");
          continue;
        }
        AmValue* list = r.find("routes");
        if (list == nullptr) list = &r.add({"routes", e.key.span}, AmValue::sequence(e.key.span));
        list->items.push_back(route(e.values.front()));
        continue;
      }
      if (!first(seen, e, "a route")) continue;
      if (k == "group_by" || k == "mute_time_intervals" || k == "active_time_intervals") {
        r.add(key_text(e.key), list(e));
      } else {
        r.add(key_text(e.key), values(e));
      }
    }
    return r;
  }

  AmValue inhibit(const AmValueNode& body) {
    AmValue r = AmValue::mapping(body.span);
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!not_continue(e, "an inhibit rule")) continue;
      const std::string& k = e.key.value;
      if (e.kind == AmEntry::Kind::Match) {
        if (k != "source" && k != "target") {
          not_matchers(e);
          continue;
        }
        std::string key = k + "_matchers";
        AmValue* list = r.find(key);
        if (list == nullptr) list = &r.add({key, e.key.span}, AmValue::sequence(e.span));
        for (AmValue& m : matchers(e).items) list->items.push_back(std::move(m));
        continue;
      }
      if (!first(seen, e, "an inhibit rule")) continue;
      r.add(key_text(e.key), k == "equal" ? list(e) : values(e));
    }
    return r;
  }

  // 09:00-17:00 → {start_time: "09:00", end_time: "17:00"}, each part at its place.
  AmValue time_range(const AmValueNode& v) {
    if (v.kind == AmValueNode::Kind::Body) return value(v);
    std::string s = v.kind == AmValueNode::Kind::String ? v.text.value : v.word;
    size_t dash = s.find('-');
    if (v.kind == AmValueNode::Kind::List || dash == std::string::npos) {
      diags_.report(DiagKind::AmDslInvalidValue, v.span,
                    "a time range is written HH:MM-HH:MM, as 09:00-17:00");
      return {};
    }
    uint32_t offset = v.kind == AmValueNode::Kind::String ? 1 : 0;  // the opening quote
    Span start{v.span.file, v.span.begin + offset,
               v.span.begin + offset + static_cast<uint32_t>(dash)};
    Span end{v.span.file, start.end + 1, v.span.end - offset};
    AmValue m = AmValue::mapping(v.span);
    m.add({"start_time", start}, AmValue::string(s.substr(0, dash), start));
    m.add({"end_time", end}, AmValue::string(s.substr(dash + 1), end));
    return m;
  }

  AmValue time_spec(const AmValueNode& body) {
    AmValue spec = AmValue::mapping(body.span);
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!not_matchers(e) || !not_continue(e, "a time interval")) continue;
      if (!first(seen, e, "a time interval")) continue;
      const std::string& k = e.key.value;
      if (k == "times") {
        AmValue times = AmValue::sequence(e.span);
        const std::vector<AmValueNode>& vs =
            e.values.size() == 1 && e.values.front().kind == AmValueNode::Kind::List
                ? e.values.front().items
                : e.values;
        for (const AmValueNode& v : vs) {
          AmValue r = time_range(v);
          if (r.kind != AmValue::Kind::Null) times.items.push_back(std::move(r));
        }
        spec.add(key_text(e.key), std::move(times));
      } else if (k == "weekdays" || k == "days_of_month" || k == "months" || k == "years") {
        AmValue l = list(e);
        for (AmValue& item : l.items) item.plain = false;  // names and ranges are strings
        spec.add(key_text(e.key), std::move(l));
      } else {
        spec.add(key_text(e.key), values(e));
      }
    }
    return spec;
  }

  AmValue time_interval(const AmBlock& b) {
    AmValue ti = AmValue::mapping(b.span);
    ti.add({"name", b.keyword}, AmValue::string(b.name->value, b.name->span));
    AmValue& specs = ti.add({"time_intervals", b.keyword}, AmValue::sequence(b.span));
    for (const AmValueNode& body : b.bodies) specs.items.push_back(time_spec(body));
    return ti;
  }

 private:
  Diagnostics& diags_;
};

AmValue& section(AmValue& doc, std::string_view key, Span at) {
  if (AmValue* v = doc.find(key)) return *v;
  return doc.add({std::string(key), at}, AmValue::sequence(at));
}

}  // namespace

void lower_alertmanager(const AmBlock& b, LoweredAlertmanager& out, Diagnostics& diags) {
  if (!out.present) {
    out.present = true;
    out.doc = AmValue::mapping({b.span.file, b.span.begin, b.span.begin});
    out.file = b.span.file;
  }
  AmLowerer l(diags);
  switch (b.kind) {
    case AmBlock::Kind::Receiver:
      section(out.doc, "receivers", b.keyword).items.push_back(l.receiver(b));
      break;
    case AmBlock::Kind::Route:
      if (out.route) {
        diags.report(DiagKind::AmSecondRoute, b.keyword, "a second routing tree")
            .note(*out.route, "the routing tree is defined here");
        break;
      }
      out.route = b.span;
      out.file = b.span.file;
      out.doc.add({"route", b.keyword}, l.route(b.bodies.front())).span = b.span;
      break;
    case AmBlock::Kind::Inhibit:
      section(out.doc, "inhibit_rules", b.keyword).items.push_back(l.inhibit(b.bodies.front()));
      break;
    case AmBlock::Kind::TimeInterval:
      section(out.doc, "time_intervals", b.keyword).items.push_back(l.time_interval(b));
      break;
    case AmBlock::Kind::Global:
      if (out.global) {
        diags.report(DiagKind::DslDuplicateField, b.keyword, "'global' is given twice")
            .note(*out.global, "first given here");
        break;
      }
      out.global = b.span;
      out.doc.add({"global", b.keyword}, l.mapping(b.bodies.front(), "'global'", {}));
      break;
    case AmBlock::Kind::Templates: {
      AmValue& list = section(out.doc, "templates", b.keyword);
      for (const AmValueNode& v : b.values) {
        if (v.kind == AmValueNode::Kind::List) {
          for (const AmValueNode& item : v.items) list.items.push_back(l.value(item));
        } else {
          list.items.push_back(l.value(v));
        }
      }
      break;
    }
  }
}

}  // namespace mzr::dsl
