// Error codes of the processor (the error_code output; docs/hardware.md lists them with their meaning).
// A run that fails never writes STATUS_DONE (docs/isa.md section 5): the processor stops with error
// high until reset, error_pc naming the instruction.
localparam [7:0] E_NONE            = 8'd0;
localparam [7:0] E_MAGIC           = 8'd1;  // program header: magic is not LSTI
localparam [7:0] E_VERSION         = 8'd2;  // program header: format version or instruction size
localparam [7:0] E_DATA_TYPE       = 8'd3;  // program header: data type is not 2 (int8); float32 is not in this RTL
localparam [7:0] E_HEADER_RESERVED = 8'd4;  // program header: bytes 20..63 not zero, or a fixed sequence length of 2^31 or more
localparam [7:0] E_SEQUENCE_LENGTH = 8'd5;  // SEQUENCE_LENGTH outside 1 .. frame limit, or not the program's fixed length
localparam [7:0] E_NO_HALT         = 8'd6;  // the program ran past its last instruction without HALT
localparam [7:0] E_OPCODE          = 8'd7;  // unknown opcode
localparam [7:0] E_ACTIVATION      = 8'd8;  // unknown activation code
localparam [7:0] E_RESERVED_FIELD  = 8'd9;  // w0 bits 24..31 or w13..w15 not zero
localparam [7:0] E_COUNT_RANGE     = 8'd10; // n, m, aux or row stride of 2^31 or more
localparam [7:0] E_LOOP_NESTED     = 8'd11; // a LOOP inside a loop body
localparam [7:0] E_LOOP_PAST_END   = 8'd12; // a LOOP whose body runs past the last instruction
localparam [7:0] E_OPERAND_RANGE   = 8'd13; // an operand's bytes outside [0, EndOffset)
localparam [7:0] E_ROW_STRIDE      = 8'd14; // FC: a non-zero row stride below m
localparam [7:0] E_GATES_AUX       = 8'd15; // LSTM_GATES with aux = 0 or n > 4 aux
localparam [7:0] E_SOFTMAX         = 8'd16; // SOFTMAX is not an int8 operation
localparam [7:0] E_RECORD_RANGE    = 8'd17; // a parameter record outside [0, EndOffset)
localparam [7:0] E_RECORD_FIELD    = 8'd18; // a parameter record field out of its range
localparam [7:0] E_I16_ALIGN       = 8'd19; // an I16 operand at an odd address
localparam [7:0] E_NEEDS_I16       = 8'd20; // FC SIGMOID, TANH or LSTM_GATES with an I8 dst
localparam [7:0] E_OVERLAP         = 8'd21; // not covered: dst partially overlaps a source (the compiler never emits it)
localparam [7:0] E_RECORD_ALIGN    = 8'd22; // not covered: a parameter record not 4-byte aligned
