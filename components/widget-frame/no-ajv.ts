/**
 * Stands in for the MCP SDK's Ajv validator (`validation/ajv-provider.js`) in browser builds of the
 * frame. The SDK client builds an Ajv unless given a validator; <sky-widget-frame> always gives it
 * the eval-free one, so Ajv (CommonJS, compiles schemas with `new Function`, ~35 KB gz) never runs
 * and is left out (server/no-ajv.ts wires this in for vite, test/fixtures/frame-plugins.mjs for the tests).
 */
export class AjvJsonSchemaValidator {
  constructor() {
    throw new Error('Ajv is not bundled in the browser: pass jsonSchemaValidator: new CfWorkerJsonSchemaValidator().');
  }
}
