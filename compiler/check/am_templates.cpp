#include "compiler/check/am_templates.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <vector>

#include "compiler/check/setting_templates.h"
#include "compiler/check/templates.h"
#include "compiler/check/text_span.h"
#include "compiler/template/alertmanager.h"
#include "compiler/template/parse.h"

namespace mzr {
namespace {

// The templates Alertmanager 0.34 defines in its embedded default.tmpl and email.tmpl.
constexpr std::array kDefaultTemplates = {"__alertmanager",
                                          "__alertmanagerURL",
                                          "__subject",
                                          "__description",
                                          "__text_alert_list",
                                          "__text_alert_list_markdown",
                                          "slack.default.title",
                                          "slack.default.username",
                                          "slack.default.fallback",
                                          "slack.default.callbackid",
                                          "slack.default.pretext",
                                          "slack.default.titlelink",
                                          "slack.default.iconemoji",
                                          "slack.default.iconurl",
                                          "slack.default.text",
                                          "slack.default.footer",
                                          "slack.default.color",
                                          "pagerduty.default.description",
                                          "pagerduty.default.client",
                                          "pagerduty.default.clientURL",
                                          "pagerduty.default.instances",
                                          "opsgenie.default.message",
                                          "opsgenie.default.description",
                                          "opsgenie.default.source",
                                          "wechat.default.message",
                                          "wechat.default.to_user",
                                          "wechat.default.to_party",
                                          "wechat.default.to_tag",
                                          "wechat.default.agent_id",
                                          "victorops.default.state_message",
                                          "victorops.default.entity_display_name",
                                          "victorops.default.monitoring_tool",
                                          "pushover.default.title",
                                          "pushover.default.message",
                                          "pushover.default.url",
                                          "sns.default.subject",
                                          "sns.default.message",
                                          "telegram.default.message",
                                          "discord.default.content",
                                          "discord.default.title",
                                          "discord.default.message",
                                          "webex.default.message",
                                          "msteams.default.summary",
                                          "msteams.default.title",
                                          "msteams.default.text",
                                          "msteamsv2.default.title",
                                          "msteamsv2.default.text",
                                          "jira.default.summary",
                                          "jira.default.description",
                                          "jira.default.priority",
                                          "rocketchat.default.title",
                                          "rocketchat.default.alias",
                                          "rocketchat.default.titlelink",
                                          "rocketchat.default.emoji",
                                          "rocketchat.default.iconurl",
                                          "rocketchat.default.text",
                                          "mattermost.default.color",
                                          "mattermost.default.username",
                                          "mattermost.default.title",
                                          "mattermost.default.titlelink",
                                          "mattermost.default.fallback",
                                          "mattermost.default.text",
                                          "email.default.subject",
                                          "email.default.html"};

struct Reference {
  std::string name;
  Span span;
};

void collect_references(const tmpl::Node* n, SourceId file, std::vector<Reference>& out) {
  if (!n) return;
  if (n->kind == tmpl::NodeKind::Template) {
    out.push_back({n->text, Span{file, n->pos, std::max(n->end, n->pos)}});
  }
  for (const tmpl::Node* c : n->nodes) collect_references(c, file, out);
  collect_references(n->list, file, out);
  collect_references(n->else_list, file, out);
}

DiagKind kind_of(tmpl::ErrorKind k) {
  switch (k) {
    case tmpl::ErrorKind::UnknownFunction: return DiagKind::GoTemplateUnknownFunction;
    case tmpl::ErrorKind::Limit: return DiagKind::GoTemplateLimit;
    default: return DiagKind::GoTemplateSyntax;
  }
}

}  // namespace

bool is_default_alertmanager_template(std::string_view name) {
  return std::find(kDefaultTemplates.begin(), kDefaultTemplates.end(), name) !=
         kDefaultTemplates.end();
}

void check_alertmanager_templates(const model::AlertmanagerConfig& config, SourceManager& sources,
                                  Diagnostics& diags) {
  tmpl::FuncMap funcs = tmpl::alertmanager_functions({}, tmpl::make_invalid());
  tmpl::ParseOptions po;
  po.has_function = [&](std::string_view n) { return funcs.find(n) != funcs.end(); };
  std::map<std::string, Span> defined;  // name -> where, first definition
  std::vector<Reference> references;
  for (const model::AmTemplateFile& f : config.template_files) {
    SourceId id = sources.add(f.path.empty() ? f.name : f.path, f.content);
    tmpl::Set set;
    uint16_t src = set.add_source(f.name, f.content);
    if (auto err = tmpl::parse(set, src, f.name, po)) {
      TemplateErrorPlace at = place_template_error(*err, f.content);
      Diagnostic& d =
          diags.report(kind_of(err->kind), Span{id, at.begin, at.end},
                       fmt::format("template file '{}' does not parse: {}", f.name, err->message));
      if (at.open_at) d.note(Span{id, *at.open_at, *at.open_at + at.open_length}, at.open_note);
      continue;
    }
    for (const auto& [name, tree] : set.trees()) {
      if (name == f.name) {
        collect_references(tree.root, id, references);
        continue;
      }
      Span at{id, tree.root ? tree.root->pos : 0, tree.root ? tree.root->pos : 0};
      auto [it, inserted] = defined.emplace(name, at);
      if (!inserted && !tmpl::is_empty_tree(tree.root)) {
        diags
            .report(DiagKind::GoTemplateRedefined, at,
                    fmt::format("template '{}' is defined again; Alertmanager keeps the "
                                "definition of the file it loads last",
                                name))
            .note(it->second, "first defined here");
      }
      collect_references(tree.root, id, references);
    }
  }
  // The templates written in integration settings: Alertmanager loads them as they are and
  // parses each when it sends a notification, so a mistake there fails every notification of
  // the integration.
  // A configuration read without the template files it names (a copy of a deployed one) says
  // nothing about what they define: its settings' references are not judged then.
  bool files_known = !config.template_files.empty() || config.templates.empty();
  size_t index = 0;
  for (const model::AmReceiver& receiver : config.receivers) {
    for (const model::AmIntegration& integration : receiver.integrations) {
      for (const model::AmSetting& setting : integration.settings) {
        std::vector<const model::AmValue*> strings;
        template_strings(setting.content, strings);
        for (const model::AmValue* v : strings) {
          tmpl::Set set;
          std::string name = fmt::format("__setting_{}", index++);
          uint16_t src = set.add_source(name, v->scalar);
          if (auto err = tmpl::parse(set, src, name, po)) {
            TemplateErrorPlace at = place_template_error(*err, v->scalar);
            Diagnostic& d = diags.report(
                kind_of(err->kind), locate_in_text(v->span, v->scalar, at.begin, at.end, &sources),
                fmt::format("the template in '{}' of receiver '{}' does not parse: {}; "
                            "every notification it is part of fails",
                            setting.name.value, receiver.name.value, err->message));
            if (at.open_at) {
              d.note(locate_in_text(v->span, v->scalar, *at.open_at, *at.open_at + at.open_length,
                                    &sources),
                     at.open_note);
            }
            continue;
          }
          std::vector<Reference> in_setting;
          for (const auto& [tree_name, tree] : set.trees()) {
            collect_references(tree.root, kNoSource, in_setting);
          }
          for (Reference& r : in_setting) {
            if (!files_known) break;
            r.span = locate_in_text(v->span, v->scalar, r.span.begin, r.span.end, &sources);
            references.push_back(std::move(r));
          }
        }
      }
    }
  }
  for (const Reference& r : references) {
    if (defined.count(r.name) || is_default_alertmanager_template(r.name)) continue;
    diags.report(DiagKind::GoTemplateUndefined, r.span,
                 fmt::format("no template file defines '{}', and it is not one of "
                             "Alertmanager's default templates",
                             r.name));
  }
}

}  // namespace mzr
