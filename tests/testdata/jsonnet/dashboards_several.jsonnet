// Several dashboards from one file, keyed by file name as mixins write them, and one of them a
// GrafanaDashboard resource carrying its JSON as a string.
local dashboard(uid, expr) = {
  uid: uid,
  title: uid,
  panels: [{
    type: 'stat', id: 1, title: 'Value',
    datasource: { type: 'prometheus', uid: 'thanos' },
    gridPos: { h: 4, w: 6, x: 0, y: 0 },
    fieldConfig: { defaults: { unit: 'short' } },
    targets: [{ refId: 'A', expr: expr }],
  }],
};
{
  'first.json': dashboard('several-first', 'count(up{cluster="$cluster"} == 1)'),
  'second.json': dashboard('several-second', 'count(up = 0)'),
  'resource.yaml': {
    apiVersion: 'grafana.integreatly.org/v1beta1',
    kind: 'GrafanaDashboard',
    metadata: { name: 'several-resource' },
    spec: {
      instanceSelector: { matchLabels: { dashboards: 'grafana' } },
      json: std.manifestJsonEx(dashboard('several-resource', 'sum(rate(up[5m]) by (job)'), '  '),
    },
  },
}
