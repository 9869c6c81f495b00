#!/usr/bin/env bash
# The training step of the small SimCLR preset with glibc's malloc as it comes and with its large
# blocks on transparent huge pages (the launcher's default, GLIBC_TUNABLES=glibc.malloc.hugetlb=1),
# alternated in one session (these machines are noisy), ending with the ratio of the medians.
# Usage: benchmarks/hugepages.sh [DATA] [ROUNDS] [STEPS]
# CONTRASTLAB_LAUNCHER=/opt/contrastlab/bin/ContrastLab measures the installed package's launcher
# instead of ./contrastlab (it starts the app again with the tunable unless CONTRASTLAB_HUGEPAGES=0).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$here/../shared/data/cifar10}"
rounds="${2:-2}"
steps="${3:-20}"
launcher="${CONTRASTLAB_LAUNCHER:-$here/contrastlab}"
echo "transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"
plain=(); huge=()
for ((r = 1; r <= rounds; r++)); do
  for mode in plain huge; do
    flag=$([[ $mode == huge ]] && echo 1 || echo 0)  # the launcher sets the tunable only with 1
    start=$(date +%s.%N)
    out=$(CONTRASTLAB_HUGEPAGES=$flag "$launcher" bench step --data "$data" --steps "$steps" 2>/dev/null)
    wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
    ms=$(grep '^step_ms=' <<<"$out" | cut -d= -f2)
    rss=$(grep '^rss_mb=' <<<"$out" | cut -d= -f2)
    echo "round $r $mode: step_ms=$ms rss_mb=$rss wall_s=$wall"
    if [[ $mode == plain ]]; then plain+=("$ms"); else huge+=("$ms"); fi
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
p=$(median "${plain[@]}"); h=$(median "${huge[@]}")
echo "plain_step_ms=$p"
echo "hugepages_step_ms=$h"
awk -v p="$p" -v h="$h" 'BEGIN {printf "hugepages_speedup=%.2f\n", p / h}'
