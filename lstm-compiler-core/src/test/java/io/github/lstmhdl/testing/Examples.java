package io.github.lstmhdl.testing;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;

/** Small fixed example networks shared by tests and the documentation generator. */
public final class Examples {
    private Examples() {
    }

    /** D=3, H=4, one LSTM with sequence output and an FC of 2: the docs/isa.md example. */
    public static Network tiny() {
        return RandomNetworks.builder(2024, 3, 0)
                .lstm("lstm_1", 4, Direction.FORWARD, OutputMode.SEQUENCE, false, false)
                .fc("fc_1", 2).build("tiny");
    }
}
