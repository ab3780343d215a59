package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The plugin descriptor that maven-plugin-plugin generated from the mojo's annotations
 * ({@code target/classes/META-INF/maven/plugin.xml}) and the m2e metadata: what users and IDEs see.
 */
class DescriptorTest {

    /** The parameters issue 6 asks for, each with an {@code lstm.} user property. */
    private static final Set<String> REQUIRED = Set.of("sourceDirectory", "includes", "excludes",
            "generatedSourcesDirectory", "generatedResourcesDirectory", "packageName", "memorySize", "baseAddress",
            "alignment", "maxSequenceLength", "dataType", "fcThreads", "gateFusion", "failOnOverflow", "skip",
            "verbose", "preset");

    private static Element compile;
    private static Element compileTest;

    @BeforeAll
    static void readDescriptor() throws Exception {
        Path classes = Path.of(CompileMojo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path descriptor = classes.resolve("META-INF/maven/plugin.xml");
        assertTrue(Files.isRegularFile(descriptor), "no generated descriptor at " + descriptor);
        Document doc = parse(Files.newInputStream(descriptor));
        for (Element mojo : children(doc.getDocumentElement(), "mojos", "mojo")) {
            if ("compile".equals(text(mojo, "goal"))) {
                compile = mojo;
            }
            if ("compile-test".equals(text(mojo, "goal"))) {
                compileTest = mojo;
            }
        }
        assertNotNull(compile, "no compile goal in " + descriptor);
    }

    @Test
    void theTestGoalIsBoundToGenerateTestSourcesAndThreadSafe() {
        assertNotNull(compileTest, "no compile-test goal");
        assertEquals("generate-test-sources", text(compileTest, "phase"));
        assertEquals("true", text(compileTest, "threadSafe"));
    }

    @Test
    void theGoalIsBoundToGenerateSourcesAndThreadSafe() {
        assertEquals("generate-sources", text(compile, "phase"), "IDE imports run generate-sources: the constants"
                + " classes must exist then");
        assertEquals("true", text(compile, "threadSafe"));
        assertEquals("", text(compile, "requiresDependencyResolution"), "no dependency resolution");
    }

    @Test
    void everySettableParameterButNetworksHasAnLstmUserProperty() {
        Map<String, String> properties = configurationExpressions();
        List<String> settable = new ArrayList<>();
        for (Element p : parameters()) {
            String name = text(p, "name");
            if (!"true".equals(text(p, "editable"))) {
                assertEquals("", properties.get(name), "readonly " + name + " must not have a user property");
                continue;
            }
            settable.add(name);
            if (name.equals("networks")) {
                assertEquals("", properties.get(name), "networks is a nested list: no user property");
            } else {
                assertEquals("${lstm." + name + "}", properties.get(name), name);
            }
        }
        assertTrue(settable.containsAll(REQUIRED), "missing parameters: " + REQUIRED + " vs " + settable);
        assertTrue(settable.contains("networks"));
        // issue 16: networks from Maven artifacts, and the headers and maps out of the jar
        assertTrue(settable.containsAll(Set.of("networkArtifacts", "headerDirectory", "mapDirectory")), "" + settable);
    }

    @Test
    void everySettableParameterDocumentsItsDefault() {
        for (Element p : parameters()) {
            if ("true".equals(text(p, "editable"))) {
                String description = text(p, "description");
                assertTrue(description.contains("Default") || description.contains("(default)"),
                        text(p, "name") + " does not say its default: " + description);
            }
        }
    }

    @Test
    void thePluginVersionIsAReadonlyParameter() {
        Element config = configuration().stream().filter(c -> c.getTagName().equals("pluginVersion")).findFirst()
                .orElseThrow();
        assertEquals("${plugin.version}", config.getAttribute("default-value"));
        assertTrue(parameters().stream().anyMatch(p -> text(p, "name").equals("pluginVersion")
                && text(p, "editable").equals("false")));
    }

    @Test
    void m2eRunsTheGoalOnConfigurationAndIncrementally() throws Exception {
        InputStream in = CompileMojo.class.getResourceAsStream("/META-INF/m2e/lifecycle-mapping-metadata.xml");
        assertNotNull(in, "no META-INF/m2e/lifecycle-mapping-metadata.xml");
        Document doc = parse(in);
        boolean found = false;
        for (Element execution : children(doc.getDocumentElement(), "pluginExecutions", "pluginExecution")) {
            List<String> goals = children(execution, "pluginExecutionFilter", "goals", "goal").stream()
                    .map(g -> g.getTextContent().trim()).toList();
            if (goals.contains("compile")) {
                found = true;
                Element execute = children(execution, "action", "execute").get(0);
                assertEquals("true", text(execute, "runOnConfiguration"));
                assertEquals("true", text(execute, "runOnIncremental"));
            }
        }
        assertTrue(found, "the compile goal is not mapped");
    }

    private static List<Element> parameters() {
        return children(compile, "parameters", "parameter");
    }

    /** Parameter name to the expression in the descriptor's configuration section ("" when none). */
    private static Map<String, String> configurationExpressions() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Element p : parameters()) {
            map.put(text(p, "name"), "");
        }
        for (Element c : configuration()) {
            map.put(c.getTagName(), c.getTextContent().trim());
        }
        return map;
    }

    /** The elements of the descriptor's configuration section, one per parameter with a default or property. */
    private static List<Element> configuration() {
        List<Element> list = new ArrayList<>();
        for (Element e : children(compile, "configuration")) {
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element c) {
                    list.add(c);
                }
            }
        }
        return list;
    }

    private static Document parse(InputStream in) throws Exception {
        try (in) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(in);
        }
    }

    /** The elements at a path of child names below {@code from}. */
    private static List<Element> children(Element from, String... path) {
        List<Element> level = List.of(from);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            for (Element e : level) {
                NodeList nodes = e.getChildNodes();
                for (int i = 0; i < nodes.getLength(); i++) {
                    if (nodes.item(i) instanceof Element c && c.getTagName().equals(name)) {
                        next.add(c);
                    }
                }
            }
            level = next;
        }
        return level;
    }

    /** The trimmed text of the first child with this name, "" when there is none. */
    private static String text(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? "" : c.get(0).getTextContent().trim();
    }
}
