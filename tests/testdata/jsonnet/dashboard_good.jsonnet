// A good dashboard built by local functions: rows of panels, one per metric, and a variable.
local ds = { type: 'prometheus', uid: '$datasource' };
local panel(id, title, expr, unit) = {
  type: 'timeseries', id: id, title: title, datasource: ds,
  gridPos: { h: 8, w: 12, x: 12 * ((id - 1) % 2), y: 8 * std.floor((id - 1) / 2) },
  fieldConfig: { defaults: { unit: unit } },
  targets: [{ refId: 'A', expr: expr, legendFormat: '{{instance}}' }],
};
local rate(metric) = 'sum by (instance) (rate(%s{job=~"$job"}[$__rate_interval]))' % metric;
{
  uid: 'jsonnet-good',
  title: 'Node traffic',
  templating: { list: [
    { type: 'datasource', name: 'datasource', query: 'prometheus' },
    { type: 'query', name: 'job', datasource: ds, query: 'label_values(node_network_receive_bytes_total, job)' },
  ] },
  panels: [
    panel(1, 'Received', rate('node_network_receive_bytes_total'), 'Bps'),
    panel(2, 'Transmitted', rate('node_network_transmit_bytes_total'), 'Bps'),
    panel(3, 'CPU', |||
      sum by (instance, mode) (
        rate(node_cpu_seconds_total{job=~"$job", mode!="idle"}[$__rate_interval])
      )
    |||, 'percentunit'),
  ],
}
