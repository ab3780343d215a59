package io.github.lstmhdl.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.CompileResult;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.output.OutputWriter;
import io.github.lstmhdl.source.ImportOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java snippets and the quick-start example's code compile and run as written (issue 16):
 * the bundled example network is
 * compiled as {@code lstm_model.onnx} into package {@code com.example.networks}, exactly as the README's
 * plugin section describes, and each {@code java} block of the README is compiled with the generated
 * constants class against lstm-runtime's classes alone (what the README's {@code <dependency>} gives a
 * user), then its {@code main} runs with the image on the class path and nothing of the compiler or
 * its libraries visible. The README's dependency block is the quick-start example's.
 */
class ReadmeJavaSnippetTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public (?:final )?class (\\w+)");

    @TempDir
    Path tmp;

    @Test
    void everyJavaSnippetCompilesAndRuns() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        List<String> snippets = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            snippets.add(m.group(1));
        }
        assertTrue(!snippets.isEmpty(), "no java block in the README");
        for (String printed : compileAndRun("lstm_model.onnx", "com.example.networks", ProcessorConfig.defaults(),
                snippets)) {
            assertTrue(printed.contains("outputs"), "the snippet ran but printed " + printed);
        }
    }

    /** The quick-start example's App, as its pom compiles the network (package, memory size), runs. */
    @Test
    void theQuickStartExampleCompilesAndRuns() throws Exception {
        String app = Files.readString(EXAMPLE.resolve("src/main/java/com/example/sensors/App.java"));
        List<String> printed = compileAndRun("sensor_lstm.onnx", "com.example.sensors",
                ProcessorConfig.defaults().with("memorySize", "256MiB"), List.of(app));
        assertTrue(printed.get(0).contains("(checksum ok); 20 steps give"), printed.get(0));
    }

    private static final Path EXAMPLE = Path.of("..", "examples", "quickstart");

    private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);

    /** The README's dependency block names lstm-runtime and is, as written, in the example's pom. */
    @Test
    void theReadmeDependencyIsTheRuntimeAsTheExampleDeclaresIt() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String pom = Files.readString(EXAMPLE.resolve("pom.xml"), StandardCharsets.UTF_8).replaceAll("\\s+", "");
        List<String> dependencies = new ArrayList<>();
        Matcher m = XML_BLOCK.matcher(readme);
        while (m.find()) {
            if (m.group(1).trim().startsWith("<dependency>")) {
                dependencies.add(m.group(1));
            }
        }
        assertEquals(1, dependencies.size(), "the README's <dependency> blocks: " + dependencies);
        assertTrue(dependencies.get(0).contains("<artifactId>lstm-runtime</artifactId>"), dependencies.get(0));
        assertTrue(pom.contains(dependencies.get(0).replaceAll("\\s+", "")),
                "the example's pom does not declare the README's dependency:\n" + dependencies.get(0));
    }

    /** lstm-runtime's classes, as the test's class path has them (a folder in the reactor, or the jar). */
    private static Path runtimeClasses() throws Exception {
        return Path.of(io.github.lstmhdl.sim.Simulator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * Compiles the bundled example network as {@code networkFile} into {@code pkg}, then the classes
     * (each a whole compilation unit of that package) with its constants class, and runs each one's main
     * with the image on the class path.
     *
     * @return what each main printed
     */
    private List<String> compileAndRun(String networkFile, String pkg, ProcessorConfig config, List<String> units)
            throws Exception {
        Path model = tmp.resolve(networkFile);
        Files.copy(EXAMPLE.resolve("src/main/networks/sensor_lstm.onnx"), model);
        CompileResult result = LstmCompiler.compile(new CompileRequest(model, networkFile, config,
                ImportOptions.defaults(), pkg, Optional.empty(), false));
        Path sources = Files.createDirectories(tmp.resolve("src"));
        Path resources = Files.createDirectories(tmp.resolve("resources"));
        List<String> toCompile = new ArrayList<>();
        for (GeneratedFile f : result.files()) {
            Path target = (f.kind() == GeneratedFile.Kind.SOURCE ? sources : resources).resolve(f.relativePath());
            Files.createDirectories(target.getParent());
            OutputWriter.write(target, f.content());
            if (f.kind() == GeneratedFile.Kind.SOURCE) {
                toCompile.add(target.toString());
            }
        }
        List<String> classNames = new ArrayList<>();
        for (String unit : units) {
            Matcher name = CLASS_NAME.matcher(unit);
            assertTrue(name.find(), "not a whole class:\n" + unit);
            classNames.add(pkg + "." + name.group(1));
            Path file = Files.createDirectories(sources.resolve(pkg.replace('.', '/'))).resolve(name.group(1) + ".java");
            Files.writeString(file, unit);
            toCompile.add(file.toString());
        }
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                runtimeClasses().toString(), "--release", "17", "-Xlint:none"));
        args.addAll(toCompile);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = javac.run(null, null, err, args.toArray(new String[0]));
        assertEquals(0, code, "does not compile:\n" + err.toString(StandardCharsets.UTF_8));
        List<String> printed = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), resources.toUri().toURL(),
                runtimeClasses().toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String className : classNames) {
                Method main = loader.loadClass(className).getMethod("main", String[].class);
                PrintStream saved = System.out;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                try {
                    main.invoke(null, (Object) new String[0]);
                } finally {
                    System.setOut(saved);
                }
                printed.add(out.toString(StandardCharsets.UTF_8));
            }
        }
        return printed;
    }
}
