/** The command-line tools a mode needs, found on PATH before anything starts. */
import { NotFoundError } from '@cat-actions/core';
import { findOnPath } from '@cat-actions/process';

export { findOnPath };

const INSTALL: Record<string, string> = {
  aws:
    'Install the AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html); ' +
    'GitHub-hosted runners have it.',
  'session-manager-plugin':
    'Install the Session Manager plugin before this step: curl -sSfo /tmp/smp.deb ' +
    'https://s3.amazonaws.com/session-manager-downloads/plugin/latest/ubuntu_64bit/session-manager-plugin.deb ' +
    '&& sudo dpkg -i /tmp/smp.deb (other systems: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html).',
  ssh: 'Install the OpenSSH client: sudo apt-get install -y openssh-client.',
};

/** Each command's path; fails naming every missing one and how to install it. */
export function requireTools(commands: string[]): Record<string, string> {
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const command of commands) {
    const location = findOnPath(command);
    if (location) found[command] = location;
    else missing.push(command);
  }
  if (missing.length) {
    throw new NotFoundError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not on PATH. ` +
        missing.map((command) => INSTALL[command] ?? '').join(' '),
    );
  }
  return found;
}
