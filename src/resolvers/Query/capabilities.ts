import type { QueryResolvers } from '../../generated/resolvers-types';
import { supportedRoles } from '../../roles';
import { MAX_GROUPS, MAX_ITEMS } from '../../validation/arcgis';
import { MAX_RECIPIENTS } from '../../validation/folders';
import { principalSearchKinds } from '../../services/principals';
import { folderTargetKinds } from '../../services/folders';

export const capabilities: QueryResolvers['capabilities'] = (_parent, _args, ctx) => [
  {
    backend: 'ARCGIS',
    principalSearch: principalSearchKinds('ARCGIS'),
    // ArcGIS shares portal items (shareItem, shareItems), never through the folder operations.
    targetKinds: [],
    configured: ctx.config.backends.ARCGIS !== null,
    roles: [],
    principals: ['GROUPS', 'ORG', 'EVERYONE'],
    honoursNotify: false,
    honoursMessage: false,
    maxItems: MAX_ITEMS,
    maxGroups: MAX_GROUPS,
    maxRecipients: null,
  },
  {
    backend: 'OCM',
    principalSearch: principalSearchKinds('OCM'),
    targetKinds: folderTargetKinds('OCM'),
    configured: ctx.config.backends.OCM !== null,
    roles: supportedRoles('OCM'),
    // Documents API 1.2 takes group GUIDs in the same userID list as users.
    principals: ['USERS', 'GROUPS'],
    honoursNotify: false,
    honoursMessage: true,
    maxItems: null,
    maxGroups: null,
    maxRecipients: MAX_RECIPIENTS,
  },
  {
    backend: 'ONLYOFFICE',
    principalSearch: principalSearchKinds('ONLYOFFICE'),
    targetKinds: folderTargetKinds('ONLYOFFICE'),
    configured: ctx.config.backends.ONLYOFFICE !== null,
    roles: supportedRoles('ONLYOFFICE'),
    principals: ['USERS', 'GROUPS'],
    honoursNotify: true,
    honoursMessage: true,
    maxItems: null,
    maxGroups: null,
    maxRecipients: MAX_RECIPIENTS,
  },
];
