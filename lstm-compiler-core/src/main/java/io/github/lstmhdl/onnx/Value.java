package io.github.lstmhdl.onnx;

/**
 * What a tensor name stands for while a graph is translated: a {@link Constant} known at import time
 * (folded), or a {@link Flow} on the dynamic path from the sequence input (translated into layers).
 * Sealed, so that every place that tells the two apart is an exhaustive {@code switch}.
 */
sealed interface Value permits Constant, Flow {
}
