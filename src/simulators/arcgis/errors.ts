/**
 * The portal's error bodies: HTTP 200 with `{"error":{code, messageCode,
 * message, details}}`. The message is in the portal's language (the
 * simulator's `locale` setting); the `messageCode` beside it is the same in
 * every language, which is why clients classify by it first (Esri/arcgis-rest-js
 * packages/arcgis-rest-request/src/utils/check-for-errors.ts).
 *
 * Bodies and codes as Esri's own client tests quote them:
 * - item: `{code: 400, messageCode: "CONT_0001"}`
 *   (packages/arcgis-rest-developer-credentials/test/getApiKey.test.ts);
 * - group: `{code: 400, messageCode: "COM_0003"}`
 *   (packages/arcgis-rest-portal/test/sharing/helpers.test.ts);
 * - no permission: `{code: 403, messageCode: "GWM_0003"}`
 *   (packages/arcgis-rest-portal/test/users/update.test.ts);
 * - token required: `{code: 499, messageCode: "GWM_0003"}`, invalid token:
 *   `{code: 498}` with no messageCode (packages/arcgis-rest-request/test/mocks/errors.ts);
 * - a per-item error inside shareItems/unshareItems: `{code: 500, message}`
 *   with no messageCode (https://developers.arcgis.com/rest/users-groups-and-items/share-items);
 * - an invalid request (a missing or malformed parameter): `{code: 400,
 *   messageCode: "GWM_0007", message: "Invalid request"}`, as arcgis-rest-request
 *   quotes it for validateAppAccess (packages/arcgis-rest-request/src/validate-app-access.ts).
 * No source shows a messageCode for an unknown user, so none is sent.
 * The German texts are the simulator's own; only their being non-English matters.
 */
import type { SimResponse } from '../kit';

/** The languages the simulated portal answers in. */
export type PortalLocale = 'en' | 'de';

interface Texts {
  itemNotFound(id: string): string;
  batchItemNotFound: string;
  groupNotFound: string;
  userNotFound(username: string): string;
  noPermission: string;
  tokenRequired: string;
  invalidToken: string;
  invalidRequest: string;
}

const TEXTS: Record<PortalLocale, Texts> = {
  en: {
    itemNotFound: (id) => `Item '${id}' does not exist or is inaccessible.`,
    batchItemNotFound: 'Item does not exist or is inaccessible.',
    groupNotFound: 'Group does not exist or is inaccessible.',
    userNotFound: (username) => `User '${username}' does not exist or is inaccessible.`,
    noPermission: 'You do not have permissions to access this resource or perform this operation.',
    tokenRequired: 'Token Required',
    invalidToken: 'Invalid token.',
    invalidRequest: 'Invalid request',
  },
  de: {
    itemNotFound: (id) => `Das Element '${id}' ist nicht vorhanden, oder Sie haben keinen Zugriff darauf.`,
    batchItemNotFound: 'Das Element ist nicht vorhanden, oder Sie haben keinen Zugriff darauf.',
    groupNotFound: 'Die Gruppe ist nicht vorhanden, oder Sie haben keinen Zugriff darauf.',
    userNotFound: (username) => `Der Benutzer '${username}' ist nicht vorhanden, oder Sie haben keinen Zugriff darauf.`,
    noPermission: 'Sie haben keine Berechtigung, auf diese Ressource zuzugreifen oder diesen Vorgang auszuführen.',
    tokenRequired: 'Token erforderlich',
    invalidToken: 'Ungültiger Token.',
    invalidRequest: 'Ungültige Anforderung',
  },
};

export function portalError(code: number, message: string, extra: Record<string, unknown> = {}): SimResponse {
  return { status: 200, body: { error: { code, message, details: [], ...extra } } };
}

/** The portal's errors in one language. */
export function portalErrors(locale: PortalLocale) {
  const t = TEXTS[locale];
  return {
    itemNotFound: (id: string) => portalError(400, t.itemNotFound(id), { messageCode: 'CONT_0001' }),
    groupNotFound: () => portalError(400, t.groupNotFound, { messageCode: 'COM_0003' }),
    userNotFound: (username: string) => portalError(400, t.userNotFound(username)),
    noPermission: () => portalError(403, t.noPermission, { messageCode: 'GWM_0003' }),
    tokenRequired: () => portalError(499, t.tokenRequired, { messageCode: 'GWM_0003' }),
    invalidToken: () => portalError(498, t.invalidToken),
    /** A parameter missing or malformed; `detail` says which, in `details` as the portal does. */
    invalidRequest: (detail: string) => portalError(400, t.invalidRequest, { messageCode: 'GWM_0007', details: [detail] }),
    /** The `error` of one entry of a shareItems/unshareItems answer (not a whole answer). */
    batchItemNotFound: () => ({ code: 500, message: t.batchItemNotFound, details: [] }),
  };
}
