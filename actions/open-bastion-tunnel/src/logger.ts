import * as core from '../../shared/src/toolkit';
import type { TunnelLogger } from '@cat-actions/tunnel';

export const runnerLogger: TunnelLogger = {
  info: core.info,
  warning: (message) => core.warning(message),
  debug: core.debug,
};
