package io.github.lstmhdl.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.schedule.Schedule;
import io.github.lstmhdl.schedule.Scheduler;
import io.github.lstmhdl.testing.Examples;
import io.github.lstmhdl.testing.RandomNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the decomposition of small networks: component names, kernels, shapes, order and groups. */
class GoldenListingTest {

    @Test
    void tinyNetworkFused() throws CompilationException {
        LoweredNetwork l = Lowering.lower(Examples.tiny(), ProcessorConfig.defaults().with("inputProjection", "false"), 5,
                "tiny.lstm.json");
        assertEquals(List.of(
                "lstm_1.concat        IN_PLACE    CONCAT          [7]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.wi            FC          FULLY_CONNECTED [4x7]      act=SIGMOID    fused=lstm_1   layer=lstm_1",
                "lstm_1.wf            FC          FULLY_CONNECTED [4x7]      act=SIGMOID    fused=lstm_1   layer=lstm_1",
                "lstm_1.wg            FC          FULLY_CONNECTED [4x7]      act=TANH       fused=lstm_1   layer=lstm_1",
                "lstm_1.wo            FC          FULLY_CONNECTED [4x7]      act=SIGMOID    fused=lstm_1   layer=lstm_1",
                "lstm_1.cell          ELEMENTWISE CELL_UPDATE     [4]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.tanh_c        ELEMENTWISE TANH            [4]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.hidden        ELEMENTWISE HIDDEN_UPDATE   [4]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.copy_h        ELEMENTWISE OUTPUT_COPY     [4]        act=NONE       fused=-        layer=lstm_1",
                "fc_1                 FC          FULLY_CONNECTED [2x4]      act=NONE       fused=-        layer=fc_1"),
                l.listing());
        Schedule s = Scheduler.schedule(l);
        assertEquals(List.of("lstm_1.wi>>lstm_1.wo", "fc_1"), s.groups().stream().map(g -> g.name()).toList());
        assertEquals(List.of(
                "### Compiling layer group: lstm_1.wi>>lstm_1.wo ...",
                "### Compiling layer group: lstm_1.wi>>lstm_1.wo ... complete.",
                "### Compiling layer group: fc_1 ...",
                "### Compiling layer group: fc_1 ... complete."), s.groupLog());
        assertEquals(List.of("lstm_1.gates.weights", "lstm_1.gates.bias", "fc_1.weights", "fc_1.bias"),
                l.weights().stream().map(WeightBlock::name).toList());
        assertEquals(16 * 7, l.weight("lstm_1.gates.weights").orElseThrow().elements());
        assertEquals(List.of("lstm_1.wi.weights", "lstm_1.wi.bias", "lstm_1.wf.weights", "lstm_1.wf.bias",
                "lstm_1.wg.weights", "lstm_1.wg.bias", "lstm_1.wo.weights", "lstm_1.wo.bias"),
                l.aliases().stream().map(SymbolAlias::name).toList());
        // no concat buffer and no copy: the fused FC reads x_t from the input, then accumulates h_{t-1}
        assertEquals(List.of(
                "STATE_INIT flags=2 act=NONE n=4 m=0 dst=lstm_1.h[0] a=- b=- c=- aux=0 rowStride=0 (lstm_1.h)",
                "STATE_INIT flags=2 act=NONE n=4 m=0 dst=lstm_1.c[0] a=- b=- c=- aux=0 rowStride=0 (lstm_1.c)",
                "LOOP flags=0 act=NONE n=0 m=0 dst=- a=- b=- c=- aux=8 rowStride=0 ()",
                "FC flags=0 act=NONE n=16 m=3 dst=lstm_1.gates[0] a=lstm_1.gates.weights[0] b=InputDataOffset[0+3*t]"
                        + " c=lstm_1.gates.bias[0] aux=0 rowStride=7 (lstm_1.wi>>lstm_1.wo)",
                "FC flags=8 act=LSTM_GATES n=16 m=4 dst=lstm_1.gates[0] a=lstm_1.gates.weights[3] b=lstm_1.h[0] c=-"
                        + " aux=4 rowStride=7 (lstm_1.wi>>lstm_1.wo)"),
                s.program().subList(0, 5).stream().map(SymInstruction::toString).toList());
        assertTrue(l.buffers().stream().noneMatch(b -> b.name().equals("lstm_1.concat")));
        assertEquals(14, s.program().size()); // 2 STATE_INIT, LOOP + 8, LOOP + FC, HALT
    }

