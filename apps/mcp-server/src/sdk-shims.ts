// Stands in for `@modelcontextprotocol/server/_shims` in the bundle (scripts/build.mjs): the SDK's Node
// shims export `process` and AJV as the default JSON Schema validator. SDK 2.4.0 has no option that
// leaves AJV out of a Node bundle (passing another validator still imports it); `_shims` is the
// package's own export-condition seam (workerd, browser, node), so the bundle maps it to these. AJV is a third of the SDK's code
// and its only use here is checking a confirmation form's answer (`{ confirm: boolean }`), which the
// SDK's own light validator does as well, so the bundle carries that one instead.

export { default as process } from 'node:process';
export { CfWorkerJsonSchemaValidator as DefaultJsonSchemaValidator } from '@modelcontextprotocol/server/validators/cf-worker';
