// The OpenTelemetry OTLP exporters load node:http with a dynamic import(), which CommonJS jest
// cannot run; swc rewrites that one package's import() into require().
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
export default {
  displayName: 'blockpack-tempo-adapter',
  preset: '../../jest.preset.js',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    '/@opentelemetry/otlp-exporter-base/.+\\.js$': swc,
  },
  transformIgnorePatterns: ['/node_modules/(?!@opentelemetry/otlp-exporter-base/)'],
};
