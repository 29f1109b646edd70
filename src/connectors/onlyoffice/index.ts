export { OnlyofficeConnector } from './client';
export type { OnlyofficeAcl, OnlyofficeCallOptions } from './client';
export type { OnlyofficeFileInfo, OnlyofficeFolderInfo, OnlyofficePersonInfo, OnlyofficeShareEntry } from './response';
export { accessShownFor as onlyofficeAccessShownFor, inheritanceParentOf as onlyofficeInheritanceParentOf, markInherited as markOnlyofficeInherited } from './acl';
export type { OnlyofficeMarkedEntry } from './acl';
export { checkForErrors as checkOnlyofficeErrors } from './response';
export type { ShareInput as OnlyofficeShareInput, AccessValue as OnlyofficeAccessValue } from './request';
export { Access, Access as OnlyofficeAccess, BUILTIN_GROUP_IDS as ONLYOFFICE_BUILTIN_GROUP_IDS, SHARE_LINK_ID as ONLYOFFICE_SHARE_LINK_ID, ROUTES as ONLYOFFICE_ROUTES } from './request';
export { onlyofficeErrorCode } from './errors';
