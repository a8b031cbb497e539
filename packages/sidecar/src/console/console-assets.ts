import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { RouteResponse } from '@outrider/plugin-api';
import { sidecarErrors } from '../error-codes.js';
import { CONSOLE_HEADERS } from './security-headers.js';

/** The console's files as `npm run build` writes them (packages/sidecar/dist/ui-assets), from src/ or dist/. */
export const ASSETS_DIR = new URL('../../dist/ui-assets/', import.meta.url);

const TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

interface Asset {
  type: string;
  gzip: Buffer;
  brotli: Buffer;
  etag: string;
}

/**
 * The built console held compressed (brotli and gzip, made at build time), answered in the encoding
 * the browser accepts, with an ETag and the console's security headers.
 */
export class ConsoleAssets {
  readonly #assets: ReadonlyMap<string, Asset>;

  private constructor(assets: ReadonlyMap<string, Asset>) {
    this.#assets = assets;
  }

  /** Throws OUTRIDER_UI_NOT_BUILT when the build has not written the files. */
  static async load(dir: URL = ASSETS_DIR): Promise<ConsoleAssets> {
    const assets = new Map<string, Asset>();
    for (const [name, type] of Object.entries(TYPES)) {
      try {
        const [gzip, brotli] = await Promise.all([
          readFile(new URL(`${name}.gz`, dir)),
          readFile(new URL(`${name}.br`, dir)),
        ]);
        const etag = `"${createHash('sha256').update(gzip).digest('base64url').slice(0, 22)}"`;
        assets.set(name, { type, gzip, brotli, etag });
      } catch (error) {
        throw sidecarErrors.create(
          'OUTRIDER_UI_NOT_BUILT',
          `the console's files are missing (${new URL(name, dir).pathname}.gz): run \`npm run build\``,
          { cause: error },
        );
      }
    }
    return new ConsoleAssets(assets);
  }

  /** Sizes as served, for the README and the footprint benchmark. */
  bytes(): { gzip: number; brotli: number } {
    let gzip = 0;
    let brotli = 0;
    for (const asset of this.#assets.values()) {
      gzip += asset.gzip.byteLength;
      brotli += asset.brotli.byteLength;
    }
    return { gzip, brotli };
  }

  has(name: string): boolean {
    return this.#assets.has(name);
  }

  respond(name: string, headers: Readonly<Record<string, string | string[] | undefined>>): RouteResponse {
    const asset = this.#assets.get(name);
    if (asset === undefined) {
      return {
        status: 404,
        headers: CONSOLE_HEADERS,
        body: { error: { code: 'OUTRIDER_HTTP_NOT_FOUND', message: `no console file "${name}"` } },
      };
    }
    const common = {
      ...CONSOLE_HEADERS,
      'Content-Type': asset.type,
      'Cache-Control': 'no-cache',
      ETag: asset.etag,
      Vary: 'Accept-Encoding',
    };
    if (header(headers['if-none-match']) === asset.etag) return { status: 304, headers: common };
    const accepted = header(headers['accept-encoding']);
    if (accepts(accepted, 'br')) return { headers: { ...common, 'Content-Encoding': 'br' }, body: asset.brotli };
    if (accepts(accepted, 'gzip')) return { headers: { ...common, 'Content-Encoding': 'gzip' }, body: asset.gzip };
    return { headers: common, body: gunzipSync(asset.gzip) };
  }
}

function header(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** `br` in `gzip, deflate, br;q=1`, and not refused with `q=0`. */
function accepts(header: string, coding: string): boolean {
  return header.split(',').some((part) => {
    const [name = '', ...params] = part.trim().split(';');
    if (name.trim().toLowerCase() !== coding) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
