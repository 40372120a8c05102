import { InputError } from '../engine/input-error.js';
import { quoteLine, splitLines } from '../engine/text-lines.js';
import { MobilityTrace, type NodePath, type SkippedLine, toPath } from './trace-path.js';

/**
 * Reads the movement out of an ns-2 scenario: a movement file from ns-2's
 * `setdest` tool or BonnMotion's ns-2 export, or a whole Tcl script. Like
 * ns-3's Ns2MobilityHelper it reads two kinds of line and skips the rest
 * (comments, `set val(...)`, `proc` bodies, `$god_` lines, other node
 * commands), counting what it skipped:
 *
 *   $node_(i) set X_ 12.5                           (Y_, Z_; Z is ignored)
 *   $ns_ at 3.0 "$node_(i) setdest 100 200 5.0"     ($ns or $ns_, "..." or {...})
 *
 * As in ns-2, every `set` runs before time 0 (the last one wins), the `at`
 * commands run in time order whatever their order in the file (equal times in
 * file order), a command interrupts the movement in progress, and speed 0
 * stops the node. A line whose values are Tcl substitutions (`$x`, `[expr
 * ...]`) cannot be read without running Tcl and is skipped; a movement line
 * with a value that is neither is an error naming the line.
 */
const SET = /^\$node_\(\s*(\d+)\s*\)\s+set\s+([XYZ])_\s+(\S+?)\s*;?$/;
const AT = /^\$ns_?\s+at\s+(\S+)\s+(["{])(.*)(["}])\s*;?$/;
const SETDEST = /^\$node_\(\s*(\d+)\s*\)\s+setdest\s+(\S+)\s+(\S+)\s+(\S+)$/;
const TIMED_SET = /^\$node_\(\s*\d+\s*\)\s+set\s+[XYZ]_/;
/** A movement command with a literal node id: it must parse, or the file is wrong. */
const LOOKS_LIKE_MOVEMENT = /\$node_\(\s*\d+\s*\)\s+(setdest\b|set\s+[XYZ]_)/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface Command {
  t: number;
  x: number;
  y: number;
  speed: number;
  line: number;
}

interface Ns2Node {
  x?: { v: number; line: number };
  y?: { v: number; line: number };
  commands: Command[];
}

/** Thrown inside the reader when a value is a Tcl substitution: the line is skipped. */
const TCL_VALUE = Symbol('tcl value');

