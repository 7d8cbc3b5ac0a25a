// A syntax error in a dashboard file: reported where jsonnet finds it.
{
  uid: 'jsonnet-syntax',
  title: 'Syntax',
  panels: [
    { type: 'timeseries', id: 1, title: 'Up' targets: [{ refId: 'A', expr: 'up' }] },
  ],
}
