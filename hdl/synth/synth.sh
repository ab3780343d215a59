#!/usr/bin/env bash
# Synthesizes lstm_processor with Yosys for a Xilinx 7-series part (synth_xilinx -family xc7) and
# prints the cell statistics: synth.sh FC_THREADS [LOG]. docs/hardware.md, "Synthesizing".
set -euo pipefail
threads=${1:?FC_THREADS}
log=${2:-/dev/stdout}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here/rtl"
yosys -q -l "$log" -p "
  read_verilog -I. lstm_processor.v lstm_fc_kernel.v lstm_elementwise.v lstm_activation.v lstm_act_rom.v lstm_requant.v lstm_mem_access.v
  chparam -set FC_THREADS $threads lstm_processor
  synth_xilinx -family xc7 -top lstm_processor -flatten
  tee -o /dev/stdout stat
" > /dev/null
