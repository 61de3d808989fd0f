// Entry of dist/sandbox.js: the emulator, bundled apart from the extension and loaded on demand.
export { startSandbox } from '@hostkit/sandbox';
