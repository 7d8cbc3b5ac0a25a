#include "compiler/routing/route_tree.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "compiler/base/duration.h"
#include "compiler/load/alertmanager_config.h"
#include "compiler/load/yaml.h"
#include "tests/require.h"
#include "tests/routing/am_test_util.h"
#include "tests/test_support.h"

namespace mzr::routing {
namespace {

const yaml::Node* get(const yaml::Node* n, std::string_view key) {
  return n ? n->get(key) : nullptr;
}

std::vector<std::string> strings(const yaml::Node* n) {
  std::vector<std::string> out;
  if (n && n->is_sequence()) {
    for (const yaml::Node* i : n->items) out.push_back(i->value);
  }
  return out;
}

LabelSet label_set(const yaml::Node* n) {
  LabelSet out;
  if (n && n->is_mapping()) {
    for (const yaml::Entry& e : n->entries) out[e.key->value] = e.value->value;
  }
  return out;
}

struct Trees {
  SourceManager sources;
  Diagnostics diags;
  std::vector<yaml::Stream> streams;
  std::map<std::string, model::AmRoute> routes;
};

// Loads every tree of am-routing-cases.yaml with the route loader.
void load_trees(const yaml::Node* root, Trees& t) {
  for (const yaml::Node* tree : get(root, "trees")->items) {
    std::string name = get(tree, "name")->value;
    SourceId id = t.sources.add(name + ".yml", get(tree, "config")->value);
    t.streams.push_back(yaml::parse(t.sources, id, t.diags));
    t.routes[name] = load_alertmanager_route(t.streams.back().documents.front().root, t.diags);
  }
}

TEST(RoutingTree, ConformanceCases) {
  MZR_REQUIRE_CORPUS(corpus);
  SourceManager sm;
  Diagnostics diags;
  SourceId cases_id = sm.add("am-routing-cases.yaml",
                             testing::read_file(corpus + "/conformance/am-routing-cases.yaml"));
  yaml::Stream cases = yaml::parse(sm, cases_id, diags);
  ASSERT_FALSE(diags.has_errors());
  const yaml::Node* root = cases.documents.front().root;
  Trees trees;
  load_trees(root, trees);
  for (const Diagnostic& d : trees.diags.all()) ADD_FAILURE() << d.message;

  int agree = 0, total = 0;
  for (const yaml::Node* c : get(root, "cases")->items) {
    ++total;
    std::string tree_name = get(c, "tree")->value;
    RoutingTree tree = RoutingTree::build(trees.routes.at(tree_name));
    LabelSet labels = label_set(get(c, "labels"));
    std::vector<const RouteNode*> matched = tree.match(labels);
    bool ok = true;
    std::ostringstream why;
    if (const yaml::Node* n = get(c, "matched_routes")) {
      ok = matched.size() == std::stoul(n->value);
      LabelSet want = label_set(get(c, "route_labels"));
      ok = ok && matched.front()->options.labels == want;
      why << "route labels differ";
    } else {
      std::vector<std::string> want = strings(get(c, "receivers"));
      ok = receivers_of(matched) == want;
      const yaml::Node* routes = get(c, "routes");
      ok = ok && routes->items.size() == matched.size();
      for (size_t i = 0; ok && i < matched.size(); ++i) {
        const yaml::Node* r = routes->items[i];
        const RouteOptions& o = matched[i]->options;
        auto dur = [&](std::string_view k) { return *parse_duration(get(r, k)->value); };
        bool same =
            o.receiver == get(r, "receiver")->value && o.group_by == strings(get(r, "group_by")) &&
            o.group_by_all == (get(r, "group_by_all")->value == "true") &&
            o.group_wait == dur("group_wait") && o.group_interval == dur("group_interval") &&
            o.repeat_interval == dur("repeat_interval") &&
            o.labels == label_set(get(r, "labels")) && matched[i]->key() == get(r, "key")->value;
        if (!same) why << "match " << i << " key " << matched[i]->key() << " differs";
        ok = same;
      }
    }
    EXPECT_TRUE(ok) << tree_name << " case " << total << ": " << why.str();
    agree += ok ? 1 : 0;
  }
  EXPECT_EQ(total, 28);
  EXPECT_EQ(agree, total);
  std::cout << "[ RoutingTree ] conformance: " << agree << "/" << total << " cases agree\n";

  // Walk order and route IDs.
  for (const yaml::Node* w : get(root, "walks")->items) {
    RoutingTree tree = RoutingTree::build(trees.routes.at(get(w, "tree")->value));
    if (const yaml::Node* want = get(w, "receivers")) {
      std::vector<std::string> got;
      for (const RouteNode* n : tree.walk()) got.push_back(n->options.receiver);
      EXPECT_EQ(got, strings(want));
    } else {
      std::set<std::string> got, expected;
      for (const RouteNode* n : tree.walk()) got.insert(n->id());
      for (const std::string& s : strings(get(w, "ids"))) expected.insert(s);
      EXPECT_EQ(got, expected);
    }
  }
  // group_by '...' inherited by a child without group_by, reset by an explicit list.
  for (const yaml::Node* a : get(root, "node_assertions")->items) {
    RoutingTree tree = RoutingTree::build(trees.routes.at(get(a, "tree")->value));
    for (const yaml::Node* n : get(a, "nodes")->items) {
      const RouteNode* node = &tree.root();
      for (const std::string& i : strings(get(n, "path")))
        node = node->children[std::stoul(i)].get();
      EXPECT_EQ(node->options.group_by_all, get(n, "group_by_all")->value == "true");
    }
  }
  // Post-order indices: unique, the root last.
  RoutingTree indexed = RoutingTree::build(trees.routes.at("TestRouteIndices"));
  std::set<size_t> indices;
  for (const RouteNode* n : indexed.walk()) {
    EXPECT_LT(n->index, indexed.size());
    indices.insert(n->index);
  }
  EXPECT_EQ(indices.size(), indexed.size());
  EXPECT_EQ(indexed.root().index, indexed.size() - 1);
}

// The example from the reference: continue, fall-back to the parent, a missing label as "".
TEST(RoutingTree, MatchSemantics) {
  testing::LoadedAm am;
  testing::load_am(am, R"(route:
  receiver: default
  group_by: ['alertname']
  routes:
    - matchers: ['team="db"', 'severity=~"critical|page"']
      receiver: db-pager
      continue: true
    - match: {team: db}
      receiver: db-mail
      routes:
        - match_re: {env: prod.*}
          receiver: db-prod
          group_by: ['...']
    - matchers: ['{service=~"api|web", env!="dev"}']
      receiver: frontend
      routes:
        - matchers: [region=""]
          receiver: frontend-noregion
    - receiver: catchall-team
      matchers: [team=~".+"]
receivers: [{name: default},{name: db-pager},{name: db-mail},{name: db-prod},{name: frontend},{name: frontend-noregion},{name: catchall-team}]
)");
  ASSERT_EQ(am.lines(), std::vector<std::string>{});
  RoutingTree tree = RoutingTree::build(*am.config.route);
  auto route = [&](LabelSet l) { return receivers_of(tree.match(l)); };
  using V = std::vector<std::string>;
  EXPECT_EQ(route({{"team", "db"}, {"severity", "critical"}, {"env", "prod1"}}),
            (V{"db-pager", "db-prod"}));
  EXPECT_EQ(route({{"service", "web"}, {"env", "prod"}}), V{"frontend-noregion"});
  EXPECT_EQ(route({{"service", "web"}, {"env", "prod"}, {"region", "eu"}}), V{"frontend"});
  EXPECT_EQ(route({{"service", "web"}, {"env", "dev"}}), V{"default"});
  EXPECT_EQ(route({}), V{"default"});
  EXPECT_EQ(route({{"team", ""}}), V{"default"});
  EXPECT_EQ(route({{"team", "web"}}), V{"catchall-team"});
  // Keys show match_re anchored.
  auto matched = tree.match({{"team", "db"}, {"env", "prod1"}});
  EXPECT_EQ(matched.back()->key(), "{}/{team=\"db\"}/{env=~\"^(?:prod.*)$\"}");
  EXPECT_TRUE(matched.back()->options.group_by_all);
  EXPECT_EQ(matched.back()->options.group_by, V{"alertname"});
}

// A regex matcher matches the whole value, as Alertmanager anchors it: values that contain,
// extend or cut short the literal do not match. (Alertmanager: `env=~"prod"` sends
// `env=preprod` to the default receiver.)
TEST(RoutingTree, RegexMatchersAreAnchoredAtBothEnds) {
  testing::LoadedAm am;
  testing::load_am(am, R"(route:
  receiver: default
  routes:
    - matchers: [env=~"prod"]
      receiver: prod
    - matchers: [tier=~"web|api"]
      receiver: frontend
    - matchers: [zone!~"eu"]
      receiver: not-eu
receivers: [{name: default},{name: prod},{name: frontend},{name: not-eu}]
)");
  ASSERT_EQ(am.lines(), std::vector<std::string>{});
  RoutingTree tree = RoutingTree::build(*am.config.route);
  auto route = [&](LabelSet l) { return receivers_of(tree.match(l)); };
  using V = std::vector<std::string>;
  LabelSet eu = {{"zone", "eu"}};
  auto with = [&](std::string name, std::string value) {
    LabelSet l = eu;
    l[name] = value;
    return l;
  };
  EXPECT_EQ(route(with("env", "prod")), V{"prod"});
  for (const char* v : {"preprod", "prodx", "aprodz", "pro", ""}) {
    EXPECT_EQ(route(with("env", v)), V{"default"}) << "env=" << v;
  }
  EXPECT_EQ(route(with("tier", "api")), V{"frontend"});
  for (const char* v : {"webapi", "web|api", "xapi", "we", "apix"}) {
    EXPECT_EQ(route(with("tier", v)), V{"default"}) << "tier=" << v;
  }
  // Negative: only the exact value is excluded.
  EXPECT_EQ(route({{"zone", "eu"}}), V{"default"});
  for (const char* v : {"eu-west", "neu", "e"}) {
    EXPECT_EQ(route({{"zone", v}}), V{"not-eu"}) << "zone=" << v;
  }
}

TEST(RoutingTree, IntervalsAreNotInherited) {
  testing::LoadedAm am;
  testing::load_am(am, R"(route:
  receiver: a
  group_wait: 1m
  routes:
    - matchers: [x="1"]
      mute_time_intervals: [night]
      labels: {team: one}
      routes:
        - matchers: [y="1"]
          labels: {tier: two}
receivers: [{name: a}]
time_intervals:
  - name: night
    time_intervals: [{times: [{start_time: "00:00", end_time: "06:00"}]}]
)");
  ASSERT_EQ(am.lines(), std::vector<std::string>{});
  RoutingTree tree = RoutingTree::build(*am.config.route);
  const RouteNode& child = *tree.root().children[0];
  const RouteNode& grandchild = *child.children[0];
  EXPECT_EQ(child.options.mute_time_intervals, std::vector<std::string>{"night"});
  EXPECT_TRUE(grandchild.options.mute_time_intervals.empty());
  EXPECT_EQ(grandchild.options.group_wait, Duration{60000});
  EXPECT_EQ(grandchild.options.labels, (LabelSet{{"team", "one"}, {"tier", "two"}}));
  EXPECT_EQ(grandchild.options.receiver, "a");
}

}  // namespace
}  // namespace mzr::routing
