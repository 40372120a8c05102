"""An external policy whose own time is nil: it answers every request with the
decision it computed for the first one (test/bench/policy.ts)."""
import json
import sys

answer = None
for line in sys.stdin:
    if answer is None:
        s = json.loads(line)["snapshot"]
        users, servers = s["users"], s["servers"]
        count = [0] * len(servers)
        for n in range(len(users)):
            count[n % len(servers)] += 1
        answer = json.dumps({"users": [{
            "alpha": 1, "server": n % len(servers), "txPowerW": u["maxTxPowerW"],
            "bandwidthHz": servers[n % len(servers)]["bandwidthHz"] / count[n % len(servers)],
            "freqHz": u["maxFreqHz"], "serverFreqHz": servers[n % len(servers)]["maxFreqHz"] / count[n % len(servers)],
        } for n, u in enumerate(users)]})
    elif line.startswith('{"type":"end"'):
        break
    sys.stdout.write(answer + "\n")
    sys.stdout.flush()
