import * as core from '../../shared/src/toolkit';
import { escapeMarkdown } from '@cat-actions/core';
import { SlackDeliveryError, buildMessage, deliver } from '@cat-actions/slack';
import type { Delivered, SlackTarget } from '@cat-actions/slack';
import { publish } from '../../shared/src/runner';
import { readNotifyInputs } from './inputs';

export async function run(): Promise<void> {
  const { target, content, failOnError, retry, run: runInfo } = readNotifyInputs();
  const message = buildMessage(content, runInfo);
  const destination = describeDestination(target);
  core.debug(`Slack message: ${JSON.stringify(message)}`);

  let delivered: Delivered | undefined;
  let failure: SlackDeliveryError | undefined;
  core.startGroup(`Send the ${content.look.status} notice to ${destination}`);
  try {
    delivered = await deliver(target, message, {
      policy: retry,
      onRetry: (notice) =>
        core.info(
          `Attempt ${notice.attempt} of ${notice.attempts} failed: ${notice.reason}. ` +
            `Trying again in ${(notice.delayMs / 1000).toFixed(1)} s.`,
        ),
    });
  } catch (error) {
    if (!(error instanceof SlackDeliveryError)) throw error;
    failure = error;
  } finally {
    core.endGroup();
  }

  if (delivered) {
    publish({ ok: 'true', ...(delivered.ts ? { ts: delivered.ts } : {}) }, undefined);
    const tries = delivered.attempts > 1 ? ` after ${delivered.attempts} attempts` : '';
    core.info(`Slack notice delivered to ${destination}${tries}.`);
    await core.summary
      .addRaw(
        escapeMarkdown(
          `Slack notice (${content.look.status}) delivered to ${destination}${tries}.`,
        ),
        true,
      )
      .write();
    return;
  }

  publish({ ok: 'false' }, undefined);
  const reason = failure!.message;
  await core.summary
    .addRaw(
      escapeMarkdown(
        `Slack notice (${content.look.status}) NOT delivered to ${destination}: ${reason}`,
      ),
      true,
    )
    .write();
  const problem = `The Slack notice to ${destination} was not delivered: ${reason}`;
  if (failOnError) {
    core.setFailed(problem);
  } else {
    core.warning(`${problem}. The step succeeds anyway (fail-on-error is false).`, {
      title: 'Slack notice not delivered',
    });
  }
}

function describeDestination(target: SlackTarget): string {
  return target.mode === 'api' ? `channel ${target.channel}` : "the webhook's channel";
}
