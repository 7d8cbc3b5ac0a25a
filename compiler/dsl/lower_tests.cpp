#include "compiler/dsl/lower_tests.h"

namespace mzr::dsl {
namespace {

std::vector<model::LabelPair> pairs(const LabelMap& m) {
  std::vector<model::LabelPair> out;
  for (const LabelPair& p : m.pairs) {
    out.push_back({{p.name.value, p.name.span}, {p.value.value, p.value.span}});
  }
  return out;
}

}  // namespace

model::RouteTest lower_route_test(const RouteTestBlock& b) {
  model::RouteTest t;
  t.span = b.span;
  if (b.title) t.name = model::Text{b.title->value, b.title->span};
  if (b.alert) t.alert = model::Text{b.alert->value, b.alert->span};
  if (b.labels) t.labels = pairs(*b.labels);
  if (b.at) t.at = model::Text{b.at->value, b.at->span};
  for (const TestInhibition& i : b.inhibitions) {
    model::RouteTestInhibition inh;
    inh.expect_inhibited = i.expect_inhibited;
    inh.span = i.span;
    for (const LabelMap& m : i.firing) inh.firing.push_back(pairs(m));
    t.inhibitions.push_back(std::move(inh));
  }
  if (b.receivers) {
    std::vector<model::Text> names;
    for (const Name& n : *b.receivers) names.push_back({n.value, n.span});
    t.receivers = std::move(names);
    t.receivers_span = b.receivers_span;
  }
  return t;
}

}  // namespace mzr::dsl
