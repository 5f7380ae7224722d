/**
 * A small EC2 endpoint speaking the EC2 query protocol (form-encoded POST, XML answers) for the
 * SDK's DescribeInstances, reached through AWS_ENDPOINT_URL_EC2. Seeded with instances; filters on
 * tag:Name, instance-state-name and instance-id as EC2 does; records every request.
 */
import http from 'node:http';
import { serveOnLoopback } from './processes';

export interface FakeInstance {
  id: string;
  name: string;
  state?: 'pending' | 'running' | 'stopping' | 'stopped' | 'terminated';
}

export interface Ec2Request {
  action: string;
  params: Record<string, string>;
  authorization: string;
}

export interface FakeEc2 {
  endpoint: string;
  /** The variables a step needs to reach this endpoint (credentials, region, endpoint). */
  env: Record<string, string>;
  requests: Ec2Request[];
  /** Answers every request with this EC2 error until cleared, e.g. UnauthorizedOperation. */
  failWith(error?: { status: number; code: string; message: string }): void;
  stop(): Promise<void>;
}

const STATE_CODES = { pending: 0, running: 16, stopping: 64, stopped: 80, terminated: 48 };
const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `Filter.1.Name=tag:Name&Filter.1.Value.1=x` -> { 'tag:Name': ['x'] } */
function filtersOf(params: Record<string, string>): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const [key, name] of Object.entries(params)) {
    const m = /^Filter\.(\d+)\.Name$/.exec(key);
    if (!m) continue;
    filters[name] = Object.entries(params)
      .filter(([k]) => k.startsWith(`Filter.${m[1]}.Value.`))
      .map(([, v]) => v);
  }
  return filters;
}

function matches(instance: FakeInstance, filters: Record<string, string[]>, ids: string[]) {
  const state = instance.state ?? 'running';
  if (ids.length && !ids.includes(instance.id)) return false;
  return Object.entries(filters).every(([name, values]) => {
    if (name === 'tag:Name') return values.includes(instance.name);
    if (name === 'instance-state-name') return values.includes(state);
    if (name === 'instance-id') return values.includes(instance.id);
    return true;
  });
}

function describeInstances(instances: FakeInstance[], params: Record<string, string>): string {
  const ids = Object.entries(params)
    .filter(([k]) => /^InstanceId\.\d+$/.test(k))
    .map(([, v]) => v);
  const found = instances.filter((i) => matches(i, filtersOf(params), ids));
  const items = found
    .map((i) => {
      const state = i.state ?? 'running';
      return `<item><reservationId>r-${i.id.slice(2)}</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet><item><instanceId>${xml(i.id)}</instanceId><imageId>ami-0123456789abcdef0</imageId><instanceState><code>${STATE_CODES[state]}</code><name>${state}</name></instanceState><instanceType>t3.micro</instanceType><tagSet><item><key>Name</key><value>${xml(i.name)}</value></item></tagSet></item></instancesSet></item>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${crypto.randomUUID()}</requestId><reservationSet>${items}</reservationSet></DescribeInstancesResponse>`;
}

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xml(code)}</Code><Message>${xml(message)}</Message></Error></Errors><RequestID>${crypto.randomUUID()}</RequestID></Response>`;

export async function startFakeEc2(instances: FakeInstance[]): Promise<FakeEc2> {
  const requests: Ec2Request[] = [];
  let failure: { status: number; code: string; message: string } | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
      const action = params.Action ?? '';
      requests.push({ action, params, authorization: String(req.headers.authorization ?? '') });
      const send = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
        res.end(body);
      };
      if (failure) return send(failure.status, errorXml(failure.code, failure.message));
      if (action !== 'DescribeInstances') {
        return send(400, errorXml('InvalidAction', `The action ${action} is not valid.`));
      }
      send(200, describeInstances(instances, params));
    });
  });
  const served = await serveOnLoopback(server);
  const endpoint = served.url;
  return {
    endpoint,
    env: {
      AWS_ACCESS_KEY_ID: 'AKIAFAKEEC2',
      AWS_SECRET_ACCESS_KEY: 'fake-secret',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_EC2: endpoint,
    },
    requests,
    failWith: (error) => void (failure = error),
    stop: served.stop,
  };
}
