export default { displayName: 'mebo-compress', preset: '../../jest.preset.js' };
