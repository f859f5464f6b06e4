/** Two projects: pure-logic unit tests, and integration tests against the real
 * Temporal dev server and FerretDB that test/harness/global-setup.ts starts once per run. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
module.exports = {
  transform,
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      // The connector conformance kit (test/conformance) runs against the same real services.
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/conformance/**/*.test.ts'],
      slowTestThreshold: 30,
    },
  ],
  testTimeout: 120000,
};
