package com.example.sensors;

/** Prints where the host must put the input and find the output of the compiled sensor network. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        System.out.printf("input  at 0x%08x (%d features, up to %d steps)%n",
                SensorLstmOffsets.BASE_ADDRESS + SensorLstmOffsets.INPUT_DATA_OFFSET,
                SensorLstmOffsets.INPUT_FEATURES, SensorLstmOffsets.MAX_SEQUENCE_LENGTH);
        System.out.printf("output at 0x%08x (%d features)%n",
                SensorLstmOffsets.BASE_ADDRESS + SensorLstmOffsets.OUTPUT_RESULT_OFFSET,
                SensorLstmOffsets.OUTPUT_FEATURES);
        System.out.println("image  " + SensorLstmOffsets.IMAGE_RESOURCE);
    }
}
