/**
 * Architecture rules for server/src (docs: HOUSE-STYLE "Dependency rules").
 * Run from the repository root: `npm run check:deps`
 * (= `depcruise --config .dependency-cruiser.cjs server/src`). Paths below are relative to the root.
 *
 * Test code is exempt from the production-only rules: *.spec.ts, *.test.ts, anything under an
 * __int__/ folder, and the shared harness in server/src/test/.
 */

const path = require('node:path');

/** Files that are test code, wherever they live in server/src. */
const TEST_CODE = [
  '\\.spec\\.ts$',
  '\\.test\\.ts$',
  '\\.contract\\.ts$',
  '/testing/',
  '(^|/)__int__/',
  '^server/src/test/',
];

/** Libraries that tie code to a transport or a store; the room core must stay free of them. */
const INFRA_PACKAGES = [
  'express',
  'socket\\.io',
  'socket\\.io-[^/]+',
  '@socket\\.io/[^/]+',
  'typeorm',
  'ioredis',
  'redis',
  'bull',
  'bullmq',
  'pg',
  'ws',
];
const INFRA_PACKAGE_PATH = `(^|/)node_modules/(@types/)?(${INFRA_PACKAGES.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-not-to-modules',
      comment:
        'HOUSE-STYLE rule 1: platform/ is infrastructure only and never imports modules/ (nor the app/ composition root). ' +
        'Invert the dependency: let the module register itself with the platform (a hook, an ' +
        'event handler, a port interface declared in platform/).',
      severity: 'error',
      from: { path: '^server/src/platform/' },
      to: { path: '^server/src/(modules|app)/' },
    },
    {
      name: 'app-uses-module-index',
      comment:
        'The composition root (app/, cli/, main.ts) reaches a module only through its index.ts, ' +
        'like any other module would.',
      severity: 'error',
      from: { path: '^server/src/(app|cli)/|^server/src/main\\.ts$' },
      to: { path: '^server/src/modules/[^/]+/', pathNot: '^server/src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'module-only-through-index',
      comment:
        "HOUSE-STYLE rule 2: a module talks to another module only through that module's " +
        'index.ts (its public surface). Export what you need from modules/<b>/index.ts and ' +
        'import that.',
      severity: 'error',
      from: { path: '^server/src/modules/([^/]+)/' },
      to: {
        path: '^server/src/modules/[^/]+/',
        pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles (HOUSE-STYLE: "barrel re-exports that create import cycles"). A cycle ' +
        'made only of `import type` edges is erased at compile time and is not reported; any ' +
        'cycle with a runtime edge is. Break it with dependency inversion or by moving the ' +
        'shared piece into its own file.',
      severity: 'error',
      from: {},
      to: {
        circular: true,
        viaOnly: { dependencyTypesNot: ['type-only'] },
      },
    },
    {
      name: 'room-core-transport-agnostic',
      comment:
        'HOUSE-STYLE rule 5: the collab room core (modules/collab/room/) imports no express, ' +
        'socket.io, TypeORM, Redis (ioredis), bull or database/socket drivers, neither directly ' +
        'nor through another file (platform/db, a module index that pulls them in, ...). Declare ' +
        'an interface in room/ (RoomSocket, storage, bus) and let an adapter outside room/ ' +
        'implement it. `npx depcruise -T err-long --config .dependency-cruiser.cjs server/src` ' +
        'shows the import chain.',
      severity: 'error',
      from: { path: '^server/src/modules/collab/room/', pathNot: TEST_CODE },
      to: { path: INFRA_PACKAGE_PATH, reachable: true },
    },
    {
      name: 'production-not-to-test-code',
      comment:
        'Production code never imports the test harness in server/src/test/ (factories, ' +
        'TestServer, fleet harness); it is excluded from the build and would not exist at ' +
        'runtime.',
      severity: 'error',
      from: { path: '^server/src/', pathNot: TEST_CODE },
      to: { path: '^server/src/test/' },
    },
    {
      name: 'production-not-to-spec',
      comment: 'Production code never imports a spec/test file; those are excluded from the build.',
      severity: 'error',
      from: { path: '^server/src/', pathNot: TEST_CODE },
      to: { path: TEST_CODE.slice(0, 3) },
    },
    {
      name: 'production-not-to-dev-dependency',
      comment:
        'Production code imports only packages listed under "dependencies" (server/package.json ' +
        'or the root package.json). devDependencies are pruned from production images. ' +
        '`import type` of a dev-only package is allowed (erased at compile time).',
      severity: 'error',
      from: { path: '^server/src/', pathNot: TEST_CODE },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: ['(^|/)node_modules/@types/'],
      },
    },
    {
      name: 'no-non-package-json',
      comment:
        'This imports an npm package that is in no package.json (it only works because some ' +
        'other package hoisted it). Add it to the "dependencies" of server/package.json.',
      severity: 'error',
      from: { path: '^server/src/', pathNot: TEST_CODE },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'test-no-non-package-json',
      comment:
        'Test code imports an npm package that is in no package.json. Add it to the root ' +
        'devDependencies (the @jest/* packages that come with jest are allowed).',
      severity: 'error',
      from: { path: TEST_CODE },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], pathNot: '(^|/)node_modules/@jest/' },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        "This import can't be resolved to a file on disk. A relative import of a .ts file is " +
        'written with the .js suffix (NodeNext), e.g. `./errors.js`.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-deprecated-core',
      comment: 'This imports a deprecated Node.js core module.',
      severity: 'error',
      from: {},
      to: {
        dependencyTypes: ['core'],
        path: '^(punycode|domain|constants|sys|_linklist|_stream_wrap)$',
      },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // Anchored on purpose: a bare `dist/` would also hide packages whose entry lives in
    // node_modules/<pkg>/dist/ and silently exempt them from every rule.
    exclude: { path: ['^(server|client-sdk|admin-ui)/(dist|coverage)/', '^\\.folio/'] },
    // Type-only imports are real edges for the architecture rules (a type import of a module's
    // internals still couples the two); rules that care about runtime exempt `type-only`.
    tsPreCompilationDeps: true,
    // server/package.json and the root package.json together declare what server code may use.
    combinedDependencies: true,
    // An absolute path: TypeScript mis-resolves `extends`/`include` for a relative config name.
    tsConfig: { fileName: path.join(__dirname, 'server', 'tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
