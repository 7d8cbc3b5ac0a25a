// A runtime error while building the dashboard: reported at the expression that failed.
local panel(title, expr) = {
  type: 'timeseries', title: title,
  targets: [{ refId: 'A', expr: expr }],
};
{
  uid: 'jsonnet-runtime',
  title: 'Runtime',
  panels: [panel('Up', 'up'), panel('Errors', std.rate('x'))],
}
