import type { CodegenConfig } from '@graphql-codegen/cli';

// Resolver types come from the SDL in schema/, never the other way round.
// Mappers point GraphQL types at the models resolvers really return, so that
// fields such as ItemShareResult.notSharedWith can be resolved lazily.
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    // Typed documents for frontends, from the same example operations GraphiQL shows.
    'client/generated/': {
      documents: 'operations/*.graphql',
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true },
    },
    'src/generated/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../context#GatewayContext',
        useIndexSignature: false,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: { ID: { input: 'string', output: 'string' } },
        mappers: {
          Group: '../models#GroupModel',
          ItemShareResult: '../models#ItemShareResultModel',
          FolderShareResult: '../models#FolderShareResultModel',
          Principal: '../models#PrincipalModel',
          ItemAccess: '../models#ItemAccessModel',
          FolderGrant: '../models#FolderGrantModel',
        },
      },
    },
  },
};

export default config;
