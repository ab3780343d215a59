package io.github.lstmhdl.lower;

/**
 * Where a layer stands in the network, as its lowering needs to know it.
 *
 * @param last     the layer is the network's last one
 * @param toOutput the layer writes the network's output region (the last layer that runs on the
 *                 processor), not a buffer of its own
 */
record Placement(boolean last, boolean toOutput) {
}
