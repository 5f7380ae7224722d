import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const INPUT_READERS = ['getInput', 'getBooleanInput', 'getMultilineInput'];
const GET_INPUT_MESSAGE =
  "Read inputs with readInput in the action's src/inputs.ts (one place per action, names in INPUTS).";
const GET_INPUT_PROPERTIES = INPUT_READERS.map((property) => ({
  property,
  message: GET_INPUT_MESSAGE,
}));
const READ_INPUT_ELSEWHERE = INPUT_READERS.flatMap((name) => [
  { selector: `CallExpression[callee.name='${name}']`, message: GET_INPUT_MESSAGE },
  { selector: `ImportSpecifier[imported.name='${name}']`, message: GET_INPUT_MESSAGE },
]);
const ENV_MESSAGE = "Read the environment in this action's src/inputs.ts and pass the value on.";
/** process.env by another name: `env`, or the whole module, imported from node:process. */
const ENV_ELSEWHERE = [
  {
    selector:
      "ImportDeclaration[source.value=/^(node:)?process$/] ImportSpecifier[imported.name='env']",
    message: ENV_MESSAGE,
  },
  {
    selector: 'ImportDeclaration[source.value=/^(node:)?process$/] ImportDefaultSpecifier',
    message: ENV_MESSAGE,
  },
];
/** The shared readers (actions/shared/src/runner.ts) belong in inputs.ts too: read once, up front. */
const READERS_ELSEWHERE = [
  {
    selector: 'ImportSpecifier[imported.name=/^read(Boolean|Raw)?Input$/]',
    message: GET_INPUT_MESSAGE,
  },
];
export default tseslint.config(
  { ignores: ['dist/', 'action-docs/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*'],
              message:
                'packages/ stay free of @actions/*: read inputs and write outputs in actions/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The runner CLI and tests may talk to the runner freely.
    files: ['packages/cli/**', 'tests/**', 'scripts/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The entry layer talks to the runner through the toolkit: @actions/core would add ~480 KiB
    // and ~40 ms of start-up to every bundle.
    files: ['actions/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@actions/core',
              message: "Import the runner protocol from 'actions/shared/src/toolkit' instead.",
            },
          ],
        },
      ],
    },
  },
  {
    // One way to read inputs: readInput (actions/shared/src/runner.ts) in each action's inputs.ts,
    // which reads and checks every input once. getInput itself is the toolkit's (and its tests').
    files: ['**/*.ts'],
    ignores: [
      'actions/shared/src/toolkit/**',
      'actions/shared/src/runner.ts',
      'actions/*/src/inputs.ts',
      'tests/unit/toolkit/**',
    ],
    rules: {
      'no-restricted-syntax': ['error', ...READ_INPUT_ELSEWHERE],
      'no-restricted-properties': ['error', ...GET_INPUT_PROPERTIES],
    },
  },
  {
    // Entries see the environment only through their inputs.ts (and the runner context in
    // actions/shared), so every variable an action depends on is listed in one place.
    files: ['actions/**/*.ts'],
    ignores: ['actions/shared/src/**', 'actions/*/src/inputs.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...READ_INPUT_ELSEWHERE,
        ...READERS_ELSEWHERE,
        ...ENV_ELSEWHERE,
      ],
      'no-restricted-properties': [
        'error',
        ...GET_INPUT_PROPERTIES,
        {
          object: 'process',
          property: 'env',
          message: ENV_MESSAGE,
        },
      ],
    },
  },
);
