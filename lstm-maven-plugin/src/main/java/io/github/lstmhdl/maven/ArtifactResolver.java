package io.github.lstmhdl.maven;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;

/**
 * Finds the archive file of a network artifact. A seam so that the mojo's handling of network artifacts
 * is tested without a repository; production code uses {@link #maven}, Maven's own resolver.
 */
@FunctionalInterface
interface ArtifactResolver {

    /**
     * The local file of the artifact, downloaded first when the local repository lacks it.
     *
     * @throws UnresolvableArtifactException with the reason (not found, no network, bad checksum, ...)
     */
    Path resolve(ArtifactCoordinate artifact) throws UnresolvableArtifactException;

    /** The artifact cannot be resolved; the message is the reason. */
    final class UnresolvableArtifactException extends Exception {
        private static final long serialVersionUID = 1L;

        UnresolvableArtifactException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * Maven's resolver (maven-resolver's {@link RepositorySystem}, the API that Maven 3.x plugins use) with
     * the build's session (local repository, offline mode, mirrors, proxies) and the project's remote
     * repositories, as for any dependency.
     */
    static ArtifactResolver maven(RepositorySystem system, RepositorySystemSession session,
            List<RemoteRepository> repositories) {
        return artifact -> {
            ArtifactRequest request = new ArtifactRequest(new DefaultArtifact(artifact.groupId(), artifact.artifactId(),
                    artifact.classifier(), artifact.type(), artifact.version()), repositories, "lstm:networkArtifacts");
            try {
                ArtifactResult result = system.resolveArtifact(session, request);
                return result.getArtifact().getFile().toPath();
            } catch (ArtifactResolutionException e) {
                return reason(e);
            }
        };
    }

    private static Path reason(ArtifactResolutionException e) throws UnresolvableArtifactException {
        // the resolver's message lists every repository tried; its causes say why each failed
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = e.getMessage();
        if (root != e && root.getMessage() != null && !why.contains(root.getMessage())) {
            why += " (" + root.getMessage() + ")";
        }
        throw new UnresolvableArtifactException(why, e);
    }
}
