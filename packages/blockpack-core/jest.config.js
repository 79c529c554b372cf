export default { displayName: 'blockpack-core', preset: '../../jest.preset.js' };
