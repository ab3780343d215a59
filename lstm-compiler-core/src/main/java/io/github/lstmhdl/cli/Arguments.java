package io.github.lstmhdl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed words of one command: positional arguments, flags with a value ({@code --name value} or
 * {@code --name=value}, repeatable) and switches ({@code -v}). Only flags a command declares are
 * accepted, so a typo is a usage error, not a silently ignored option.
 */
final class Arguments {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> switches = new ArrayList<>();

    private Arguments() {
    }

    /**
     * Parses {@code words}.
     *
     * @param valueFlags  flags that take a value (with their aliases, e.g. "-o" and "--output-dir")
     * @param switchFlags flags without a value
     */
    static Arguments parse(List<String> words, Set<String> valueFlags, Set<String> switchFlags)
            throws UsageException {
        Arguments a = new Arguments();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("-") && w.length() > 1) {
                String name = w;
                String value = null;
                int eq = w.indexOf('=');
                if (w.startsWith("--") && eq > 0) {
                    name = w.substring(0, eq);
                    value = w.substring(eq + 1);
                }
                if (switchFlags.contains(name) && value == null) {
                    a.switches.add(name);
                } else if (valueFlags.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= words.size()) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = words.get(++i);
                    }
                    a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw new UsageException("unknown option " + w);
                }
            } else {
                a.positional.add(w);
            }
        }
        return a;
    }

    /** The positional arguments. */
    List<String> positional() {
        return positional;
    }

    /** The exactly one positional argument, named {@code what} in the error. */
    String single(String what) throws UsageException {
        if (positional.size() != 1) {
            throw new UsageException(positional.isEmpty() ? "missing " + what
                    : "expected one " + what + ", got " + positional);
        }
        return positional.get(0);
    }

    /** The last value of a flag (or of any of its aliases), or null. */
    String value(String... names) {
        String found = null;
        for (String n : names) {
            List<String> v = values.get(n);
            if (v != null) {
                found = v.get(v.size() - 1);
            }
        }
        return found;
    }

    /** Every value of a repeatable flag. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Whether a switch (or any of its aliases) was given. */
    boolean has(String... names) {
        for (String n : names) {
            if (switches.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** A required flag's value. */
    String required(String name) throws UsageException {
        String v = value(name);
        if (v == null) {
            throw new UsageException("missing " + name);
        }
        return v;
    }
}
