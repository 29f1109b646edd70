/**
 * Who a request is, as the ledger names callers: on ArcGIS the portal's user
 * name (`community/self`, asked at most once per request, whichever service
 * asks first, and kept for a few minutes by fingerprint: user-names.ts); on
 * the folder backends, which the gateway asks no such thing, the keyed
 * fingerprint of the credential (src/ledger/fingerprint.ts).
 * Where the user name cannot be had (the portal fails, or is not
 * configured), a write is recorded under the fingerprint instead, and a
 * history read or an undo looks under both.
 */
import { requireCredential } from '../../credentials';
import type { Credentials } from '../../credentials';
import type { CallerIdentity, LedgerStore } from '../../ledger';
import { BACKENDS } from '../../models';
import type { BackendName } from '../../models';
import type { ArcgisSession } from '../../sessions/arcgis';
import type { UserNameCache } from './user-names';

/** Recorded when a write had no usable credential at all (it then failed before sending anything). */
export const UNKNOWN_CALLER = 'unknown';

export interface IdentityInput {
  store: Pick<LedgerStore, 'fingerprint'>;
  credentials: Credentials;
  /** The request's ArcGIS session; throws when ArcGIS is not configured or no token came. */
  arcgis(): ArcgisSession;
  /** User names already learnt, by ArcGIS fingerprint (one per gateway); none: ask every request. */
  userNames?: UserNameCache | null;
}

export class CallerIdentities {
  private userName: Promise<string | null> | null = null;

  constructor(private readonly input: IdentityInput) {}

  /** The credential's fingerprint on `backend`; null when the request carries none that is usable. */
  fingerprintOn(backend: BackendName): string | null {
    try {
      return this.input.store.fingerprint(backend, requireCredential(this.input.credentials, backend));
    } catch {
      return null;
    }
  }

  /** The ArcGIS user name, asked once; null when the portal cannot say. Never rejects. */
  private arcgisUserName(): Promise<string | null> {
    if (this.userName) return this.userName;
    const fingerprint = this.fingerprintOn('ARCGIS');
    const known = fingerprint === null ? undefined : this.input.userNames?.get(fingerprint);
    this.userName =
      known !== undefined
        ? Promise.resolve(known)
        : Promise.resolve()
            .then(() => this.input.arcgis().self())
            .then(
              (me) => {
                if (fingerprint !== null) this.input.userNames?.set(fingerprint, me.username);
                return me.username;
              },
              () => null,
            );
    return this.userName;
  }

  /** The name a write on `backend` is recorded under. Never rejects. */
  async callerFor(backend: BackendName): Promise<string> {
    const name = backend === 'ARCGIS' ? await this.arcgisUserName() : null;
    return name ?? this.fingerprintOn(backend) ?? UNKNOWN_CALLER;
  }

  /** Every name this request's writes on `backend` may have been recorded under. */
  async namesOn(backend: BackendName): Promise<string[]> {
    const fingerprint = this.fingerprintOn(backend);
    if (fingerprint === null) return [];
    const name = backend === 'ARCGIS' ? await this.arcgisUserName() : null;
    return name === null ? [fingerprint] : [name, fingerprint];
  }

  /** Every identity of the request, on every backend it carries a credential for: whose history it may read. */
  async all(): Promise<CallerIdentity[]> {
    const names = await Promise.all(BACKENDS.map(async (backend) => (await this.namesOn(backend)).map((caller) => ({ backend, caller }))));
    return names.flat();
  }
}
