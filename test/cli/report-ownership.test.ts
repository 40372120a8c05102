import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('mecsim report writes only into folders mecsim wrote', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-report-own-'));

  it("refuses a user's folder that merely looks like a run, and leaves it as it was", () => {
    const mine = path.join(dir, 'mine');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'run.json'), '{"mine": true}\n');
    const r = runCli(['report', mine]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(mine);
    expect(fs.readdirSync(mine)).toEqual(['run.json']);
  });

  it('a report joins the run folder it describes, and a new run into the folder takes the old report away', () => {
    const out = path.join(dir, 'run');
    expect(runCli(['run', 'topologies/small.json', '--horizon', '30s', '--out', out, '--record', 'none']).status).toBe(0);
    const report = runCli(['report', out]);
    expect(report.status, report.stderr).toBe(0);
    expect(fs.existsSync(path.join(out, 'report.html'))).toBe(true);
    const marker = JSON.parse(fs.readFileSync(path.join(out, '.mecsim'), 'utf8')) as { files: string[] };
    expect(marker.files).toContain('report.html');
    // Rerun without a report: a report of the earlier run must not stay beside the new results.
    expect(runCli(['run', 'topologies/small.json', '--horizon', '20s', '--out', out, '--record', 'none']).status).toBe(0);
    expect(fs.existsSync(path.join(out, 'report.html'))).toBe(false);
  });
});
