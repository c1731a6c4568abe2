// The Custom Elements Manifest served by customElementsManifestPlugin (scripts/packages/manifest.mjs).
declare module 'virtual:custom-elements-manifest' {
  const manifest: { schemaVersion: string; modules: unknown[] };
  export default manifest;
}
