/**
 * ESLint flat config for the whole repository: `npx eslint .` from the root (part of `npm run lint`).
 *
 * - TypeScript in server/src, client-sdk/src, migrations/ and load-tests/src is linted with type
 *   information (typescript-eslint recommendedTypeChecked through the project service, so each
 *   file uses the nearest tsconfig.json).
 * - Other TypeScript (admin-ui/, ...) gets the syntax-only recommended rules.
 * - JavaScript config files and scripts (*.js, *.mjs, *.cjs) are linted without type information.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'];

/** TypeScript that belongs to a tsconfig project and is linted with type information. */
const TYPED_FILES = [
  'server/src/**/*.ts',
  'client-sdk/src/**/*.ts',
  'migrations/**/*.ts',
  'load-tests/src/**/*.ts',
];

/** Test code: unit specs, contract suites, test doubles, integration tests and the test harness. */
const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.test.ts',
  '**/*.contract.ts',
  '**/testing/**/*.ts',
  '**/__int__/**/*.ts',
  'server/src/test/**/*.ts',
  'load-tests/**/*.ts',
];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/build/',
    '**/coverage/',
    '**/.folio/',
    'test-artifacts/',
    'admin-ui/dist/',
    'admin-ui/build/',
    'admin-ui/.vite/',
    'load-tests/results/',
    '**/*.tsbuildinfo',
  ]),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Everything: ESLint's own recommended rules.
  {
    files: [...JS_FILES, ...TS_FILES],
    extends: [js.configs.recommended],
    rules: {
      // HOUSE-STYLE: no empty `catch`. A block that holds only a comment saying why is allowed.
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },

  // JavaScript: config files and small Node scripts, no type information.
  {
    files: JS_FILES,
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  // All TypeScript: syntax-only typescript-eslint rules.
  {
    files: TS_FILES,
    extends: [tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      // With verbatimModuleSyntax, `import { type A }` still loads the module; `import type` does not.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-empty-object-type': [
        'error',
        { allowInterfaces: 'with-single-extends' },
      ],
    },
  },

  // TypeScript inside a tsconfig project: type-aware rules.
  {
    files: TYPED_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true, ignoreIIFE: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // Pragmatic: an `async` method without `await` is common when implementing an interface
      // (a repository port, an in-process adapter of a Redis-backed one).
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
    },
  },

  // Server code logs through the logger (platform/logging), never the console.
  {
    files: ['server/src/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-console': 'error',
    },
  },

  // Tests: jest globals, and test doubles/matchers that are `any` by nature.
  {
    files: TEST_FILES,
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
    },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // expect.any(), supertest's res.body and jest mocks are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // expect(obj.method).toHaveBeenCalled() passes an unbound method on purpose.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // The admin UI and the SDK's browser example run in the browser.
  {
    files: ['admin-ui/**/*.{js,jsx,ts,tsx}', 'client-sdk/examples/browser/**/*.js'],
    languageOptions: {
      globals: { ...globals.browser },
    },
  },
);
