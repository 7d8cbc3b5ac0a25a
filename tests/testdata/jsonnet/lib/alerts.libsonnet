{
  upAlert(job):: {
    alert: 'TargetDown',
    expr: 'up{job="%s"} == 0' % job,
    'for': '5m',
    labels: { severity: 'warning', job: job },
    annotations: { summary: '{{ $labels.instance }} of %s is down' % job },
  },
}
