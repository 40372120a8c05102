/**
 * What each column of a campaign or run table measures: a name a reader
 * understands and its unit. Every axis and legend title of a plot comes
 * from here (or from an explicit title), so one table fixes the wording
 * of `mecsim plot`, `reproduce`, the sweep figures and the HTML reports.
 */

export interface Quantity {
  name: string;
  /** Unit as printed in parentheses after the name; 'dimensionless' for ratios and indices. */
  unit: string;
}

const Q = (name: string, unit: string): Quantity => ({ name, unit });

const METRICS: Readonly<Record<string, Quantity>> = {
  // kind solve: one allocation, totals over the users for one training iteration
  objective: Q('objective', 'dimensionless'),
  timeTerm: Q('time term of the objective', 'dimensionless'),
  energyTerm: Q('energy term of the objective', 'dimensionless'),
  stabilityTerm: Q('stability term of the objective', 'dimensionless'),
  energyJ: Q('total energy per iteration', 'J'),
  computeDelayS: Q('total compute delay per iteration', 's'),
  airtimeS: Q('total uplink airtime per iteration', 's'),
  stability: Q('stability bound, sum over users', 'dimensionless'),
  energyPerUserJ: Q('energy per user and iteration', 'J'),
  computeDelayPerUserS: Q('compute delay per user and iteration', 's'),
  meanAlpha: Q('mean layers on the phone', 'layers'),
  users: Q('users', 'count'),
  servers: Q('servers', 'count'),
  traceSteps: Q('accepted outer iterations', 'count'),
  objectiveStep: Q('objective relative to iteration 0', 'ratio'),
  step: Q('outer iteration', 'count'),
  // kind run: the dynamic simulation
  iterations: Q('finished iterations', 'count'),
  spanS: Q('measured span', 's'),
  throughputPerS: Q('throughput', 'iterations/s'),
  delayMeanS: Q('mean iteration delay', 's'),
  delayStdS: Q('standard deviation of iteration delay', 's'),
  delayMinS: Q('shortest iteration delay', 's'),
  delayMaxS: Q('longest iteration delay', 's'),
  delayP50S: Q('median iteration delay', 's'),
  delayP95S: Q('95th percentile of iteration delay', 's'),
  delayP99S: Q('99th percentile of iteration delay', 's'),
  deviceWaitMeanS: Q('mean wait on the phone', 's'),
  deviceComputeMeanS: Q('mean phone compute time', 's'),
  uplinkMeanS: Q('mean uplink time', 's'),
  edgeWaitMeanS: Q('mean wait at the edge', 's'),
  edgeComputeMeanS: Q('mean edge compute time', 's'),
  downlinkMeanS: Q('mean downlink time', 's'),
  deviceBackwardMeanS: Q('mean phone backward time', 's'),
  energyDeviceComputeJ: Q('phone compute energy, whole run', 'J'),
  energyTxJ: Q('transmit energy, whole run', 'J'),
  energyEdgeJ: Q('edge energy, whole run', 'J'),
  energyTotalJ: Q('total energy, whole run', 'J'),
  energyMeanJ: Q('energy per iteration', 'J'),
  jainThroughput: Q("Jain's fairness index of throughput", 'dimensionless'),
  epochs: Q('allocator calls', 'count'),
  handovers: Q('handovers', 'count'),
  jobs: Q('training jobs', 'count'),
  iterationsArrived: Q('iterations arrived', 'count'),
  iterationsStarted: Q('iterations started', 'count'),
  iterationsInFlight: Q('iterations in flight at the end', 'count'),
  iterationsQueued: Q('iterations queued at the end', 'count'),
  outageS: Q('outage time', 's'),
  edgeMeteredJ: Q('edge energy metered', 'J'),
  events: Q('simulation events', 'count'),
  // columns of iterations.csv (CDFs)
  totalDelayS: Q('iteration delay', 's'),
  deviceWaitS: Q('wait on the phone', 's'),
  deviceComputeS: Q('phone compute time', 's'),
  uplinkS: Q('uplink time', 's'),
  edgeWaitS: Q('wait at the edge', 's'),
  edgeComputeS: Q('edge compute time', 's'),
  downlinkS: Q('downlink time', 's'),
  deviceBackwardS: Q('phone backward time', 's'),
  deviceComputeJ: Q('phone compute energy', 'J'),
  txJ: Q('transmit energy', 'J'),
  edgeJ: Q('edge energy', 'J'),
  // derived columns (src/campaign/derived.ts)
  totalUsers: Q('users, all groups', 'count'),
  totalServers: Q('servers, all groups', 'count'),
};

/** Unit by the end of a field's name, as the topology names fields (`epochS`, `maxTxPowerW`). */
const SUFFIX_UNITS: ReadonlyArray<[RegExp, string]> = [
  [/DbmPerHz$/, 'dBm/Hz'],
  [/PerHz$/, 'per Hz'],
  [/PerS$/, '1/s'],
  [/Dbm$/, 'dBm'],
  [/Db$/, 'dB'],
  [/Hz$/, 'Hz'],
  [/Flops$/, 'FLOP/s'],
  [/Bytes$/, 'B'],
  [/Bits$/, 'bit'],
  [/S$/, 's'],
  [/J$/, 'J'],
  [/W$/, 'W'],
  [/M$/, 'm'],
];

/** Words of a camelCase name: `maxTxPowerW` -> "max tx power". */
function words(name: string, unitSuffix: RegExp | undefined): string {
  const bare = unitSuffix === undefined ? name : name.replace(unitSuffix, '');
  return bare.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The quantity a column holds: from the table, else read from a dotted topology path. */
export function quantityOf(column: string): Quantity {
  const known = METRICS[column] ?? METRICS[column.replace(/\d+$/, '')];
  if (known !== undefined) return known;
  if (column === 'allocator' || column === 'scheduler' || column === 'configuration') return Q(column, '');
  const parts = column.split('.');
  const last = parts[parts.length - 1];
  if (last === 'count' && parts.length >= 3) {
    const group = parts[parts.length - 2];
    const kind = parts[0];
    return Q(/^\d+$/.test(group) ? kind : `${kind} (${group})`, 'count');
  }
  if (parts[0] === 'weights' && parts.length === 2) return Q(`${last} weight`, 'dimensionless');
  const suffix = SUFFIX_UNITS.find(([re]) => re.test(last));
  return Q(words(last, suffix?.[0]), suffix?.[1] ?? 'dimensionless');
}

/** An axis title: the quantity's name and its unit, `mean iteration delay (s)`; a category column has no unit. */
export function axisTitle(column: string): string {
  const q = quantityOf(column);
  return q.unit === '' ? q.name : `${q.name} (${q.unit})`;
}

/** A legend title: the quantity's name, with the unit only when it is not a plain count. */
export function legendTitle(column: string): string {
  const q = quantityOf(column);
  return q.unit === '' || q.unit === 'count' ? q.name : `${q.name} (${q.unit})`;
}
