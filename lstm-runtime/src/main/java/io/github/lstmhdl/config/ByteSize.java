package io.github.lstmhdl.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints memory sizes the way users write them in a pom or on a command line:
 * {@code 512MiB}, {@code 1GB}, {@code 64k}, {@code 0x20000000}, {@code 4096}. Binary and decimal
 * suffixes are both read as binary multiples (1 GB = 1 GiB), as FPGA memory is sized in powers of two.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b?)", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException with the text and the accepted forms when it is not a size
     */
    public static long parse(String text) {
        String s = text == null ? "" : text.trim();
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseLong(s.substring(2).replace("_", ""), 16);
            }
            Matcher m = SIZE.matcher(s);
            if (m.matches()) {
                long value = Long.parseLong(m.group(1));
                int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "k" -> 10;
                    case "m" -> 20;
                    case "g" -> 30;
                    case "t" -> 40;
                    default -> 0;
                };
                if (shift == 0 && !m.group(3).isEmpty() && !m.group(3).equalsIgnoreCase("b")) {
                    throw new NumberFormatException();
                }
                if (Long.numberOfLeadingZeros(value) <= shift) {
                    throw new NumberFormatException();
                }
                return value << shift;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("'" + text
                + "' is not a memory size (examples: 512MiB, 1GB, 64KiB, 0x20000000, 4096)");
    }

    /** The toolbox's way of printing an allocated space: {@code 368.0 kB} or {@code 12.5 MB}. */
    public static String toolboxFormat(long bytes) {
        if (bytes >= 10L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
        }
        return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }

    /** A short exact form for messages: {@code 536870912 bytes (512.0 MiB)}. */
    public static String describe(long bytes) {
        String unit;
        double value;
        if (bytes >= 1L << 30) {
            unit = "GiB";
            value = bytes / (double) (1L << 30);
        } else if (bytes >= 1L << 20) {
            unit = "MiB";
            value = bytes / (double) (1L << 20);
        } else {
            unit = "KiB";
            value = bytes / 1024.0;
        }
        return String.format(Locale.ROOT, "%d bytes (%.1f %s)", bytes, value, unit);
    }
}
