package io.github.lstmhdl.codegen;

import io.github.lstmhdl.source.NetworkSources;
import java.io.File;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * The naming rules of generated code: Java class names from network file names, constant names from
 * memory symbol names, and the validation of package and class names given by users.
 */
public final class Identifiers {
    /** The prefix of a constant name that would otherwise start with a digit or be empty. */
    public static final String SYMBOL_PREFIX = "SYM_";

    private static final Set<String> RESTRICTED = Set.of("var", "yield", "record", "sealed", "permits", "non-sealed", "_");

    private Identifiers() {
    }

    /**
     * The network's name from its file name: the last path segment (split at '/' and at the platform's
     * own separator only, so that a backslash in a Linux file name stays part of the name) without
     * {@code .onnx} or {@code .lstm.json} ({@link NetworkSources#networkName}), or without another
     * extension.
     */
    public static String baseName(String fileName) {
        int cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf(File.separatorChar));
        String name = fileName.substring(cut + 1);
        if (NetworkSources.isNetwork(name)) {
            return NetworkSources.networkName(name);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * The default constants class of a network file, in UpperCamelCase: {@code lstm_model.onnx} gives
     * {@code LstmModelOffsets}, {@code 3-layer.lstm.json} gives {@code Network3LayerOffsets}.
     */
    public static String className(String fileName) {
        StringBuilder sb = new StringBuilder();
        for (String part : baseName(fileName).split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, "Network");
        }
        return sb.append("Offsets").toString();
    }

    /**
     * The stem of a symbol's constants: upper case, words split at non-alphanumeric characters and at
     * lower-to-upper case changes, joined by {@code _}; {@code lstm_1.wi.weights} gives
     * {@code LSTM_1_WI_WEIGHTS}. A stem that would start with a digit, be empty or not be a valid
     * identifier gets {@link #SYMBOL_PREFIX}.
     */
    public static String constantStem(String name) {
        StringBuilder sb = new StringBuilder();
        char prev = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = c < 128 && Character.isLetterOrDigit(c);
            if (!alnum) {
                sb.append('_');
            } else {
                if (Character.isUpperCase(c) && (Character.isLowerCase(prev) || Character.isDigit(prev))) {
                    sb.append('_');
                }
                sb.append(Character.toUpperCase(c));
            }
            prev = alnum ? c : '_';
        }
        String stem = sb.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (stem.isEmpty() || Character.isDigit(stem.charAt(0)) || !isJavaIdentifier(stem)) {
            stem = SYMBOL_PREFIX + stem;
        }
        return stem;
    }

    /** Whether a text is a legal Java identifier that is neither a keyword nor a restricted name. */
    public static boolean isJavaIdentifier(String s) {
        return SourceVersion.isIdentifier(s) && !SourceVersion.isKeyword(s, SourceVersion.RELEASE_17)
                && !RESTRICTED.contains(s);
    }

    /**
     * Checks a package name given by a user ({@code ""} for the unnamed package).
     *
     * @throws IllegalArgumentException naming the package and the part that is wrong
     */
    public static String requireValidPackage(String packageName) {
        if (packageName == null) {
            throw new IllegalArgumentException("the package name is missing");
        }
        if (packageName.isEmpty()) {
            return packageName;
        }
        for (String part : packageName.split("\\.", -1)) {
            if (!isJavaIdentifier(part)) {
                throw new IllegalArgumentException("invalid Java package name '" + packageName + "': '" + part
                        + "' is " + (part.isEmpty() ? "empty" : "not a Java identifier (or is a keyword)"));
            }
        }
        return packageName;
    }

    /**
     * Checks a class name given by a user.
     *
     * @throws IllegalArgumentException naming the class name and why it is wrong
     */
    public static String requireValidClassName(String className) {
        if (className == null || !isJavaIdentifier(className)) {
            throw new IllegalArgumentException("invalid Java class name '" + className
                    + "': it must be a Java identifier that is not a keyword, such as LstmModelOffsets");
        }
        return className;
    }
}
