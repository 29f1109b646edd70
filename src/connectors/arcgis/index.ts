export { ArcgisConnector } from './client';
export type { CallOptions } from './client';
export type { ItemOutcome, ItemInfo, SelfInfo } from './response';
export type { ShareTargets } from './request';
export { ROUTES as ARCGIS_ROUTES } from './request';