    @Test
    void tinyNetworkProjected() throws CompilationException {
        LoweredNetwork l = Lowering.lower(Examples.tiny(), ProcessorConfig.defaults().with("inputProjection", "true"), 5,
                "tiny.lstm.json");
        assertEquals(List.of(
                "lstm_1.proj          FC          FULLY_CONNECTED [16x3]     act=NONE       fused=-        layer=lstm_1",
                "lstm_1.load_gx       ELEMENTWISE PROJECTION_LOAD [16]       act=NONE       fused=-        layer=lstm_1",
                "lstm_1.wi            FC          FULLY_CONNECTED [4x4]      act=SIGMOID    fused=lstm_1   layer=lstm_1",
                "lstm_1.wf            FC          FULLY_CONNECTED [4x4]      act=SIGMOID    fused=lstm_1   layer=lstm_1",
                "lstm_1.wg            FC          FULLY_CONNECTED [4x4]      act=TANH       fused=lstm_1   layer=lstm_1",
                "lstm_1.wo            FC          FULLY_CONNECTED [4x4]      act=SIGMOID    fused=lstm_1   layer=lstm_1",
                "lstm_1.cell          ELEMENTWISE CELL_UPDATE     [4]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.tanh_c        ELEMENTWISE TANH            [4]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.hidden        ELEMENTWISE HIDDEN_UPDATE   [4]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.copy_h        ELEMENTWISE OUTPUT_COPY     [4]        act=NONE       fused=-        layer=lstm_1",
                "fc_1                 FC          FULLY_CONNECTED [2x4]      act=NONE       fused=-        layer=fc_1"),
                l.listing());
        Schedule s = Scheduler.schedule(l);
        assertEquals(List.of("lstm_1.proj", "lstm_1.wi>>lstm_1.wo", "fc_1"),
                s.groups().stream().map(g -> g.name()).toList());
        // the same weight units as without the projection: no second copy of the input weights
        assertEquals(List.of("lstm_1.gates.weights", "lstm_1.gates.bias", "fc_1.weights", "fc_1.bias"),
                l.weights().stream().map(WeightBlock::name).toList());
        assertEquals(List.of("INPUT_DATA:InputDataOffset", "OUTPUT_RESULT:OutputResultOffset", "BUFFER:lstm_1.out",
                "STATE:lstm_1.h", "STATE:lstm_1.c", "BUFFER:lstm_1.gates", "BUFFER:lstm_1.tmp", "BUFFER:lstm_1.gx"),
                l.buffers().stream().map(b -> (b.kind() == io.github.lstmhdl.memory.SymbolKind.REGION
                        ? b.region().name() : b.kind().name()) + ":" + b.name()).toList());
        assertEquals(5L * 16, l.buffers().stream().filter(b -> b.name().equals("lstm_1.gx")).findFirst().orElseThrow()
                .elements());
        assertEquals(List.of(
                "LOOP flags=0 act=NONE n=0 m=0 dst=- a=- b=- c=- aux=1 rowStride=0 ()",
                "FC flags=0 act=NONE n=16 m=3 dst=lstm_1.gx[0+16*t] a=lstm_1.gates.weights[0] b=InputDataOffset[0+3*t]"
                        + " c=lstm_1.gates.bias[0] aux=0 rowStride=7 (lstm_1.proj)",
                "STATE_INIT flags=2 act=NONE n=4 m=0 dst=lstm_1.h[0] a=- b=- c=- aux=0 rowStride=0 (lstm_1.h)",
                "STATE_INIT flags=2 act=NONE n=4 m=0 dst=lstm_1.c[0] a=- b=- c=- aux=0 rowStride=0 (lstm_1.c)",
                "LOOP flags=0 act=NONE n=0 m=0 dst=- a=- b=- c=- aux=8 rowStride=0 ()",
                "COPY flags=0 act=NONE n=16 m=0 dst=lstm_1.gates[0] a=lstm_1.gx[0+16*t] b=- c=- aux=0 rowStride=0"
                        + " (lstm_1.load_gx)",
                "FC flags=8 act=LSTM_GATES n=16 m=4 dst=lstm_1.gates[0] a=lstm_1.gates.weights[3] b=lstm_1.h[0] c=-"
                        + " aux=4 rowStride=7 (lstm_1.wi>>lstm_1.wo)"),
                s.program().subList(0, 7).stream().map(SymInstruction::toString).toList());
        assertEquals(16, s.program().size()); // LOOP + FC, 2 STATE_INIT, LOOP + 8, LOOP + FC, HALT
    }

