package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.config.ConfigFields;
import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.output.IoErrors;
import io.github.lstmhdl.ptq.QuantizationOptions;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.source.NetworkSources;
import io.github.lstmhdl.timing.Deadlines;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import javax.lang.model.SourceVersion;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Compiles every LSTM network under {@code src/main/networks} (ONNX models and native
 * {@code .lstm.json} networks), and those of the {@link #networkArtifacts}, for the deep-learning processor: the image and its memory map go to the
 * generated resources (so the jar carries them), the {@code <Name>Offsets} constants class goes to the
 * generated sources (so the project's code can use it).
 *
 * <p>Each network is compiled only when a file its import read (the network file, the {@code .npy}
 * weights a JSON network names, ONNX external data), its effective configuration, the plugin version or
 * the compiler version changed since the last successful build, or when one of its outputs no longer
 * holds what was written; unchanged outputs are never rewritten. Temporary files go to
 * {@code target/lstm-maven-plugin/tmp}, never into the generated roots, and builds of one project take
 * turns through the lock file {@code target/lstm-maven-plugin/build.lock}. The generated roots are registered with the project on
 * every run, also when nothing had to be compiled (but not when {@link #skip} is set).
 *
 * <p>The processor configuration of a network is, field by field: the {@link #preset}, then the
 * global parameters ({@link #memorySize}, ...), then the network's entry in {@link #networks}.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.NONE)
public class CompileMojo extends AbstractMojo {

    /** The project, whose source and resource roots receive the generated folders. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** The execution's id: each execution keeps its own state. */
    @Parameter(defaultValue = "${mojoExecution.executionId}", readonly = true)
    private String executionId;

    /**
     * The plugin's own version, part of every network's fingerprint: a new plugin recompiles every
     * network even when the compiler core did not change.
     */
    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String pluginVersion;

    /** The build directory, where the plugin keeps its state. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    /**
     * The folder searched for networks, e.g. {@code src/main/onnx}. Default:
     * {@code src/main/networks}. A missing folder is not an error: there is nothing to compile. To let
     * the Maven build cache extension see these inputs, declare the folder with the project property
     * {@code <maven.build.cache.input.1>src/main/networks</maven.build.cache.input.1>}.
     */
    @Parameter(property = "lstm.sourceDirectory", defaultValue = "${project.basedir}/src/main/networks")
    private File sourceDirectory;

    /**
     * Which files under {@link #sourceDirectory} are networks, as Ant-style patterns. Default:
     * <code>**&#47;*.onnx</code> and <code>**&#47;*.lstm.json</code> (every ONNX and JSON network).
     * In the pom: {@code <includes><include>kws/*.onnx</include></includes>}; on the command line,
     * comma-separated: {@code -Dlstm.includes=kws/*.onnx,gestures/*.lstm.json}.
     */
    @Parameter(property = "lstm.includes", defaultValue = "**/*.onnx,**/*.lstm.json")
    private List<String> includes;

    /**
     * Files under {@link #sourceDirectory} to leave out, as Ant-style patterns. Default: none. In the
     * pom: {@code <excludes><exclude>experimental/**</exclude></excludes>}; on the command line,
     * comma-separated: {@code -Dlstm.excludes=experimental/**,old/*.onnx}.
     */
    @Parameter(property = "lstm.excludes")
    private List<String> excludes;

    /**
     * Where the generated Java constants classes go; added to the project's compile source roots.
     * Default: {@code target/generated-sources/lstm}.
     */
    @Parameter(property = "lstm.generatedSourcesDirectory",
            defaultValue = "${project.build.directory}/generated-sources/lstm")
    private File generatedSourcesDirectory;

    /**
     * Where the images, C headers and JSON memory maps go; added to the project's resources, so the jar
     * carries them ({@link #headerDirectory} and {@link #mapDirectory} can put the headers and maps
     * elsewhere). Default: {@code target/generated-resources/lstm}.
     */
    @Parameter(property = "lstm.generatedResourcesDirectory",
            defaultValue = "${project.build.directory}/generated-resources/lstm")
    private File generatedResourcesDirectory;

    /**
     * Where the C headers ({@code <network>.h}) go, e.g. {@code ${project.build.directory}/firmware/include}
     * to keep them out of the jar (a folder other than {@link #generatedResourcesDirectory} is not added to
     * the project's resources). They are in the package's folder there as in the resources
     * ({@code com/example/networks/kws.h}). Default: {@link #generatedResourcesDirectory}. When it changes,
     * the headers written at the old place are removed (also their copies in {@code target/classes}).
     * {@link #attach} zips them wherever they are.
     */
    @Parameter(property = "lstm.headerDirectory")
    private File headerDirectory;

    /**
     * Where the JSON memory maps ({@code <network>.memory-map.json}) go; as {@link #headerDirectory}, e.g.
     * {@code ${project.build.directory}/firmware/maps}. Default: {@link #generatedResourcesDirectory}.
     */
    @Parameter(property = "lstm.mapDirectory")
    private File mapDirectory;

    /**
     * The Java package of the generated classes (and the resource folder of the images), e.g.
     * {@code com.example.networks}. Default: empty, the unnamed package. An invalid name fails the
     * build.
     */
    @Parameter(property = "lstm.packageName", defaultValue = "")
    private String packageName;

    /**
     * The processor preset that the configuration starts from: {@code zcu102_single} (default),
     * {@code zcu102_single_8}, {@code zcu102_single_16} or {@code small_single}.
     */
    @Parameter(property = "lstm.preset", defaultValue = "zcu102_single")
    private String preset;

    /**
     * The external memory available to the processor, e.g. {@code 512MiB}, {@code 1GB},
     * {@code 0x20000000} or {@code 536870912}; at most 4 GiB. Default: the preset's (512 MiB for
     * zcu102_single).
     */
    @Parameter(property = "lstm.memorySize")
    private String memorySize;

    /**
     * The processor's physical address of external memory offset 0, e.g. {@code 0x80000000}; a
     * multiple of {@link #alignment}. Default: the preset's (0).
     */
    @Parameter(property = "lstm.baseAddress")
    private String baseAddress;

    /**
     * Every memory region starts at a multiple of this power of two, e.g. {@code 4KiB} or
     * {@code 65536}. Default: the preset's (4096).
     */
    @Parameter(property = "lstm.alignment")
    private String alignment;

    /**
     * The number of frames the input and output buffers hold, e.g. {@code 100}. Default: the model's
     * fixed sequence length, else 30 (the toolbox's InputFrameNumberLimit).
     */
    @Parameter(property = "lstm.maxSequenceLength")
    private String maxSequenceLength;

    /**
     * The data type, e.g. {@code single} (float32, the only one implemented). Default: the preset's
     * ({@code single} for every preset).
     */
    @Parameter(property = "lstm.dataType")
    private String dataType;

    /**
     * The FC kernel's thread count: 4, 8 or 16, e.g. {@code 8}. Default: the preset's (4 for
     * zcu102_single).
     */
    @Parameter(property = "lstm.fcThreads")
    private String fcThreads;

    /**
     * {@code true}: one FC over all four gates per time step; {@code false}: four FCs per step, as the
     * toolbox compiles, e.g. {@code -Dlstm.gateFusion=false}. Default: the preset's (true).
     */
    @Parameter(property = "lstm.gateFusion")
    private String gateFusion;

    /**
     * {@code true} (default): a network that does not fit {@link #memorySize} fails the build with the
     * required and available sizes. {@code false}, e.g. {@code -Dlstm.failOnOverflow=false}: a warning,
     * and nothing is written for that network (its earlier outputs are deleted); the other networks are
     * compiled as usual.
     */
    @Parameter(property = "lstm.failOnOverflow", defaultValue = "true")
    private boolean failOnOverflow;

    /**
     * Skips the goal, e.g. {@code -Dlstm.skip}. Default: {@code false}. Skipping is complete: nothing is
     * compiled, written or deleted, and the generated roots are not registered either, so the project
     * compiles and packages as if the plugin were not there (code that uses the constants classes then
     * does not compile).
     */
    @Parameter(property = "lstm.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Also attach this execution's images, C headers and JSON memory maps to the project as one zip
     * artifact (classifier {@link #attachClassifier}), which {@code mvn install} and {@code deploy} then
     * publish beside the jar: for firmware pipelines that take the images from the repository. The zip is
     * reproducible (entries in path order, stored, dated {@code project.build.outputTimestamp}).
     * Default: false.
     */
    @Parameter(property = "lstm.attach", defaultValue = "false")
    private boolean attach;

    /** The classifier of the attached zip ({@link #attach}). Default: {@code lstm-images}. */
    @Parameter(property = "lstm.attachClassifier", defaultValue = "lstm-images")
    private String attachClassifier;

    /** Maven's timestamp for reproducible archives, which the attached zip's entries carry. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    private String outputTimestamp;

    /** Attaches the zip. */
    @org.apache.maven.plugins.annotations.Component
    private org.apache.maven.project.MavenProjectHelper projectHelper;

    /**
     * The longest a run of one time step alone may take on the processor, by the performance estimate
     * (docs/isa.md §9): a number with the unit {@code ns}, {@code us} (or {@code µs}), {@code ms} or
     * {@code s}, e.g. {@code 250us} or {@code -Dlstm.maxLatencyPerStep=250us}. A network whose estimate is
     * longer fails the build ({@code MojoFailureException}) with the figures and what would fit (more
     * {@code fcThreads}, a faster clock, gate fusion), and nothing is written for it. Default: none.
     * Deadlines do not change the outputs; they are part of the network's fingerprint, so a network is
     * compiled again, and checked, when its deadlines change. Per network: {@code networks/network}.
     */
    @Parameter(property = "lstm.maxLatencyPerStep")
    private String maxLatencyPerStep;

    /**
     * The longest a run of the maximum sequence length (the frame limit) may take, by the estimate; as
     * {@link #maxLatencyPerStep}, e.g. {@code 2ms}. Default: none.
     */
    @Parameter(property = "lstm.maxLatencyPerSequence")
    private String maxLatencyPerSequence;

    /**
     * The fewest runs of the maximum sequence length per second (the toolbox's Frames/s), by the
     * estimate, e.g. {@code 100}; checked as {@link #maxLatencyPerStep}. Default: none.
     */
    @Parameter(property = "lstm.minFramesPerSecond")
    private String minFramesPerSecond;

    /**
     * Prints the performance estimate's tables (the toolbox's {@code Deep Learning Processor Estimator
     * Performance Results} and the figures per time step) for every network compiled, as
     * {@link #verbose} does, without the rest of the verbose log; e.g. {@code -Dlstm.printEstimate}.
     * Default: {@code false} (one summary line per network). Like verbose, it does not make a network out
     * of date; the JSON memory map of an up-to-date network holds the estimate.
     */
    @Parameter(property = "lstm.printEstimate", defaultValue = "false")
    private boolean printEstimate;

    /**
     * Names every layer of an ONNX network by kind and position ({@code lstm_1}, {@code fc_2}), even where
     * the exporter gave its node a clean layer name that would otherwise be kept (MATLAB's {@code lstm},
     * {@code fc_1_MatMul}; docs/formats.md, Names), e.g. {@code -Dlstm.positionalLayerNames}. Default:
     * {@code false}. The names are in the component names and the generated constants, so changing this
     * recompiles the ONNX networks whose names it changes.
     */
    @Parameter(property = "lstm.positionalLayerNames", defaultValue = "false")
    private boolean positionalLayerNames;

    /**
     * Logs every component, state and buffer of each compiled network, not just the summary, e.g.
     * {@code -Dlstm.verbose}. Default: {@code false}. Verbose output does not change the outputs, so it
     * does not make a network out of date: for each up-to-date network one INFO line names it and the
     * JSON memory map written for it, which lists the same components, states and buffers. To see
     * the verbose log itself, rebuild from clean ({@code mvn clean package -Dlstm.verbose}).
     */
    @Parameter(property = "lstm.verbose", defaultValue = "false")
    private boolean verbose;

    /**
     * For {@code dataType} int8: the largest accepted max |int8 − float| of a network's outputs on its
     * calibration samples, as a fraction ({@code 0.05}) or percentage ({@code 5%}) of the float outputs'
     * range; a worse int8 network fails the build. Default: no limit (the accuracy is logged). A network's
     * own {@code maxQuantizationError} wins.
     */
    @Parameter(property = "lstm.maxQuantizationError")
    private String maxQuantizationError;

    /**
     * Per-network settings: {@code file} (relative to {@link #sourceDirectory}), {@code className}
     * (the generated class's simple name), {@code preset} and any configuration field, as the README's
     * table of configuration fields lists them ({@code memorySize},
     * {@code baseAddress}, {@code alignment}, {@code maxSequenceLength}, {@code dataType},
     * {@code fcThreads}, {@code fcInputMemorySize}, {@code fcOutputMemorySize}, {@code fcTiling},
     * {@code addBlock}, {@code multiplyBlock}, {@code sigmoidBlock}, {@code tanhBlock},
     * {@code softmaxOnHost}, {@code gateFusion}, {@code fusedActivations}, {@code inputProjection},
     * {@code clockFrequencyMHz},
     * {@code memoryBandwidthMBps}). {@code clockFrequencyMHz} and {@code memoryBandwidthMBps} are
     * recorded in the image metadata and the fingerprint (a change recompiles), and the performance
     * estimate reads them; and the deadlines {@code maxLatencyPerStep}, {@code maxLatencyPerSequence} and
     * {@code minFramesPerSecond}, each replacing the global one. Default: none, every network uses the global
     * parameters. Not settable from the command line (no user property). Example:
     *
     * <pre>{@code
     * <networks>
     *   <network>
     *     <file>kws.onnx</file>
     *     <className>KeywordSpotter</className>
     *     <memorySize>64MiB</memorySize>
     *   </network>
     * </networks>
     * }</pre>
     */
    @Parameter
    private List<NetworkOverride> networks;

    /**
     * Networks published in Maven artifacts, e.g. by a model repository: each entry is
     * {@code groupId:artifactId:version[:type[:classifier]]}, type {@code jar} (default) or {@code zip},
     * resolved like a dependency (the project's repositories, the local repository, offline mode and
     * mirrors apply). Each archive is extracted to {@code target/lstm-maven-plugin/<goal>/<execution>/artifacts/}
     * (without {@code META-INF/}; an entry with an absolute path or a {@code ..} segment fails the build)
     * and its files that {@link #includes} and {@link #excludes} select are compiled as if they were in
     * {@link #sourceDirectory}, at the same path: {@code <networks>} names them by that path, and a network
     * at the same path as a local one or another artifact's fails the build, naming both. The same
     * incremental rules hold: an unchanged artifact compiles nothing, a new version compiles its networks
     * again, and the outputs of an artifact removed from the list are removed. Default: none. In the pom:
     *
     * <pre>{@code
     * <networkArtifacts>
     *   <networkArtifact>com.example.models:keyword-models:1.2.0</networkArtifact>
     *   <networkArtifact>com.example.models:gesture-models:2.0.0:zip:onnx</networkArtifact>
     * </networkArtifacts>
     * }</pre>
     *
     * On the command line, comma-separated: {@code -Dlstm.networkArtifacts=com.example.models:keyword-models:1.2.0}.
     */
    @Parameter(property = "lstm.networkArtifacts")
    private List<String> networkArtifacts;

    /** Resolves {@link #networkArtifacts}. */
    @org.apache.maven.plugins.annotations.Component
    private org.eclipse.aether.RepositorySystem repositorySystem;

    /** The build's resolver session: local repository, offline mode, mirrors, proxies. */
    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
    private org.eclipse.aether.RepositorySystemSession repositorySession;

    /** The project's remote repositories, which {@link #networkArtifacts} are resolved from. */
    @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
    private List<org.eclipse.aether.repository.RemoteRepository> remoteRepositories;

    /** How long a build waits for another build of the same project to release the build lock. */
    static final Duration LOCK_TIMEOUT = Duration.ofMinutes(10);

    /** The compile step; replaced only by tests. */
    private CompileStep compiler = CompileStep.core();

    /** For Maven. */
    public CompileMojo() {
    }

    /** Resolves network artifacts; null: Maven's resolver. Replaced only by tests. */
    private ArtifactResolver artifactResolver;

    /** Uses another compile step (tests). */
    void setCompiler(CompileStep compiler) {
        this.compiler = compiler;
    }

    /** Uses another artifact resolver (tests). */
    void setArtifactResolver(ArtifactResolver resolver) {
        this.artifactResolver = resolver;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping LSTM network compilation (lstm.skip=true)");
            return;
        }
        long start = System.nanoTime();
        registerOutputRoots();
        String pkg = packageName == null ? "" : packageName.trim();
        if (!pkg.isEmpty() && !SourceVersion.isName(pkg)) {
            throw new MojoFailureException("Invalid parameter packageName (lstm.packageName): '" + packageName
                    + "' is not a Java package name (example: com.example.networks)");
        }
        Path sourceRoot = networksFolder().toPath().toAbsolutePath().normalize();
        Path pluginDir = buildDirectory.toPath().resolve("lstm-maven-plugin");
        Path stateDir = pluginDir.resolve(stateRoot()).resolve(stateFolderName(executionId));
        Path stateFile = stateDir.resolve("state.properties");
        List<ArtifactCoordinate> artifacts = ArtifactNetworks.parse(artifactCoordinates());
        Path noOpFile = stateFile.resolveSibling(NoOpRecord.FILE_NAME);
        // network artifacts are resolved on every build (a SNAPSHOT, or a release installed again, can change
        // under the same coordinate), so the no-op shortcut is for local networks only
        Optional<String> parameterKey = artifacts.isEmpty() ? NoOpRecord.parameterKey(this, List.of(pluginVersion(),
                LstmCompiler.version(), String.valueOf(classesFolder()), stateRoot())) : Optional.empty();
        OptionalInt unchanged = parameterKey.isPresent() ? NoOpRecord.check(noOpFile, parameterKey.get())
                : OptionalInt.empty();
        OutputTree tree = new OutputTree(generatedSourcesFolder().toPath(), generatedResourcesFolder().toPath(),
                pluginDir.resolve("tmp"));
        String classes = classesFolder();
        if (classes != null) {
            tree = tree.withCopiesIn(Path.of(classes));
        }
        OutputTree defaultPlacement = tree;
        tree = tree.withSideFiles(orDefault(headersFolder()), orDefault(mapsFolder()));
        if (unchanged.isPresent()) {
            // nothing changed since a build that left every network up to date: no request, no compiler
            warnIfNoPackage(pkg, unchanged.getAsInt());
            getLog().info(count(unchanged.getAsInt()) + " up to date");
            finish(start, tree, stateFile, " (no-op: unchanged parameters and file stamps)");
            return;
        }
        Optional<Map<Path, String>> sourceFolders = NoOpRecord.sourceFolders(sourceRoot);
        List<String> local = NetworkScanner.scan(sourceRoot, includes, excludes);
        BuildOutcome outcome;
        List<FoundNetwork> found = new ArrayList<>();
        try (BuildLock lock = BuildLock.acquire(pluginDir.resolve("build.lock"), LOCK_TIMEOUT, file -> getLog().info(
                "Waiting for another build of this project to finish (it holds " + display(file) + ")"))) {
            local.forEach(key -> found.add(new FoundNetwork(key, sourceRoot, Optional.empty())));
            if (!artifacts.isEmpty() || Files.isDirectory(stateDir.resolve("artifacts"))) {
                found.addAll(new ArtifactNetworks(artifactResolver(), stateDir.resolve("artifacts"))
                        .find(artifacts, local, display(sourceRoot), includes, excludes));
            }
            warnIfNoPackage(pkg, found.size());
            List<NetworkJob> jobs = jobs(sourceRoot, found, pkg);
            SideFilePlacement.update(stateFile, project.getBasedir().toPath(), defaultPlacement, tree, getLog());
            IncrementalCompiler incremental = new IncrementalCompiler(compiler, tree, stateFile,
                    new Fingerprint(pluginVersion(), LstmCompiler.version()), getLog(),
                    IncrementalCompiler.owners(stateFile));
            outcome = incremental.run(jobs, failOnOverflow);
            if (parameterKey.isPresent() && outcome.succeeded() && outcome.skipped() == 0 && !found.isEmpty()
                    && !verbose && jobs.stream().noneMatch(j -> j.request().config().dataType() == DataType.INT8)) {
                NoOpRecord.write(noOpFile, parameterKey.get(), stateFile, sourceRoot, sourceFolders, tree,
                        pluginDir.resolve("tmp"));
            } else {
                NoOpRecord.delete(noOpFile);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("I/O error while compiling the networks in " + display(sourceRoot)
                    + ": " + describe(e), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("Internal error of the LSTM compiler (please report it with the"
                    + " network and the output of mvn -e): " + e, e);
        }
        report(outcome, found.isEmpty(), sourceRoot);
        finish(start, tree, stateFile, "");
    }

    /** Attaches the zip when asked, and says in the debug log how long the goal took. */
    private void finish(long start, OutputTree tree, Path stateFile, String how)
            throws MojoExecutionException, MojoFailureException {
        if (attach) {
            attachBundle(tree, stateFile);
        }
        if (getLog().isDebugEnabled()) {
            getLog().debug(String.format("lstm:compile took %.1f ms (fingerprints of lstm-maven-plugin %s and"
                    + " lstm-compiler-core %s)%s", (System.nanoTime() - start) / 1e6, pluginVersion(),
                    LstmCompiler.version(), how));
        }
    }

    private void warnIfNoPackage(String pkg, int networkCount) {
        if (pkg.isEmpty() && networkCount > 0) {
            getLog().warn("packageName is not set: the constants classes go to the unnamed package, which no"
                    + " class in a package can import; set it, for example <packageName>" + suggestedPackage()
                    + "</packageName>");
        }
    }

    private void report(BuildOutcome outcome, boolean none, Path sourceRoot) throws MojoFailureException {
        if (!outcome.succeeded()) {
            StringBuilder sb = new StringBuilder();
            for (CompilationException e : outcome.failures()) {
                sb.append(sb.length() == 0 ? "" : System.lineSeparator()).append(e.getMessage());
            }
            MojoFailureException failure = new MojoFailureException(sb.toString(), outcome.failures().get(0));
            throw failure;
        }
        if (none) {
            getLog().info("No networks found under " + display(sourceRoot));
        } else if (outcome.compiled() == 0 && outcome.skipped() == 0) {
            getLog().info(count(outcome.upToDate()) + " up to date");
        } else {
            getLog().info("Compiled " + count(outcome.compiled()) + ", " + outcome.upToDate() + " up to date"
                    + (outcome.skipped() > 0 ? ", " + outcome.skipped() + " skipped (overflow)" : ""));
        }
    }

    private static String count(int n) {
        return n + (n == 1 ? " network" : " networks");
    }

    /**
     * The calibration folder of a network: its {@code calibration} setting (relative to the source
     * directory), else {@code <name>.calibration/} beside the file when that folder exists, else none (an
     * int8 compile then says what to provide).
     */
    static Optional<Path> calibration(Path sourceRoot, Path file, NetworkOverride o) {
        if (o != null && o.getCalibration() != null && !o.getCalibration().isBlank()) {
            return Optional.of(sourceRoot.resolve(o.getCalibration().trim()));
        }
        Path convention = file.resolveSibling(NetworkSources.networkName(file.getFileName().toString())
                + ".calibration");
        return java.nio.file.Files.isDirectory(convention) ? Optional.of(convention) : Optional.empty();
    }

    /** One immutable request per network: the mojo only maps its parameters. */
    private List<NetworkJob> jobs(Path sourceRoot, List<FoundNetwork> found, String pkg) throws MojoFailureException {
        Map<String, NetworkOverride> overrides = overridesByFile(found.stream().map(FoundNetwork::key).toList(),
                sourceRoot);
        EffectiveConfig global = globalConfig();
        ProcessorConfig sharedConfig = null;
        List<NetworkJob> jobs = new ArrayList<>(found.size());
        for (FoundNetwork network : found) {
            String key = network.key();
            EffectiveConfig effective = global;
            Optional<String> className = Optional.empty();
            NetworkOverride o = overrides.get(key);
            if (o != null) {
                String where = "networks/network[" + key + "]/";
                if (o.getPreset() != null && !o.getPreset().isBlank()) {
                    effective = effective.withPreset(o.getPreset(), "parameter " + where + "preset");
                }
                effective = effective.withFields(o.processorFields(), "parameter " + where + "%s");
                if (o.getClassName() != null && !o.getClassName().isBlank()) {
                    String cn = o.getClassName().trim();
                    if (!SourceVersion.isIdentifier(cn) || SourceVersion.isKeyword(cn)) {
                        throw new MojoFailureException("Invalid parameter " + where + "className: '" + cn
                                + "' is not a Java class name");
                    }
                    className = Optional.of(cn);
                }
            }
            ProcessorConfig config;
            try {
                // a network without settings of its own has the global configuration: resolved once
                config = effective == global ? (sharedConfig == null ? sharedConfig = global.resolve() : sharedConfig)
                        : effective.resolve();
            } catch (EffectiveConfig.InvalidParameterException e) {
                throw new MojoFailureException(e.getMessage() + " (network " + key + ")");
            }
            Path file = network.file();
            String origin = network.artifact().map(ArtifactCoordinate::coordinate).orElse("");
            String name = origin.isEmpty() ? display(file) : origin + "!/" + key;
            String maxError = o != null && o.getMaxQuantizationError() != null
                    && !o.getMaxQuantizationError().isBlank() ? o.getMaxQuantizationError() : maxQuantizationError;
            OptionalDouble max = OptionalDouble.empty();
            if (maxError != null && !maxError.isBlank()) {
                try {
                    max = OptionalDouble.of(QuantizationOptions.parseMaxError(maxError));
                } catch (IllegalArgumentException e) {
                    throw new MojoFailureException("Invalid parameter maxQuantizationError: " + e.getMessage()
                            + " (network " + key + ")");
                }
            }
            jobs.add(new NetworkJob(key, new CompileRequest(file, name, config,
                    ImportOptions.defaults().withPositionalLayerNames(positionalLayerNames),
                    pkg, className, verbose, new QuantizationOptions(calibration(network.root(), file, o), max)),
                    deadlines(o, key), printEstimate, origin));
        }
        return jobs;
    }

    /**
     * A network's deadlines: each of its override's that is set, else the global parameter's.
     *
     * @throws MojoFailureException naming the parameter for a malformed value
     */
    private Deadlines deadlines(NetworkOverride o, String key) throws MojoFailureException {
        String step = maxLatencyPerStep;
        String sequence = maxLatencyPerSequence;
        String rate = minFramesPerSecond;
        String where = "";
        if (o != null) {
            boolean own = false;
            if (o.getMaxLatencyPerStep() != null && !o.getMaxLatencyPerStep().isBlank()) {
                step = o.getMaxLatencyPerStep();
                own = true;
            }
            if (o.getMaxLatencyPerSequence() != null && !o.getMaxLatencyPerSequence().isBlank()) {
                sequence = o.getMaxLatencyPerSequence();
                own = true;
            }
            if (o.getMinFramesPerSecond() != null && !o.getMinFramesPerSecond().isBlank()) {
                rate = o.getMinFramesPerSecond();
                own = true;
            }
            where = own ? " (parameter networks/network[" + key + "] or the global one)" : "";
        }
        try {
            return Deadlines.parse(step, sequence, rate);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid parameter " + e.getMessage() + where + " (network " + key + ")");
        }
    }

    private EffectiveConfig globalConfig() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ConfigFields.MEMORY_SIZE.name(), memorySize);
        fields.put(ConfigFields.BASE_ADDRESS.name(), baseAddress);
        fields.put(ConfigFields.ALIGNMENT.name(), alignment);
        fields.put(ConfigFields.MAX_SEQUENCE_LENGTH.name(), maxSequenceLength);
        fields.put(ConfigFields.DATA_TYPE.name(), dataType);
        fields.put(ConfigFields.FC_THREADS.name(), fcThreads);
        fields.put(ConfigFields.GATE_FUSION.name(), gateFusion);
        String p = preset == null || preset.isBlank() ? "zcu102_single" : preset;
        return EffectiveConfig.fromPreset(p, "parameter preset (lstm.preset)")
                .withFields(fields, "parameter %1$s (lstm.%1$s)");
    }

    private Map<String, NetworkOverride> overridesByFile(List<String> found, Path sourceRoot)
            throws MojoFailureException {
        Map<String, NetworkOverride> byFile = new HashMap<>();
        if (networks == null) {
            return byFile;
        }
        Set<String> present = Set.copyOf(found);
        for (NetworkOverride o : networks) {
            String file = o.getFile() == null ? "" : o.getFile().trim();
            if (!present.contains(file) && file.indexOf('\\') >= 0 && present.contains(file.replace('\\', '/'))) {
                file = file.replace('\\', '/'); // a pom written on Windows; exact names (a '\\' in a Linux name) win
            }
            if (file.isEmpty()) {
                throw new MojoFailureException("Invalid parameter networks: every <network> needs a <file>");
            }
            if (!present.contains(file)) {
                throw new MojoFailureException("Invalid parameter networks/network[" + file + "]: no such network under "
                        + display(sourceRoot) + " (found: " + (found.isEmpty() ? "none" : String.join(", ", found))
                        + ")");
            }
            if (byFile.put(file, o) != null) {
                throw new MojoFailureException("Invalid parameter networks: " + file + " is configured twice");
            }
        }
        return byFile;
    }

    /** Adds the generated roots to the project once; never replaces the project's lists. */
    private void registerOutputRoots() {
        String sources = generatedSourcesFolder().getAbsolutePath();
        if (!containsPath(sourceRoots(), sources)) {
            addSourceRoot(sources);
        }
        String resources = generatedResourcesFolder().getAbsolutePath();
        List<String> resourceDirs = new ArrayList<>();
        for (Resource r : resources()) {
            resourceDirs.add(r.getDirectory());
        }
        if (!containsPath(resourceDirs, resources)) {
            Resource r = new Resource();
            r.setDirectory(resources);
            addResource(r);
        }
    }

    /**
     * Zips the images, headers and maps this execution recorded, wherever {@link #headerDirectory} and
     * {@link #mapDirectory} put them, and attaches the zip ({@link #attach}).
     */
    private void attachBundle(OutputTree tree, Path stateFile) throws MojoExecutionException, MojoFailureException {
        String classifier = attachClassifier == null ? "" : attachClassifier.trim();
        if (!classifier.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new MojoFailureException("Invalid parameter attachClassifier (lstm.attachClassifier): '"
                    + attachClassifier + "' is not a classifier (letters, digits, '.', '_', '-')");
        }
        Path zip = buildDirectory.toPath().resolve(project.getBuild().getFinalName() + "-" + classifier + ".zip");
        try {
            java.util.TreeMap<String, Path> files = new java.util.TreeMap<>();
            for (BuildState.Entry entry : BuildState.load(stateFile).state().entries().values()) {
                for (OutputRef ref : entry.outputs()) {
                    if (ref.kind() == io.github.lstmhdl.output.GeneratedFile.Kind.RESOURCE) {
                        files.put(ref.path(), tree.resolve(ref.kind(), ref.path()));
                    }
                }
            }
            int count = ImageBundle.write(files, zip, outputTimestamp);
            getLog().info("Attached " + count + " file(s) as " + display(zip) + " (classifier " + classifier + ")");
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + display(zip) + ": " + describe(e), e);
        }
        projectHelper.attachArtifact(project, "zip", classifier, zip.toFile());
    }

    // What differs between this goal and compile-test (CompileTestMojo): where the networks are, where
    // the outputs go, which roots of the project receive them, and where the state is kept.

    /** The folder searched for networks. */
    File networksFolder() {
        return sourceDirectory;
    }

    /** Where the constants classes go. */
    File generatedSourcesFolder() {
        return generatedSourcesDirectory;
    }

    /** Where the images, headers and maps go. */
    File generatedResourcesFolder() {
        return generatedResourcesDirectory;
    }

    /** The coordinates of the network artifacts this goal compiles. */
    List<String> artifactCoordinates() {
        return networkArtifacts;
    }

    /** The resolver of network artifacts: Maven's, unless a test set another. */
    private ArtifactResolver artifactResolver() {
        return artifactResolver != null ? artifactResolver
                : ArtifactResolver.maven(repositorySystem, repositorySession, remoteRepositories);
    }

    /** Where the C headers go; null: with the images. */
    File headersFolder() {
        return headerDirectory;
    }

    /** Where the JSON memory maps go; null: with the images. */
    File mapsFolder() {
        return mapDirectory;
    }

    private Path orDefault(File folder) {
        return (folder == null ? generatedResourcesFolder() : folder).toPath();
    }

    /** The project's source roots that the constants folder joins. */
    List<String> sourceRoots() {
        return project.getCompileSourceRoots();
    }

    void addSourceRoot(String folder) {
        project.addCompileSourceRoot(folder);
    }

    /** The project's resources that the resources folder joins. */
    List<Resource> resources() {
        return project.getResources();
    }

    void addResource(Resource resource) {
        project.addResource(resource);
    }

    /** Where process-resources copies the resources (null when unknown). */
    String classesFolder() {
        return project.getBuild() == null ? null : project.getBuild().getOutputDirectory();
    }

    /** The folder under {@code target/lstm-maven-plugin} that holds this goal's states, one per execution. */
    String stateRoot() {
        return "compile";
    }

    /** The project. */
    MavenProject project() {
        return project;
    }

    private static boolean containsPath(List<String> paths, String path) {
        Path wanted = Path.of(path).toAbsolutePath().normalize();
        for (String p : paths) {
            if (p != null && Path.of(p).toAbsolutePath().normalize().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** A path as messages show it: relative to the project when inside it. */
    private String display(Path p) {
        File basedir = project.getBasedir();
        if (basedir != null) {
            Path base = basedir.toPath().toAbsolutePath().normalize();
            Path abs = p.toAbsolutePath().normalize();
            if (abs.startsWith(base) && !abs.equals(base)) {
                String relative = base.relativize(abs).toString();
                return File.separatorChar == '/' ? relative : relative.replace(File.separatorChar, '/');
            }
        }
        return p.toString();
    }

    /** The plugin version for the fingerprint; "unknown" only outside Maven (which always sets it). */
    private String pluginVersion() {
        return pluginVersion == null || pluginVersion.isBlank() ? "unknown" : pluginVersion;
    }

    /** An I/O error as a message: the path involved and what went wrong with it. */
    static String describe(IOException e) {
        return IoErrors.describe(e);
    }

    /** The execution id as a folder name ("default" when Maven gives none). */
    /** A package name for the warning about a missing one: the project's group id and "networks". */
    private String suggestedPackage() {
        String group = project == null || project.getGroupId() == null ? "" : project.getGroupId();
        String candidate = (group.isEmpty() ? "com.example" : group.replace('-', '_')) + ".networks";
        return SourceVersion.isName(candidate) ? candidate : "com.example.networks";
    }

    static String stateFolderName(String executionId) {
        // mvn lstm:compile (execution default-cli) shares the state of the execution a pom binds without
        // an id, so that it does not compile again what the last build compiled with the same settings
        if (executionId == null || executionId.isBlank() || executionId.equals("default-cli")) {
            return "default";
        }
        return executionId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
