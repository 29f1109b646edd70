/**
 * Target D's composition: one OpenAPI source for the simulated ArcGIS share
 * endpoint. bench/peer.ts runs mesh-compose in this folder with ARCGIS_ROOT
 * set to the simulator's REST root (`<origin>/sharing/rest`) and writes the
 * supergraph to a temp dir; by hand:
 *   ARCGIS_ROOT=http://127.0.0.1:<port>/sharing/rest npm run compose
 *   npm run serve -- --port 4100 --jit
 * The client's X-Esri-Authorization header is forwarded to the portal.
 */
// The imports resolve from bench/peer/node_modules, which exists only after
// `npm run bench:peer-install`; the root typecheck must pass without it.
// @ts-ignore
import { defineConfig } from '@graphql-mesh/compose-cli';
// @ts-ignore
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

/** Read when composing, not on import: hive-gateway also loads this file (it finds mesh.config.ts by default). */
function arcgisRoot(): string {
  const endpoint = process.env.ARCGIS_ROOT;
  if (!endpoint) throw new Error('ARCGIS_ROOT is not set (the simulator REST root, e.g. http://127.0.0.1:4001/sharing/rest)');
  return endpoint;
}

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: (ctx: Parameters<ReturnType<typeof loadOpenAPISubgraph>>[0]) =>
        loadOpenAPISubgraph('ArcGIS', {
          source: './openapi.json',
          endpoint: arcgisRoot(),
          operationHeaders: {
            'X-Esri-Authorization': '{context.headers.x-esri-authorization}',
          },
        })(ctx),
    },
  ],
});
