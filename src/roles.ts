/**
 * The pinned role table: the single source for shareFolder's mapping, the
 * UNSUPPORTED_ROLE check, folderAccess's reverse mapping and
 * Query.capabilities.
 */
import type { FolderBackendName, ShareRoleName } from './models';

export const OCM_ROLES: Partial<Record<ShareRoleName, string>> = {
  VIEWER: 'viewer',
  DOWNLOADER: 'downloader',
  CONTRIBUTOR: 'contributor',
  MANAGER: 'manager',
};

/** ONLYOFFICE FileShare enum values. */
export const ONLYOFFICE_ROLES: Partial<Record<ShareRoleName, number>> = {
  VIEWER: 2,
  CONTRIBUTOR: 1,
  REVIEWER: 5,
  COMMENTER: 6,
  FORM_FILLER: 7,
  CUSTOM_FILTER: 8,
  DENIED: 3,
  NONE: 0,
};

export function supportedRoles(backend: FolderBackendName): ShareRoleName[] {
  return Object.keys(backend === 'OCM' ? OCM_ROLES : ONLYOFFICE_ROLES) as ShareRoleName[];
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
