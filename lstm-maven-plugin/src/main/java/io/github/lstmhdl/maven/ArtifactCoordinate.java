package io.github.lstmhdl.maven;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of {@code <networkArtifacts>}: the Maven coordinates of an archive (a jar or zip that a model
 * repository publishes) whose network files are compiled as if they were in the networks folder.
 *
 * <p>Not named {@code NetworkArtifact}: Maven's configurator would build each {@code <networkArtifact>}
 * element as an instance of a class of that name in the mojo's package.
 *
 * @param groupId    the group id, e.g. {@code com.example.models}
 * @param artifactId the artifact id, e.g. {@code keyword-models}
 * @param version    the version (a release, a {@code -SNAPSHOT}, or a range Maven resolves)
 * @param type       the archive type: {@code jar} (the default) or {@code zip}
 * @param classifier the classifier; empty for none
 */
record ArtifactCoordinate(String groupId, String artifactId, String version, String type, String classifier) {

    /** The archive types that the plugin can open (both are zip files). */
    static final List<String> TYPES = List.of("jar", "zip");

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.\\-\\[\\](),]+");

    ArtifactCoordinate {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(classifier, "classifier");
    }

    /**
     * Parses {@code groupId:artifactId:version[:type[:classifier]]}.
     *
     * @throws IllegalArgumentException naming the coordinate and what is wrong with it
     */
    static ArtifactCoordinate parse(String coordinate) {
        String text = coordinate == null ? "" : coordinate.trim();
        String[] parts = text.split(":", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw new IllegalArgumentException("'" + text + "' is not groupId:artifactId:version[:type[:classifier]]"
                    + " (example: com.example:models:1.0.0 or com.example:models:1.0.0:zip:onnx)");
        }
        String[] names = {"groupId", "artifactId", "version", "type", "classifier"};
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].trim();
            boolean optional = i >= 3;
            if (parts[i].isEmpty() && optional) {
                continue;
            }
            if (parts[i].isEmpty() || !PART.matcher(parts[i]).matches()) {
                throw new IllegalArgumentException("'" + text + "' has " + (parts[i].isEmpty() ? "an empty "
                        + names[i] : "an invalid " + names[i] + " '" + parts[i] + "'")
                        + " (coordinates are groupId:artifactId:version[:type[:classifier]])");
            }
        }
        String type = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "jar";
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("'" + text + "' has type '" + type + "': a network artifact is a "
                    + String.join(" or ", TYPES) + " archive");
        }
        String classifier = parts.length > 4 ? parts[4] : "";
        return new ArtifactCoordinate(parts[0], parts[1], parts[2], type, classifier);
    }

    /** The coordinate as the pom writes it, with the type always and the classifier when set. */
    String coordinate() {
        return groupId + ":" + artifactId + ":" + version + ":" + type + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    /** Without the version: two entries with the same key are the same artifact twice. */
    String versionlessKey() {
        return groupId + ":" + artifactId + ":" + type + ":" + classifier;
    }

    /**
     * The folder name its archive is extracted to: every coordinate part, so that a new version gets a
     * folder of its own; characters other than letters, digits, '.', '_' and '-' become '_'.
     */
    String folderName() {
        String name = groupId + "_" + artifactId + "_" + version + "_" + type + (classifier.isEmpty() ? "" : "_" + classifier);
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String toString() {
        return coordinate();
    }
}
