export * from './process-group';
export * from './run-marker';
