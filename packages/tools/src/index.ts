export * from './catalog';
export * from './commands';
export * from './errors';
export * from './pip-install';
export * from './plugin-install';
export * from './setup-tools';
export * from './tool-cache';
