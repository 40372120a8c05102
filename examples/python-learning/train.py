"""Trains agent.py over a few dozen short simulation runs and prints its cost falling.

Runs `mecsim compare --kind run` once with the agent as the allocator on
seeds 1..RUNS, one run after another (--workers 0), so the agent sees the
runs in order. Within a run the allocator is called every EPOCH seconds and
the agent learns from the realised cost of each decision (mecsim's
feedback). Prints the mean realised cost per decision per block of runs and
writes the agent's table.
"""
import argparse
import csv
import json
import os
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mecsim", default="mecsim", help="how to start mecsim, e.g. 'node bin/mecsim.js'")
    parser.add_argument("--topology", default=os.path.join(HERE, "..", "..", "topologies", "small.json"))
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--iterations", type=int, default=4, help="training iterations each phone runs per simulation")
    parser.add_argument("--epoch", type=float, default=20000, help="seconds between allocator calls")
    parser.add_argument("--out", default="learning-out", help="folder this script owns: it is replaced")
    args = parser.parse_args()
    if os.path.exists(args.out):
        if not os.path.exists(os.path.join(args.out, ".learning-out")):
            sys.exit(f"train.py: {args.out} exists and was not written by train.py; choose another --out")
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    open(os.path.join(args.out, ".learning-out"), "w").close()
    # The topology with work for several decisions: each phone trains a few
    # iterations one after another, and the allocator is called every epoch.
    with open(args.topology) as f:
        topology = json.load(f)
    for group in topology["users"]:
        group["jobs"] = {"arrivals": {"kind": "at-start", "jobs": 1}, "iterationsPerJob": args.iterations}
    topology["simulation"] = {**topology.get("simulation", {}), "epochS": args.epoch, "horizonS": 1e6, "users": "active"}
    learning_topology = os.path.join(args.out, "topology.json")
    with open(learning_topology, "w") as f:
        json.dump(topology, f, indent=1)
    table = os.path.join(args.out, "table.json")
    agent = f"exec:{shlex.quote(sys.executable)} {shlex.quote(os.path.join(HERE, 'agent.py'))} --table {shlex.quote(table)}"
    subprocess.run(shlex.split(args.mecsim) + [
        "compare", learning_topology, "--kind", "run", "--allocators", agent,
        "--seeds", f"1-{args.runs}", "--workers", "0", "--out", os.path.join(args.out, "campaign"),
    ], check=True, stdout=subprocess.DEVNULL)
    with open(table) as f:
        history = json.load(f)["history"]
    block = max(1, args.runs // 5)

    def mean_cost(part):
        # A run whose decisions all ended with no finished iteration has no cost to show.
        costs = [h["cost"] for h in part if h["cost"] is not None]
        return sum(costs) / len(costs) if costs else float("nan")

    print("runs     epsilon  mean realised cost per decision")
    for start in range(0, len(history), block):
        part = history[start:start + block]
        print(f"{start + 1:>3}-{start + len(part):<3}  {part[0]['epsilon']:>7.2f}  {mean_cost(part):.4f}")
    first, last = mean_cost(history[:block]), mean_cost(history[-block:])
    print(f"first {block} runs {first:.4f}, last {block} runs {last:.4f}: {100 * (last - first) / first:+.1f}%")

if __name__ == "__main__":
    main()
