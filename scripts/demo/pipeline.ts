/**
 * The example tenant's pipeline as the reusable workflows run it (.github/workflows/*.yml): the same
 * actions, in the same order, with the same inputs. Every job of those workflows starts with
 * resolve-tenant, assume-role and find-bucket; the demo runs them once and hands their exports to
 * every job, as each job's own copies would produce the same values.
 */
export interface DemoContext {
  environment: 'DEV' | 'PROD';
  projectDir: string;
  bucketPrefix: string;
  devRoleArn: string;
  prodRoleArn: string;
  sampleSize: string;
  /** Outputs of the steps run so far, by step id. */
  outputs: (stepId: string) => Record<string, string>;
  /** Where the tunnel forwards to: PostgreSQL, when it runs here. */
  database?: { host: string; port: string };
  /** Environment of the tunnel step only (the stand-in aws first on PATH). */
  tunnelEnv: Record<string, string>;
  /** The SLACK_WEBHOOK_URL secret the workflows hand to notify-slack. */
  slackWebhookUrl: string;
  /** The run's link, as the workflows build it for the Slack fields. */
  runUrl: string;
  /** The dataset 1a created. */
  dataset?: string;
}

export interface DemoStep {
  id: string;
  /** One line for the progress list. */
  title: string;
  action: string;
  inputs: (ctx: DemoContext) => Record<string, string>;
  env?: (ctx: DemoContext) => Record<string, string>;
  /** `failure`: runs only when an earlier step of the job failed, like `if: failure()`. */
  if?: 'failure';
  /** Services without which the step cannot run (names in the ServiceSet). */
  services?: string[];
  /** Skip the step (reason) under some condition, like a workflow's `if:`. */
  skip?: (ctx: DemoContext) => string | undefined;
}

export interface DemoJob {
  /** The reusable workflow and job it stands for. */
  workflow: string;
  /** The workflow's job id, shown in the progress. */
  name: string;
  /** GITHUB_JOB, when `name` is not the job id. */
  jobId?: string;
  /**
   * The workflow run it belongs to: jobs of one run share its run id and a workspace (a checkout
   * of examples/tenant); separate runs get their own, as on GitHub.
   */
  run: string;
  steps: DemoStep[];
  /** The job fails on purpose, to show the Slack alert. */
  failsOnPurpose?: boolean;
}

function slackAlert(title: string, fields: (ctx: DemoContext) => string[]): DemoStep {
  return {
    id: 'alert',
    title: 'notify-slack (if: failure())',
    action: 'notify-slack',
    if: 'failure',
    services: ['slack'],
    inputs: (ctx) => ({
      'webhook-url': ctx.slackWebhookUrl,
      status: 'failure',
      title: `${title} for ${ctx.environment}:${ctx.projectDir}`,
      mention: '<!here>',
      fields: [
        `Tenant=${ctx.outputs('tenant').tenant ?? ctx.projectDir}`,
        `Environment=${ctx.environment}`,
        ...fields(ctx),
        `Run=${ctx.runUrl}`,
      ].join('\n'),
    }),
  };
}

export const setupJob: DemoJob = {
  workflow: 'every workflow job',
  run: 'data-processing',
  jobId: 'data-fetch-1a',
  name: 'tenant, credentials, bucket',
  steps: [
    {
      id: 'tenant',
      title: 'resolve-tenant',
      action: 'resolve-tenant',
      inputs: (ctx) => ({
        environment: ctx.environment,
        'project-dir': ctx.projectDir,
        'secret-suffix': '-scraper-secrets',
        'dev-role-arn': ctx.devRoleArn,
        'prod-role-arn': ctx.prodRoleArn,
      }),
    },
    {
      id: 'aws',
      title: 'assume-role (static source keys → fake STS)',
      action: 'assume-role',
      services: ['sts + secrets manager'],
      inputs: (ctx) => ({
        'role-arn': ctx.outputs('tenant')['role-arn'],
        'session-name': ctx.outputs('tenant')['session-name'],
        tenant: ctx.outputs('tenant').tenant,
        environment: ctx.outputs('tenant').environment,
        region: '',
      }),
    },
    {
      id: 'bucket',
      title: 'find-bucket',
      action: 'find-bucket',
      services: ['s3'],
      inputs: (ctx) => ({ prefix: ctx.bucketPrefix }),
    },
  ],
};

/**
 * The workflows stop a stage 10 minutes before their job's timeout (180 minutes by default, 60
 * for the sync), so that a stuck stage fails and alerts instead of being cancelled.
 */
const STAGE_TIMEOUT_MINUTES = '170';
const SYNC_TIMEOUT_MINUTES = '50';

const stage = (
  title: string,
  inputs: (ctx: DemoContext) => Record<string, string>,
  extra: Partial<DemoStep> = {},
  timeoutMinutes = STAGE_TIMEOUT_MINUTES,
): DemoStep => ({
  id: 'stage',
  title,
  action: 'run-stage',
  services: ['s3', 'sts + secrets manager', 'python'],
  inputs: (ctx) => ({ ...inputs(ctx), 'timeout-minutes': timeoutMinutes }),
  ...extra,
});

/** 2a and 3a: read the part the stage before wrote into 1a's dataset, and write their own. */
function transformJob(name: string, stageId: string, from: string, to: string): DemoJob {
  return {
    workflow: 'data-processing.yml',
    run: 'data-processing',
    name,
    steps: [
      stage(`run-stage ${stageId} (${from} → ${to})`, (ctx) => ({
        stage: stageId,
        dataset: ctx.dataset ?? '',
        download: from,
        upload: to,
      })),
      slackAlert(`Stage ${stageId} failed`, (ctx) => [`Dataset=${ctx.dataset}`]),
    ],
  };
}

