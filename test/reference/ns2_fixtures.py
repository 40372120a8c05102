"""Writes the ns-2 trace fixtures of test/fixtures/traces/ and, for each, the
true positions of its nodes (t,id,x,y every second, every 5 s for BonnMotion), computed here from the
movement the generator chose, not from mecsim's reader.

    python3 test/reference/ns2_fixtures.py

The three files imitate what real tools write: ns-2's setdest (v1 output,
with $god_ lines and the statistics trailer), BonnMotion's NSFile export
(per-node blocks, Java number formatting, CR-only line ends here), and a
hand-written Tcl scenario (set val(...), node-config with continuations,
proc bodies, for loops, $ns and $ns_, braces, tabs, CRLF line ends)."""
import math
import random
import os

OUT = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'traces')


def rwp(rng, n, w, h, duration, pause, vmax, start):
    """Random waypoint as setdest v1 makes it: legs (t0, x0, y0, t1, x1, y1)."""
    nodes = []
    for _ in range(n):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        legs = []
        t = start
        while t < duration:
            dx, dy = rng.uniform(0, w), rng.uniform(0, h)
            v = rng.uniform(0.1, vmax)
            t1 = t + math.hypot(dx - x, dy - y) / v
            legs.append((t, x, y, t1, dx, dy, v))
            x, y, t = dx, dy, t1 + pause
        nodes.append(((legs[0][1], legs[0][2]), legs))
    return nodes


def position(node, t):
    (x, y), legs = node
    for (t0, x0, y0, t1, x1, y1, _v) in legs:
        if t < t0:
            return x0, y0
        if t < t1:
            f = (t - t0) / (t1 - t0)
            return x0 + f * (x1 - x0), y0 + f * (y1 - y0)
        x, y = x1, y1
    return x, y


def truth(name, nodes, duration, step=1):
    with open(os.path.join(OUT, name), 'w') as f:
        f.write('t,id,x,y\n')
        for t in range(0, int(duration) + 1, step):
            for i, node in enumerate(nodes):
                x, y = position(node, float(t))
                f.write(f'{t},{i},{x!r},{y!r}\n')


def setdest_file():
    rng = random.Random(11)
    n, w, h, dur, pause, vmax = 20, 670.0, 670.0, 100.0, 2.0, 10.0
    nodes = rwp(rng, n, w, h, dur, pause, vmax, pause)
    out = ['#', f'# nodes: {n}, pause: {pause:.2f}, max speed: {vmax:.2f}, max x: {w:.2f}, max y: {h:.2f}', '#']
    for i, ((x, y), _) in enumerate(nodes):
        out += [f'$node_({i}) set X_ {x:.12f}', f'$node_({i}) set Y_ {y:.12f}', f'$node_({i}) set Z_ {0:.12f}']
    for i in range(n):
        for j in range(i + 1, n):
            d = math.dist(*(nodes[k][0] for k in (i, j)))
            out.append(f'$god_ set-dist {i} {j} {1 if d < 250 else 16777215}')
    events = []
    for i, (_, legs) in enumerate(nodes):
        for (t0, _x0, _y0, _t1, x1, y1, v) in legs:
            events.append((t0, i, f'$ns_ at {t0:.12f} "$node_({i}) setdest {x1:.12f} {y1:.12f} {v:.12f}"'))
            j = (i + 7) % n
            events.append((t0, i, f'$ns_ at {t0:.12f} "$god_ set-dist {min(i, j)} {max(i, j)} {rng.choice([1, 2, 16777215])}"'))
    events.sort(key=lambda e: (e[0], e[1]))
    out += [e[2] for e in events]
    out += ['#', '# Destination Unreachables: 0', '#', f'# Route Changes: {rng.randint(900, 2000)}', '#',
            f'# Link Changes: {rng.randint(300, 900)}', '#', '# Node | Route Changes | Link Changes']
    out += [f'# {i:4d} | {rng.randint(40, 200):4d} | {rng.randint(10, 90):4d}' for i in range(n)]
    with open(os.path.join(OUT, 'setdest-20nodes.ns_movements'), 'w', newline='') as f:
        f.write('\n'.join(out) + '\n')
    truth('setdest-20nodes.truth.csv', nodes, dur)
    return sum(1 for l in out if not (l.startswith('$node_') or 'setdest' in l))


def java(v):
    """Double.toString: plain between 1e-3 and 1e7, else d.dddE-n."""
    if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e7):
        m, e = f'{v!r}'.split('e') if 'e' in repr(v) else (f'{v:.16e}'.split('e'))
        return f'{float(m)!r}E{int(e)}'
    s = repr(float(v))
    return s


def bonnmotion_file():
    rng = random.Random(5)
    n, w, h, dur = 20, 500.0, 500.0, 900.0
    nodes = []
    for _ in range(n):
        t, x, y = 0.0, rng.uniform(0, w), rng.uniform(0, h)
        legs = []
        while t < dur:
            dx, dy = rng.uniform(0, w), rng.uniform(0, h)
            # Now and then a crawl, so Java writes the speed in E notation.
            v = rng.uniform(0.0002, 0.0009) if rng.random() < 0.1 else rng.uniform(0.5, 6)
            t1 = min(t + math.hypot(dx - x, dy - y) / v, t + 40.0)
            f = (t1 - t) * v / math.hypot(dx - x, dy - y)
            dx, dy = x + f * (dx - x), y + f * (dy - y)
            legs.append((t, x, y, t1, dx, dy, v))
            x, y, t = dx, dy, t1 + rng.uniform(0, 5)
        nodes.append(((legs[0][1], legs[0][2]), legs))
    out = []
    for i, ((x, y), legs) in enumerate(nodes):
        out += [f'$node_({i}) set X_ {java(x)}', f'$node_({i}) set Y_ {java(y)}', f'$node_({i}) set Z_ 0.0']
        for (t0, _x0, _y0, _t1, x1, y1, v) in legs:
            out.append(f'$ns_ at {java(t0)} "$node_({i}) setdest {java(x1)} {java(y1)} {java(v)}"')
    with open(os.path.join(OUT, 'bonnmotion-20nodes.ns_movements'), 'w', newline='') as f:
        f.write('\r'.join(out) + '\r')
    truth('bonnmotion-20nodes.truth.csv', nodes, dur, 5)
    return 0


