export * from './process-group';
export * from './run-marker';
export * from './find-on-path';
