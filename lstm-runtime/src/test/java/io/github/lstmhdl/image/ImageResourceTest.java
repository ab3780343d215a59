package io.github.lstmhdl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.diagnostics.CompilationException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageReader#readResource}: the class-path image is refused, naming the resource, when it is
 * absent or its SHA-256 is not the expected one; with the right checksum it goes on to be validated.
 * (A real image is read this way by the quick-start example and the README's snippet, which
 * {@code docs.ReadmeJavaSnippetTest} runs.)
 */
class ImageResourceTest {
    /** Bytes that are on the class path but are not an image: this class's own. */
    private static final String RESOURCE = "/io/github/lstmhdl/image/ImageResourceTest.class";

    @Test
    void anAbsentResourceIsNamed() {
        CompilationException e = assertThrows(CompilationException.class,
                () -> ImageReader.readResource(ImageResourceTest.class, "/nets/missing.elf", "00"));
        assertEquals("/nets/missing.elf", e.file());
        assertEquals("the image is not on the class path of " + ImageResourceTest.class.getName(), e.reason());
    }

    @Test
    void anotherChecksumIsAStaleOrCorruptImage() throws Exception {
        String actual = sha256(RESOURCE);
        String expected = "0".repeat(64);
        CompilationException e = assertThrows(CompilationException.class,
                () -> ImageReader.readResource(ImageResourceTest.class, RESOURCE, expected));
        assertEquals(RESOURCE, e.file());
        assertEquals("image checksum mismatch: expected " + expected + " (IMAGE_SHA256), actual " + actual
                + ": a stale or corrupt image", e.reason());
    }

    @Test
    void theRightChecksumLetsTheReaderValidateTheBytes() throws Exception {
        CompilationException e = assertThrows(CompilationException.class,
                () -> ImageReader.readResource(ImageResourceTest.class, RESOURCE, sha256(RESOURCE)));
        assertTrue(e.reason().startsWith("not an ELF image"), e.getMessage());
    }

    private static String sha256(String resource) throws Exception {
        try (InputStream in = ImageResourceTest.class.getResourceAsStream(resource)) {
            return ContentChecksum.sha256Hex(in.readAllBytes());
        }
    }
}
