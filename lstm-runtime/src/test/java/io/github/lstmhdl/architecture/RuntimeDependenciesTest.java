package io.github.lstmhdl.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * lstm-runtime depends on nothing but the JDK (issue 16): a host or a unit test that adds it gets no
 * other jar. Checked twice: in the build, no dependency but at {@code test} scope in this module's pom
 * or inherited from the parent's {@code <dependencies>}, so the effective compile and runtime
 * dependencies are empty; and in the class files, which the JDK's {@code jdeps} finds using JDK
 * modules only.
 */
class RuntimeDependenciesTest {

    @Test
    void thePomDeclaresAndInheritsNoDependencyButAtTestScope() throws Exception {
        List<String> offending = new ArrayList<>();
        offending.addAll(nonTestDependencies(Path.of("pom.xml")));
        offending.addAll(nonTestDependencies(Path.of("..", "pom.xml")));
        assertEquals(List.of(), offending, "lstm-runtime must not depend on any library at compile or runtime scope");
    }

    @Test
    void theClassesUseOnlyTheJdk() {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.isDirectory(classes), "no compiled classes at " + classes.toAbsolutePath());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-summary", classes.toString());
        assertEquals(0, code, "jdeps failed: " + out);
        Set<String> modules = new TreeSet<>();
        for (String line : out.toString().split("\\R")) {
            String[] words = line.trim().split("\\s+->\\s+");
            if (words.length == 2) {
                modules.add(words[1].trim());
            }
        }
        assertTrue(modules.contains("java.base"), "jdeps found no use of java.base: " + out);
        for (String module : modules) {
            assertTrue(module.startsWith("java."), "the runtime's classes need " + module + ", not a JDK module: " + out);
        }
    }

    /** The {@code groupId:artifactId:scope} of each direct dependency of a pom that is not at test scope. */
    private static List<String> nonTestDependencies(Path pom) throws Exception {
        assertTrue(Files.isRegularFile(pom), "no pom at " + pom.toAbsolutePath());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(pom.toFile());
        List<String> found = new ArrayList<>();
        Element dependencies = child(doc.getDocumentElement(), "dependencies");
        if (dependencies == null) {
            return found;
        }
        for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element d && d.getTagName().equals("dependency")) {
                String scope = text(d, "scope");
                if (!"test".equals(scope)) {
                    found.add(pom + ": " + text(d, "groupId") + ":" + text(d, "artifactId") + ":"
                            + (scope == null ? "compile" : scope));
                }
            }
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
