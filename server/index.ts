/**
 * skylit-server as a library: define your own widgets and tools, and serve them.
 *
 *   import { defineWidget, defineTool, ToolError, serve } from 'skylit-server';
 *
 * - Widgets and tools: `defineWidget` (a manifest + its tools), `defineTool` (zod input and output,
 *   annotations, visibility, a handler returning `ctx.result(...)` or throwing `ToolError`).
 * - Serving: `serve()` (HTTP or stdio), or `createServer()` (the app) with `createFetchHandler()`
 *   (serverless, any fetch runtime) or `createRequestHandler()` (inside your own node:http server).
 * - State: `openStore()` (SQLite in the user's data folder, or PostgreSQL with a URL),
 *   `openMemoryStore()` (tests), and the `Store` contract your handlers use through `ctx.store`.
 * - The built-in widgets are in `skylit-server/widgets`; the bundle recipe (vite, for your own
 *   widget elements) in `skylit-server/build`.
 */
export { defineWidget, createRegistry, type WidgetDefinition, type RegisteredWidget, type Registry, type ToolBinding } from './registry.ts';
export {
  defineTool,
  type ToolAnnotations,
  type ToolContext,
  type ToolDefinition,
  type ToolDefinitionInput,
  type ToolVisibility,
  type WidgetUris,
} from './tools.ts';
export { ManifestError, WidgetManifestSchema, type WidgetManifest, type WidgetManifestInput } from './manifest.ts';
export {
  buildErrorResult,
  buildViewResult,
  CLOSE_WIDGET_META_KEY,
  DEFAULT_MAX_VIEW_TOKENS,
  estimateTokens,
  ToolError,
  VIEW_ID_META_KEY,
  ViewContractError,
  type JsonObject,
  type ViewResultSpec,
} from './result.ts';
export {
  defaultDbPath,
  describeStore,
  IdempotencyKeyReuseError,
  openMemoryStore,
  openStore,
  storeConfigFromEnv,
  type JsonValue,
  type ListOptions,
  type PutOptions,
  type PutOutcome,
  type Store,
  type StoreConfig,
  type StoredRecord,
} from './store/index.ts';
export { createSkylitApp as createServer, SERVER_NAME, type SkylitApp, type SkylitAppOptions } from './app.ts';
export { serve, type RunningServer, type ServeOptions } from './serve.ts';
export { createFetchHandler, DEFAULT_FETCH_MAX_BODY_BYTES, type FetchHandlerOptions } from './fetch.ts';
export { createRequestHandler, MCP_PATH, startHttpServer, type HttpOptions, type RunningHttpServer } from './http.ts';
export { AssetOptionsError, assetOptionsFromEnv, type AssetOptions } from './assets.ts';
export { bundlePath, DIALECTS, MissingBundleError, type Dialect } from './resources.ts';
export { DEFAULT_DIST_DIR } from './build.ts';
export { createLogger, silentLogger, type Logger } from './log.ts';
export { PACKAGE_VERSION } from './package-info.ts';
