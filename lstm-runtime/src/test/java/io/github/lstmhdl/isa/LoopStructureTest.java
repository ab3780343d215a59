package io.github.lstmhdl.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The loop structure rule: sound programs pass, each breach is found at its instruction with its reason. */
class LoopStructureTest {

    /** The rule reads nothing but opcode and aux: any representation will do. */
    private record Op(Opcode opcode, int aux) {
    }

    private static final Op NOP = new Op(Opcode.NOP, 0);
    private static final Op HALT = new Op(Opcode.HALT, 0);

    private static Op loop(int body) {
        return new Op(Opcode.LOOP, body);
    }

    private static Optional<LoopStructure.Violation> check(Op... program) {
        return LoopStructure.firstViolation(List.of(program), Op::opcode, Op::aux);
    }

    @Test
    void soundProgramsPass() {
        assertEquals(Optional.empty(), check());
        assertEquals(Optional.empty(), check(NOP, HALT));
        assertEquals(Optional.empty(), check(loop(2), NOP, NOP, loop(1), NOP, HALT));
        assertEquals(Optional.empty(), check(loop(0), HALT)); // an empty body does nothing (docs/isa.md §3)
        assertEquals(Optional.empty(), check(loop(1), HALT)); // a body may hold the HALT
        assertEquals(Optional.empty(), check(new Op(Opcode.FC, 7), NOP)); // aux of another opcode is no body
    }

    @Test
    void aBodyPastTheEndIsReportedAtItsLoop() {
        assertEquals(Optional.of(new LoopStructure.Violation(1,
                "the loop body of 3 instructions runs past the end of the program (4 instructions)")),
                check(NOP, loop(3), NOP, HALT));
        assertEquals(Optional.of(new LoopStructure.Violation(0,
                "the loop body of 1 instructions runs past the end of the program (1 instructions)")),
                check(loop(1)));
    }

    @Test
    void aLoopInsideABodyIsReportedAtTheInnerLoop() {
        assertEquals(Optional.of(new LoopStructure.Violation(2,
                "a LOOP inside the body of the loop at instruction 0 (loops do not nest)")),
                check(loop(3), NOP, loop(1), NOP, HALT));
        // the loop right after a body is not inside it
        assertEquals(Optional.empty(), check(loop(1), NOP, loop(1), NOP, HALT));
    }

    @Test
    void theFirstBreachInProgramOrderWins() {
        // loop 0 holds loop 1, whose own body also runs past the end: the nesting at 1 comes first
        assertEquals(1, check(loop(2), loop(5), NOP).orElseThrow().index());
    }

    @Test
    void aViolationNeedsAnIndexAndAReason() {
        assertThrows(IllegalArgumentException.class, () -> new LoopStructure.Violation(-1, "x"));
        assertThrows(NullPointerException.class, () -> new LoopStructure.Violation(0, null));
    }
}
