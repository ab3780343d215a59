package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** Parsing {@code <networkArtifacts>} coordinates. */
class ArtifactCoordinateTest {

    @Test
    void typeDefaultsToJarAndClassifierToNone() {
        ArtifactCoordinate a = ArtifactCoordinate.parse(" com.example:models:1.0.0 ");
        assertEquals(new ArtifactCoordinate("com.example", "models", "1.0.0", "jar", ""), a);
        assertEquals("com.example:models:1.0.0:jar", a.coordinate());
        assertEquals(new ArtifactCoordinate("com.example", "models", "1.0.0", "jar", ""),
                ArtifactCoordinate.parse("com.example:models:1.0.0:"));
    }

    @Test
    void zipWithClassifier() {
        ArtifactCoordinate a = ArtifactCoordinate.parse("com.example:models:2.0-SNAPSHOT:zip:onnx");
        assertEquals("zip", a.type());
        assertEquals("onnx", a.classifier());
        assertEquals("com.example:models:2.0-SNAPSHOT:zip:onnx", a.coordinate());
        assertEquals("com.example_models_2.0-SNAPSHOT_zip_onnx", a.folderName());
    }

    @Test
    void aNewVersionIsAnotherFolderButTheSameArtifact() {
        ArtifactCoordinate v1 = ArtifactCoordinate.parse("g:a:1.0");
        ArtifactCoordinate v2 = ArtifactCoordinate.parse("g:a:1.1");
        assertNotEquals(v1.folderName(), v2.folderName());
        assertEquals(v1.versionlessKey(), v2.versionlessKey());
        assertEquals("g_a__1.0_2.0__jar", ArtifactCoordinate.parse("g:a:[1.0,2.0):jar").folderName());
    }

    @Test
    void malformedCoordinatesSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArtifactCoordinate.parse("g:a"));
        assertTrue(e.getMessage().contains("'g:a' is not groupId:artifactId:version"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ArtifactCoordinate.parse("g::1.0"));
        assertTrue(e.getMessage().contains("an empty artifactId"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ArtifactCoordinate.parse("g:a b:1.0"));
        assertTrue(e.getMessage().contains("an invalid artifactId 'a b'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ArtifactCoordinate.parse("g:a:1.0:tar.gz"));
        assertTrue(e.getMessage().contains("type 'tar.gz'") && e.getMessage().contains("jar or zip"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArtifactCoordinate.parse("g:a:1:jar:c:extra"));
        assertThrows(IllegalArgumentException.class, () -> ArtifactCoordinate.parse(null));
    }

    @Test
    void theParameterNamesItselfAndRejectsAnArtifactListedTwice() throws Exception {
        assertEquals(2, ArtifactNetworks.parse(List.of("g:a:1", " ", "g:b:1")).size());
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> ArtifactNetworks.parse(List.of("g:a")));
        assertTrue(e.getMessage().startsWith("Invalid parameter networkArtifacts (lstm.networkArtifacts): 'g:a'"),
                e.getMessage());
        e = assertThrows(MojoFailureException.class, () -> ArtifactNetworks.parse(List.of("g:a:1", "g:a:2")));
        assertTrue(e.getMessage().contains("g:a:1:jar and g:a:2:jar are the same artifact"), e.getMessage());
        assertEquals(2, ArtifactNetworks.parse(List.of("g:a:1", "g:a:1:zip")).size(), "another type is another file");
    }
}
