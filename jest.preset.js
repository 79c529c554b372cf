// Shared Jest settings. Tests run on TypeScript sources (no build needed): swc transpiles to
// CommonJS, and workspace package names map to their src/index.ts.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  moduleNameMapper: {
    '^@mebo/(.*)$': '<rootDir>/../mebo-$1/src/index.ts',
    '^@blockpack/(.*)$': '<rootDir>/../blockpack-$1/src/index.ts',
    '^@mebo-internal/(.*)$': '<rootDir>/../../tools/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  maxWorkers: 1,
  testTimeout: 60000,
};
