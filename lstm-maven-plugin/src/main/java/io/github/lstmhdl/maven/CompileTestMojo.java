package io.github.lstmhdl.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.model.Resource;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Compiles the networks under {@code src/test/networks} as {@code compile} compiles the main ones, into
 * the test roots: the constants classes join the test sources, the images, headers and maps the test
 * resources, so that unit tests can load networks that are not shipped (fixtures, small variants). Every
 * setting of {@code compile} applies (preset, memory, per-network settings, package, ...), except the
 * folders and artifacts: {@link #testSourceDirectory}, {@link #generatedTestSourcesDirectory},
 * {@link #generatedTestResourcesDirectory} and {@link #testNetworkArtifacts} replace {@code sourceDirectory},
 * {@code generatedSourcesDirectory}, {@code generatedResourcesDirectory} and {@code networkArtifacts},
 * which this goal ignores; {@code headerDirectory} and {@code mapDirectory} do not apply either (the test
 * networks' headers and maps stay in the test resources, which no jar carries). The
 * build state is kept apart from the main goal's ({@code target/lstm-maven-plugin/compile-test}); the
 * build lock is shared.
 */
@Mojo(name = "compile-test", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.NONE)
public class CompileTestMojo extends CompileMojo {

    /** The folder searched for test networks. Default: {@code src/test/networks}; a missing folder is no error. */
    @Parameter(property = "lstm.testSourceDirectory", defaultValue = "${project.basedir}/src/test/networks")
    private File testSourceDirectory;

    /**
     * Where the test networks' constants classes go; added to the project's test source roots. Default:
     * {@code target/generated-test-sources/lstm}.
     */
    @Parameter(property = "lstm.generatedTestSourcesDirectory",
            defaultValue = "${project.build.directory}/generated-test-sources/lstm")
    private File generatedTestSourcesDirectory;

    /**
     * Where the test networks' images, headers and maps go; added to the project's test resources.
     * Default: {@code target/generated-test-resources/lstm}.
     */
    @Parameter(property = "lstm.generatedTestResourcesDirectory",
            defaultValue = "${project.build.directory}/generated-test-resources/lstm")
    private File generatedTestResourcesDirectory;

    /**
     * Network artifacts whose networks join the test networks, as {@code networkArtifacts} does for the
     * main ones (which this goal ignores), e.g. a model repository's fixtures; extracted to
     * {@code target/lstm-maven-plugin/compile-test/<execution>/artifacts/}. Default: none.
     */
    @Parameter(property = "lstm.testNetworkArtifacts")
    private List<String> testNetworkArtifacts;

    /** For Maven. */
    public CompileTestMojo() {
    }

    @Override
    File networksFolder() {
        return testSourceDirectory;
    }

    @Override
    File generatedSourcesFolder() {
        return generatedTestSourcesDirectory;
    }

    @Override
    File generatedResourcesFolder() {
        return generatedTestResourcesDirectory;
    }

    /** The test networks' headers and maps stay with their images in the test resources. */
    @Override
    File headersFolder() {
        return null;
    }

    @Override
    File mapsFolder() {
        return null;
    }

    @Override
    List<String> artifactCoordinates() {
        return testNetworkArtifacts;
    }

    @Override
    List<String> sourceRoots() {
        return project().getTestCompileSourceRoots();
    }

    @Override
    void addSourceRoot(String folder) {
        project().addTestCompileSourceRoot(folder);
    }

    @Override
    List<Resource> resources() {
        return project().getTestResources();
    }

    @Override
    void addResource(Resource resource) {
        project().addTestResource(resource);
    }

    @Override
    String classesFolder() {
        return project().getBuild() == null ? null : project().getBuild().getTestOutputDirectory();
    }

    @Override
    String stateRoot() {
        return "compile-test";
    }
}
