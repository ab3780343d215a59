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
 * The README's Java snippets compile and run as written (issue 16): the bundled example network is
 * compiled as {@code lstm_model.onnx} into package {@code com.example.networks}, exactly as the README's
 * plugin section describes, and each {@code java} block of the README is compiled with the generated
 * constants class against this module's classes, then its {@code main} runs with the image on the
 * class path.
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

        Path model = tmp.resolve("lstm_model.onnx");
        Files.copy(Path.of("..", "examples", "quickstart", "src", "main", "networks", "sensor_lstm.onnx"), model);
        CompileResult result = LstmCompiler.compile(new CompileRequest(model, "lstm_model.onnx",
                ProcessorConfig.defaults(), ImportOptions.defaults(), "com.example.networks", Optional.empty(), false));
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
        for (String snippet : snippets) {
            Matcher name = CLASS_NAME.matcher(snippet);
            assertTrue(name.find(), "a README java block is not a whole class:\n" + snippet);
            Path file = sources.resolve("com/example/networks/" + name.group(1) + ".java");
            Files.writeString(file, snippet);
            toCompile.add(file.toString());
        }
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), "--release", "17", "-Xlint:none"));
        args.addAll(toCompile);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = javac.run(null, null, err, args.toArray(new String[0]));
        assertEquals(0, code, "the README's Java does not compile:\n" + err.toString(StandardCharsets.UTF_8));

        for (String snippet : snippets) {
            Matcher name = CLASS_NAME.matcher(snippet);
            name.find();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(),
                    resources.toUri().toURL()}, getClass().getClassLoader())) {
                Method main = loader.loadClass("com.example.networks." + name.group(1)).getMethod("main",
                        String[].class);
                PrintStream saved = System.out;
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
                try {
                    main.invoke(null, (Object) new String[0]);
                } finally {
                    System.setOut(saved);
                }
                assertTrue(printed.toString(StandardCharsets.UTF_8).contains("outputs"),
                        "the snippet ran but printed " + printed);
            }
        }
    }
}