export const processingJobs: DemoJob[] = [
  {
    workflow: 'data-processing.yml',
    run: 'data-processing',
    name: 'data-fetch-1a',
    steps: [
      stage('run-stage 1a (dataset new → 1b*)', () => ({
        stage: '1a',
        dataset: 'new',
        upload: '1b*',
      })),
      slackAlert('Stage 1a failed', (ctx) => [`Dataset=${ctx.dataset ?? 'new (not created)'}`]),
    ],
  },
  transformJob('data-processing-2a', '2a', '1b*', '2b*'),
  transformJob('data-enrichment-3a', '3a', '2b*', '3b*'),
];

/** The workflows' "Pick the dataset" step: LATEST, complete for the parts the stage reads. */
const latestDataset = (parts: string, what: string): DemoStep => ({
  id: 'dataset',
  title: `latest-dataset (LATEST, ${what})`,
  action: 'latest-dataset',
  services: ['s3'],
  inputs: () => ({ dataset: 'LATEST', require: parts }),
});

/** The workflows' `parts` input: run-stage downloads them, latest-dataset requires them. */
const TEST_PARTS = '1b*,2b*,3b*';

export const testingJob: DemoJob = {
  workflow: 'data-testing.yml',
  run: 'data-testing',
  name: 'data-testing-5a',
  steps: [
    latestDataset(TEST_PARTS, 'all parts complete'),
    stage('run-stage 5a (sample → test_results/)', (ctx) => ({
      stage: '5a',
      dataset: ctx.outputs('dataset').dataset ?? '',
      download: TEST_PARTS,
      upload: 'test_results',
      'publish-to': 'test-results',
      env: `SAMPLE_SIZE=${ctx.sampleSize}`,
    })),
    slackAlert('Stage 5a (tests) failed', (ctx) => [
      `Dataset=${ctx.outputs('dataset').dataset ?? 'LATEST'}`,
      `Sample size=${ctx.sampleSize}`,
    ]),
  ],
};

const tunnelStep: DemoStep = {
  id: 'tunnel',
  title: 'open-bastion-tunnel (ssm via bastion-host-ng)',
  action: 'open-bastion-tunnel',
  services: ['bastion'],
  env: (ctx) => ctx.tunnelEnv,
  // No PostgreSQL here: the stage runs without a database and says so.
  skip: (ctx) => (ctx.database ? undefined : 'no PostgreSQL here, the stage runs without it'),
  inputs: (ctx) => ({
    bastion: 'bastion-host-ng',
    'remote-host': ctx.database?.host ?? '',
    'remote-port': ctx.database?.port ?? '5432',
    'local-port': '0',
    attempts: '4',
    'retry-delay-seconds': '5',
  }),
};

/** Stage 4's script; its name contains `postgres`, so the workflow opens the tunnel first. */
export const UPLOAD_SCRIPT = 'upload_to_postgres.sh';
const UPLOAD_PARTS = '3b*';

export const uploadJob: DemoJob = {
  workflow: 'data-upload.yml',
  run: 'data-upload',
  name: 'data-upload-4',
  steps: [
    latestDataset(UPLOAD_PARTS, '3b* complete'),
    tunnelStep,
    stage('run-stage 4 (upload 3b*)', (ctx) => ({
      stage: '4',
      dataset: ctx.outputs('dataset').dataset ?? '',
      download: UPLOAD_PARTS,
      command:
        'case "$UPLOAD_SCRIPT" in *.py) python3 "4/$UPLOAD_SCRIPT" ;; *) bash "4/$UPLOAD_SCRIPT" ;; esac',
      env: [
        `UPLOAD_SCRIPT=${UPLOAD_SCRIPT}`,
        'DELETE_BEFORE_UPLOAD=true',
        `DB_HOST=${ctx.outputs('tunnel')['local-host'] ?? ''}`,
        `DB_PORT=${ctx.outputs('tunnel')['local-port'] ?? ''}`,
      ].join('\n'),
    })),
    slackAlert('Stage 4 (upload) failed', (ctx) => [
      `Dataset=${ctx.outputs('dataset').dataset ?? 'LATEST'}`,
      `Upload script=${UPLOAD_SCRIPT}`,
    ]),
  ],
};

export const syncJob: DemoJob = {
  workflow: 'zoho-desk-sync.yml',
  run: 'zoho-desk-sync',
  name: 'sync',
  steps: [
    tunnelStep,
    stage(
      'run-stage sync (Zoho Desk → zohodesk-data/)',
      (ctx) => ({
        stage: 'sync',
        env: [
          `DB_HOST=${ctx.outputs('tunnel')['local-host'] ?? ''}`,
          `DB_PORT=${ctx.outputs('tunnel')['local-port'] ?? ''}`,
        ].join('\n'),
      }),
      { services: ['s3', 'sts + secrets manager', 'python', 'aws cli'] },
      SYNC_TIMEOUT_MINUTES,
    ),
    slackAlert('Zoho Desk sync failed', () => ['Dataset=zohodesk-data (sync)']),
  ],
};

/** A stage that fails the way a scraper does when its source is down, to show the alert. */
export const FAILING_COMMAND =
  'echo "fetching the listing pages ..."; echo "error: the source site answered 503 Service Unavailable" >&2; exit 3';

export const failingJob: DemoJob = {
  workflow: 'data-processing.yml',
  run: 'failing-stage',
  name: 'data-fetch-1a (fails on purpose)',
  jobId: 'data-fetch-1a',
  failsOnPurpose: true,
  steps: [
    stage('run-stage 1a with a failing command', () => ({
      stage: '1a',
      dataset: 'new',
      upload: '1b*',
      command: FAILING_COMMAND,
    })),
    slackAlert('Stage 1a failed', () => ['Dataset=new (not created)']),
  ],
};
