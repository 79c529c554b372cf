export default { displayName: 'mebo-text-blob', preset: '../../jest.preset.js' };
