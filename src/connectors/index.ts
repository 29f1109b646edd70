/**
 * Builds one connector per configured backend. Connectors hold the
 * keep-alive pools, so they are made once per gateway, never per request.
 */
import type { Config } from '../config';
import type { BackendName } from '../models';
import { ArcgisConnector } from './arcgis';
import { OcmConnector } from './ocm';
import { OnlyofficeConnector } from './onlyoffice';
import { UpstreamClient } from './upstream';
import type { UpstreamObserver } from './upstream';

export interface Connectors {
  ARCGIS: ArcgisConnector | null;
  OCM: OcmConnector | null;
  ONLYOFFICE: OnlyofficeConnector | null;
  clients: Partial<Record<BackendName, UpstreamClient>>;
  close(): Promise<void>;
}

export function createConnectors(config: Config, observer?: UpstreamObserver): Connectors {
  const clients: Partial<Record<BackendName, UpstreamClient>> = {};
  const client = (backend: BackendName): UpstreamClient | null => {
    const url = config.backends[backend];
    if (!url) return null;
    clients[backend] = new UpstreamClient(backend, url, config.upstreamByBackend[backend], observer);
    return clients[backend];
  };
  const arcgis = client('ARCGIS');
  const ocm = client('OCM');
  const onlyoffice = client('ONLYOFFICE');
  return {
    ARCGIS: arcgis && new ArcgisConnector(arcgis, { baseUrl: config.backends.ARCGIS!, tokenIn: config.arcgisTokenIn, referer: config.arcgisReferer }),
    OCM: ocm && new OcmConnector(ocm),
    ONLYOFFICE: onlyoffice && new OnlyofficeConnector(onlyoffice),
    clients,
    async close() {
      await Promise.all(Object.values(clients).map((c) => c.close()));
    },
  };
}
