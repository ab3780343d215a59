package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;

/**
 * The running total of the bytes that one import spends on constants beyond what the model file holds:
 * tensors widened on decoding (float16, int8, int32 …), bound graph inputs, every tensor or index
 * table the constant folder creates, and every copy of a weight that a layer makes (reordered,
 * transposed or summed) while other nodes still read the original: a weight shared by many layers
 * (one ConstantOfShape feeding every LSTM's R) is materialized once per layer, not once. Tensors decoded at their stored width are not counted: their size
 * is checked against the bytes present, so a large model's weights never meet this limit. Each
 * allocation is charged before it is made, so a small model whose ConstantOfShape or Expand nodes each
 * stay under the per-tensor element limit still cannot make the importer allocate gigabytes in all.
 * The total only grows (memory released during the import is not credited back), which keeps the
 * outcome independent of the garbage collector and of the order in which values are dropped.
 */
final class ConstantBudget {
    private final String file;
    private final long limit;
    private long used;

    /** @param limit the most bytes all constants of the import may take together */
    ConstantBudget(String file, long limit) {
        this.file = file;
        this.limit = limit;
    }

    /**
     * Charges {@code elements} elements of {@code width} bytes each, for the tensor made at {@code where}.
     *
     * @throws InvalidNetworkException when the total would exceed the limit; nothing is charged then
     */
    void charge(long elements, int width, String where) throws InvalidNetworkException {
        charge(elements, width, where, "this tensor needs");
    }

    /**
     * Charges the copy of a weight tensor that a node makes for itself while other nodes still read
     * the original (a weight shared by several layers is copied, reordered or transposed per layer).
     *
     * @param what the tensor copied, such as "input R"
     * @throws InvalidNetworkException when the total would exceed the limit; nothing is charged then
     */
    void chargeCopy(long elements, int width, String where, String what) throws InvalidNetworkException {
        charge(elements, width, where, "the copy of " + what + " that this node makes (other nodes read the"
                + " same values, so each makes its own) needs");
    }

    private void charge(long elements, int width, String where, String needs) throws InvalidNetworkException {
        long bytes = elements > Long.MAX_VALUE / width ? Long.MAX_VALUE : elements * width;
        if (bytes > limit - used) {
            throw new InvalidNetworkException(file, where, "the constants of this model would take more than the"
                    + " import limit of " + limit + " bytes (" + mib(limit) + ") in all: " + needs + " "
                    + (bytes == Long.MAX_VALUE ? "more than that" : bytes + " bytes") + " after " + used
                    + " bytes already taken by other constants");
        }
        used += bytes;
    }

    private static String mib(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " B";
    }
}
