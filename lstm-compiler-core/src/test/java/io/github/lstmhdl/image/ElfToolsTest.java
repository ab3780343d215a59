package io.github.lstmhdl.image;

import static org.junit.jupiter.api.Assertions.*;

import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.testing.Executables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binutils accept the image: {@code readelf} parses it without warnings and lists every symbol,
 * {@code objdump -h} lists the sections, {@code objcopy} converts it to binary, Verilog hex and Intel
 * hex. Each test runs where the tool is on the PATH and is skipped visibly where it is not.
 */
class ElfToolsTest {
    @TempDir
    Path dir;

    /** The tool's output; skips the test visibly when the tool is not installed. */
    static String run(String tool, String... args) throws IOException, InterruptedException {
        Optional<Path> found = Executables.onPath(tool);
        Assumptions.assumeTrue(found.isPresent(), tool + " is not on the PATH (" + Executables.path() + "): skipping");
        Path exe = found.get();
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), tool + " timed out");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + text);
        return text;
    }

    private Path write(CompiledNetwork n, String name) throws IOException {
        Path file = dir.resolve(name);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ElfImageWriter.write(n, out);
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void readelfParsesWithoutWarningsAndListsEverySymbol() throws Exception {
        for (CompiledNetwork n : List.of(TestImages.small(), TestImages.network(1L << 32, 3, 4, 9))) {
            Path file = write(n, "net.elf");
            String out = run("readelf", "-W", "-h", "-l", "-S", "-s", file.toString());
            String lower = out.toLowerCase(Locale.ROOT);
            assertFalse(lower.contains("warning"), out);
            assertFalse(lower.contains("error"), out);
            assertTrue(out.contains("EXEC"), out);
            assertTrue(out.contains("Little endian") || out.contains("little endian"), out);
            for (Region r : n.memoryMap().regions()) {
                assertTrue(out.contains(r.kind().sectionName()), r.kind().sectionName() + "\n" + out);
                assertTrue(out.contains(" " + r.kind().toolboxName() + "\n"), r.kind().toolboxName() + "\n" + out);
            }
            long base = n.memoryMap().baseAddress();
            for (MemorySymbol s : n.memoryMap().symbols()) {
                String value = String.format(n.memoryMap().baseAddress() + n.memoryMap().endOffset() > 0xFFFF_FFFFL
                        ? "%016x" : "%08x", base + s.offset());
                assertTrue(out.lines().anyMatch(l -> l.endsWith(" " + s.name()) && l.contains(value)
                        && l.contains(" " + s.size() + " OBJECT")), s.name() + " at " + value + "\n" + out);
            }
            assertTrue(out.contains(" EndOffset\n"), out);
            assertEquals(3, out.lines().filter(l -> l.trim().startsWith("LOAD")).count(), out);
        }
    }

    @Test
    void objdumpListsTheSections() throws Exception {
        CompiledNetwork n = TestImages.small();
        String out = run("objdump", "-h", write(n, "net.elf").toString());
        for (Region r : n.memoryMap().regions()) {
            assertTrue(out.contains(r.kind().sectionName()), out);
        }
        assertTrue(out.contains(".lstm.meta"), out);
    }

    /**
     * objcopy (binutils 2.40) does not auto-detect any EM_NONE ELF, even one it wrote itself, so the
     * input target is named, as docs/image-format.md tells users to do.
     */
    @Test
    void objcopyConvertsToBinaryVerilogAndIntelHex() throws Exception {
        CompiledNetwork n = TestImages.small();
        Path elf = write(n, "net.elf");
        Path bin = dir.resolve("net.bin");
        run("objcopy", "-I", "elf32-little", "-O", "binary", elf.toString(), bin.toString());
        // the binary image spans SchedulerDataOffset to the end of the weights' content
        Region sched = n.memoryMap().region(RegionKind.SCHEDULER_DATA);
        Region weights = n.memoryMap().region(RegionKind.FC_WEIGHT_DATA);
        long expected = weights.offset() + n.contents().get(RegionKind.FC_WEIGHT_DATA).size() - sched.offset();
        byte[] binary = Files.readAllBytes(bin);
        assertEquals(expected, binary.length);
        LoadedImage loaded = ImageReader.read(Files.readAllBytes(elf), "net.elf");
        byte[] w = loaded.content(RegionKind.FC_WEIGHT_DATA);
        assertArrayEquals(w, java.util.Arrays.copyOfRange(binary, (int) (weights.offset() - sched.offset()),
                binary.length));

        Path vlog = dir.resolve("net.vh");
        run("objcopy", "-I", "elf32-little", "-O", "verilog", elf.toString(), vlog.toString());
        String v = Files.readString(vlog);
        assertTrue(v.contains(String.format("@%08X", n.memoryMap().baseAddress() + weights.offset())), v.substring(0, 200));

        Path hex = dir.resolve("net.hex");
        run("objcopy", "-I", "elf32-little", "-O", "ihex", elf.toString(), hex.toString());
        assertTrue(Files.readString(hex).startsWith(":"));
        assertTrue(Files.readString(hex).contains(":00000001FF"), "end record");
    }

    @Test
    void objcopyConvertsAnElf64ImageToBinaryAndVerilog() throws Exception {
        CompiledNetwork n = TestImages.network(1L << 32, 3, 4, 9);
        Path elf = write(n, "net64.elf");
        Path bin = dir.resolve("net64.bin");
        run("objcopy", "-I", "elf64-little", "-O", "binary", elf.toString(), bin.toString());
        Region sched = n.memoryMap().region(RegionKind.SCHEDULER_DATA);
        Region weights = n.memoryMap().region(RegionKind.FC_WEIGHT_DATA);
        assertEquals(weights.offset() + n.contents().get(RegionKind.FC_WEIGHT_DATA).size() - sched.offset(),
                Files.size(bin));
        run("objcopy", "-I", "elf64-little", "-O", "verilog", elf.toString(), dir.resolve("net64.vh").toString());
    }
}
