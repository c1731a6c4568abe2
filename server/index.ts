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
 * - Users and widget packages: bearer-token auth (`introspectionVerifier`, or any SDK
 *   `OAuthTokenVerifier`), the widget manager (`WidgetManager.open`, `createManagerWidget`, passed to
 *   `createServer` as `dynamic`), package manifests and archives.
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
export { bearerAuthenticator, callerOf, introspectionVerifier, type AuthOptions, type IntrospectionOptions, type OAuthTokenVerifier } from './auth.ts';
export { SINGLE_USER, type ToolCaller } from './tools.ts';
export type { DynamicTools } from './app.ts';
export { WidgetManager, type WidgetManagerOptions } from './manager/manager.ts';
export { createManagerWidget, MANAGER_WIDGET_ID } from './manager/widget.ts';
export { PackageManifestError, PackageManifestSchema, parsePackageManifest, type PackageManifest } from './packages/manifest.ts';
export { readPackageArchive, writeTarGz, type TarInput } from './packages/archive.ts';
