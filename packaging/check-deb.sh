#!/usr/bin/env bash
# The Linux installer, built and tried as a user would: jpackage's .deb of the app (its own Java
# runtime, the CPU libtorch, the built-in data and the shipped trained examples inside the jars,
# a desktop entry), installed with dpkg -i, its `contrastlab doctor` (huge pages on where the kernel
# gives them on request) and a 5-step training run
# from the installed launcher, then removed. Prints the package's size. CI runs it after the
# tests (.ci/run); by hand: bash packaging/check-deb.sh (as root, on Debian or Ubuntu).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v fakeroot >/dev/null || ! command -v dpkg-deb >/dev/null; then
  apt-get install -y -qq fakeroot dpkg-dev >/dev/null
fi
mvn -B -q -Ppackage -DskipTests -Djpackage.type=deb -Djpackage.linux="--linux-shortcut --linux-menu-group Education" \
  package -pl packaging -am
deb="$(ls packaging/target/dist/*.deb)"
echo "package: $deb ($(du -h "$deb" | cut -f1))"
if dpkg -s contrastlab >/dev/null 2>&1; then
  echo "error: a contrastlab package is installed already; remove it first (dpkg -r contrastlab)" >&2
  exit 1
fi
# what the package depends on (X11 and sound libraries for the window, xdg-utils for the menu
# entry) comes from the distribution, as apt would fetch it for `apt install ./contrastlab.deb`
missing="$(for p in $(dpkg-deb -f "$deb" Depends | tr ',' ' '); do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)"
if [[ -n "$missing" ]]; then
  apt-get install -y -qq $missing >/dev/null
fi
# a desktop has these menu folders; a headless machine may not, and xdg-desktop-menu needs them
mkdir -p /etc/xdg/menus /usr/share/desktop-directories
dpkg -i "$deb" >/dev/null
trap 'dpkg -P contrastlab >/dev/null 2>&1 || true' EXIT
launcher=/opt/contrastlab/bin/ContrastLab
[[ -x "$launcher" ]] || { echo "error: $launcher is missing after dpkg -i" >&2; exit 1; }
[[ -f /usr/share/applications/contrastlab-ContrastLab.desktop ]] || { echo "error: no desktop entry in the menu" >&2; exit 1; }
echo "installed: $(du -sh /opt/contrastlab | cut -f1) in /opt/contrastlab, menu entry $(grep -m1 '^Name=' \
  /usr/share/applications/contrastlab-ContrastLab.desktop)"
out="$(mktemp -d)"
doctor="$(CONTRASTLAB_CACHE="$out/cache" "$launcher" doctor)"
echo "$doctor"
# jpackage's launcher cannot set GLIBC_TUNABLES; the app starts itself again with it (HugePagesRelaunch)
if grep -q '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null && ! grep -q '^huge pages: *on' <<<"$doctor"; then
  echo "error: the installed launcher runs without huge pages (training steps 1.4-4x slower on a CPU)" >&2
  exit 1
fi
knn="$(CONTRASTLAB_CACHE="$out/cache" "$launcher" train --data sample:shapes --steps 5 --batch-size 16 --backbone convnet-tiny \
  --out "$out/run" | tail -1)"
echo "installed launcher trained 5 steps: $knn"
[[ "$knn" == knn_top1=* ]] || { echo "error: the installed launcher did not train" >&2; exit 1; }
dpkg -P contrastlab >/dev/null
trap - EXIT
[[ ! -e "$launcher" ]] || { echo "error: $launcher is still there after dpkg -r" >&2; exit 1; }
rm -rf "$out"
echo "deb_check=ok"
