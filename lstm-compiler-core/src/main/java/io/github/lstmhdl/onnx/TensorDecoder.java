package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Span;
import io.github.lstmhdl.onnx.OnnxProto.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.source.SourceFiles;
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
 * before allocating anything, then decodes raw_data (little-endian, read from the model's bytes where
 * the wire reader found it), the typed data fields, or external data from a file inside the model's own
 * folder. Raw and external data are read in chunks straight into the decoded array, so a tensor's bytes
 * are never held beside its values.
 */
final class TensorDecoder {
    /** Bytes read at a time from raw or external data. */
    private static final int CHUNK_BYTES = 1 << 20;

    private final String file;
    private final Path modelDir;
    private final long maxElements;
    private final ModelBytes model;
    private final ConstantBudget budget;
    private final SourceFiles sources;

    /**
     * @param modelDir the folder that external data must stay inside; null when the model did not come
     *                 from a file (external data is then an error)
     * @param model    the bytes the tensors' raw_data spans point into (open while tensors are decoded)
     * @param budget   charged with every decoded tensor before its values are allocated
     * @param sources  told of every external data file before it is read
     */
    TensorDecoder(String file, Path modelDir, long maxElements, ModelBytes model, ConstantBudget budget,
            SourceFiles sources) {
        this.file = file;
        this.modelDir = modelDir;
        this.maxElements = maxElements;
        this.model = model;
        this.budget = budget;
        this.sources = sources;
    }

    /** A decoder with a budget of its own, the default for all constants (a single tensor file). */
    TensorDecoder(String file, Path modelDir, long maxElements, ModelBytes model) {
        this(file, modelDir, maxElements, model, new ConstantBudget(file, ImportOptions.DEFAULT_MAX_CONSTANT_BYTES),
                new SourceFiles());
    }

    /** The budget that this import's constants are charged to. */
    ConstantBudget budget() {
        return budget;
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
        int decodedWidth = isFloating(type) ? Float.BYTES : Long.BYTES;
        if (decodedWidth > width) {
            // widened on decoding (float16, int8, int32 …): more than the file's bytes, so it counts; a tensor
            // decoded at its stored width is bounded by the bytes the model really holds (checked below)
            budget.charge(count, decodedWidth, where);
        }
        if (t.external()) {
            return readExternal(t, type, width, shape, count, where);
        }
        if (t.rawData() != null) {
            Span raw = t.rawData();
            if (raw.length() != (long) count * width) {
                throw new InvalidNetworkException(file, where, "raw_data holds " + raw.length() + " bytes but shape "
                        + Arrays.toString(shape) + " of " + typeName(type) + " needs " + (long) count * width);
            }
            try {
                return read(model, raw.offset(), type, width, shape, count);
            } catch (IOException e) {
                throw new InvalidNetworkException(file, where, "cannot read raw_data: " + e.getMessage(), e);
            }
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

    /** Decodes {@code count} little-endian elements of {@code type} that start at {@code offset}. */
    private static Constant read(ModelBytes bytes, long offset, int type, int width, int[] shape, int count)
            throws IOException {
        boolean floating = isFloating(type);
        float[] f = floating ? new float[count] : null;
        long[] l = floating ? null : new long[count];
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, (long) count * width))
                .order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = chunk.capacity() / width;
        for (int done = 0, n; done < count; done += n) {
            n = Math.min(count - done, perChunk);
            chunk.clear().limit(n * width);
            bytes.read(offset + (long) done * width, chunk);
            chunk.flip();
            if (type == OnnxProto.FLOAT) {
                chunk.asFloatBuffer().get(f, done, n);
                continue;
            }
            for (int i = 0; i < n; i++) {
                switch (type) {
                    case OnnxProto.DOUBLE -> f[done + i] = (float) chunk.getDouble(i * 8);
                    case OnnxProto.FLOAT16 -> f[done + i] = halfToFloat(chunk.getShort(i * 2) & 0xffff);
                    case OnnxProto.INT64, OnnxProto.UINT64 -> l[done + i] = chunk.getLong(i * 8);
                    case OnnxProto.INT32 -> l[done + i] = chunk.getInt(i * 4);
                    case OnnxProto.UINT32 -> l[done + i] = chunk.getInt(i * 4) & 0xffffffffL;
                    case OnnxProto.INT16 -> l[done + i] = chunk.getShort(i * 2);
                    case OnnxProto.UINT16 -> l[done + i] = chunk.getShort(i * 2) & 0xffff;
                    case OnnxProto.INT8 -> l[done + i] = chunk.get(i);
                    default -> l[done + i] = chunk.get(i) & 0xff; // UINT8, BOOL
                }
            }
        }
        return floating ? Constant.ofFloats(f, shape) : Constant.ofLongs(l, shape);
    }

    private Constant readExternal(Tensor t, int type, int width, int[] shape, int count, String where)
            throws InvalidNetworkException {
        long bytes = (long) count * width;
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
        // the path as the model names it, not the link's target: a retargeted link is then a changed file
        sources.reading(modelDir.toAbsolutePath().resolve(location).normalize());
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            if (offset > ch.size() - length) { // not offset + length: that may overflow
                throw new InvalidNetworkException(file, where, "external data file '" + location + "' holds "
                        + ch.size() + " bytes, fewer than offset " + offset + " + length " + length);
            }
            return read(ModelBytes.of(ch), offset, type, width, shape, count);
        } catch (java.io.EOFException e) {
            throw new InvalidNetworkException(file, where, "external data file '" + location + "' is truncated", e);
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

    private static boolean isFloating(int type) {
        return type == OnnxProto.FLOAT || type == OnnxProto.DOUBLE || type == OnnxProto.FLOAT16;
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
