package io.github.lstmhdl.onnx;
import io.github.lstmhdl.ir.*;
import java.nio.file.Path;
public final class TensorProtos { public static FloatTensor readFloatTensor(Path f) throws InvalidNetworkException { throw new InvalidNetworkException(f.toString(), "", "TEMP"); } }
