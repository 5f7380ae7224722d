/**
 * @cat-actions/local-services: the embedded local services the demo, the CLI's workflow engine, the
 * bench and the tests run the pipeline against. See README.md.
 */
export * from './embedded-postgres';
export * from './fake-aws';
export * from './fake-ec2';
export * from './postgres';
export * from './processes';
export * from './s3rver';
export * from './slack-receiver';
export * from './ssm-standins';
export * from './sshd';
export * from './system-tools';
export * from './service-group';
export * from './pipeline-environment';
export * from './s3-list-endpoint';
export * from './s3-listing';
export * from './datasets';