TCL_HEAD = r'''# ======================================================================
# wireless-10nodes.tcl -- ten mobile nodes, AODV, one FTP flow
# ======================================================================
set val(chan)           Channel/WirelessChannel    ;# channel type
set val(prop)           Propagation/TwoRayGround   ;# radio-propagation model
set val(netif)          Phy/WirelessPhy            ;# network interface type
set val(mac)            Mac/802_11                 ;# MAC type
set val(ifq)            Queue/DropTail/PriQueue    ;# interface queue type
set val(ll)             LL                         ;# link layer type
set val(ant)            Antenna/OmniAntenna        ;# antenna model
set val(ifqlen)         50                         ;# max packet in ifq
set val(nn)             10                         ;# number of mobilenodes
set val(rp)             AODV                       ;# routing protocol
set val(x)              800
set val(y)              600
set val(stop)           300.0

set ns		[new Simulator]
set tracefd     [open wireless-10nodes.tr w]
set namtrace    [open wireless-10nodes.nam w]
$ns trace-all $tracefd
$ns namtrace-all-wireless $namtrace $val(x) $val(y)

set topo       [new Topography]
$topo load_flatgrid $val(x) $val(y)
set god_ [create-god $val(nn)]

$ns node-config -adhocRouting $val(rp) \
		 -llType $val(ll) \
		 -macType $val(mac) \
		 -ifqType $val(ifq) \
		 -ifqLen $val(ifqlen) \
		 -antType $val(ant) \
		 -propType $val(prop) \
		 -phyType $val(netif) \
		 -channelType $val(chan) \
		 -topoInstance $topo \
		 -agentTrace ON \
		 -routerTrace ON \
		 -macTrace OFF \
		 -movementTrace ON

for {set i 0} {$i < $val(nn) } { incr i } {
	set node_($i) [$ns node]
	$node_($i) random-motion 0		;# disable random motion
}

proc place {n} {
    global node_
    # positions computed at run time cannot be read without Tcl: skipped
    $node_($n) set X_ [expr rand()*800]
    $node_($n) set Y_ [expr rand()*600]
}

# Provide initial location of mobilenodes
'''

TCL_TAIL = r'''
$ns_ at 1.0 "$god_ set-dist 1 2 3"
$god_ set-dist 0 5 2

# TCP from node 0 to node 5
set tcp [new Agent/TCP/Newreno]
$tcp set class_ 2
set sink [new Agent/TCPSink]
$ns attach-agent $node_(0) $tcp
$ns attach-agent $node_(5) $sink
$ns connect $tcp $sink
set ftp [new Application/FTP]
$ftp attach-agent $tcp
$ns at 10.0 "$ftp start"

# Define node initial position in nam
for {set i 0} {$i < $val(nn)} { incr i } {
	$ns initial_node_pos $node_($i) 30
}

# Telling nodes when the simulation ends
for {set i 0} {$i < $val(nn) } { incr i } {
    $ns at $val(stop) "$node_($i) reset";
}

# ending nam and the simulation
$ns at $val(stop) "$ns nam-end-wireless $val(stop)"
$ns at $val(stop) "finish"
$ns at 300.01 "puts \"end simulation\" ; $ns halt"
proc finish {} {
	global ns tracefd namtrace
	$ns flush-trace
	close $tracefd
	close $namtrace
	exit 0
}

$ns run
'''


def tcl_file():
    rng = random.Random(23)
    n, w, h, dur = 10, 800.0, 600.0, 300.0
    nodes = rwp(rng, n, w, h, dur, 1.0, 12.0, 0.5)
    body = []
    for i, ((x, y), _) in enumerate(nodes):
        body += [f'$node_({i}) set X_ {x:.6f}', f'$node_({i}) set Y_ {y:.6f}', f'$node_({i})\tset Z_\t0.0  ', '']
    body.append('# movement: one block per node, as a person writes it (ns-2 sorts by time)')
    for i, (_, legs) in enumerate(nodes):
        body.append(f'# node {i}')
        for k, (t0, _x0, _y0, _t1, x1, y1, v) in enumerate(legs):
            ns = '$ns' if (i + k) % 2 else '$ns_'
            if k % 5 == 3:
                body.append(f'{ns} at {t0!r}\t{{$node_({i}) setdest {x1:.6e} {y1:.6e} {v!r}}}')
            else:
                body.append(f'{ns}  at {t0!r} "$node_({i}) setdest {x1!r} {y1!r} {v!r}"   ')
        body.append(f'$ns at {legs[-1][3] + 0.5!r} "$node_({i}) color red"')
    text = TCL_HEAD + '\n'.join(body) + '\n' + TCL_TAIL
    with open(os.path.join(OUT, 'wireless-10nodes.tcl'), 'w', newline='') as f:
        f.write(text.replace('\n', '\r\n'))
    truth('wireless-10nodes.truth.csv', nodes, dur)
    return text


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    print('setdest skipped', setdest_file())
    bonnmotion_file()
    tcl_file()
