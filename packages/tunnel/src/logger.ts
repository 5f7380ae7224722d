/** How the tunnel reports progress; the action passes the runner's log functions. */
export interface TunnelLogger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export const silentLogger: TunnelLogger = { info() {}, warning() {}, debug() {} };
