/**
 * The pinned role table: the single source for shareFolder's mapping, the
 * UNSUPPORTED_ROLE check, folderAccess's reverse mapping and
 * Query.capabilities. The values are the connectors' own vocabulary (OCM's
 * role names, ONLYOFFICE's FileShare enum), so that no number or name is
 * written down twice.
 */
import type { FolderBackendName, ShareRoleName } from './models';
import type { OcmRole } from './connectors/ocm';
import { OnlyofficeAccess } from './connectors/onlyoffice';
import type { OnlyofficeAccessValue } from './connectors/onlyoffice';

export const OCM_ROLES: Partial<Record<ShareRoleName, OcmRole>> = {
  VIEWER: 'viewer',
  DOWNLOADER: 'downloader',
  CONTRIBUTOR: 'contributor',
  MANAGER: 'manager',
};

/** ONLYOFFICE FileShare enum values. */
export const ONLYOFFICE_ROLES: Partial<Record<ShareRoleName, OnlyofficeAccessValue>> = {
  VIEWER: OnlyofficeAccess.Read,
  CONTRIBUTOR: OnlyofficeAccess.ReadWrite,
  REVIEWER: OnlyofficeAccess.Review,
  COMMENTER: OnlyofficeAccess.Comment,
  FORM_FILLER: OnlyofficeAccess.FillForms,
  CUSTOM_FILTER: OnlyofficeAccess.CustomFilter,
  DENIED: OnlyofficeAccess.Restrict,
  NONE: OnlyofficeAccess.None,
};

/** Each folder backend's table; the order of its keys is the order Query.capabilities lists them in. */
const FOLDER_ROLES: Record<FolderBackendName, Partial<Record<ShareRoleName, unknown>>> = {
  OCM: OCM_ROLES,
  ONLYOFFICE: ONLYOFFICE_ROLES,
};

export function supportedRoles(backend: FolderBackendName): ShareRoleName[] {
  return Object.keys(FOLDER_ROLES[backend]) as ShareRoleName[];
}

export function ocmRoleOf(role: string): ShareRoleName | null {
  const lower = role.toLowerCase();
  const hit = Object.entries(OCM_ROLES).find(([, v]) => v === lower);
  return hit ? (hit[0] as ShareRoleName) : null;
}

export function onlyofficeRoleOf(access: number): ShareRoleName | null {
  const hit = Object.entries(ONLYOFFICE_ROLES).find(([, v]) => v === access);
  return hit ? (hit[0] as ShareRoleName) : null;
}

/**
 * An order of roles by how much they allow, to tell an upgrade from a
 * downgrade. Roles of one backend only are ever compared.
 */
export const ROLE_RANK: Record<ShareRoleName, number> = {
  NONE: 0,
  DENIED: 0,
  VIEWER: 1,
  DOWNLOADER: 2,
  CUSTOM_FILTER: 2,
  FORM_FILLER: 3,
  COMMENTER: 4,
  REVIEWER: 5,
  CONTRIBUTOR: 6,
  MANAGER: 7,
};
