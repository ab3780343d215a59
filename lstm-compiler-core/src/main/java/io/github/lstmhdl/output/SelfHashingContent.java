package io.github.lstmhdl.output;

import io.github.lstmhdl.image.RegionContent;

/**
 * A content that takes its own SHA-256 while it is written, because something else needs that digest
 * (the image's, which its generated constants carry): a writer that hashes what it writes takes this
 * digest instead of hashing the same bytes a second time (for a large image, a full pass of SHA-256).
 */
public interface SelfHashingContent extends RegionContent {

    /**
     * The SHA-256 of the bytes the last complete {@link #writeTo} wrote.
     *
     * @throws IllegalStateException when no write has completed yet
     */
    byte[] sha256OfLastWrite();
}
