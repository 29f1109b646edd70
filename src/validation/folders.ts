/**
 * Folder input rules, per backend. OCM ids are opaque, so accept what its
 * documented ids are made of (letters, digits, `_`, `-`, up to 128); the
 * home folder is `self`. ONLYOFFICE folder and file ids are numbers or
 * third-party ids (`box-12`, `box-12-…`), and its users and groups are GUIDs.
 * Whether a backend shares files at all is the folder services' table
 * (UNSUPPORTED_TARGET), asked before these checks.
 */
import { badInput, gatewayError } from '../errors';
import type { FolderBackendName, ShareRoleName, ShareTargetKindName } from '../models';
import { supportedRoles } from '../roles';
import { checkListSize, checkMaxLength, checkNoDuplicates, preview } from './common';

/**
 * Recipients per folder operation, on both backends: what one OCM Documents
 * API 1.2 call takes ("no more than 1000 total IDs"), so that an OCM share
 * at one role is one call; ONLYOFFICE sends them all in its one PUT.
 */
export const MAX_RECIPIENTS = 1000;
export const MAX_MESSAGE = 1000;

const OCM_ID = /^[A-Za-z0-9_-]{1,128}$/;
const ONLYOFFICE_FOLDER = /^(?:\d{1,18}|(?:box|dropbox|drive|onedrive|spoint|sbox)-\d{1,18}(?:-[A-Za-z0-9_=-]{1,200})?)$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const TARGET_FORM: Record<ShareTargetKindName, Record<FolderBackendName, [RegExp, string]>> = {
  FOLDER: {
    OCM: [OCM_ID, 'an OCM folder id (1 to 128 letters, digits, _ or -, or self)'],
    ONLYOFFICE: [ONLYOFFICE_FOLDER, 'an ONLYOFFICE folder id (a number, or a third-party id such as box-12)'],
  },
  // OCM shares no files (UNSUPPORTED_TARGET comes first); its ids are all of one form.
  FILE: {
    OCM: [OCM_ID, 'an OCM id (1 to 128 letters, digits, _ or -)'],
    // Files live in the same id spaces as folders: native numbers, or a connected account's ids.
    ONLYOFFICE: [ONLYOFFICE_FOLDER, 'an ONLYOFFICE file id (a number, or a third-party id such as box-12-…)'],
  },
};

const RECIPIENT_FORM: Record<FolderBackendName, [RegExp, string]> = {
  // Documents API 1.2 takes group GUIDs (`GS18003`) in the same userID field, and OCM_ID admits them.
  OCM: [OCM_ID, 'an OCM user or group id (1 to 128 letters, digits, _ or -)'],
  ONLYOFFICE: [GUID, 'an ONLYOFFICE user or group id (a GUID)'],
};

/** `kind` says what `folderId` names (targetKind); FOLDER by default. */
export function checkFolderId(backend: FolderBackendName, field: string, folderId: string, kind: ShareTargetKindName = 'FOLDER'): void {
  const [form, words] = TARGET_FORM[kind][backend];
  if (!form.test(folderId)) throw badInput(field, `${preview(folderId)} is not ${words}`);
}

/**
 * `itemField` names one entry's id for the message (`input.recipients[2].id`);
 * by default the entry itself (`input.recipientIds[2]`).
 */
export function checkRecipientIds(backend: FolderBackendName, field: string, ids: readonly string[], itemField: (i: number) => string = (i) => `${field}[${i}]`): void {
  checkListSize(field, ids, MAX_RECIPIENTS);
  const [form, words] = RECIPIENT_FORM[backend];
  ids.forEach((id, i) => {
    if (!form.test(id)) throw badInput(itemField(i), `${preview(id)} is not ${words}`);
  });
  // GUIDs compare case-insensitively; OCM ids are opaque and compared as given.
  checkNoDuplicates(field, ids, backend === 'ONLYOFFICE' ? (s) => s.toLowerCase() : (s) => s);
}

export function checkMessage(field: string, message: string | null | undefined): void {
  checkMaxLength(field, message, MAX_MESSAGE);
}

/** UNSUPPORTED_ROLE for the first recipient whose role the backend does not have. */
export function checkRoles(backend: FolderBackendName, recipients: ReadonlyArray<{ id: string; role: ShareRoleName }>): void {
  const supported = supportedRoles(backend);
  for (const r of recipients) {
    if (!supported.includes(r.role)) {
      throw gatewayError('UNSUPPORTED_ROLE', `Recipient ${preview(r.id)}: ${backend} does not support role ${r.role}; it supports ${supported.join(', ')}`, {
        recipientId: r.id,
        role: r.role,
        supportedRoles: supported,
      });
    }
  }
}
