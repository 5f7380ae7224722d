// Moved to packages/local-services (the demo, the CLI and the bench use it too); kept for the tests.
export * from '../../../packages/local-services/src/ssm-standins';
