package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.ptq.QuantizationOptions;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.source.SourceFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every snippet of the plugin's site ({@code src/site/markdown}) is one the build checks: XML snippets
 * parse and name only real parameters (of the goals, as the generated descriptor lists them, and of
 * {@code <network>}) and modules of this project; user properties and goals exist; Java snippets are lines of sources the build
 * compiles; and every Maven error message shown is the one the plugin produces, recomputed here with
 * the real compiler (numbers may differ, the words may not).
 */
class SiteSnippetsTest {

    private static final Path SITE = Path.of("src/site/markdown");
    private static final Path ROOT = Path.of("..");
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```$");
    private static final Pattern MAVEN_ERROR = Pattern.compile(
            "\\[ERROR\\] Failed to execute goal \\S+ \\(\\S+\\) on project \\S+: (.*) -> \\[Help 1\\]");

    /** Page name to its text. */
    private static final Map<String, String> PAGES = new TreeMap<>();
    private static final Set<String> PARAMETERS = new HashSet<>();
    private static final Set<String> PROPERTIES = new HashSet<>();
    private static final Set<String> GOALS = new HashSet<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void read() throws Exception {
        try (Stream<Path> s = Files.list(SITE)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".md")).toList()) {
                PAGES.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        assertTrue(PAGES.size() >= 6, "the usage pages: " + PAGES.keySet());
        Path classes = Path.of(CompileMojo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(classes.resolve("META-INF/maven/plugin.xml").toFile());
        NodeList mojos = d.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            GOALS.add(mojo.getElementsByTagName("goal").item(0).getTextContent());
            NodeList names = mojo.getElementsByTagName("parameter");
            for (int j = 0; j < names.getLength(); j++) {
                Node name = ((Element) names.item(j)).getElementsByTagName("name").item(0);
                if (name != null) {
                    PARAMETERS.add(name.getTextContent());
                }
            }
        }
        Matcher m = Pattern.compile("\\$\\{(lstm\\.[A-Za-z]+)\\}").matcher(Files.readString(
                classes.resolve("META-INF/maven/plugin.xml")));
        while (m.find()) {
            PROPERTIES.add(m.group(1));
        }
        assertTrue(PARAMETERS.contains("networkArtifacts") && PROPERTIES.contains("lstm.memorySize"));
    }

    /** The fenced blocks of one language, each with its page. */
    private static List<String[]> blocks(String language) {
        List<String[]> blocks = new ArrayList<>();
        PAGES.forEach((page, text) -> {
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                if (m.group(1).equals(language)) {
                    blocks.add(new String[] {page, m.group(2)});
                }
            }
        });
        return blocks;
    }

    @Test
    void everyBlockHasALanguageThisTestChecks() {
        PAGES.forEach((page, text) -> {
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                assertTrue(Set.of("xml", "java", "text").contains(m.group(1)), page + ": a ```" + m.group(1)
                        + " block that nothing checks:\n" + m.group(2));
            }
        });
    }

    @Test
    void xmlSnippetsParseAndNameOnlyRealParameters() throws Exception {
        Set<String> networkFields = new HashSet<>();
        for (var field : NetworkOverride.class.getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                networkFields.add(field.getName()); // Maven's configurator fills a <network> by field name
            }
        }
        int checked = 0;
        for (String[] block : blocks("xml")) {
            Document d;
            try {
                d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                        ("<snippet>" + block[1] + "</snippet>").getBytes(StandardCharsets.UTF_8)));
            } catch (org.xml.sax.SAXException e) {
                throw new AssertionError(block[0] + ": not XML (" + e.getMessage() + "):\n" + block[1], e);
            }
            for (Element c : elements(d, "configuration")) {
                for (Element p : children(c)) {
                    assertTrue(PARAMETERS.contains(p.getTagName()), block[0] + ": <" + p.getTagName()
                            + "> is no parameter of the plugin");
                    checked++;
                }
            }
            for (Element n : elements(d, "network")) {
                for (Element f : children(n)) {
                    assertTrue(networkFields.contains(f.getTagName()), block[0] + ": <network><" + f.getTagName()
                            + "> is no setting of a network");
                }
            }
            for (Element dep : elements(d, "dependency")) {
                String artifact = dep.getElementsByTagName("artifactId").item(0).getTextContent();
                assertTrue(Files.isRegularFile(ROOT.resolve(artifact).resolve("pom.xml")), block[0]
                        + ": no module " + artifact + " in this project");
            }
            for (Element g : elements(d, "goal")) {
                assertTrue(GOALS.contains(g.getTextContent()), block[0] + ": no goal " + g.getTextContent());
            }
            for (Element props : elements(d, "properties")) {
                for (Element p : children(props)) {
                    assertFalse(p.getTagName().startsWith("lstm.") && !PROPERTIES.contains(p.getTagName()),
                            block[0] + ": no user property " + p.getTagName());
                }
            }
        }
        assertTrue(checked >= 20, "the configuration snippets were read: " + checked);
    }

    @Test
    void userPropertiesAndGoalsNamedInThePagesExist() {
        PAGES.forEach((page, text) -> {
            Matcher p = Pattern.compile("-D(lstm\\.[A-Za-z]+)").matcher(text);
            while (p.find()) {
                assertTrue(PROPERTIES.contains(p.group(1)), page + ": no user property " + p.group(1));
            }
            Matcher g = Pattern.compile("`(?:mvn )?lstm:([a-z-]+)").matcher(text);
            while (g.find()) {
                assertTrue(GOALS.contains(g.group(1)), page + ": no goal " + g.group(1));
            }
        });
    }

    @Test
    void javaSnippetsAreLinesOfSourcesTheBuildCompiles() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/")
                    && !f.toString().contains("/.git/")).toList()) {
                sources.add(normalized(Files.readString(p)));
            }
        }
        List<String[]> java = blocks("java");
        assertFalse(java.isEmpty());
        for (String[] block : java) {
            String snippet = normalized(block[1]);
            assertTrue(sources.stream().anyMatch(s -> s.contains(snippet)), block[0]
                    + ": this Java snippet is in no source file of the build:\n" + block[1]);
        }
    }

    /** Each line trimmed, blank lines dropped. */
    private static String normalized(String text) {
        return String.join("\n", text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
    }

    @Test
    void everyErrorMessageShownIsThePlugins() throws Exception {
        int checked = 0;
        for (String[] block : blocks("text")) {
            Matcher m = MAVEN_ERROR.matcher(block[1].trim());
            assertTrue(m.matches(), block[0] + ": a ```text block is a Maven error line, which this test"
                    + " recomputes; this one is not:\n" + block[1]);
            String shown = m.group(1);
            String actual;
            if (shown.contains("too_big.onnx")) {
                actual = overflowMessage();
            } else if (shown.contains("maxQuantizationError")) {
                actual = accuracyMessage();
            } else if (shown.startsWith("Cannot resolve network artifact")) {
                actual = unresolvableMessage(shown);
            } else {
                fail(block[0] + ": an error message this test does not recompute:\n" + shown);
                return;
            }
            assertTrue(sameButNumbers(shown, actual), block[0] + ": the page shows\n" + shown
                    + "\nbut the plugin says\n" + actual);
            checked++;
        }
        assertEquals(3, checked, "the overflow, accuracy and resolution messages");
    }

    /** The same text when every number may differ (a new compiler may place or quantize differently). */
    static boolean sameButNumbers(String shown, String actual) {
        StringBuilder regex = new StringBuilder();
        Matcher n = Pattern.compile("\\d+(\\.\\d+)?(e[-+]?\\d+)?").matcher(shown);
        int at = 0;
        while (n.find()) {
            regex.append(Pattern.quote(shown.substring(at, n.start()))).append("[0-9.e+-]+");
            at = n.end();
        }
        regex.append(Pattern.quote(shown.substring(at)));
        return Pattern.matches(regex.toString(), actual);
    }

    @Test
    void numbersMayDifferButNotWords() {
        assertTrue(sameButNumbers("needs 98304 bytes (96.0 KiB)", "needs 12 bytes (0.5 KiB)"));
        assertFalse(sameButNumbers("needs 98304 bytes", "needs 98304 words"));
    }

    private static ProcessorConfig config(Map<String, String> fields) throws Exception {
        return EffectiveConfig.fromPreset("zcu102_single", "preset").withFields(fields, "%s").resolve();
    }

    /** The overflow IT's network with its 64 KiB. */
    private static String overflowMessage() throws Exception {
        Path network = ROOT.resolve("it/src/it/overflow/src/main/networks/too_big.onnx");
        CompileRequest request = new CompileRequest(network, "src/main/networks/too_big.onnx",
                config(Map.of("memorySize", "64KiB")), ImportOptions.defaults(), "it.overflow", Optional.empty(), false);
        return assertThrows(CompilationException.class, () -> LstmCompiler.compile(request, new SourceFiles()))
                .getMessage();
    }

    /** The quick-start example's network in int8 on eight seeded random sequences, with 0.0001%. */
    private String accuracyMessage() throws Exception {
        Path network = ROOT.resolve("examples/quickstart/src/main/networks/sensor_lstm.onnx");
        int features = LstmCompiler.compile(new CompileRequest(network, "sensor_lstm.onnx", config(Map.of()),
                ImportOptions.defaults(), "com.example.sensors", Optional.empty(), false), new SourceFiles())
                .network().metadata().input().featureSize();
        Path samples = Files.createDirectories(tmp.resolve("sensor_lstm.calibration"));
        Random random = new Random(8);
        for (int k = 0; k < 8; k++) {
            float[] x = new float[10 * features];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat() * 2 - 1;
            }
            Npy.write(samples.resolve("s" + k + ".npy"), new int[] {10, features}, x);
        }
        CompileRequest request = new CompileRequest(network, "src/main/networks/sensor_lstm.onnx",
                config(Map.of("dataType", "int8")), ImportOptions.defaults(), "com.example.sensors", Optional.empty(),
                false, new QuantizationOptions(Optional.of(samples), OptionalDouble.of(QuantizationOptions
                        .parseMaxError("0.0001%"))));
        return assertThrows(CompilationException.class, () -> LstmCompiler.compile(request, new SourceFiles()))
                .getMessage();
    }

    /** What the plugin says around the resolver's reason (the reason is the resolver's own). */
    private String unresolvableMessage(String shown) throws Exception {
        String reason = shown.substring(shown.indexOf("(parameter networkArtifacts): ") + 30);
        ArtifactNetworks networks = new ArtifactNetworks(a -> {
            throw new ArtifactResolver.UnresolvableArtifactException(reason, null);
        }, tmp.resolve("artifacts"));
        return assertThrows(MojoFailureException.class, () -> networks.find(ArtifactNetworks.parse(List.of(
                "io.github.lstmhdl.it:no-such-models:9.9")), List.of(), "src/main/networks", List.of(), List.of()))
                .getMessage();
    }

    private static List<Element> elements(Document d, String tag) {
        List<Element> list = new ArrayList<>();
        NodeList nodes = d.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    private static List<Element> children(Element e) {
        List<Element> list = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                list.add(c);
            }
        }
        return list;
    }
}
