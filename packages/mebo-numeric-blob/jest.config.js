export default { displayName: 'mebo-numeric-blob', preset: '../../jest.preset.js' };
