import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OutriderError } from '@outrider/core';
import { stringify } from 'yaml';
import type { DashboardJson } from './lib/dashboard.js';

export interface ExportOptions {
  /** Grafana folder the provisioned dashboards go in (default "Outrider"). */
  readonly folder?: string;
  /** File name of the provisioning YAML (default `outrider-dashboards.yaml`). */
  readonly provisioningFile?: string;
}

export interface ExportResult {
  /** The `<uid>.json` files written. */
  readonly dashboards: string[];
  /** The Grafana file-provisioning YAML: copy it into `provisioning/dashboards/`. */
  readonly provisioning: string;
}

/** The YAML Grafana's file provider reads: dashboards from `dir`, in one folder. */
export function provisioningYaml(dir: string, folder = 'Outrider'): string {
  return stringify({
    apiVersion: 1,
    providers: [
      {
        name: 'outrider',
        folder,
        type: 'file',
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: resolve(dir), foldersFromFilesStructure: false },
      },
    ],
  });
}

/** Writes each dashboard as `<dir>/<uid>.json` plus the provisioning YAML; creates `dir`. */
export async function exportDashboards(
  dir: string,
  dashboards: readonly DashboardJson[],
  options: ExportOptions = {},
): Promise<ExportResult> {
  const missing = dashboards.findIndex((json) => !json.uid);
  if (missing >= 0) {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `dashboards[${missing}] has no uid to name its file by`);
  }
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const json of dashboards) {
    const file = join(dir, `${json.uid}.json`);
    await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
    written.push(file);
  }
  const provisioning = join(dir, options.provisioningFile ?? 'outrider-dashboards.yaml');
  await writeFile(provisioning, provisioningYaml(dir, options.folder));
  return { dashboards: written, provisioning };
}