    @Test
    void tinyNetworkUnfused() throws CompilationException {
        LoweredNetwork l = Lowering.lower(Examples.tiny(), ProcessorConfig.defaults().with("gateFusion", "false"), 5, "t");
        assertEquals(List.of(
                "lstm_1.concat        IN_PLACE    CONCAT          [7]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.wi            FC          FULLY_CONNECTED [4x7]      act=SIGMOID    fused=-        layer=lstm_1",
                "lstm_1.wf            FC          FULLY_CONNECTED [4x7]      act=SIGMOID    fused=-        layer=lstm_1",
                "lstm_1.wg            FC          FULLY_CONNECTED [4x7]      act=TANH       fused=-        layer=lstm_1",
                "lstm_1.wo            FC          FULLY_CONNECTED [4x7]      act=SIGMOID    fused=-        layer=lstm_1",
                "lstm_1.cell          ELEMENTWISE CELL_UPDATE     [4]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.tanh_c        ELEMENTWISE TANH            [4]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.hidden        ELEMENTWISE HIDDEN_UPDATE   [4]        act=NONE       fused=-        layer=lstm_1",
                "lstm_1.copy_h        ELEMENTWISE OUTPUT_COPY     [4]        act=NONE       fused=-        layer=lstm_1",
                "fc_1                 FC          FULLY_CONNECTED [2x4]      act=NONE       fused=-        layer=fc_1"),
                l.listing());
        assertEquals(List.of("lstm_1.wi", "lstm_1.wf", "lstm_1.wg", "lstm_1.wo", "fc_1"),
                Scheduler.schedule(l).groups().stream().map(g -> g.name()).toList());
        assertEquals(List.of("lstm_1.wi.weights", "lstm_1.wi.bias", "lstm_1.wf.weights", "lstm_1.wf.bias",
                "lstm_1.wg.weights", "lstm_1.wg.bias", "lstm_1.wo.weights", "lstm_1.wo.bias", "fc_1.weights",
                "fc_1.bias"), l.weights().stream().map(WeightBlock::name).toList());
    }

    @Test
    void bidirectionalWithPeepholesAndSeparateActivations() throws CompilationException {
        var net = RandomNetworks.builder(1, 2, 0)
                .lstm("enc", 3, Direction.BIDIRECTIONAL, OutputMode.LAST_STATE, true, true)
                .fc("head", 2).softmax("softmax", false).build("bi");
        LoweredNetwork l = Lowering.lower(net, ProcessorConfig.defaults().with("fusedActivations", "false")
                .with("inputProjection", "false"), 5, "t");
        List<String> perDirection = List.of("concat", "wi", "wf", "wg", "wo", "peep_i", "peep_f", "sig_i", "sig_f",
                "tanh_g", "cell", "peep_o", "sig_o", "tanh_c", "hidden", "copy_h");
        List<String> expected = new java.util.ArrayList<>();
        perDirection.forEach(c -> expected.add("enc." + c));
        perDirection.forEach(c -> expected.add("enc_b." + c));
        expected.add("head");
        expected.add("softmax");
        assertEquals(expected, l.components().stream().map(Component::name).toList());
        assertEquals(ComponentKernel.HOST, l.components().get(l.components().size() - 1).kernel());
        assertEquals("softmax", l.hostLayer());
        assertEquals(List.of("enc.wi>>enc.wo", "enc_b.wi>>enc_b.wo", "head"),
                Scheduler.schedule(l).groups().stream().map(g -> g.name()).toList());
        assertEquals(List.of("enc.gates.weights", "enc.gates.bias", "enc.peephole", "enc.h0", "enc.c0",
                "enc_b.gates.weights", "enc_b.gates.bias", "enc_b.peephole", "enc_b.h0", "enc_b.c0", "head.weights",
                "head.bias"), l.weights().stream().map(WeightBlock::name).toList());
        // H=3 padded to 4 rows per gate: 16 rows of D+H=5
        assertEquals(16 * 5, l.weight("enc_b.gates.weights").orElseThrow().elements());
    }

    @Test
    void layerTableMarksHardwareAndSoftwareLayers() throws CompilationException {
        var net = RandomNetworks.builder(1, 3, 0)
                .lstm("lstm_1", 100, Direction.FORWARD, OutputMode.LAST_STATE, false, false)
                .fc("fc", 4).softmax("softmax", false).build("clf");
        Schedule s = Scheduler.schedule(Lowering.lower(net, ProcessorConfig.defaults(), 5, "t"));
        assertEquals(List.of(
                "### The network includes the following layers:",
                "     1   'sequenceinput'   Sequence Input    Sequence input with 3 dimensions                (SW Layer)",
                "     2   'lstm_1'          LSTM              LSTM with 100 hidden units, output last_state   (HW Layer)",
                "     3   'fc'              Fully Connected   4 fully connected layer                         (HW Layer)",
                "     4   'softmax'         Softmax           softmax                                         (SW Layer)"),
                s.layerTable());
    }
}
