/** Reading the gateway's `GET /metrics` (Prometheus text), for assertions on counts. */
import { request } from 'undici';

/** The metrics text of the gateway whose GraphQL endpoint is `graphqlUrl`. */
export async function scrape(graphqlUrl: string): Promise<string> {
  const res = await request(graphqlUrl.replace(/\/graphql$/, '/metrics'));
  if (res.statusCode !== 200) throw new Error(`GET /metrics answered ${res.statusCode}`);
  return res.body.text();
}

/** The value of the first sample of `name` carrying all of `labels`; 0 when there is none yet. */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    if (wanted.every((w) => line.includes(w))) return Number(line.split(' ').pop());
  }
  return 0;
}

/** How many operations named `operation` have finished executing, whatever their outcome. */
export async function operationsFinished(graphqlUrl: string, operation: string): Promise<number> {
  const text = await scrape(graphqlUrl);
  return metric(text, 'gateway_operations_total', { operation, outcome: 'ok' }) + metric(text, 'gateway_operations_total', { operation, outcome: 'error' });
}
