// An object of rule files: each value is read as a document of its own.
{
  'first.yaml': { groups: [{ name: 'first', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] }] },
  'second.yaml': {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'second' },
    spec: { groups: [{ name: 'second', rules: [{ alert: 'Down', expr: 'up == 0' }] }] },
  },
}
