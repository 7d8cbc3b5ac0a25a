// Positions inside jsonnet: an expression that occurs once is reported where it is written.
{
  groups: [{
    name: 'located',
    rules: [
      { record: 'job:requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m])' },
      { alert: 'Templated', expr: std.join(' ', ['up', '==', '0']) + ' +', labels: { severity: 'x' } },
    ],
  }],
}
