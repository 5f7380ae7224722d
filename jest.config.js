/** Unit, integration and workflow tests; the summary reporter prints the closing `N passed, N failed`. */
const tsJest = [
  'ts-jest',
  {
    useESM: true,
    tsconfig: { module: 'ESNext', moduleResolution: 'Bundler', isolatedModules: true },
  },
];
const project = (name) => ({
  displayName: name,
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: { '^@cat-actions/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts' },
  testEnvironment: 'node',
});

export default {
  projects: [project('unit'), project('integration'), project('workflows')],
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.cjs'],
  testTimeout: 60000,
};
