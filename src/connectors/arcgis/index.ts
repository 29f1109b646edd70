export { ArcgisConnector } from './client';
export type { ArcgisConnectorOptions, CallOptions } from './client';
export { isOrgAdmin } from './response';
export type { ItemOutcome, ItemInfo, SelfInfo } from './response';
export type { ItemSearchGroups, ShareTargets } from './request';
export { ROUTES as ARCGIS_ROUTES, SEARCH_PAGE_MAX } from './request';
