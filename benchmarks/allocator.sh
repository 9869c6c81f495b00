#!/usr/bin/env bash
# The training step of the small SimCLR preset with glibc malloc and with jemalloc, alternated
# in one session (these machines are noisy), ending with the ratio of the medians.
# glibc here is the launcher's default: its large blocks on huge pages (CONTRASTLAB_HUGEPAGES=0 for glibc as it comes).
# Needs Debian's libjemalloc2. Usage: benchmarks/allocator.sh [DATA] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$here/../shared/data/cifar10}"
rounds="${2:-2}"
glibc=(); jemalloc=()
for ((r = 1; r <= rounds; r++)); do
  for alloc in glibc jemalloc; do
    flag=$([[ $alloc == jemalloc ]] && echo 1 || echo 0)  # the launcher preloads jemalloc only with 1
    out=$(CONTRASTLAB_JEMALLOC=$flag "$here/contrastlab" bench step --data "$data" --steps 30 2>/dev/null)
    ms=$(grep '^step_ms=' <<<"$out" | cut -d= -f2)
    growth=$(grep '^rss_growth_mb=' <<<"$out" | cut -d= -f2)
    rss=$(grep '^rss_mb=' <<<"$out" | cut -d= -f2)
    echo "round $r $alloc: step_ms=$ms rss_mb=$rss rss_growth_mb=$growth"
    if [[ $alloc == glibc ]]; then glibc+=("$ms"); else jemalloc+=("$ms"); fi
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
g=$(median "${glibc[@]}"); j=$(median "${jemalloc[@]}")
echo "glibc_step_ms=$g"
echo "jemalloc_step_ms=$j"
awk -v g="$g" -v j="$j" 'BEGIN {printf "jemalloc_speedup=%.2f\n", g / j}'
