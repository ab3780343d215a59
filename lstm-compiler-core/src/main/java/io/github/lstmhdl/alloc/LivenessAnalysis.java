package io.github.lstmhdl.alloc;

import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.lower.DataBuffer;
import io.github.lstmhdl.lower.LoweredNetwork;
import io.github.lstmhdl.lower.SymInstruction;
import io.github.lstmhdl.lower.SymOperand;
import io.github.lstmhdl.memory.RegionKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the planner's input from a scheduled program: for every system-buffer unit, the first and
 * last instruction that names it, widened to the whole span of a loop when named inside one (a loop
 * body runs many times, so its buffers live from the LOOP to its last body instruction).
 */
public final class LivenessAnalysis {
    private LivenessAnalysis() {
    }

    /** One request per system-buffer unit of {@code lowered}, in unit order. */
    public static List<BufferRequest> requests(LoweredNetwork lowered, List<SymInstruction> program, int elementBytes) {
        Map<String, int[]> spans = new HashMap<>();
        int loopStart = -1;
        int loopEnd = -1;
        for (int i = 0; i < program.size(); i++) {
            SymInstruction in = program.get(i);
            if (in.opcode() == Opcode.LOOP) {
                loopStart = i;
                loopEnd = i + in.aux();
                continue;
            }
            boolean inLoop = i <= loopEnd;
            int from = inLoop ? loopStart : i;
            int to = inLoop ? loopEnd : i;
            for (SymOperand op : List.of(in.dst(), in.a(), in.b(), in.c())) {
                if (op.isNone()) {
                    continue;
                }
                int[] span = spans.computeIfAbsent(op.unit(), u -> new int[] {from, to});
                span[0] = Math.min(span[0], from);
                span[1] = Math.max(span[1], to);
            }
        }
        List<BufferRequest> requests = new ArrayList<>();
        for (DataBuffer b : lowered.buffers()) {
            if (b.region() != RegionKind.SYSTEM_BUFFER) {
                continue;
            }
            int[] span = spans.getOrDefault(b.name(), new int[] {0, 0});
            requests.add(new BufferRequest(b.name(), b.elements() * elementBytes, span[0], span[1], b.shareable()));
        }
        return requests;
    }
}
