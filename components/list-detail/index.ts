/** <sky-list-detail>: the class (no side effects) and its view contract. Register with define.ts. */
export { SkyListDetail, type SkySaveDetail, type SkySelectDetail } from './list-detail.ts';
export * from './view.ts';
