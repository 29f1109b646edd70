export { OcmConnector } from './client';
export type { OcmCallOptions, OcmGrant } from './client';
export type { ShareFolderInput, OcmRole } from './request';
export { ROUTES as OCM_ROUTES, OCM_ROLES } from './request';
export type { OcmFolderInfo, ShareFolderOutcome } from './response';
export { checkForErrors as checkOcmResponse } from './response';
export { ocmErrorCode } from './errors';
