/**
 * Finds the bastion instance by its Name tag: exactly one running instance, or an error that lists
 * what was found, so "two bastions during a replacement" is obvious rather than a random pick.
 */
import {
  AwsDeniedError,
  NotFoundError,
  TransientError,
  isCatError,
  listAll,
  networkDeadlines,
} from '@cat-actions/core';

export interface FoundInstance {
  id: string;
  state: string;
}

interface Ec2Filter {
  Name: string;
  Values: string[];
}

async function describe(region: string, filters: Ec2Filter[]): Promise<FoundInstance[]> {
  // Loaded only in ssm mode with a Name tag: ssh mode and instance ids never need it.
  const { EC2Client, DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  const deadlines = networkDeadlines();
  // A silent EC2 endpoint ends each attempt instead of holding the step (issue 13 #10).
  const client = new EC2Client({
    region,
    maxAttempts: 4,
    requestHandler: {
      connectionTimeout: deadlines.connectMs,
      requestTimeout: deadlines.requestMs,
      throwOnRequestTimeout: true,
    },
  });
  let found: FoundInstance[];
  try {
    // The project's one guarded pagination helper (a repeated NextToken is an error).
    ({ items: found } = await listAll('EC2 DescribeInstances', async (token) => {
      const page = await client.send(
        new DescribeInstancesCommand({ Filters: filters, NextToken: token }),
      );
      return {
        items: (page.Reservations ?? []).flatMap((reservation) =>
          (reservation.Instances ?? [])
            .filter((instance) => instance.InstanceId)
            .map((instance) => ({
              id: instance.InstanceId!,
              state: instance.State?.Name ?? 'unknown',
            })),
        ),
        next: page.NextToken,
      };
    }));
  } catch (error) {
    throw classify(error, region);
  } finally {
    client.destroy();
  }
  return found;
}

const DENIED =
  /UnauthorizedOperation|AuthFailure|AccessDenied|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|UnrecognizedClient/;

function classify(error: unknown, region: string): Error {
  if (isCatError(error)) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (DENIED.test(name) || status === 401 || status === 403) {
    return new AwsDeniedError(
      `EC2 DescribeInstances was denied in ${region} (${name}: ${message}). The role needs ` +
        'ec2:DescribeInstances to find the bastion by its Name tag; or give its instance id as bastion.',
    );
  }
  return new TransientError(
    `EC2 DescribeInstances failed in ${region} after retries (${name || 'error'}: ${message}). ` +
      'Re-run the job; if it persists, check the EC2 endpoint and the network.',
  );
}

/** The id of the one running instance named `nameTag`. */
export async function findBastionInstance(nameTag: string, region: string): Promise<string> {
  const running = await describe(region, [
    { Name: 'tag:Name', Values: [nameTag] },
    { Name: 'instance-state-name', Values: ['running'] },
  ]);
  if (running.length === 1) return running[0].id;
  if (running.length > 1) {
    throw new NotFoundError(
      `${running.length} running EC2 instances are named ${nameTag} in ${region}: ` +
        `${running.map((i) => i.id).join(', ')}. Expected exactly one: give the instance id as bastion.`,
    );
  }
  // Say what exists under that name: a stopped bastion needs starting, not a new name.
  const any = await describe(region, [{ Name: 'tag:Name', Values: [nameTag] }]);
  const found = any.length
    ? `Instances with that name: ${any.map((i) => `${i.id} (${i.state})`).join(', ')}.`
    : 'No instance has that name (check the bastion input and the region).';
  throw new NotFoundError(`No running EC2 instance is named ${nameTag} in ${region}. ${found}`);
}
