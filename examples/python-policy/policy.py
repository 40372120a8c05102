"""A mecsim allocation policy in plain Python (standard library only).

mecsim starts it once per run (--allocator "exec:python3 policy.py") and
writes one JSON request per line on its stdin; the policy answers each with
one JSON line on its stdout. Each user joins the server with the strongest
channel; a server's bandwidth is shared in proportion to the bits each of
its users uploads, its GPU equally; every user trains `--alpha` layers on the
device (default 2) at full power and full frequency.
"""
import argparse
import json
import sys


def decide(snapshot, alpha):
    users, servers = snapshot["users"], snapshot["servers"]
    alpha = max(1, min(alpha, snapshot["layers"] - 1))
    server = [max(range(len(servers)), key=lambda m: u["gains"][m]) for u in users]
    bits = [0.0] * len(servers)
    count = [0] * len(servers)
    for u, m in zip(users, server):
        bits[m] += u["activationBits"]
        count[m] += 1
    return {"users": [{
        "alpha": alpha,
        "server": m,
        "txPowerW": u["maxTxPowerW"],
        "bandwidthHz": servers[m]["bandwidthHz"] * u["activationBits"] / bits[m],
        "freqHz": u["maxFreqHz"],
        "serverFreqHz": servers[m]["maxFreqHz"] / count[m],
    } for u, m in zip(users, server)]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--alpha", type=int, default=2)
    args = parser.parse_args()
    for line in sys.stdin:
        request = json.loads(line)
        if request["type"] == "end":
            print("policy: run over", file=sys.stderr)
            break
        print(json.dumps(decide(request["snapshot"], args.alpha)), flush=True)


if __name__ == "__main__":
    main()
