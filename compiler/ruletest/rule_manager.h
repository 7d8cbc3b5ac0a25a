#pragma once
// Rule groups evaluated as Prometheus' rule manager evaluates them (rules/group.go,
// rules/recording.go, rules/alerting.go at v0.316.0): groups in order at each evaluation time,
// rules in order within a group, each rule's results written to the store so that later rules
// see them, staleness markers for series a rule stopped returning, and alert states with 'for'
// and 'keep_firing_for', the ALERTS and ALERTS_FOR_STATE series, and labels and annotations
// expanded with Prometheus' template engine.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "compiler/eval/engine.h"
#include "compiler/eval/store.h"
#include "compiler/frontend/promql.h"
#include "compiler/model/rules.h"

namespace mzr::ruletest {

struct LoadedRule {
  const model::Rule* rule = nullptr;  // owned by the caller's rule sets
  promql::ParseResult parsed;
};

struct LoadedGroup {
  std::string name;
  int64_t query_offset_ms = 0;
  int64_t limit = 0;
  std::vector<LoadedRule> rules;
};

struct ManagerOptions {
  eval::Labels external_labels;
  std::string external_url;
  eval::QueryOptions query;
};

enum class AlertState { Inactive, Pending, Firing };

struct ActiveAlert {
  eval::Labels labels;
  eval::Labels annotations;
  AlertState state = AlertState::Inactive;
  double value = 0;
  int64_t active_at = 0;
  int64_t fired_at = 0;
  int64_t resolved_at = 0;  // 0 while unresolved
  int64_t keep_firing_since = 0;
  bool keep_firing_set = false;
};

struct RuleError {
  const model::Rule* rule = nullptr;
  std::string message;  // Prometheus' error text
};

class RuleManager {
 public:
  RuleManager(std::vector<LoadedGroup> groups, ManagerOptions options);

  // Evaluates every group at `ts` (ms), in order. The errors of the rules that failed.
  std::vector<RuleError> eval(eval::Store& store, int64_t ts);

  // The firing alerts of every alerting rule called `name`, across groups.
  std::vector<const ActiveAlert*> firing(const std::string& name) const;

  const std::vector<LoadedGroup>& groups() const { return groups_; }

 private:
  struct RuleState {
    std::map<std::string, ActiveAlert> active;    // by label signature
    std::map<std::string, eval::Labels> written;  // series written at the last evaluation
  };

  std::vector<eval::InstantSample> query(const eval::Store& store, const LoadedRule& r, int64_t ts,
                                         std::string& error) const;
  bool eval_recording(eval::Store& store, const LoadedGroup& g, const LoadedRule& r, int64_t ts,
                      std::vector<eval::InstantSample>& out, std::string& error) const;
  bool eval_alerting(eval::Store& store, const LoadedGroup& g, const LoadedRule& r,
                     RuleState& state, int64_t ts, std::vector<eval::InstantSample>& out,
                     std::string& error) const;

  std::vector<LoadedGroup> groups_;
  ManagerOptions options_;
  std::vector<std::vector<RuleState>> states_;  // [group][rule]
};

}  // namespace mzr::ruletest
