export default { displayName: 'mebo-format', preset: '../../jest.preset.js' };
