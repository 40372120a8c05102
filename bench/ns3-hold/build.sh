#!/bin/sh
# Builds bench/ns3-hold/hold against Debian's ns-3 (libns3-dev, ns-3.37) when
# it is installed; prints the path of the binary on success. Exit 3 when ns-3
# is absent, so the bench can say it skipped.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/build/hold"
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists ns3-core || [ ! -f /usr/include/ns3/simulator.h ] || ! command -v g++ >/dev/null 2>&1; then
  echo "ns-3 not installed: skipped (apt-get install libns3-dev)" >&2
  exit 3
fi
if [ -x "$out" ] && [ "$out" -nt "$here/hold.cc" ] && [ "$out" -nt "$0" ]; then
  echo "$out"
  exit 0
fi
mkdir -p "$here/build"
# Debian's ns3-core.pc has a stray "-I/usr;" and names libgsl.so, which only
# libgsl-dev provides; libns3-core.so already links libgsl itself, so keep
# only the flags that exist.
cflags=""
for f in $(pkg-config --cflags ns3-core); do
  case "$f" in
    *\;*) ;;
    -I*) [ -d "${f#-I}" ] && cflags="$cflags $f" ;;
    *) cflags="$cflags $f" ;;
  esac
done
libs=""
for f in $(pkg-config --libs ns3-core); do
  case "$f" in
    /*) [ -e "$f" ] && libs="$libs $f" ;;
    *) libs="$libs $f" ;;
  esac
done
# shellcheck disable=SC2086
g++ -std=c++17 -O2 -DNDEBUG $cflags -o "$out.tmp" "$here/hold.cc" $libs
mv "$out.tmp" "$out"
echo "$out"
