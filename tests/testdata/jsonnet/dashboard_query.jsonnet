// A dashboard written in jsonnet: mistakes in its queries are reported at the character of the
// jsonnet string they come from, escapes included.
local ds = { type: 'prometheus', uid: 'thanos' };
{
  uid: 'jsonnet-queries',
  title: 'Jsonnet queries',
  templating: { list: [
    { type: 'query', name: 'job', datasource: ds, query: 'label_values(up, job)' },
    // A variable query with an unclosed brace.
    { type: 'query', name: 'hostname', datasource: ds, query: 'label_values(node_uname_info{job=~"$job", nodename}' },
  ] },
  panels: [
    {
      type: 'timeseries', id: 1, title: 'Requests', datasource: ds,
      gridPos: { h: 8, w: 12, x: 0, y: 0 },
      fieldConfig: { defaults: { unit: 'reqps' } },
      targets: [
        { refId: 'A', expr: 'sum by (job) (rate(http_requests_total{job=~"$job"}[$__rate_interval]))' },
        // A missing parenthesis after escaped quotes.
        { refId: 'B', expr: "sum by (job) (rate(http_requests_total{job=~\"$job\", code=~\"5..\"}[$__rate_interval])" },
        // An error after a \u escape: the column is the one of the character in the jsonnet.
        { refId: 'C', expr: 'up{job=\'$job\'} == bool \u0030 +' },
        // An undefined variable.
        { refId: 'D', expr: 'sum by (job) (up{job=~"$job", instance=~"$instance"})' },
        // A label the catalog says the metric never has, misspelt.
        { refId: 'E', expr: 'sum by (instance) (rate(node_cpu_seconds_total{job=~"$job", mdoe="idle"}[$__rate_interval]))' },
      ],
    },
  ],
}
