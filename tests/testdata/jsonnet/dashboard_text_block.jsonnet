// A query in a ||| text block: positions in the block, its indentation removed by jsonnet.
{
  uid: 'jsonnet-text-block',
  title: 'Text block',
  panels: [{
    type: 'timeseries', id: 1, title: 'Errors',
    datasource: { type: 'prometheus', uid: 'thanos' },
    gridPos: { h: 8, w: 24, x: 0, y: 0 },
    fieldConfig: { defaults: { unit: 'percentunit' } },
    targets: [{
      refId: 'A',
      expr: |||
        sum by (job) (rate(http_requests_total{code=~"5.."}[$__rate_interval]))
          /
        sum by (job) (rate(http_requests_total[$__rate_interval]) by (code)
      |||,
    }],
  }],
}
