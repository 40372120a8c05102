"""A learning allocation policy: an epsilon-greedy tabular agent (standard library only).

The action is how many layers every phone trains on the device (alpha); each
user joins its strongest server and shares it equally. The agent keeps, in
the table file, the mean cost of each action and the history of its runs: it
learns from the cost mecsim reports, per decision in the feedback of the next
request when the run delivers it, and per run in the end message.
"""
import argparse
import json
import os
import random
import sys


def actions(layers):
    return sorted({max(1, min(layers - 1, a)) for a in (1, layers // 4, layers // 2, 3 * layers // 4, layers - 1)})


def decide(snapshot, alpha):
    users, servers = snapshot["users"], snapshot["servers"]
    server = [max(range(len(servers)), key=lambda m: u["gains"][m]) for u in users]
    count = [server.count(m) for m in range(len(servers))]
    return {"users": [{
        "alpha": alpha, "server": m, "txPowerW": u["maxTxPowerW"],
        "bandwidthHz": servers[m]["bandwidthHz"] / count[m],
        "freqHz": u["maxFreqHz"], "serverFreqHz": servers[m]["maxFreqHz"] / count[m],
    } for u, m in zip(users, server)]}


def learn(table, action, cost):
    entry = table["q"].setdefault(str(action), {"n": 0, "mean": 0.0})
    entry["n"] += 1
    entry["mean"] += (cost - entry["mean"]) / entry["n"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--table", required=True, help="JSON file the agent learns into")
    parser.add_argument("--explore-runs", type=int, default=12, help="runs over which exploration falls to its floor")
    args = parser.parse_args()
    table = {"q": {}, "history": []}
    if os.path.exists(args.table):
        with open(args.table) as f:
            table = json.load(f)
    run = len(table["history"])
    # Seeded by the run number: the same training gives the same table, byte for byte.
    rng = random.Random(run)
    epsilon = max(0.0, 1.0 - run / args.explore_runs)
    chosen = {}
    action = None
    for line in sys.stdin:
        request = json.loads(line)
        if request["type"] == "end":
            cost = request["summary"]["objective"]["total"] if "objective" in request["summary"] else None
            if cost is not None and action is not None:
                learn(table, action, cost)
                table["history"].append({"run": run, "action": action, "epsilon": round(epsilon, 3), "cost": cost})
            break
        for fb in request.get("feedback") or []:
            if fb["epoch"] in chosen and fb["iterations"] > 0:
                learn(table, chosen[fb["epoch"]], fb["total"] / fb["iterations"])
        options = actions(request["snapshot"]["layers"])
        if rng.random() < epsilon or not table["q"]:
            action = rng.choice(options)
        else:
            action = min((a for a in options if str(a) in table["q"]), key=lambda a: table["q"][str(a)]["mean"])
        chosen[len(chosen)] = action
        print(json.dumps(decide(request["snapshot"], action)), flush=True)
    tmp = args.table + ".tmp"
    with open(tmp, "w") as f:
        json.dump(table, f, indent=1, sort_keys=True)
    os.replace(tmp, args.table)


if __name__ == "__main__":
    main()
