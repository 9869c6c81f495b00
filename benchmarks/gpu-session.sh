#!/usr/bin/env bash
# Every GPU figure issue 8 asks for, in one call on the lent GPU machine (its run tool: carry
# [".gpu"], made by benchmarks/gpu-carry.sh; at most 10 minutes a call). Each stage has its own
# time limit and writes its log under $OUT, so a stage that fails or runs out of time leaves the
# others' figures:
#
#   OUT=... bash benchmarks/gpu-session.sh            # on the H100
#   DEVICE=cpu QUICK=1 PYTHON=/usr/bin/python3 bash benchmarks/gpu-session.sh  # a dry run here, tiny sizes
#
# Stages: the machine (nvidia-smi, doctor); bench parity (every method, CPU against GPU); bench
# gpu (our SimCLR ResNet-18 against the PyTorch reference, fp32 and bf16); the same with our
# --precision fp16; a long SimCLR run of the carried CIFAR cut with its kNN curve (metrics.jsonl).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${OUT:-/tmp/gpu-session}"
device="${DEVICE:-gpu}"
quick="${QUICK:-0}"
python="${PYTHON:-python3}"
mkdir -p "$out"
if [[ "$device" != cpu ]]; then
  # shellcheck disable=SC1091
  . .gpu/gpu/djl-gpu-env.sh
fi
classpath='.gpu/lib/*'
if [[ "$device" == cpu ]]; then
  # the carried jars leave out the CPU libtorch; take it from the local build for a dry run
  classpath="$classpath:$(ls app/target/lib/pytorch-native-cpu-*.jar | head -1)"
fi
contrastlab=(.gpu/jre/bin/java -Dai.djl.offline=true -cp "$classpath" org.contrastlab.app.Main)
stage() {  # stage NAME SECONDS ARGS...: contrastlab ARGS with a time limit, its output in $out/NAME.txt
  local name="$1" limit="$2"
  shift 2
  local t0=$SECONDS
  timeout "$limit" "${contrastlab[@]}" "$@" > "$out/$name.txt" 2>&1
  local rc=$?
  echo "$name: exit $rc after $((SECONDS - t0)) s; last line: $(tail -1 "$out/$name.txt")" | tee -a "$out/summary.txt"
}
if [[ "$quick" == 1 ]]; then
  gpu_args=(--batch-size 32 --steps 4 --warmup 1)
  # float16 is emulated on most CPUs (a ResNet-18 step takes minutes): a tiny net for the dry run
  fp16_args=(--backbone convnet-tiny --batch-size 16 --steps 2 --warmup 1)
  long_args=(--backbone convnet-tiny --steps 6 --batch-size 64 --eval-every 3)
  methods_args=(--methods simsiam,swav --steps 3 --batch-size 32 --backbone convnet-tiny)
else
  gpu_args=()
  fp16_args=()
  # the carried cut (3,000 images by default) for 60 epochs at batch 512, kNN every 12 epochs
  long_args=(--backbone resnet18-cifar --epochs 60 --batch-size 512 --eval-every 60)
  methods_args=(--methods simsiam,swav,barlow-twins,byol,moco-v3,dino --steps 1000)
fi

{ nvidia-smi || echo "no nvidia-smi"; } > "$out/nvidia-smi.txt" 2>&1
echo "torch: $("$python" -c 'import torch; print(torch.__version__)' 2>&1)" | tee -a "$out/summary.txt"
# 560 s in all, under the 600 s a call may run
stage doctor 30 doctor
stage parity 80 bench parity --device "$device" --data .gpu/cifar10
stage bench-gpu 150 bench gpu --device "$device" --data .gpu/cifar10 --python "$python" "${gpu_args[@]}"
stage bench-gpu-fp16 60 bench gpu --device "$device" --data .gpu/cifar10 --precision fp16 --no-reference "${fp16_args[@]}"
# issue 21: do the slow starters learn when given five times the CPU budget of `bench methods`?
stage methods-long 170 bench methods --device "$device" --data .gpu/cifar10 "${methods_args[@]}"
stage long-run 70 train --method simclr --data .gpu/cifar10 --device "$device" \
  --out "$out/long-run" --overwrite "${long_args[@]}"
cat "$out/summary.txt"
