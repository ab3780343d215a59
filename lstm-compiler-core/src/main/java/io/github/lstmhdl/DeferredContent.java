package io.github.lstmhdl;

import io.github.lstmhdl.image.RegionContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A small generated file whose bytes are produced when they are first needed and then kept: the
 * constants that name the image's digest, so that the digest can be taken while the image is written
 * instead of by a pass of its own before.
 */
final class DeferredContent implements RegionContent {
    private final Supplier<RegionContent> producer;
    private RegionContent content;

    DeferredContent(Supplier<RegionContent> producer) {
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    @Override
    public long size() {
        return content().size();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        content().writeTo(out);
    }

    private synchronized RegionContent content() {
        if (content == null) {
            content = Objects.requireNonNull(producer.get(), "produced content");
        }
        return content;
    }
}
