package io.github.lstmhdl.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON value, as {@link JsonParser} reads the metadata section and {@link CanonicalJson} writes it:
 * the small tree between the bytes and {@link ImageMetadata} ({@link MetadataTree}). A number keeps its
 * text, so nothing is rounded before the field it belongs to says what it is.
 */
sealed interface Json {

    /** The exhaustive dispatch over the kinds of value. */
    interface Cases<R> {
        R object(Obj object);

        R array(Arr array);

        R string(Str string);

        R number(Num number);

        R bool(Bool bool);

        R nullValue();
    }

    <R> R accept(Cases<R> cases);

    /** An object; its members in the order the document gives them (the writer sorts them). */
    record Obj(Map<String, Json> members) implements Json {
        public Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.object(this);
        }
    }

    /** An array. */
    record Arr(List<Json> elements) implements Json {
        public Arr {
            elements = List.copyOf(elements);
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.array(this);
        }
    }

    /** A string, unescaped. */
    record Str(String text) implements Json {
        public Str {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.string(this);
        }
    }

    /** A number, as its text in JSON's grammar (such as {@code -12}, {@code 0.0078125}, {@code 1.0E-5}). */
    record Num(String text) implements Json {
        public Num {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.number(this);
        }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements Json {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.bool(this);
        }
    }

    /** {@code null}. */
    record Null() implements Json {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.nullValue();
        }
    }
}
