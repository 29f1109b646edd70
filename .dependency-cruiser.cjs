/**
 * The import rules of docs/architecture.md, checked by test/unit/architecture.test.ts.
 * Each rule's name is the one the document uses; the test keeps the two in step.
 */
const GATEWAY = '^src/(?!simulators/|dev/|soak\\.ts|demo\\.ts|tools/)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules form layers; an import loop means two modules are one concern, or one is in the wrong layer.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'simulators-stand-alone',
      severity: 'error',
      comment: 'The simulators play the backends: they share no code with the gateway, so they cannot agree with it by accident.',
      from: { path: '^src/simulators/' },
      to: { path: '^src/', pathNot: '^src/simulators/' },
    },
    {
      name: 'gateway-without-dev-code',
      severity: 'error',
      comment: 'The production build carries neither the simulators nor the dev tools.',
      from: { path: GATEWAY },
      to: { path: '^src/(simulators/|dev/|soak\\.ts|demo\\.ts|tools/)' },
    },
    {
      name: 'base-imports-base',
      severity: 'error',
      comment: 'The base (models, errors, config, call, credentials, util) is imported by every layer and imports no layer.',
      from: { path: '^src/(util/|errors/|errors\\.ts|models\\.ts|backends\\.ts|config\\.ts|call\\.ts|credentials\\.ts)' },
      to: {
        path: '^src/',
        pathNot: '^src/(util/|errors/|errors\\.ts|models\\.ts|backends\\.ts|config\\.ts|call\\.ts|credentials\\.ts|observability/request-scope\\.ts|observability/metrics\\.ts|generated/)',
      },
    },
    {
      name: 'observability-below-connectors',
      severity: 'error',
      comment: 'Logs, metrics and traces are fed by every layer and know none of them.',
      from: { path: '^src/observability/' },
      to: { path: '^src/(connectors|sessions|loaders|services|resolvers|plugins|http)/|^src/(server|context|listen|main)\\.ts' },
    },
    {
      name: 'connectors-reach-down-only',
      severity: 'error',
      comment: "A connector speaks one backend's REST API; it never knows who calls it.",
      from: { path: '^src/connectors/' },
      to: { path: '^src/(sessions|loaders|services|resolvers|plugins|http|validation)/|^src/(server|context|listen|main|roles)\\.ts' },
    },
    {
      name: 'upstream-knows-no-backend',
      severity: 'error',
      comment: 'The upstream layer (pool, breaker, bulkhead, retries) is the same for every backend.',
      from: { path: '^src/connectors/upstream/' },
      to: { path: '^src/connectors/(?!upstream/|call-options\\.ts)' },
    },
    {
      name: 'backends-apart',
      severity: 'error',
      comment: "One folder per backend; one backend's connector never uses another's.",
      from: { path: '^src/connectors/(arcgis|ocm|onlyoffice)/' },
      to: { path: '^src/connectors/(arcgis|ocm|onlyoffice)/', pathNot: '^src/connectors/$1/' },
    },
    {
      name: 'loaders-and-sessions-below-services',
      severity: 'error',
      comment: 'Sessions and loaders hold per-request state over the connectors; services use them, never the reverse.',
      from: { path: '^src/(sessions|loaders)/' },
      to: { path: '^src/(services|resolvers|plugins|http)/|^src/(server|context|listen|main)\\.ts' },
    },
    {
      name: 'services-below-resolvers',
      severity: 'error',
      comment: "Services do the work for resolvers and know nothing of GraphQL's wiring or the HTTP front door.",
      from: { path: '^src/services/' },
      to: { path: '^src/(resolvers|plugins|http)/|^src/(server|context|listen|main)\\.ts' },
    },
    {
      name: 'resolvers-stay-thin',
      severity: 'error',
      comment: 'A resolver validates, picks the session and calls one service: it never calls a connector itself.',
      from: { path: '^src/resolvers/' },
      to: { path: '^src/connectors/(?!call-options)|^src/(http|plugins)/|^src/(server|listen|main)\\.ts' },
    },
    {
      name: 'front-door-before-graphql',
      severity: 'error',
      comment: 'The HTTP front door hands requests to yoga; it knows no resolver, service or backend.',
      from: { path: '^src/http/' },
      to: { path: '^src/(connectors|sessions|loaders|services|resolvers)/|^src/context\\.ts' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a layer that needs another's types depends on it.
    moduleSystems: ['cjs', 'es6'],
  },
};
