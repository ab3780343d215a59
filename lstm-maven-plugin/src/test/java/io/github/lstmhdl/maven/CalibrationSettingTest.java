package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an int8 network's calibration samples come from: its setting, else the convention folder, else none. */
class CalibrationSettingTest {
    @TempDir
    Path root;

    @Test
    void theSettingThenTheConventionThenNone() throws Exception {
        Path file = Files.createDirectories(root.resolve("speech")).resolve("kws.onnx");
        assertEquals(Optional.empty(), CompileMojo.calibration(root, file, null), "no folder: none");
        Path convention = Files.createDirectories(root.resolve("speech/kws.calibration"));
        assertEquals(Optional.of(convention), CompileMojo.calibration(root, file, null));
        assertEquals(Optional.of(convention), CompileMojo.calibration(root, file, new NetworkOverride()));
        NetworkOverride o = new NetworkOverride();
        o.setCalibration(" samples/kws ");
        assertEquals(Optional.of(root.resolve("samples/kws")), CompileMojo.calibration(root, file, o));
        Path json = root.resolve("tiny.lstm.json");
        Path tinyCal = Files.createDirectories(root.resolve("tiny.calibration"));
        assertEquals(Optional.of(tinyCal), CompileMojo.calibration(root, json, null));
    }
}
