import { describe, expect, it } from 'vitest';
import { fromFailure, toFailure } from '../../src/campaign/failure.js';
import { describeFailure } from '../../src/cli/exit-status.js';
import { EnvironmentError } from '../../src/engine/environment-error.js';
import { InputError } from '../../src/engine/input-error.js';

const errno = (code: string, path: string): Error => Object.assign(new Error(`${code}: something, open '${path}'`), { code, path, syscall: 'open' });

describe('errors become exit statuses in one place', () => {
  it('bad input 2, the machine 1, anything else 70 with a report request', () => {
    expect(describeFailure(new InputError('t.json', 'users.0.count', 'expected an integer'), {})).toEqual({ status: 2, message: 'mecsim: t.json: users.0.count: expected an integer' });
    expect(describeFailure(new EnvironmentError('/x/run', 'no space left on the device (ENOSPC)'), {})).toEqual({ status: 1, message: 'mecsim: cannot write /x/run: no space left on the device (ENOSPC)' });
    expect(describeFailure(errno('EROFS', '/ro/f.csv'), {})).toEqual({ status: 1, message: 'mecsim: cannot write /ro/f.csv: the file system is read-only (EROFS)' });
    const internal = describeFailure(new TypeError("Cannot read properties of undefined (reading 'x')"), {});
    expect(internal.status).toBe(70);
    expect(internal.message).toMatch(/^mecsim: internal error: Cannot read properties of undefined \(reading 'x'\) — please report it to .+, with the command you ran/);
    expect(internal.message).not.toMatch(/\n/);
    expect(describeFailure(new Error('boom'), { MECSIM_DEBUG: '1' }).message).toMatch(/\n\s+at /);
    expect(describeFailure('a thrown string', {}).status).toBe(70);
  });

  it('a failure keeps its kind across a thread boundary (structured clone)', () => {
    const cases = [new InputError('s.json', 'grid', 'empty'), new EnvironmentError('/d', 'permission denied (EACCES)'), errno('ENOSPC', '/full'), new RangeError('a bug')];
    const statuses = cases.map((e) => describeFailure(fromFailure(structuredClone(toFailure(e))), {}).status);
    expect(statuses).toEqual([2, 1, 1, 70]);
    expect(fromFailure(structuredClone(toFailure(cases[0])))).toMatchObject({ source: 's.json', where: 'grid', problem: 'empty' });
    // What the pool did before: a thrown error's class does not survive the clone.
    expect(structuredClone(cases[0])).not.toBeInstanceOf(InputError);
  });
});
