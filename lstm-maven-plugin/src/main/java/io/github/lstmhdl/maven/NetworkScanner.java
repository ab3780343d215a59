package io.github.lstmhdl.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.codehaus.plexus.util.DirectoryScanner;

/**
 * Finds the network files under the source directory with Maven's include/exclude patterns
 * ({@code **}{@code /*.onnx}), in a stable order.
 */
final class NetworkScanner {

    /** The default includes: ONNX models and native JSON networks. */
    static final List<String> DEFAULT_INCLUDES = List.of("**/*.onnx", "**/*.lstm.json");

    private NetworkScanner() {
    }

    /**
     * The networks under {@code root}, as '/'-separated paths relative to it, sorted.
     *
     * @param includes patterns to include; empty means {@link #DEFAULT_INCLUDES}
     * @param excludes patterns to exclude (Maven's default excludes such as VCS folders always apply)
     * @return empty when {@code root} is not a directory
     */
    static List<String> scan(Path root, List<String> includes, List<String> excludes) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        DirectoryScanner scanner = new DirectoryScanner();
        scanner.setBasedir(root.toFile());
        List<String> inc = includes == null || includes.isEmpty() ? DEFAULT_INCLUDES : includes;
        scanner.setIncludes(inc.toArray(String[]::new));
        if (excludes != null && !excludes.isEmpty()) {
            scanner.setExcludes(excludes.toArray(String[]::new));
        }
        scanner.addDefaultExcludes();
        scanner.scan();
        List<String> files = new ArrayList<>();
        for (String f : scanner.getIncludedFiles()) {
            // only the platform's separator separates folders: a backslash in a Linux file name is a character
            files.add(File.separatorChar == '/' ? f : f.replace(File.separatorChar, '/'));
        }
        String[] sorted = files.toArray(String[]::new);
        Arrays.sort(sorted);
        return List.of(sorted);
    }
}
