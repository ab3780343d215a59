package io.github.lstmhdl.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The package structure of the compiler core and of lstm-runtime (which the core depends on), read
 * from their class files by the JDK's own {@code jdeps}: no package dependency cycle, and the layers of
 * docs/architecture.md (the user's API at the top, the pipeline that drives the stages under it, the
 * stages, and the vocabularies every stage shares at the bottom), and no runtime package that uses a
 * core one. A new dependency that breaks either fails here with the packages it joins.
 */
class PackageCyclesTest {

    private static final String BASE = "io.github.lstmhdl";

    @Test
    void noPackageCycle() {
        List<Set<String>> cycles = cycles(graph());
        assertEquals(List.of(), cycles, "package cycles (break them: see docs/architecture.md)");
    }

    @Test
    void onlyTheFrontEndsUseTheApiAndOnlyTheApiAndFrontEndsUseThePipeline() {
        Map<String, Set<String>> graph = graph();
        graph.forEach((from, to) -> {
            if (!from.equals("cli")) {
                assertTrue(!to.contains(""), from + " depends on the root package (the user's API)");
            }
            if (!from.equals("cli") && !from.isEmpty()) {
                assertTrue(!to.contains("pipeline"), from + " depends on the pipeline that drives it");
            }
        });
    }

    @Test
    void theSharedVocabulariesDependOnNoStage() {
        Map<String, Set<String>> graph = graph();
        assertEquals(Set.of(), graph.getOrDefault("diagnostics", Set.of()), "diagnostics depends on nothing");
        assertTrue(Set.of("diagnostics").containsAll(graph.getOrDefault("memory", Set.of())),
                "memory (the memory map's vocabulary) depends on " + graph.get("memory"));
        assertEquals(Set.of(), graph.getOrDefault("layout", Set.of()), "layout (Axis) depends on nothing");
        assertTrue(Set.of("diagnostics", "layout").containsAll(graph.getOrDefault("ir", Set.of())),
                "ir (the network) depends on " + graph.get("ir"));
    }

    @Test
    void theRuntimeUsesNothingOfTheCore() {
        Map<String, Set<String>> runtime = dependencies(runtimeClasses());
        assertTrue(runtime.containsKey("sim") && runtime.containsKey("image"), "runtime packages: " + runtime.keySet());
        runtime.forEach((from, to) -> assertTrue(runtime.keySet().containsAll(to),
                "runtime package " + from + " depends on " + to + ", not all of them runtime packages"));
    }

    /** The lstm-runtime classes the core is compiled against: a folder in the reactor, or the jar. */
    private static Path runtimeClasses() {
        try {
            return Path.of(io.github.lstmhdl.sim.Simulator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Set<String>> graph() {
        Map<String, Set<String>> graph = dependencies(Path.of("target/classes"), runtimeClasses());
        assertTrue(graph.size() > 10, "too few packages read: " + graph.keySet());
        assertTrue(graph.containsKey("diagnostics") && graph.containsKey("memory") && graph.containsKey("pipeline")
                && graph.containsKey("layout") && graph.containsKey("ir"),
                "packages missing: " + graph.keySet());
        return graph;
    }

    /** Package (relative to {@link #BASE}) to the packages it depends on, from jdeps. */
    private static Map<String, Set<String>> dependencies(Path... classes) {
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none"));
        for (Path path : classes) {
            assertTrue(Files.exists(path), "no compiled classes at " + path.toAbsolutePath());
            args.add(path.toString());
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
        assertEquals(0, code, "jdeps failed: " + out);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 3 && words[1].equals("->") && inBase(words[0])) {
                String from = relative(words[0]);
                graph.computeIfAbsent(from, k -> new TreeSet<>());
                if (inBase(words[2]) && !words[2].equals(words[0])) {
                    graph.get(from).add(relative(words[2]));
                }
            }
        }
        return graph;
    }

    private static boolean inBase(String pkg) {
        return pkg.equals(BASE) || pkg.startsWith(BASE + ".");
    }

    private static String relative(String pkg) {
        return pkg.equals(BASE) ? "" : pkg.substring(BASE.length() + 1);
    }

    /** The strongly connected components with more than one package (Tarjan's algorithm, iterative). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> result = new ArrayList<>();
        int[] next = {0};
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                strongConnect(start, graph, index, low, stack, onStack, result, next);
            }
        }
        return result;
    }

    private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> result, int[] next) {
        Deque<Object[]> work = new ArrayDeque<>();
        work.push(new Object[] {v, new ArrayList<>(graph.getOrDefault(v, Set.of())).iterator()});
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.push(v);
        onStack.add(v);
        while (!work.isEmpty()) {
            Object[] frame = work.peek();
            String node = (String) frame[0];
            @SuppressWarnings("unchecked")
            java.util.Iterator<String> it = (java.util.Iterator<String>) frame[1];
            if (it.hasNext()) {
                String w = it.next();
                if (!index.containsKey(w)) {
                    index.put(w, next[0]);
                    low.put(w, next[0]++);
                    stack.push(w);
                    onStack.add(w);
                    work.push(new Object[] {w, new ArrayList<>(graph.getOrDefault(w, Set.of())).iterator()});
                } else if (onStack.contains(w)) {
                    low.put(node, Math.min(low.get(node), index.get(w)));
                }
                continue;
            }
            work.pop();
            if (!work.isEmpty()) {
                String parent = (String) work.peek()[0];
                low.put(parent, Math.min(low.get(parent), low.get(node)));
            }
            if (low.get(node).equals(index.get(node))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(node));
                if (component.size() > 1) {
                    result.add(component);
                }
            }
        }
    }

    @Test
    void theCycleFinderFindsCyclesAndOnlyCycles() {
        Map<String, Set<String>> g = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of("e"), "e", Set.of(), "f", Set.of("g"), "g", Set.of("f")));
        assertEquals(List.of(Set.of("a", "b", "c"), Set.of("f", "g")), cycles(g).stream()
                .sorted((x, y) -> x.iterator().next().compareTo(y.iterator().next())).toList());
    }
}
