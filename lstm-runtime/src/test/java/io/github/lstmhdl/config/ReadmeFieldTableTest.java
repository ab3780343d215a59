package io.github.lstmhdl.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The README's table of the configuration fields is the {@link ConfigFields} table rendered: a field
 * added, renamed or re-described there fails this test until the README shows it (the failure prints
 * the table to paste).
 */
class ReadmeFieldTableTest {

    private static final String BEGIN = "<!-- configuration fields: rendered from ConfigFields, checked by"
            + " ReadmeFieldTableTest -->\n";
    private static final String END = "<!-- end of configuration fields -->\n";

    @Test
    void theReadmeShowsTheTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String expected = BEGIN + render() + END;
        assertTrue(readme.contains(expected), "README.md must contain:\n" + expected);
    }

    /** The table as Markdown: name, part, how it is written, the two preset families' values, meaning. */
    static String render() {
        ProcessorConfig zcu = ProcessorConfig.preset("zcu102_single");
        ProcessorConfig small = ProcessorConfig.preset("small_single");
        StringBuilder sb = new StringBuilder("| field | part | written as | `zcu102_single` | `small_single` | meaning |\n"
                + "|---|---|---|---|---|---|\n");
        for (ConfigField<?> f : ConfigFields.ALL) {
            sb.append("| `").append(f.name()).append("` | ").append(f.part().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(f.syntax().examples()).append(" | `").append(f.text(zcu)).append("` | `")
                    .append(f.text(small)).append("` | ").append(f.meaning()).append(" |\n");
        }
        return sb.toString();
    }
}
