export default { displayName: 'blockpack-tempo-adapter', preset: '../../jest.preset.js' };
