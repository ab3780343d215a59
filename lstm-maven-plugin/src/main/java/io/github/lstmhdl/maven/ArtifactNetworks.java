package io.github.lstmhdl.maven;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The networks of {@code <networkArtifacts>}: resolves each coordinate, extracts its archive into a folder
 * of its own under the execution's state folder ({@code <coordinate parts>/}, so that a new version is a
 * new folder), finds the networks there with the same includes and excludes as the networks folder, and
 * rejects a network whose key is also a local network's or another artifact's. Extraction folders of
 * artifacts no longer listed (a removed artifact, an older version) are deleted, so their networks'
 * outputs are removed like a deleted network's. The caller holds the build lock.
 */
final class ArtifactNetworks {

    private final ArtifactResolver resolver;
    private final Path folder;

    /**
     * @param resolver finds the archives
     * @param folder   the folder the archives are extracted to, one subfolder each
     */
    ArtifactNetworks(ArtifactResolver resolver, Path folder) {
        this.resolver = resolver;
        this.folder = folder.toAbsolutePath().normalize();
    }

    /**
     * Parses the coordinates.
     *
     * @throws MojoFailureException naming the malformed or repeated coordinate
     */
    static List<ArtifactCoordinate> parse(List<String> coordinates) throws MojoFailureException {
        List<ArtifactCoordinate> artifacts = new ArrayList<>();
        Map<String, ArtifactCoordinate> byKey = new LinkedHashMap<>();
        for (String c : coordinates == null ? List.<String>of() : coordinates) {
            if (c == null || c.isBlank()) {
                continue;
            }
            ArtifactCoordinate a;
            try {
                a = ArtifactCoordinate.parse(c);
            } catch (IllegalArgumentException e) {
                throw new MojoFailureException("Invalid parameter networkArtifacts (lstm.networkArtifacts): "
                        + e.getMessage());
            }
            ArtifactCoordinate twice = byKey.put(a.versionlessKey(), a);
            if (twice != null) {
                throw new MojoFailureException("Invalid parameter networkArtifacts (lstm.networkArtifacts): "
                        + twice + " and " + a + " are the same artifact; list it once");
            }
            artifacts.add(a);
        }
        return artifacts;
    }

    /**
     * The networks of every artifact, in the order listed and then by key.
     *
     * @param local        the keys of the networks folder's networks
     * @param localFolder  how messages name the networks folder, e.g. {@code src/main/networks}
     * @throws MojoFailureException for an unresolvable coordinate, an unusable archive or a name clash
     */
    List<FoundNetwork> find(List<ArtifactCoordinate> artifacts, List<String> local, String localFolder,
            List<String> includes, List<String> excludes) throws MojoFailureException, IOException {
        Map<String, String> owners = new LinkedHashMap<>();
        local.forEach(key -> owners.put(key, localFolder));
        List<FoundNetwork> found = new ArrayList<>();
        Set<String> folders = new HashSet<>();
        for (ArtifactCoordinate a : artifacts) {
            Path archive;
            try {
                archive = resolver.resolve(a);
            } catch (ArtifactResolver.UnresolvableArtifactException e) {
                throw new MojoFailureException("Cannot resolve network artifact " + a + " (parameter networkArtifacts): "
                        + e.getMessage());
            }
            Path dir = folder.resolve(a.folderName());
            folders.add(a.folderName());
            try {
                NetworkArchive.extract(archive, dir);
            } catch (NetworkArchive.InvalidArchiveException e) {
                throw new MojoFailureException("Network artifact " + a + " (" + archive + "): " + e.getMessage());
            }
            List<String> keys = NetworkScanner.scan(dir, includes, excludes);
            for (String key : keys) {
                String other = owners.putIfAbsent(key, "network artifact " + a);
                if (other != null) {
                    throw new MojoFailureException("Network " + key + " is in both " + other + " and network artifact "
                            + a + ": they would be compiled to the same outputs; keep one of them (<excludes> cannot"
                            + " tell them apart: it applies to both at the same path)");
                }
                found.add(new FoundNetwork(key, dir, Optional.of(a)));
            }
        }
        deleteOthers(folders);
        return found;
    }

    /** Deletes the extraction folders of artifacts no longer listed. */
    private void deleteOthers(Set<String> keep) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (!keep.contains(p.getFileName().toString())) {
                    stale.add(p);
                }
            }
        }
        for (Path p : stale) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
        if (keep.isEmpty()) {
            Files.deleteIfExists(folder);
        }
    }
}
