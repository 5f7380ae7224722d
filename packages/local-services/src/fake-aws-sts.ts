/**
 * The STS half of fake-aws: the query protocol's AssumeRole, AssumeRoleWithWebIdentity and
 * GetCallerIdentity, checked as STS checks them, answered in AWS's XML.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IssuedCredentials } from './fake-aws';

export const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** The HTTP status AWS answers each error code with. */
const STATUS: Record<string, number> = {
  AccessDenied: 403,
  AccessDeniedException: 400,
  InternalError: 500,
  InternalFailure: 500,
  InternalServiceError: 500,
  InternalServiceErrorException: 500,
  ServiceUnavailable: 503,
};

export class AwsFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = STATUS[code] ?? 400,
  ) {
    super(message);
  }
}

export const xmlEscape = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

export class FakeSts {
  constructor(
    private readonly accountId: string,
    private readonly issued: IssuedCredentials[],
    private readonly webIdentityToken?: string,
  ) {}

  private issue(roleArn: string, sessionName: string, durationSeconds: number) {
    const credentials: IssuedCredentials = {
      accessKeyId: `ASIAFAKE${randomBytes(6).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoFAKE${randomBytes(90).toString('base64')}`,
      roleArn,
      sessionName,
    };
    this.issued.push(credentials);
    const expiration = new Date(Date.now() + durationSeconds * 1000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    return { credentials, expiration };
  }

  private assumeRole(action: string, params: Record<string, string>): string {
    const roleArn = params.RoleArn ?? '';
    const sessionName = params.RoleSessionName ?? '';
    const role = ROLE_ARN.exec(roleArn);
    if (!role) throw new AwsFault('ValidationError', `${roleArn} is invalid`);
    if (!SESSION_NAME.test(sessionName)) {
      throw new AwsFault(
        'ValidationError',
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
    const duration = Number(params.DurationSeconds ?? 3600);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw new AwsFault(
        'ValidationError',
        `1 validation error detected: Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
      );
    }
    for (let i = 1; params[`Tags.member.${i}.Key`] !== undefined; i++) {
      const key = params[`Tags.member.${i}.Key`];
      const value = params[`Tags.member.${i}.Value`] ?? '';
      if (!TAG_KEY.test(key) || !TAG_VALUE.test(value)) {
        throw new AwsFault(
          'ValidationError',
          `1 validation error detected: Value at 'tags.${i}.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*`,
        );
      }
    }
    if (action === 'AssumeRoleWithWebIdentity') {
      const token = params.WebIdentityToken ?? '';
      if (!token || (this.webIdentityToken && token !== this.webIdentityToken)) {
        throw new AwsFault(
          'InvalidIdentityToken',
          "Couldn't retrieve verification key from your identity provider",
        );
      }
    }
    const { credentials, expiration } = this.issue(roleArn, sessionName, duration);
    const [, roleAccount, roleName] = role;
    const web =
      action === 'AssumeRoleWithWebIdentity'
        ? `<SubjectFromWebIdentityToken>repo:local/cat-actions:ref:refs/heads/main</SubjectFromWebIdentityToken>
      <Audience>sts.amazonaws.com</Audience>
      <Provider>arn:aws:iam::${roleAccount}:oidc-provider/token.actions.githubusercontent.com</Provider>`
        : '<PackedPolicySize>6</PackedPolicySize>';
    return `<${action}Result>
      ${web}
      <AssumedRoleUser>
        <Arn>arn:aws:sts::${roleAccount}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(sessionName)}</Arn>
        <AssumedRoleId>AROAFAKE${roleAccount}:${xmlEscape(sessionName)}</AssumedRoleId>
      </AssumedRoleUser>
      <Credentials>
        <AccessKeyId>${credentials.accessKeyId}</AccessKeyId>
        <SecretAccessKey>${xmlEscape(credentials.secretAccessKey)}</SecretAccessKey>
        <SessionToken>${xmlEscape(credentials.sessionToken)}</SessionToken>
        <Expiration>${expiration}</Expiration>
      </Credentials>
    </${action}Result>`;
  }

  private callerIdentity(keyId: string): string {
    const session = this.issued.find((c) => c.accessKeyId === keyId);
    const role = session && ROLE_ARN.exec(session.roleArn);
    const [arn, account] = role
      ? [`arn:aws:sts::${role[1]}:assumed-role/${role[2]}/${session.sessionName}`, role[1]]
      : [`arn:aws:iam::${this.accountId}:user/ci`, this.accountId];
    return `<GetCallerIdentityResult>
      <Arn>${xmlEscape(arn)}</Arn>
      <UserId>AIDAFAKE${account}</UserId>
      <Account>${account}</Account>
    </GetCallerIdentityResult>`;
  }

  handle(action: string, params: Record<string, string>, keyId: string): string {
    let result: string;
    if (action === 'AssumeRole' || action === 'AssumeRoleWithWebIdentity') {
      result = this.assumeRole(action, params);
    } else if (action === 'GetCallerIdentity') {
      result = this.callerIdentity(keyId);
    } else {
      throw new AwsFault(
        'InvalidAction',
        `Could not find operation ${action} for version 2011-06-15`,
      );
    }
    return `<${action}Response xmlns="${STS_NS}">
    ${result}
    <ResponseMetadata>
      <RequestId>${randomUUID()}</RequestId>
    </ResponseMetadata>
  </${action}Response>
  `;
  }
}
