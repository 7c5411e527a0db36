/** Jest runs the TypeScript sources as native ESM (swc strips types), one module format end to end. */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    },
  ],
};
const common = {
  rootDir: '..',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  testEnvironment: 'node',
};
/** Real PostgreSQL and Redis for every test that runs the server. */
const services = {
  globalSetup: '<rootDir>/server/src/test/global-setup.ts',
  globalTeardown: '<rootDir>/server/src/test/global-teardown.ts',
};
export default {
  // Jest applies testTimeout (tests and hooks) from the top level only, not from a project's options.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/server/src/**/*.spec.ts',
        '<rootDir>/client-sdk/src/**/*.spec.ts',
        '<rootDir>/load-tests/src/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      // The SDK's tests run against the real server, so they share the server's harness.
      testMatch: [
        '<rootDir>/server/src/**/__int__/**/*.int.test.ts',
        '<rootDir>/client-sdk/test/**/*.int.test.ts',
      ],
      ...services,
    },
    {
      ...common,
      displayName: 'browser',
      // The admin UI in Debian's Chromium (playwright-core) against the real server.
      testMatch: ['<rootDir>/admin-ui/test/**/*.browser.test.ts'],
      ...services,
    },
  ],
};
