#!/usr/bin/env bash
# Builds the Verilator test bench of lstm_processor: build.sh OUTPUT_DIR FC_THREADS
# (the executable is OUTPUT_DIR/lstm_tb). docs/hardware.md, "Simulating".
set -euo pipefail
out=${1:?output directory}
threads=${2:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
verilator --cc --exe --build -O2 -j 2 --x-assign fast --x-initial fast \
  -Wno-WIDTH -Wno-UNUSEDPARAM -Wno-UNUSEDSIGNAL \
  -I"$here/rtl" --top-module lstm_processor -GFC_THREADS="$threads" \
  -CFLAGS -O1 -Mdir "$out" -o lstm_tb \
  "$here"/rtl/lstm_processor.v "$here"/rtl/lstm_fc_kernel.v "$here"/rtl/lstm_elementwise.v \
  "$here"/rtl/lstm_activation.v "$here"/rtl/lstm_act_rom.v "$here"/rtl/lstm_requant.v \
  "$here"/rtl/lstm_mem_access.v "$here/tb/lstm_tb.cpp"
