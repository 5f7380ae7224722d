// Moved to packages/local-services (the bench and the demo use it too).
export * from '../../packages/local-services/src/s3-list-endpoint';
