/**
 * Where the ledger suite runs: a fresh store per test on each engine, and a
 * side door into it (counts, a dump, an UPDATE) to check what the store API
 * does not show. SQLite: a new folder. PostgreSQL: a new schema on the test
 * server, reached through `search_path` in the URL as an operator would,
 * dropped afterwards, so parallel jest workers and later runs never meet.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/** The PostgreSQL the suite uses: `.ci/run` makes one available here. */
export const POSTGRES_URL = process.env.LEDGER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const IN_CI = /^(1|true)$/i.test(process.env.CI ?? '');

export interface StoreLocation {
  /** The settings that point the gateway at this store. */
  env: Record<string, string>;
  count(table: string): Promise<number>;
  /** Every row of every ledger table, as text. */
  dump(): Promise<string>;
  /** One statement straight on the database (test-owned values only): `runTogether` of one. */
  run(statement: string): Promise<void>;
  /**
   * Statements in one transaction, so that the gateway (its background prune,
   * say) sees all of them or none: rows that refer to each other can be
   * inserted without the prune deleting the first before the second lands.
   */
  runTogether(statements: string[]): Promise<void>;
  dispose(): Promise<void>;
}

export interface TestEngine {
  name: 'sqlite' | 'postgres';
  fresh(): Promise<StoreLocation>;
}

const TABLES = ['ledger_operation', 'ledger_change', 'ledger_idempotency', 'ledger_setting'];

export const sqliteEngine: TestEngine = {
  name: 'sqlite',
  async fresh() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-test-'));
    const file = path.join(dir, 'ledger.sqlite');
    const withDb = <T>(fn: (db: Database.Database) => T): T => {
      const db = new Database(file);
      try {
        return fn(db);
      } finally {
        db.close();
      }
    };
    const runTogether = async (statements: string[]) => {
      withDb((db) => db.transaction(() => statements.forEach((statement) => db.prepare(statement).run()))());
    };
    return {
      env: { LEDGER_DIR: dir },
      count: async (table) => withDb((db) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n),
      dump: async () => withDb((db) => JSON.stringify(TABLES.map((t) => db.prepare(`select * from ${t}`).all()))),
      run: (statement) => runTogether([statement]),
      runTogether,
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

export const postgresEngine: TestEngine = {
  name: 'postgres',
  async fresh() {
    const schema = `ledger_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
    try {
      await admin.connect();
    } catch (err) {
      throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL} (${(err as Error).message || String(err)}); the ledger suite needs one (.ci/run starts it)`);
    }
    await admin.query(`create schema ${schema}`);
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const runTogether = async (statements: string[]) => {
      await admin.query(`set search_path = ${schema}`);
      await admin.query('begin');
      try {
        for (const statement of statements) await admin.query(statement);
        await admin.query('commit');
      } catch (err) {
        await admin.query('rollback');
        throw err;
      }
    };
    return {
      env: { DATABASE_URL: url.href },
      count: async (table) => (await admin.query<{ n: number }>(`select count(*)::int as n from ${schema}.${table}`)).rows[0]!.n,
      // One query at a time: a pg Client queues concurrent queries, which pg 8 deprecates.
      dump: async () => {
        const tables: unknown[] = [];
        for (const t of TABLES) tables.push((await admin.query<Record<string, unknown>>(`select * from ${schema}.${t}`)).rows);
        return JSON.stringify(tables);
      },
      run: (statement) => runTogether([statement]),
      runTogether,
      dispose: async () => {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      },
    };
  },
};

/**
 * Whether the test PostgreSQL answers, asked in a child process so that the
 * answer is known while jest collects the tests: null when it does, else why not.
 */
export function postgresUnreachable(): string | null {
  const script = `
    const { Client } = require(${JSON.stringify(require.resolve('pg'))});
    const c = new Client({ connectionString: process.env.URL, connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.end()).then(() => process.exit(0), (e) => { console.error(e.message || String(e)); process.exit(1); });`;
  const probe = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, URL: POSTGRES_URL }, encoding: 'utf8', timeout: 10000 });
  return probe.status === 0 ? null : probe.stderr.trim() || `no answer (exit ${probe.status})`;
}
