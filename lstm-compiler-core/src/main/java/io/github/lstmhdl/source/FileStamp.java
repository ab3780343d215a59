package io.github.lstmhdl.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What the file system says about a file without reading it: its size, its modification and change
 * times and its identity (device and inode where the platform has them). Two equal stamps of one path
 * mean, as for git's index, that the file was not written in between: a write moves the modification
 * time and the change time, and the change time cannot be set back by a user (a tool that restores the
 * modification time, such as {@code touch -r} or {@code cp -p}, still moves it); a file replaced by a
 * rename gets another inode. A build can therefore trust a digest it recorded together with a stamp as
 * long as the stamp is unchanged, and hash the file again only when it is not.
 *
 * <p>What a stamp cannot see: a second write of the same size within the file system's time
 * granularity of the first, when both fall between the open and the read (nanoseconds with Linux's
 * fine-grained timestamps; seconds on FAT, HFS+ or some network file systems); a front end that records
 * a digest takes the stamp before reading and again after, and trusts nothing when they differ. Where
 * the platform has no change time and no file identity (Windows), a stamp is only size and
 * modification time and is not {@linkplain #isStrong() strong}: a file whose modification time was put
 * back must be hashed to be known unchanged.
 *
 * @param size     the size in bytes
 * @param modified the modification time, in nanoseconds since the epoch
 * @param changed  the status change time (POSIX ctime), in nanoseconds since the epoch; 0 where the
 *                 platform has none
 * @param identity the file's identity ("dev:ino" on POSIX, the platform's file key or "" otherwise)
 */
public record FileStamp(long size, long modified, long changed, String identity) {

    public FileStamp {
        Objects.requireNonNull(identity, "identity");
    }

    /**
     * The stamp of a file as it is now, following symbolic links.
     *
     * @throws IOException when the file does not exist or cannot be examined
     */
    public static FileStamp of(Path file) throws IOException {
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,dev,ino");
            return new FileStamp((Long) unix.get("size"), nanos((FileTime) unix.get("lastModifiedTime")),
                    nanos((FileTime) unix.get("ctime")), unix.get("dev") + ":" + unix.get("ino"));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, new LinkOption[0]);
            Object key = basic.fileKey();
            return new FileStamp(basic.size(), nanos(basic.lastModifiedTime()), 0, key == null ? "" : key.toString());
        }
    }

    /**
     * Whether an unchanged stamp proves an unchanged file: the platform gave a change time or a file
     * identity, which a user cannot set back.
     */
    public boolean isStrong() {
        return changed != 0 || !identity.isEmpty();
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    /** The stamp as one line of text, for state files: {@code size,modified,changed,identity}. */
    public String toText() {
        return size + "," + modified + "," + changed + "," + identity;
    }

    /**
     * Reads {@link #toText()}.
     *
     * @throws IllegalArgumentException when the text is not a stamp
     */
    public static FileStamp parse(String text) {
        String[] parts = text.split(",", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a file stamp: " + text);
        }
        return new FileStamp(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]);
    }
}
