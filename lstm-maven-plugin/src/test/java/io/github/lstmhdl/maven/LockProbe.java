package io.github.lstmhdl.maven;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A process of its own that says whether it can take the file lock of its argument: "free" or "held". */
final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            System.out.print(lock == null ? "held" : "free");
        }
    }
}
