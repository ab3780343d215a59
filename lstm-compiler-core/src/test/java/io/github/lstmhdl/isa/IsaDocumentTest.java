package io.github.lstmhdl.isa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.testing.IsaExample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docs/isa.md must show the compiler's current output for its example network, and every test that
 * docs/isa.md, docs/image-format.md or docs/formats.md names as pinning a rule must exist.
 */
class IsaDocumentTest {

    /** A test class named in the documents ({@code sim.SpecificationTest}), with an optional method. */
    private static final java.util.regex.Pattern PINNED = java.util.regex.Pattern.compile(
            "\\b(sim|isa|image|fidelity)\\.([A-Z]\\w*Test)(?:\\.(\\w+))?");

    @Test
    void everyTestTheDocumentsNameExists() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        Path docs = null;
        while (dir != null && docs == null) {
            Path candidate = dir.resolve("docs");
            docs = Files.isRegularFile(candidate.resolve("isa.md")) ? candidate : null;
            dir = dir.getParent();
        }
        Assumptions.assumeTrue(docs != null, "docs/ not found above the working directory: skipped");
        int found = 0;
        for (String name : List.of("isa.md", "image-format.md", "formats.md")) {
            String text = Files.readString(docs.resolve(name), StandardCharsets.UTF_8);
            java.util.regex.Matcher m = PINNED.matcher(text);
            while (m.find()) {
                found++;
                Class<?> test = Class.forName("io.github.lstmhdl." + m.group(1) + "." + m.group(2));
                if (m.group(3) != null) {
                    String method = m.group(3);
                    assertTrue(java.util.Arrays.stream(test.getDeclaredMethods()).anyMatch(x -> x.getName().equals(method)),
                            name + " names " + m.group() + ", which does not exist");
                }
            }
            // methods named in parentheses after a class: `sim.SimulatorErrorTest` (`a`, `b`)
            java.util.regex.Matcher list = java.util.regex.Pattern.compile(
                    "`(sim|isa|image)\\.([A-Z]\\w*Test)` \\(([^)]*)\\)").matcher(text);
            while (list.find()) {
                Class<?> test = Class.forName("io.github.lstmhdl." + list.group(1) + "." + list.group(2));
                java.util.regex.Matcher method = java.util.regex.Pattern.compile("`(\\w+)`").matcher(list.group(3));
                while (method.find()) {
                    String mname = method.group(1);
                    assertTrue(java.util.Arrays.stream(test.getDeclaredMethods()).anyMatch(x -> x.getName().equals(mname)),
                            name + " names " + list.group(2) + "." + mname + ", which does not exist");
                }
            }
        }
        assertTrue(found >= 5, "the documents name the tests that pin their rules");
    }

    @Test
    void exampleSectionIsCurrent() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        Path doc = null;
        while (dir != null && doc == null) {
            Path candidate = dir.resolve("docs/isa.md");
            doc = Files.isRegularFile(candidate) ? candidate : null;
            dir = dir.getParent();
        }
        Assumptions.assumeTrue(doc != null, "docs/isa.md not found above the working directory: skipped");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        List<String> lines = IsaExample.lines();
        String expected = String.join("\n", lines);
        assertTrue(text.contains(expected), "docs/isa.md section 7 is out of date; regenerate it with "
                + "io.github.lstmhdl.testing.IsaExample (test scope)");
        Path root = doc.getParent().getParent();
        if (Files.isRegularFile(root.resolve(IsaExample.BUNDLED_EXAMPLE))) {
            assertTrue(text.contains(String.join("\n", IsaExample.bundledExampleLines(root))),
                    "docs/isa.md section 8 (the bundled example's disassembly) is out of date; regenerate it with "
                            + "io.github.lstmhdl.testing.IsaExample (test scope)");
        }
        for (Opcode op : Opcode.values()) {
            assertTrue(text.contains("| " + op + " |"), op + " is documented");
        }
    }
}
