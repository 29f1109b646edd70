/**
 * The backends, once. A leaf module: the error classes name a backend, and
 * the models carry errors, so neither may be where the list lives.
 */

/** Every backend, in the order the gateway lists them (Query.backends, /readyz). */
export const BACKENDS = ['ARCGIS', 'OCM', 'ONLYOFFICE'] as const;
export type BackendName = (typeof BACKENDS)[number];
/** The backends that share folders (shareFolder, revokeFolderShares, folderAccess). */
export type FolderBackendName = Exclude<BackendName, 'ARCGIS'>;
