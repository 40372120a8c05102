"""Trains agent.py over a few dozen one-shot runs and prints its cost falling.

Runs `mecsim compare` once with the agent as the allocator on seeds 1..RUNS,
one run after another (--workers 0), so the agent sees the runs in order and
learns from each run's cost before the next. Prints the cost per block of
runs and writes the agent's table.
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
    parser.add_argument("--out", default="learning-out", help="folder this script owns: it is replaced")
    args = parser.parse_args()
    if os.path.exists(args.out):
        if not os.path.exists(os.path.join(args.out, ".learning-out")):
            sys.exit(f"train.py: {args.out} exists and was not written by train.py; choose another --out")
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    open(os.path.join(args.out, ".learning-out"), "w").close()
    table = os.path.join(args.out, "table.json")
    agent = f"exec:{shlex.quote(sys.executable)} {shlex.quote(os.path.join(HERE, 'agent.py'))} --table {shlex.quote(table)}"
    subprocess.run(shlex.split(args.mecsim) + [
        "compare", args.topology, "--kind", "solve", "--allocators", agent,
        "--seeds", f"1-{args.runs}", "--workers", "0", "--out", os.path.join(args.out, "campaign"),
    ], check=True, stdout=subprocess.DEVNULL)
    with open(table) as f:
        history = json.load(f)["history"]
    block = max(1, args.runs // 5)
    print("runs     epsilon  mean cost (objective)")
    for start in range(0, len(history), block):
        part = history[start:start + block]
        mean = sum(h["cost"] for h in part) / len(part)
        print(f"{start + 1:>3}-{start + len(part):<3}  {part[0]['epsilon']:>7.2f}  {mean:.4f}")
    first = sum(h["cost"] for h in history[:block]) / block
    last = sum(h["cost"] for h in history[-block:]) / block
    print(f"first {block} runs {first:.4f}, last {block} runs {last:.4f}: {100 * (last - first) / first:+.1f}%")


if __name__ == "__main__":
    main()
