/**
 * The worker thread that owns an external policy's process and pipes
 * (src/plugins/pipe-allocator.ts). Kept as JavaScript text and started with
 * `eval`, so the same code runs from the compiled package and from the
 * sources under test, with no second build step.
 *
 * Shared memory protocol: `control` (Int32Array) holds [state, byte length,
 * child pid]; `data` holds the UTF-8 answer. The main thread posts
 * `{type: 'line', text}` or `{type: 'kill'}` and waits on `control[0]`; the
 * worker writes the answer or the failure, then stores the state and
 * notifies. States: 0 waiting, 1 answer, 2 failure (text: the reason),
 * 3 killed.
 */
export const pipeWorkerSource = String.raw`
const { workerData, parentPort } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { argv, cwd, control: controlBuffer, data: dataBuffer, stderrLines } = workerData;
const control = new Int32Array(controlBuffer);
const data = new Uint8Array(dataBuffer);
const encoder = new TextEncoder();
const stderrTail = [];
let stderrPartial = '';
let failure = null;
let pending = false;
let outBuffer = '';
let child;
let exited = false;
let ending = false;

/** Kills the policy and calls back once it is reaped, so no zombie outlives the worker. */
function killThen(done) {
  if (child === undefined || exited) { done(); return; }
  child.once('exit', done);
  try { child.kill('SIGKILL'); } catch {}
}

function tail() {
  const lines = stderrPartial === '' ? stderrTail : [...stderrTail, stderrPartial];
  return lines.slice(-stderrLines);
}

function publish(state, text) {
  const bytes = encoder.encode(text);
  const n = Math.min(bytes.length, data.length);
  data.set(bytes.subarray(0, n));
  Atomics.store(control, 1, bytes.length > data.length ? -bytes.length : n);
  Atomics.store(control, 0, state);
  Atomics.notify(control, 0);
}

function fail(reason) {
  if (failure !== null) return;
  failure = reason;
  try { child.kill('SIGKILL'); } catch {}
  // Stderr may still be draining: give it a moment so the message shows the policy's last words.
  setTimeout(() => { if (pending) { pending = false; publish(2, JSON.stringify({ reason, stderr: tail() })); } }, 50);
}

try {
  child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
} catch (err) {
  failure = 'cannot start ' + JSON.stringify(argv[0]) + ': ' + err.message;
}
if (child !== undefined) {
  Atomics.store(control, 2, child.pid ?? 0);

  child.on('error', (err) => { exited = true; fail(err.code === 'ENOENT' ? 'cannot start ' + JSON.stringify(argv[0]) + ': no such program' : 'the policy process failed: ' + err.message); });
  child.on('exit', (code, signal) => exited = true);
  child.on('exit', (code, signal) => ending || fail('the policy exited' + (signal ? ' on signal ' + signal : ' with status ' + code) + ' before answering'));
  child.stdin.on('error', () => {});
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    const parts = (stderrPartial + chunk).split('\n');
    stderrPartial = parts.pop();
    for (const p of parts) { stderrTail.push(p); if (stderrTail.length > stderrLines) stderrTail.shift(); }
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    outBuffer += chunk;
    let i;
    while ((i = outBuffer.indexOf('\n')) >= 0) {
      const line = outBuffer.slice(0, i);
      outBuffer = outBuffer.slice(i + 1);
      if (!pending) { fail('the policy wrote a line nobody asked for: ' + JSON.stringify(line.slice(0, 80))); return; }
      pending = false;
      publish(1, line);
    }
  });
}

parentPort.on('message', (msg) => {
  if (msg.type === 'kill') {
    killThen(() => publish(3, JSON.stringify({ stderr: tail() })));
    return;
  }
  if (msg.type === 'end') {
    // The policy may read the end message and exit on its own; it is killed if it lingers.
    if (failure === null && child !== undefined) {
      ending = true;
      child.stdin.end(msg.text + '\n');
      const timer = setTimeout(() => { try { child.kill('SIGKILL'); } catch {} }, msg.graceMs);
      if (exited) { clearTimeout(timer); publish(3, JSON.stringify({ stderr: tail() })); }
      else child.on('exit', () => { clearTimeout(timer); publish(3, JSON.stringify({ stderr: tail() })); });
    } else publish(3, JSON.stringify({ stderr: tail() }));
    return;
  }
  if (failure !== null) { publish(2, JSON.stringify({ reason: failure, stderr: tail() })); return; }
  pending = true;
  child.stdin.write(msg.text + '\n');
});
`;
