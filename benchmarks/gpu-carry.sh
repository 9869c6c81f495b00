#!/usr/bin/env bash
# Gathers what `contrastlab bench gpu` / `bench parity` need on the lent GPU machine (no Java,
# no network there) into .gpu/ (ignored by git), following ../shared/gpu/README.md: a Java
# runtime made with jlink, the project's jars without the CPU libtorch (DJL loads the CUDA
# bridge from ../shared/gpu there), a cut of CIFAR-10 and the GPU folder. Checks that it stays
# under the 64 MiB a call may carry. Then, on the GPU machine (the run tool's `carry: [".gpu"]`):
#
#   . .gpu/gpu/djl-gpu-env.sh && .gpu/jre/bin/java -Dai.djl.offline=true -cp '.gpu/lib/*' \
#       org.contrastlab.app.Main bench gpu --device gpu --data .gpu/cifar10 --python python3
#
# benchmarks/gpu-session.sh runs every GPU check of issue 8 from it in one call.
#
# Usage: benchmarks/gpu-carry.sh [IMAGES [TEST_IMAGES]]   (training images, default 3000;
# held-out images for kNN, default 600: with the tracked files, under the 64 MiB a call carries)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
images="${1:-3000}"
test_images="${2:-600}"
shared="../shared"
if [[ ! -f app/target/contrastlab-app.jar ]]; then
  mvn -B -q -DskipTests install
fi
rm -rf .gpu
mkdir -p .gpu/lib .gpu/cifar10
# no java.desktop or JavaFX: the commands that train and bench need neither (PNG writing and the
# window's code sit in classes of their own, loaded only when used)
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output .gpu/jre
cp app/target/contrastlab-app.jar .gpu/lib/
for jar in app/target/lib/*.jar; do
  case "$(basename "$jar")" in
    pytorch-native-cpu-*|javafx-*|controlsfx-*|jfreechart-*) ;;  # the CPU libtorch, the window's libraries
    *) cp "$jar" .gpu/lib/ ;;
  esac
done
# CIFAR-10's binary records are 3,073 bytes: the first IMAGES training and TEST_IMAGES test images
head -c $((images * 3073)) "$shared/data/cifar10/data_batch_1.bin" > .gpu/cifar10/data_batch_1.bin
head -c $((test_images * 3073)) "$shared/data/cifar10/test_batch.bin" > .gpu/cifar10/test_batch.bin
cp "$shared/data/cifar10/batches.meta.txt" .gpu/cifar10/
cp -r "$shared/gpu" .gpu/gpu
size=$(du -sb .gpu | cut -f1)
echo "carry .gpu: $((size / 1048576)) MiB ($images training images, $test_images held out)"
if (( size > 64 * 1048576 )); then
  echo "error: over the 64 MiB a call carries; pass fewer images" >&2
  exit 1
fi
