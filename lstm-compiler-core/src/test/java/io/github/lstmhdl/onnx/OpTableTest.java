package io.github.lstmhdl.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The op table: what each op type is (folded, translated, rejected), and which rejection is reported first. */
class OpTableTest {

    private static Node node(String op, String domain, int index) {
        return new Node("n" + index, op, domain, List.of("x"), List.of("y" + index), Map.of(), index);
    }

    @Test
    void foldedTranslatedAndBoth() {
        for (String op : List.of("Constant", "ConstantOfShape", "Expand", "Mul", "Sub", "Div", "ReduceProd", "ReduceSum")) {
            assertNotNull(OpTable.handled(op).folding(), op);
            assertNull(OpTable.handled(op).translator(), op);
        }
        for (String op : List.of("LSTM", "Gemm", "MatMul", "Relu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax")) {
            assertNull(OpTable.handled(op).folding(), op);
            assertNotNull(OpTable.handled(op).translator(), op);
        }
        for (String op : List.of("Shape", "Size", "Gather", "Unsqueeze", "Squeeze", "Slice", "Cast", "Reshape",
                "Flatten", "Transpose", "Identity", "Dropout", "Add", "Concat")) {
            assertNotNull(OpTable.handled(op).folding(), op);
            assertNotNull(OpTable.handled(op).translator(), op);
        }
        assertEquals(OpTable.FlowInputs.EITHER, OpTable.handled("Add").flowInputs());
        assertEquals(OpTable.FlowInputs.ANY, OpTable.handled("Concat").flowInputs());
        assertEquals(OpTable.FlowInputs.FIRST, OpTable.handled("MatMul").flowInputs());
        assertTrue(RecurrentTranslator.is("LSTM"));
        assertTrue(RecurrentTranslator.is("GRU"));
    }

    @Test
    void controlFlowIsReportedBeforeNotYetAndUnknownOps() {
        List<Node> order = List.of(node("Foo", "", 0), node("RNN", "", 1), node("Scan", "", 2));
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OpTable.check("m.onnx", order));
        assertTrue(e.getMessage().contains("op Scan is not supported: recurrent layers must be exported as ONNX"
                + " LSTM/GRU nodes, not as Scan control flow"), e.getMessage());
        e = assertThrows(InvalidNetworkException.class,
                () -> OpTable.check("m.onnx", order.subList(0, 2)));
        assertTrue(e.getMessage().contains("op RNN is not supported yet (only LSTM and GRU are)"), e.getMessage());
        e = assertThrows(InvalidNetworkException.class,
                () -> OpTable.check("m.onnx", List.of(node("Relu", "com.example", 0))));
        assertTrue(e.getMessage().contains("op com.example.Relu is not supported"), e.getMessage());
    }

    @Test
    void supportedOpsPass() throws InvalidNetworkException {
        OpTable.check("m.onnx", List.of(node("Relu", "", 0), node("LSTM", "ai.onnx", 1)));
        assertEquals(OpTranslator.AxisPath.RECURRENT, OpTable.handled("LSTM").translator().axisPath());
        assertEquals(OpTranslator.AxisPath.PERMUTES, OpTable.handled("Transpose").translator().axisPath());
        assertEquals(OpTranslator.AxisPath.KEEPS, OpTable.handled("Cast").translator().axisPath());
        // a per-step layer keeps the axes (an MLP before the first LSTM), a Gemm on 2-D vectors ends the search
        assertEquals(OpTranslator.AxisPath.KEEPS, OpTable.handled("Relu").translator().axisPath());
        assertEquals(OpTranslator.AxisPath.KEEPS, OpTable.handled("MatMul").translator().axisPath());
        assertEquals(OpTranslator.AxisPath.ENDS, OpTable.handled("Gemm").translator().axisPath());
    }
}