export function parseNs2Trace(text: string, file: string): MobilityTrace {
  const physical = splitLines(text);
  const nodes = new Map<number, Ns2Node>();
  const skipped: SkippedLine[] = [];
  const node = (id: number): Ns2Node => {
    let n = nodes.get(id);
    if (n === undefined) nodes.set(id, (n = { commands: [] }));
    return n;
  };
  for (let i = 0; i < physical.length; i++) {
    // A Tcl command continues on the next line after a trailing backslash.
    const first = i;
    let line = physical[i].trim();
    while (line.endsWith('\\') && i + 1 < physical.length) line = `${line.slice(0, -1)} ${physical[++i].trim()}`;
    if (line === '') continue;
    const where = `line ${first + 1}`;
    const num = (s: string, what: string): number => {
      if (s.startsWith('$') || s.startsWith('[')) throw TCL_VALUE;
      if (!NUMBER.test(s)) throw new InputError(file, where, `expected ${what} to be a number, got "${s.slice(0, 40)}"`);
      const v = Number(s);
      if (!Number.isFinite(v)) throw new InputError(file, where, `expected ${what} to be a finite number, got "${s.slice(0, 40)}"`);
      return v;
    };
    const id = (s: string): number => {
      const v = Number(s);
      if (!Number.isSafeInteger(v)) throw new InputError(file, where, `expected a node id below 2^53, got ${s.slice(0, 40)}`);
      return v;
    };
    try {
      // A Tcl comment may end a command after `;#` (outside quotes and braces).
      const command = line.replace(/;\s*#[^"{}]*$/, '').trim();
      if (!line.startsWith('#') && readMovement(file, command, where, num, id, node, first + 1)) continue;
    } catch (err) {
      if (err !== TCL_VALUE) throw err;
    }
    for (let k = first; k <= i; k++) if (physical[k].trim() !== '') skipped.push({ line: k + 1, text: physical[k].trim() });
  }
  const paths = [...nodes].map(([nodeId, n]) => [nodeId, pathOf(nodeId, n, file)] as const);
  let endS = 0;
  for (const [nodeId, p] of paths) {
    endS = Math.max(endS, p.t[p.t.length - 1]);
    for (const c of nodes.get(nodeId)!.commands) endS = Math.max(endS, c.t);
  }
  const trace = new MobilityTrace(file, 'ns2', endS, skipped);
  for (const [nodeId, p] of paths) trace.set(nodeId, p);
  if (trace.size === 0) {
    throw new InputError(file, physical.length === 1 ? 'line 1' : `lines 1-${physical.length}`, `expected ns-2 movement (\`$node_(i) set X_ x\`, \`$ns_ at t "$node_(i) setdest x y speed"\`); found none`);
  }
  return trace;
}

/** Records a movement line and returns true, or returns false for a line that is not movement. */
function readMovement(
  file: string,
  line: string,
  where: string,
  num: (s: string, what: string) => number,
  id: (s: string) => number,
  node: (id: number) => Ns2Node,
  lineNo: number,
): boolean {
  const malformed = () =>
    new InputError(file, where, `expected \`$node_(i) set X_|Y_|Z_ value\` or \`$ns_ at t "$node_(i) setdest x y speed"\`, got ${quoteLine(line)}`);
  let m = SET.exec(line);
  if (m !== null) {
    const v = num(m[3], `${m[2]}_`);
    const n = node(id(m[1]));
    if (m[2] === 'X') n.x = { v, line: lineNo };
    else if (m[2] === 'Y') n.y = { v, line: lineNo };
    return true;
  }
  m = AT.exec(line);
  if (m !== null) {
    const inner = m[3].trim();
    const d = SETDEST.exec(inner);
    if (d === null) {
      if (TIMED_SET.test(inner)) {
        throw new InputError(file, where, 'a position set at a time (`$ns_ at t "$node_(i) set X_ x"`) is a jump, which mecsim does not follow; use setdest');
      }
      if (LOOKS_LIKE_MOVEMENT.test(inner)) throw malformed();
      return false;
    }
    if ((m[2] === '"') !== (m[4] === '"')) throw malformed();
    const t = num(m[1], 'the time');
    const x = num(d[2], 'x');
    const y = num(d[3], 'y');
    const speed = num(d[4], 'the speed');
    if (t < 0 || speed < 0) throw new InputError(file, where, `expected a time and a speed >= 0, got ${t} s and ${speed} m/s`);
    node(id(d[1])).commands.push({ t, x, y, speed, line: lineNo });
    return true;
  }
  if (LOOKS_LIKE_MOVEMENT.test(line)) throw malformed();
  return false;
}

/** Waypoints of one node: its initial position, then its commands in time order. */
function pathOf(nodeId: number, n: Ns2Node, file: string): NodePath {
  const cmds = n.commands.slice().sort((a, b) => a.t - b.t); // stable: equal times keep file order, as ns-2's scheduler does
  if (n.x === undefined || n.y === undefined) {
    const missing = n.x === undefined ? 'X_' : 'Y_';
    const line = cmds[0]?.line ?? n.x?.line ?? n.y?.line;
    throw new InputError(file, line === undefined ? undefined : `line ${line}`, `expected node ${nodeId}'s initial position (set X_ and Y_); the file sets no ${missing} for it`);
  }
  const rows: number[][] = [[0, n.x.v, n.y.v, Math.max(n.x.line, n.y.line)]];
  for (const c of cmds) {
    const [px, py] = cutAt(rows, c.t);
    const len = Math.hypot(c.x - px, c.y - py);
    if (c.speed > 0 && len > 0) rows.push([c.t + len / c.speed, c.x, c.y, c.line]);
  }
  return toPath(rows);
}

/**
 * Ends the movement in progress at time t (a new command interrupts it) and
 * returns the position there. Rows hold (t, x, y, line) waypoints.
 */
function cutAt(rows: number[][], t: number): [number, number] {
  const last = rows[rows.length - 1];
  if (t >= last[0]) {
    if (t > last[0]) rows.push([t, last[1], last[2], last[3]]);
    return [last[1], last[2]];
  }
  const prev = rows[rows.length - 2];
  const f = (t - prev[0]) / (last[0] - prev[0]);
  const x = prev[1] + f * (last[1] - prev[1]);
  const y = prev[2] + f * (last[2] - prev[2]);
  if (t === prev[0]) rows.pop();
  else rows[rows.length - 1] = [t, x, y, last[3]];
  return [x, y];
}
