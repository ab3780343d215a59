#!/usr/bin/env bash
# Builds the Verilator test bench of one block: build-block.sh OUTPUT_DIR TOP
# (hdl/tb/TOP_tb.cpp against hdl/rtl/TOP.v and the files it instantiates; the executable is
# OUTPUT_DIR/TOP_tb). docs/hardware.md, "What is verified".
set -euo pipefail
out=${1:?output directory}
top=${2:?top module}
here=$(cd "$(dirname "$0")/.." && pwd)
sources=("$here/rtl/$top.v")
if [ "$top" = lstm_activation ]; then sources+=("$here/rtl/lstm_act_rom.v"); fi
mkdir -p "$out"
verilator --cc --exe --build -O2 -j 2 -Wno-WIDTH -Wno-UNUSEDPARAM -Wno-UNUSEDSIGNAL \
  -I"$here/rtl" --top-module "$top" -CFLAGS -O1 -Mdir "$out" -o "${top}_tb" \
  "${sources[@]}" "$here/tb/${top}_tb.cpp"
