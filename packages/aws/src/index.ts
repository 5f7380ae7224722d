export * from './clients';
export * from './retry';
export * from './errors';
export * from './secrets';
