package io.github.lstmhdl;

import io.github.lstmhdl.config.ConfigField;
import io.github.lstmhdl.config.ConfigFields;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.pipeline.Importers;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.source.SourceFiles;
import io.github.lstmhdl.timing.Deadlines;
import io.github.lstmhdl.timing.DeadlineMissedException;
import io.github.lstmhdl.timing.FcBound;
import io.github.lstmhdl.timing.PerformanceReport;
import io.github.lstmhdl.timing.ProgramTiming;
import io.github.lstmhdl.timing.TimingModel;
import io.github.lstmhdl.timing.TimingParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a compiled network's estimate (a run of the frame limit, docs/isa.md §9) against its
 * {@link Deadlines} and, when it misses one, says what would fit: more FC threads (the network compiled
 * again for 8 or 16 threads and estimated), the lowest clock that meets every deadline (the same
 * program timed at other clocks: the program does not depend on the clock), gate fusion when it is off
 * (compiled again), and a narrower data type when an FC is memory-bound. The check reads nothing but the
 * estimate; only the advice compiles the network again, and only when a deadline is missed.
 */
public final class DeadlineCheck {
    /** The fastest clock the advice tries, in MHz. */
    static final int MAX_ADVISED_CLOCK_MHZ = 2000;

    private DeadlineCheck() {
    }

    /**
     * Fails when the result's estimate misses a deadline.
     *
     * @param request   the request the result was compiled from (for the advice's variants)
     * @param result    the compiled network
     * @param deadlines the deadlines; {@link Deadlines#NONE} checks nothing
     * @throws DeadlineMissedException naming the missed deadlines, the figures and what would fit
     */
    public static void check(CompileRequest request, CompileResult result, Deadlines deadlines)
            throws CompilationException {
        if (deadlines.isEmpty()) {
            return;
        }
        CompiledNetwork compiled = result.network();
        PerformanceReport estimate = compiled.estimate();
        List<String> misses = deadlines.misses(estimate);
        if (misses.isEmpty()) {
            return;
        }
        List<String> fits = advice(request, compiled, estimate, deadlines);
        throw new DeadlineMissedException(request.displayName(), "the estimate misses " + String.join("; ", misses)
                + ". " + (fits.isEmpty() ? "Nothing the compiler can change would fit: the network needs a smaller"
                        + " model or a longer deadline." : "Would fit: " + String.join("; ", fits) + "."));
    }

    private static List<String> advice(CompileRequest request, CompiledNetwork compiled, PerformanceReport estimate,
            Deadlines deadlines) throws CompilationException {
        ProcessorConfig config = compiled.config();
        List<String> fits = new ArrayList<>();
        Network network = null;
        for (int threads : new int[] {8, 16}) {
            if (threads <= config.fcThreads()) {
                continue;
            }
            network = network != null ? network : Importers.read(request.network(), request.importOptions(),
                    new SourceFiles());
            variant(network, request, config, Map.of(ConfigFields.FC_THREADS, threads,
                    ConfigFields.FC_INPUT_MEMORY_SIZE, Math.max(threads, config.fcInputMemorySize()),
                    ConfigFields.FC_OUTPUT_MEMORY_SIZE, Math.max(threads, config.fcOutputMemorySize())), deadlines)
                    .ifPresent(e -> fits.add(String.format(Locale.ROOT, "fcThreads %d (%s per sequence, %s for one step)",
                            threads, PerformanceReport.duration(e.sequenceSeconds()),
                            PerformanceReport.duration(e.singleStepSeconds()))));
        }
        if (!config.gateFusion()) {
            network = network != null ? network : Importers.read(request.network(), request.importOptions(),
                    new SourceFiles());
            variant(network, request, config, Map.of(ConfigFields.GATE_FUSION, true), deadlines)
                    .ifPresent(e -> fits.add(String.format(Locale.ROOT, "gateFusion true (%s per sequence)",
                            PerformanceReport.duration(e.sequenceSeconds()))));
        }
        int clock = lowestClock(compiled, deadlines);
        if (clock > 0) {
            fits.add("clockFrequencyMHz " + clock + " or more (the program unchanged)");
        }
        boolean memoryBound = compiled.program().stream().anyMatch(in -> in.opcode() == Opcode.FC
                && TimingModel.fcBound(in, TimingParameters.of(config)) == FcBound.MEMORY);
        if (memoryBound) {
            fits.add("a narrower data type (int8, once the processor has it) or more memoryBandwidthMBps would"
                    + " shorten the memory-bound FCs");
        }
        return fits;
    }

    /** The variant's estimate when it compiles and meets every deadline. */
    private static Optional<PerformanceReport> variant(Network network, CompileRequest request,
            ProcessorConfig config, Map<ConfigField<?>, ?> changes, Deadlines deadlines) {
        try {
            PerformanceReport e = NetworkCompiler.compile(network, config.with(changes), request.displayName(),
                    LstmCompiler.version(), false).estimate();
            return deadlines.metBy(e) ? Optional.of(e) : Optional.empty();
        } catch (CompilationException | IllegalArgumentException e) {
            return Optional.empty(); // the variant does not compile (an overflow): no advice
        }
    }

    /**
     * The lowest clock in MHz, above the configured one and at most {@link #MAX_ADVISED_CLOCK_MHZ}, at which
     * the same program meets every deadline; 0 when none does (memory-bound FCs do not speed up with the
     * clock). The estimate's seconds do not grow with the clock, so a binary search finds it.
     */
    static int lowestClock(CompiledNetwork compiled, Deadlines deadlines) {
        int lo = compiled.config().clockFrequencyMHz();
        int hi = MAX_ADVISED_CLOCK_MHZ;
        if (lo >= hi || !meets(compiled, hi, deadlines)) {
            return 0;
        }
        while (hi - lo > 1) { // meets(hi), not meets(lo)
            int mid = lo + (hi - lo) / 2;
            if (meets(compiled, mid, deadlines)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static boolean meets(CompiledNetwork compiled, int clockMHz, Deadlines deadlines) {
        TimingParameters p = TimingParameters.of(compiled.config());
        TimingParameters at = new TimingParameters(p.fcThreads(), clockMHz, p.memoryBandwidthMBps(), p.elementBytes());
        return deadlines.metBy(PerformanceReport.estimate(ProgramTiming.of(compiled.program(), at), compiled.owners(),
                compiled.metadata().frameLimit()));
    }
}
