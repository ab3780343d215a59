package io.github.lstmhdl.codegen;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How generated code finds and checks the packaged image: its classpath resource name and the
 * SHA-256 of the whole image file, which the caller computes after writing the image.
 *
 * @param resourceName the absolute classpath resource name, such as
 *                     {@code /com/example/networks/lstm_model.elf}
 * @param sha256       SHA-256 of the image file's bytes, 64 lowercase hex digits
 */
public record ImageReference(String resourceName, String sha256) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public ImageReference {
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(sha256, "sha256");
        if (!resourceName.startsWith("/") || resourceName.contains("\\") || resourceName.contains("..")) {
            throw new IllegalArgumentException("the image resource name must be an absolute classpath name such as "
                    + "/com/example/lstm_model.elf, not '" + resourceName + "'");
        }
        if (!HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("the image checksum must be 64 lowercase hex digits, not '" + sha256 + "'");
        }
    }
}
