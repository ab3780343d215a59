package io.github.lstmhdl.rtl;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the RTL sources and the test bench lie (the project's {@code hdl/}, beside this module). */
final class RtlPaths {
    private RtlPaths() {
    }

    /** The project's {@code hdl/} folder. */
    static Path hdlDirectory() {
        Path p = Path.of("..", "hdl").toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("rtl"))) {
            throw new IllegalStateException("the RTL sources are not at " + p + "/rtl (tests run from lstm-compiler-core)");
        }
        return p;
    }

    /** {@code hdl/rtl}. */
    static Path rtlDirectory() {
        return hdlDirectory().resolve("rtl");
    }
}
