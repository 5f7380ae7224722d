export * from './process-group';
