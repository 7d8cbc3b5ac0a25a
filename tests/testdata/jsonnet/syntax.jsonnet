{
  groups: [
    { name: 'g' rules: [] },
  ],
}
