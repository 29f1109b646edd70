/**
 * The ArcGIS item services, one per GraphQL field, each of one shape:
 * `(session, input, settings)`, where the session is the request's ArcGIS
 * session, the input is the field's validated input, and the settings are
 * the gateway's (`Config` will do). A service that needs no setting takes
 * none. Each returns exactly one result per item, in input order.
 */
export { shareItem, shareItems } from './share';
export type { ItemSettings, ShareItemInput, ShareItemsInput } from './share';
export { unshareItems } from './unshare';
export type { UnshareItemsInput } from './unshare';
export { itemAccess } from './access';
export type { ItemAccessInput } from './access';
