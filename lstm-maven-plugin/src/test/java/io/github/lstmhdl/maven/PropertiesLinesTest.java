package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The state file's lines are the lines {@link Properties#store} writes, and read back as written. */
class PropertiesLinesTest {

    @Test
    void linesAreThoseOfPropertiesStoreAndReadBack() throws Exception {
        Random r = new Random(1);
        String alphabet = " \t\n\r\f\\=:#!|/._-aZ09\u00e9\u00ff\u0100\u20ac\ud83d\ude00\u0000\u001f\u007f";
        List<String> fixed = List.of("", " ", "  lead", "trail ", "a=b:c#d!e", "C:\\dir\\n.onnx", "x|y|z");
        for (int k = 0; k < 2000; k++) {
            String key = k < fixed.size() ? fixed.get(k) : random(r, alphabet);
            String value = k < fixed.size() ? fixed.get(fixed.size() - 1 - k) : random(r, alphabet);
            Properties p = new Properties();
            p.setProperty(key, value);
            StringWriter w = new StringWriter();
            p.store(w, null);
            String stored = w.toString().split("\r?\n", -1)[1]; // after the date comment
            String line = PropertiesLines.line(key, value);
            assertEquals(stored, line, "key " + key + " value " + value);
            Properties back = new Properties();
            back.load(new StringReader(line + "\n"));
            assertEquals(value, back.getProperty(key));
        }
    }

    private static String random(Random r, String alphabet) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
