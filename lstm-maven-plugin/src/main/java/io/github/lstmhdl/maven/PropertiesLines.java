package io.github.lstmhdl.maven;

/**
 * One {@code key=value} line of a properties file, escaped exactly as {@link java.util.Properties#store(
 * java.io.Writer, String)} escapes it (so {@link java.util.Properties#load} reads it back), but without {@code store}'s date
 * comment: formatting that date loads the JDK's time-zone and locale data, which cost a no-op build more
 * than everything else it does with the state file.
 */
final class PropertiesLines {
    private PropertiesLines() {
    }

    /** {@code key=value}, escaped, without a line end. */
    static String line(String key, String value) {
        StringBuilder sb = new StringBuilder(key.length() + value.length() + 8);
        escape(key, true, sb);
        sb.append('=');
        escape(value, false, sb);
        return sb.toString();
    }

    private static void escape(String s, boolean key, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case ' ' -> sb.append(i == 0 || key ? "\\ " : " ");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\f' -> sb.append("\\f");
                case '\\', '=', ':', '#', '!' -> sb.append('\\').append(c);
                default -> sb.append(c); // store(Writer) leaves other characters as they are (the file is UTF-8)
            }
        }
    }
}
