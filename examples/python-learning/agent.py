"""A learning allocation policy: an epsilon-greedy tabular agent (standard library only).

The action is how many layers every phone trains on the device (alpha); each
user joins its strongest server and shares it equally. The agent keeps, in
the table file, the mean cost of each action and the history of its runs. It
learns from the feedback mecsim sends: the realised cost of each earlier
decision, once the iterations it governed have finished, in the next request
(and the last ones in the end message). The cost of a decision is the mean
over the phones that trained under it, so decisions with fewer phones at work
compare fairly.
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
    costs = []

    def hear(feedback):
        for fb in feedback or []:
            # A decision that governed no finished iteration says nothing about its action.
            trained = [c for c in fb["perUser"] if c > 0]
            if trained:
                cost = sum(trained) / len(trained)
                learn(table, chosen[fb["epoch"]], cost)
                costs.append(cost)

    for line in sys.stdin:
        request = json.loads(line)
        hear(request.get("feedback"))
        if request["type"] == "end":
            break
        options = actions(request["snapshot"]["layers"])
        if rng.random() < epsilon or not table["q"]:
            action = rng.choice(options)
        else:
            action = min((a for a in options if str(a) in table["q"]), key=lambda a: table["q"][str(a)]["mean"])
        chosen[len(chosen)] = action
        print(json.dumps(decide(request["snapshot"], action)), flush=True)
    table["history"].append({"run": run, "epsilon": round(epsilon, 3), "decisions": len(costs), "cost": sum(costs) / len(costs) if costs else None})
    tmp = args.table + ".tmp"
    with open(tmp, "w") as f:
        json.dump(table, f, indent=1, sort_keys=True)
    os.replace(tmp, args.table)


if __name__ == "__main__":
    main()
