// A rule file built with a library from the library path.
local lib = import 'alerts.libsonnet';
{
  groups: [
    {
      name: 'jobs',
      rules: [lib.upAlert('api'), lib.upAlert('db')],
    },
  ],
}
