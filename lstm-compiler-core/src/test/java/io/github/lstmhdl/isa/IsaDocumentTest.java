package io.github.lstmhdl.isa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.testing.IsaExample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** docs/isa.md must show the compiler's current output for its example network. */
class IsaDocumentTest {

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
