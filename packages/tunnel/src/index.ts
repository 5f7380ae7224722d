export * from './options';
export * from './open';
export * from './close';
export * from './logger';
export { LOCAL_HOST, PortInUseError } from './local-port';
