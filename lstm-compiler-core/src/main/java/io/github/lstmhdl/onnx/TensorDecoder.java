package io.github.lstmhdl.onnx;

import com.google.protobuf.ByteString;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Turns a TensorProto into a {@link Constant}: checks the declared dimensions against the size limit
 * before allocating anything, then decodes raw_data (little-endian), the typed data fields, or external
 * data from a file inside the model's own folder.
 */
final class TensorDecoder {
    private final String file;
    private final Path modelDir;
    private final long maxElements;

    /**
     * @param modelDir the folder that external data must stay inside; null when the model did not come
     *                 from a file (external data is then an error)
     */
    TensorDecoder(String file, Path modelDir, long maxElements) {
        this.file = file;
        this.modelDir = modelDir;
        this.maxElements = maxElements;
    }

    /** Validates dims: non-negative, each and their product at most the limit. */
    int[] shape(long[] dims, String where) throws InvalidNetworkException {
        int[] shape = new int[dims.length];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = dims[i];
            if (d < 0) {
                throw new InvalidNetworkException(file, where, "negative dimension " + d + " in " + Arrays.toString(dims));
            }
            if (d > maxElements || d > Integer.MAX_VALUE - 8) {
                throw new InvalidNetworkException(file, where, "dimension " + d + " in " + Arrays.toString(dims)
                        + " exceeds the limit of " + maxElements + " elements");
            }
            count *= d; // both factors are at most 2^31, so no overflow before the check
            if (count > maxElements) {
                throw new InvalidNetworkException(file, where, "shape " + Arrays.toString(dims)
                        + " holds more than the limit of " + maxElements + " elements");
            }
            shape[i] = (int) d;
        }
        return shape;
    }

    Constant decode(Tensor t, String where) throws InvalidNetworkException {
        int[] shape = shape(t.dims(), where);
        int count = (int) Constant.count(shape);
        int type = t.dataType();
        int width = width(type, where);
        if (t.external()) {
            return fromBytes(readExternal(t, (long) count * width, where), type, shape, count, where);
        }
        if (t.rawData() != null) {
            ByteString raw = t.rawData();
            if (raw.size() != (long) count * width) {
                throw new InvalidNetworkException(file, where, "raw_data holds " + raw.size() + " bytes but shape "
                        + Arrays.toString(shape) + " of " + typeName(type) + " needs " + (long) count * width);
            }
            return fromBytes(raw.asReadOnlyByteBuffer(), type, shape, count, where);
        }
        switch (type) {
            case OnnxProto.FLOAT -> {
                return Constant.ofFloats(exact(t.floatData(), t.floatData().length, count, "float_data", where), shape);
            }
            case OnnxProto.DOUBLE -> {
                check(t.doubleData().length, count, "double_data", where);
                float[] f = new float[count];
                for (int i = 0; i < count; i++) {
                    f[i] = (float) t.doubleData()[i];
                }
                return Constant.ofFloats(f, shape);
            }
            case OnnxProto.FLOAT16 -> {
                check(t.int32Data().length, count, "int32_data", where);
                float[] f = new float[count];
                for (int i = 0; i < count; i++) {
                    f[i] = halfToFloat((int) t.int32Data()[i]);
                }
                return Constant.ofFloats(f, shape);
            }
            case OnnxProto.INT64 -> {
                check(t.int64Data().length, count, "int64_data", where);
                return Constant.ofLongs(t.int64Data().clone(), shape);
            }
            case OnnxProto.UINT32, OnnxProto.UINT64 -> throw new InvalidNetworkException(file, where,
                    "unsigned 32/64-bit tensors without raw_data are not supported");
            default -> {
                check(t.int32Data().length, count, "int32_data", where);
                return Constant.ofLongs(t.int32Data().clone(), shape);
            }
        }
    }

    private float[] exact(float[] data, int have, int count, String field, String where) throws InvalidNetworkException {
        check(have, count, field, where);
        return data.clone();
    }

    private void check(int have, int count, String field, String where) throws InvalidNetworkException {
        if (have != count) {
            throw new InvalidNetworkException(file, where, field + " holds " + have + " values but the shape needs " + count);
        }
    }

    private Constant fromBytes(ByteBuffer buf, int type, int[] shape, int count, String where) {
        ByteBuffer b = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case OnnxProto.FLOAT -> {
                float[] f = new float[count];
                b.asFloatBuffer().get(f);
                return Constant.ofFloats(f, shape);
            }
            case OnnxProto.DOUBLE -> {
                float[] f = new float[count];
                for (int i = 0; i < count; i++) {
                    f[i] = (float) b.getDouble(i * 8);
                }
                return Constant.ofFloats(f, shape);
            }
            case OnnxProto.FLOAT16 -> {
                float[] f = new float[count];
                for (int i = 0; i < count; i++) {
                    f[i] = halfToFloat(b.getShort(i * 2) & 0xffff);
                }
                return Constant.ofFloats(f, shape);
            }
            default -> {
                long[] l = new long[count];
                for (int i = 0; i < count; i++) {
                    l[i] = switch (type) {
                        case OnnxProto.INT64, OnnxProto.UINT64 -> b.getLong(i * 8);
                        case OnnxProto.INT32 -> b.getInt(i * 4);
                        case OnnxProto.UINT32 -> b.getInt(i * 4) & 0xffffffffL;
                        case OnnxProto.INT16 -> b.getShort(i * 2);
                        case OnnxProto.UINT16 -> b.getShort(i * 2) & 0xffff;
                        case OnnxProto.INT8 -> b.get(i);
                        default -> b.get(i) & 0xff; // UINT8, BOOL
                    };
                }
                return Constant.ofLongs(l, shape);
            }
        }
    }

    private ByteBuffer readExternal(Tensor t, long bytes, String where) throws InvalidNetworkException {
        if (modelDir == null) {
            throw new InvalidNetworkException(file, where, "external data is only supported for models read from a file");
        }
        String location = t.externalData().get("location");
        if (location == null || location.isEmpty()) {
            throw new InvalidNetworkException(file, where, "external data without a 'location'");
        }
        long offset = parseLong(t.externalData().getOrDefault("offset", "0"), "offset", where);
        long length = t.externalData().containsKey("length")
                ? parseLong(t.externalData().get("length"), "length", where) : bytes;
        if (length != bytes) {
            throw new InvalidNetworkException(file, where, "external data length " + length + " does not match the "
                    + bytes + " bytes that the shape needs");
        }
        Path dir;
        Path target;
        try {
            dir = modelDir.toRealPath();
            Path candidate = dir.resolve(location).normalize();
            if (!candidate.startsWith(dir)) {
                throw new InvalidNetworkException(file, where, "external data location '" + location
                        + "' escapes the model's folder");
            }
            if (!Files.isRegularFile(candidate)) {
                throw new InvalidNetworkException(file, where, "external data file '" + location + "' does not exist");
            }
            target = candidate.toRealPath();
        } catch (java.nio.file.InvalidPathException | IOException e) {
            throw new InvalidNetworkException(file, where, "external data location '" + location + "' is unusable: "
                    + e.getMessage(), e);
        }
        if (!target.startsWith(dir)) {
            throw new InvalidNetworkException(file, where, "external data location '" + location
                    + "' escapes the model's folder");
        }
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            if (offset + length > ch.size()) {
                throw new InvalidNetworkException(file, where, "external data file '" + location + "' holds "
                        + ch.size() + " bytes, fewer than offset " + offset + " + length " + length);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) length);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    throw new InvalidNetworkException(file, where, "external data file '" + location + "' is truncated");
                }
            }
            buf.flip();
            return buf;
        } catch (IOException e) {
            throw new InvalidNetworkException(file, where, "cannot read external data '" + location + "': "
                    + e.getMessage(), e);
        }
    }

    private long parseLong(String s, String key, String where) throws InvalidNetworkException {
        try {
            long v = Long.parseLong(s.trim());
            if (v < 0) {
                throw new NumberFormatException("negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidNetworkException(file, where, "external data '" + key + "' is not a valid size: " + s);
        }
    }

    private int width(int type, String where) throws InvalidNetworkException {
        return switch (type) {
            case OnnxProto.FLOAT, OnnxProto.INT32, OnnxProto.UINT32 -> 4;
            case OnnxProto.DOUBLE, OnnxProto.INT64, OnnxProto.UINT64 -> 8;
            case OnnxProto.FLOAT16, OnnxProto.INT16, OnnxProto.UINT16 -> 2;
            case OnnxProto.INT8, OnnxProto.UINT8, OnnxProto.BOOL -> 1;
            default -> throw new InvalidNetworkException(file, where, "unsupported tensor data type " + type);
        };
    }

    static String typeName(int type) {
        return switch (type) {
            case OnnxProto.FLOAT -> "float32";
            case OnnxProto.DOUBLE -> "float64";
            case OnnxProto.FLOAT16 -> "float16";
            case OnnxProto.INT64 -> "int64";
            case OnnxProto.INT32 -> "int32";
            default -> "type " + type;
        };
    }

    static float halfToFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant / 1024f / 16384f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
