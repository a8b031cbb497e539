import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDashboards, type DashboardJson, exportDashboards } from '../src/index.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('exportDashboards', () => {
  it('writes <uid>.json per dashboard and a Grafana file-provisioning YAML pointing at the directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'outrider-export-'));
    const target = join(dir, 'nested/dashboards');
    const dashboards = buildDashboards([]);
    const result = await exportDashboards(target, dashboards, { folder: 'Ops' });

    expect((await readdir(target)).sort()).toEqual(
      ['outrider-dashboards.yaml', ...dashboards.map((d) => `${d.uid}.json`)].sort(),
    );
    for (const [i, file] of result.dashboards.entries()) {
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(dashboards[i]);
    }
    const provisioning = parse(await readFile(result.provisioning, 'utf8'));
    expect(provisioning).toEqual({
      apiVersion: 1,
      providers: [
        expect.objectContaining({
          name: 'outrider',
          type: 'file',
          folder: 'Ops',
          options: expect.objectContaining({ path: target }),
        }),
      ],
    });
  });

  it('refuses a dashboard without a uid before writing anything', async () => {
    dir = await mkdtemp(join(tmpdir(), 'outrider-export-'));
    const { uid: _uid, ...withoutUid } = buildDashboards([])[0] as DashboardJson;
    await expect(exportDashboards(join(dir, 'out'), [withoutUid])).rejects.toMatchObject({
      code: 'OUTRIDER_INVALID_ARGUMENT',
    });
    await expect(readdir(join(dir, 'out'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
