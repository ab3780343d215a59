// lstm_processor: the lstm-hdl processor's top level for the int8 datapath (docs/isa.md; the block
// diagram and the interfaces: docs/hardware.md). It holds the scheduler (the control interface of
// docs/isa.md section 5, instruction fetch and decode from InstructionDataOffset, LOOP with the
// iteration flags, the operand addresses and their range checks) and connects the FC kernel, the
// elementwise kernel, the shared activation unit and the memory access unit.
//
// The configuration inputs are the image's constants (the generated header's offsets): they are
// wires so that one bitstream serves any compiled network; a board ties them to registers or
// constants. The processor, when idle, polls CONTROL in the scheduler data; when it reads
// CONTROL_START it runs the program and ends with STEPS_DONE, CONTROL without CONTROL_START, and
// STATUS = STATUS_DONE written last. A failing run stops with error high and error_code, error_pc
// naming the reason and the instruction (docs/hardware.md lists the codes); STATUS_DONE is never
// written then, and the processor stays stopped until rst.
`default_nettype none
module lstm_processor #(
    parameter FC_THREADS = 4
) (
    input  wire        clk,
    input  wire        rst,
    // configuration: the image's memory map
    input  wire [31:0] scheduler_offset,
    input  wire [31:0] instruction_offset,
    input  wire [31:0] end_offset,
    input  wire [31:0] frame_limit,
    // external memory
    output wire        mem_valid,
    output wire        mem_we,
    output wire [31:0] mem_addr,
    output wire [31:0] mem_wdata,
    output wire [3:0]  mem_wstrb,
    input  wire        mem_ready,
    input  wire        mem_rvalid,
    input  wire [31:0] mem_rdata,
    // status
    output wire        busy,
    output reg         error,
    output reg  [7:0]  error_code,
    output reg  [31:0] error_pc,
    // trace: the instruction the current cycle belongs to (for the cycle profile)
    output wire        trace_valid,
    output wire [31:0] trace_pc
);
`include "lstm_errors.vh"
    localparam [7:0] OP_NOP = 8'h00, OP_FC = 8'h01, OP_ADD = 8'h02, OP_MUL = 8'h03, OP_ACT = 8'h04,
                     OP_COPY = 8'h05, OP_SOFTMAX = 8'h06, OP_STATE_INIT = 8'h07, OP_LOOP = 8'h08,
                     OP_HALT = 8'h09, OP_SUB = 8'h0A;
    localparam [7:0] FLAG_REVERSE = 8'h01, FLAG_ZERO = 8'h02, FLAG_ACCUMULATE = 8'h08, FLAG_LAST_STEP = 8'h10,
                     FLAG_FIRST_ITERATION = 8'h20, FLAG_LAST_ITERATION = 8'h40, FLAG_NO_BIAS = 8'h80;
    localparam [31:0] CONTROL_RESET = 32'd1, CONTROL_START = 32'd2, STATUS_DONE = 32'd1;
    localparam [31:0] PROGRAM_MAGIC = 32'h4954534C, VERSION_AND_SIZE = 32'h00400001, DATA_TYPE_INT8 = 32'd2;
    localparam [2:0] ACT_GATES = 3'd4;

    localparam [4:0] P_POLL = 5'd0, P_START = 5'd1, P_LENGTH = 5'd2, P_INDEX = 5'd3, P_CHECK_T = 5'd4,
                     P_HEADER = 5'd5, P_HEADER_CHECK = 5'd6, P_FETCH = 5'd7, P_FETCH_WORDS = 5'd8,
                     P_DECODE = 5'd9, P_ADDRESS = 5'd10, P_DISPATCH = 5'd11, P_WAIT = 5'd12, P_NEXT = 5'd13,
                     P_ITERATE = 5'd14, P_HALT_STEPS = 5'd15, P_HALT_CONTROL = 5'd16, P_HALT_CLEAR = 5'd17,
                     P_HALT_STATUS = 5'd18, P_ERROR = 5'd19;
    reg [4:0] state;

    // the run
    reg [31:0] steps, sequence_index, control, count, pc;
    reg        reset_states;
    // the loop
    reg        in_loop, reverse;
    reg [31:0] loop_pc, loop_end, iteration, t;
    reg [31:0] trips; // the running loop's trip count N: its m, or the run's T when m = 0 (docs/isa.md LOOP)
    // the instruction word
    reg [31:0] w [0:15];
    reg [3:0]  k;
    reg [1:0]  operand;
    reg [31:0] address [0:3];
    reg [63:0] w_len_r;

    // -- memory access unit and its owners -----------------------------------------------------
    localparam [1:0] OWNER_SCHEDULER = 2'd0, OWNER_FC = 2'd1, OWNER_ELEMENTWISE = 2'd2;
    reg [1:0] owner;
    reg        s_req, s_we, s_nocache, invalidate;
    reg [31:0] s_addr, s_wdata;
    wire        fc_req, fc_we, ew_req, ew_we;
    wire [1:0]  fc_size, ew_size;
    wire [31:0] fc_addr, fc_wdata, ew_addr, ew_wdata;
    wire        m_done;
    wire [31:0] m_rdata;
    wire        m_req = owner == OWNER_FC ? fc_req : owner == OWNER_ELEMENTWISE ? ew_req : s_req;
    wire        m_we = owner == OWNER_FC ? fc_we : owner == OWNER_ELEMENTWISE ? ew_we : s_we;
    wire [1:0]  m_size = owner == OWNER_FC ? fc_size : owner == OWNER_ELEMENTWISE ? ew_size : 2'd2;
    wire [31:0] m_addr = owner == OWNER_FC ? fc_addr : owner == OWNER_ELEMENTWISE ? ew_addr : s_addr;
    wire [31:0] m_wdata = owner == OWNER_FC ? fc_wdata : owner == OWNER_ELEMENTWISE ? ew_wdata : s_wdata;
    wire        m_nocache = owner == OWNER_SCHEDULER && s_nocache;

    lstm_mem_access memory (
        .clk(clk), .rst(rst), .invalidate(invalidate),
        .req(m_req), .we(m_we), .size(m_size), .nocache(m_nocache), .addr(m_addr), .wdata(m_wdata),
        .done(m_done), .rdata(m_rdata),
        .mem_valid(mem_valid), .mem_we(mem_we), .mem_addr(mem_addr), .mem_wdata(mem_wdata),
        .mem_wstrb(mem_wstrb), .mem_ready(mem_ready), .mem_rvalid(mem_rvalid), .mem_rdata(mem_rdata));

    // -- decode --------------------------------------------------------------------------------
    wire [7:0]  opcode = w[0][7:0];
    wire [7:0]  flags = w[0][15:8];
    wire [7:0]  act8 = w[0][23:16];
    wire [2:0]  act = act8[2:0];
    wire [31:0] n = w[1];
    wire [31:0] m = w[2];
    wire [31:0] aux = w[11];
    wire [31:0] row_stride = w[12] == 32'd0 ? w[2] : w[12];
    wire accumulate = (flags & FLAG_ACCUMULATE) != 8'd0;
    wire use_bias = !accumulate && (flags & FLAG_NO_BIAS) == 8'd0;
    // whether an iteration flag skips the instruction, from word 0 as it arrives (a HALT is never
    // skipped: it ends the run in a body too; a LOOP is never skipped: in a body it is an error)
    wire [7:0]  fetched_flags = m_rdata[15:8];
    wire word0_skipped = in_loop && m_rdata[7:0] != OP_HALT && m_rdata[7:0] != OP_LOOP
                         && (((fetched_flags & FLAG_FIRST_ITERATION) != 8'd0 && iteration != 32'd0)
                             || ((fetched_flags & FLAG_LAST_ITERATION) != 8'd0 && iteration != trips - 32'd1));
    wire gates_bad = act == ACT_GATES && (aux == 32'd0 || {32'd0, n} > {aux, 2'b00});
    wire [63:0] w_len = (n == 32'd0 || m == 32'd0) ? 64'd0 : (n - 32'd1) * row_stride + {32'd0, m};
    wire computes = opcode == OP_FC || opcode == OP_ADD || opcode == OP_MUL || opcode == OP_SUB || opcode == OP_ACT;
    wire [63:0] record_end = {32'd0, w[9]} + (opcode == OP_FC ? 64'd16 + {32'd0, n} * 64'd12 : 64'd32);

    // operand k: 0 dst, 1 a, 2 b, 3 c; whether the opcode reads or writes it, and its bytes
    reg        used;
    reg [63:0] bytes;
    always @(*) begin
        used = 1'b0;
        bytes = {32'd0, n};
        case (opcode)
            OP_FC: begin
                used = operand != 2'd3 || use_bias;
                bytes = operand == 2'd1 ? w_len_r : operand == 2'd2 ? {32'd0, m} : {32'd0, n};
            end
            OP_ADD, OP_MUL, OP_SUB: used = operand != 2'd3;
            OP_ACT, OP_COPY: used = operand == 2'd0 || operand == 2'd1;
            OP_STATE_INIT: used = operand == 2'd0 || (operand == 2'd1 && (flags & FLAG_ZERO) == 8'd0);
            default: used = 1'b0;
        endcase
    end
    // offset + stride * t exactly (STATE_INIT's a: the sequence index), then inside [0, EndOffset)
    wire [31:0] operand_t = (opcode == OP_STATE_INIT && operand == 2'd1) ? sequence_index : t;
    wire [31:0] operand_offset = w[3 + 2 * operand];
    wire [31:0] operand_stride = w[4 + 2 * operand];
    wire signed [67:0] operand_address = $signed({36'd0, operand_offset})
                                       + $signed({{36{operand_stride[31]}}, operand_stride}) * $signed({36'd0, operand_t});
    wire signed [67:0] operand_end = operand_address + $signed({4'd0, bytes});
    wire operand_ok = !used || (operand_address >= 0 && operand_end <= $signed({36'd0, end_offset}));

    // -- kernels -------------------------------------------------------------------------------
    reg        fc_start, ew_start;
    wire       fc_done, ew_done;
    wire [7:0] fc_error, ew_error;
    wire       fc_a_start, ew_a_start, fc_a_tanh, ew_a_tanh, a_done;
    wire [15:0] fc_a_q, ew_a_q, a_y;

    lstm_fc_kernel #(.FC_THREADS(FC_THREADS)) fc (
        .clk(clk), .rst(rst), .start(fc_start), .rows(n), .cols(m), .row_stride(row_stride),
        .w_addr(address[1]), .w_len(w_len_r), .x_addr(address[2]), .rec_addr(w[9]), .dst_addr(address[0]),
        .accumulate(accumulate), .use_bias(use_bias), .act(act), .gate_rows(aux), .end_offset(end_offset),
        .done(fc_done), .error_code(fc_error),
        .m_req(fc_req), .m_we(fc_we), .m_size(fc_size), .m_addr(fc_addr), .m_wdata(fc_wdata),
        .m_done(m_done && owner == OWNER_FC), .m_rdata(m_rdata),
        .a_start(fc_a_start), .a_tanh(fc_a_tanh), .a_q(fc_a_q), .a_done(a_done), .a_y(a_y));

    lstm_elementwise elementwise (
        .clk(clk), .rst(rst), .start(ew_start), .opcode(opcode), .act(act), .gate_rows(aux), .count(n),
        .a_addr(address[1]), .b_addr(address[2]), .rec_addr(w[9]), .dst_addr(address[0]),
        .zero((flags & FLAG_ZERO) != 8'd0), .end_offset(end_offset),
        .done(ew_done), .error_code(ew_error),
        .m_req(ew_req), .m_we(ew_we), .m_size(ew_size), .m_addr(ew_addr), .m_wdata(ew_wdata),
        .m_done(m_done && owner == OWNER_ELEMENTWISE), .m_rdata(m_rdata),
        .a_start(ew_a_start), .a_tanh(ew_a_tanh), .a_q(ew_a_q), .a_done(a_done), .a_y(a_y));

    lstm_activation activation (
        .clk(clk), .rst(rst), .start(fc_a_start | ew_a_start),
        .use_tanh(owner == OWNER_FC ? fc_a_tanh : ew_a_tanh), .q(owner == OWNER_FC ? fc_a_q : ew_a_q),
        .done(a_done), .y(a_y));

    // -- status outputs ------------------------------------------------------------------------
    assign busy = state != P_POLL && state != P_ERROR;
    assign trace_valid = state >= P_FETCH && state <= P_HALT_STATUS;
    assign trace_pc = state == P_ITERATE ? loop_pc : pc;

    task fail(input [7:0] code);
        begin
            error <= 1'b1;
            error_code <= code;
            error_pc <= pc;
            state <= P_ERROR;
        end
    endtask

    task read_word(input [31:0] at, input nocache);
        begin
            s_req <= 1'b1;
            s_we <= 1'b0;
            s_nocache <= nocache;
            s_addr <= at;
        end
    endtask

    task write_word(input [31:0] at, input [31:0] value);
        begin
            s_req <= 1'b1;
            s_we <= 1'b1;
            s_nocache <= 1'b0;
            s_addr <= at;
            s_wdata <= value;
        end
    endtask

    always @(posedge clk) begin
        invalidate <= 1'b0;
        fc_start <= 1'b0;
        ew_start <= 1'b0;
        if (rst) begin
            state <= P_POLL;
            owner <= OWNER_SCHEDULER;
            s_req <= 1'b0;
            error <= 1'b0;
            error_code <= E_NONE;
            error_pc <= 32'd0;
        end else begin
            case (state)
                P_POLL: begin
                    if (!s_req) read_word(scheduler_offset + 32'd4, 1'b1);
                    else if (m_done) begin
                        s_req <= 1'b0;
                        if ((m_rdata & CONTROL_START) != 32'd0) begin
                            control <= m_rdata;
                            reset_states <= (m_rdata & CONTROL_RESET) != 32'd0;
                            invalidate <= 1'b1;
                            state <= P_START;
                        end
                    end
                end
                P_START: begin
                    if (!s_req) write_word(scheduler_offset + 32'd8, 32'd0);
                    else if (m_done) begin
                        s_req <= 1'b0;
                        state <= P_LENGTH;
                    end
                end
                P_LENGTH: begin
                    if (!s_req) read_word(scheduler_offset, 1'b1);
                    else if (m_done) begin
                        s_req <= 1'b0;
                        steps <= m_rdata;
                        state <= P_INDEX;
                    end
                end
                P_INDEX: begin
                    if (!s_req) read_word(scheduler_offset + 32'd16, 1'b1);
                    else if (m_done) begin
                        s_req <= 1'b0;
                        sequence_index <= m_rdata;
                        state <= P_CHECK_T;
                    end
                end
                P_CHECK_T: begin
                    pc <= 32'd0;
                    in_loop <= 1'b0;
                    if (steps == 32'd0 || steps > frame_limit) fail(E_SEQUENCE_LENGTH);
                    else begin
                        k <= 4'd0;
                        read_word(instruction_offset, 1'b0);
                        state <= P_HEADER;
                    end
                end
                P_HEADER: if (m_done) begin
                    w[k] <= m_rdata;
                    if (k == 4'd15) begin
                        s_req <= 1'b0;
                        state <= P_HEADER_CHECK;
                    end else begin
                        k <= k + 4'd1;
                        s_addr <= s_addr + 32'd4;
                    end
                end
                P_HEADER_CHECK: begin
                    count <= w[2];
                    if (w[0] != PROGRAM_MAGIC) fail(E_MAGIC);
                    else if (w[1] != VERSION_AND_SIZE) fail(E_VERSION);
                    else if (w[3] != DATA_TYPE_INT8) fail(E_DATA_TYPE);
                    else if (w[4][31] || (w[5] | w[6] | w[7] | w[8] | w[9] | w[10] | w[11] | w[12] | w[13] | w[14]
                             | w[15]) != 32'd0) fail(E_HEADER_RESERVED);
                    // a program with a fixed sequence length (bytes 16..19, a convolution over time) runs at no other T
                    else if (w[4] != 32'd0 && w[4] != steps) fail(E_SEQUENCE_LENGTH);
                    else state <= P_FETCH;
                end
                P_FETCH: begin
                    if (pc >= count) fail(E_NO_HALT);
                    else begin
                        k <= 4'd0;
                        read_word(instruction_offset + 32'd64 + {pc[25:0], 6'd0}, 1'b0);
                        state <= P_FETCH_WORDS;
                    end
                end
                P_FETCH_WORDS: if (m_done) begin
                    w[k] <= m_rdata;
                    if (k == 4'd0 && word0_skipped) begin
                        // an iteration flag skips it: the rest of the word is not fetched (docs/isa.md
                        // section 9: the scheduler evaluates the flags while it fetches)
                        s_req <= 1'b0;
                        state <= P_NEXT;
                    end else if (k == 4'd15) begin
                        s_req <= 1'b0;
                        state <= P_DECODE;
                    end else begin
                        k <= k + 4'd1;
                        s_addr <= s_addr + 32'd4;
                    end
                end
                P_DECODE: begin
                    operand <= 2'd0;
                    w_len_r <= w_len;
                    if (!in_loop) t <= (flags & FLAG_LAST_STEP) != 8'd0 ? steps - 32'd1 : 32'd0;
                    if (opcode > OP_SUB) fail(E_OPCODE);
                    else if (act8 > 8'd4) fail(E_ACTIVATION);
                    else if (w[0][31:24] != 8'd0 || w[13] != 32'd0 || w[14] != 32'd0 || w[15] != 32'd0)
                        fail(E_RESERVED_FIELD);
                    else if (w[1][31] || w[2][31] || w[11][31] || w[12][31]) fail(E_COUNT_RANGE);
                    else if (opcode == OP_HALT) state <= P_HALT_STEPS;
                    else if (opcode == OP_LOOP) begin
                        if (in_loop) fail(E_LOOP_NESTED);
                        else if ({32'd0, pc} + {32'd0, aux} >= {32'd0, count}) fail(E_LOOP_PAST_END);
                        else if (aux == 32'd0) state <= P_NEXT;
                        else begin
                            in_loop <= 1'b1;
                            reverse <= (flags & FLAG_REVERSE) != 8'd0;
                            loop_pc <= pc;
                            loop_end <= pc + aux;
                            iteration <= 32'd0;
                            trips <= m == 32'd0 ? steps : m;
                            t <= (flags & FLAG_REVERSE) != 8'd0 ? (m == 32'd0 ? steps : m) - 32'd1 : 32'd0;
                            pc <= pc + 32'd1;
                            state <= P_FETCH;
                        end
                    end
                    else if (opcode == OP_NOP) state <= P_NEXT;
                    else if (opcode == OP_SOFTMAX) fail(E_SOFTMAX);
                    else if (opcode == OP_STATE_INIT && !reset_states) state <= P_NEXT;
                    else if (opcode == OP_FC && w[12] != 32'd0 && w[12] < w[2]) fail(E_ROW_STRIDE);
                    else if ((opcode == OP_FC || opcode == OP_ACT) && gates_bad) fail(E_GATES_AUX);
                    else state <= P_ADDRESS;
                end
                P_ADDRESS: begin
                    if (!operand_ok) fail(E_OPERAND_RANGE);
                    else begin
                        address[operand] <= operand_address[31:0];
                        if (operand == 2'd3) state <= P_DISPATCH;
                        operand <= operand + 2'd1;
                    end
                end
                P_DISPATCH: begin
                    if (computes && w[9][1:0] != 2'b00) fail(E_RECORD_ALIGN);
                    else if (computes && record_end > {32'd0, end_offset}) fail(E_RECORD_RANGE);
                    else if (opcode == OP_FC) begin
                        owner <= OWNER_FC;
                        fc_start <= 1'b1;
                        state <= P_WAIT;
                    end else begin
                        owner <= OWNER_ELEMENTWISE;
                        ew_start <= 1'b1;
                        state <= P_WAIT;
                    end
                end
                P_WAIT: begin
                    if ((owner == OWNER_FC && fc_done) || (owner == OWNER_ELEMENTWISE && ew_done)) begin
                        owner <= OWNER_SCHEDULER;
                        if (owner == OWNER_FC && fc_error != E_NONE) fail(fc_error);
                        else if (owner == OWNER_ELEMENTWISE && ew_error != E_NONE) fail(ew_error);
                        else state <= P_NEXT;
                    end
                end
                P_NEXT: begin
                    if (in_loop && pc == loop_end) state <= P_ITERATE;
                    else begin
                        pc <= pc + 32'd1;
                        state <= P_FETCH;
                    end
                end
                P_ITERATE: begin
                    if (iteration + 32'd1 == trips) begin
                        in_loop <= 1'b0;
                        pc <= loop_end + 32'd1;
                    end else begin
                        iteration <= iteration + 32'd1;
                        t <= reverse ? t - 32'd1 : t + 32'd1;
                        pc <= loop_pc + 32'd1;
                    end
                    state <= P_FETCH;
                end
                P_HALT_STEPS: begin
                    if (!s_req) write_word(scheduler_offset + 32'd12, steps);
                    else if (m_done) begin
                        s_req <= 1'b0;
                        state <= P_HALT_CONTROL;
                    end
                end
                P_HALT_CONTROL: begin
                    if (!s_req) read_word(scheduler_offset + 32'd4, 1'b1);
                    else if (m_done) begin
                        s_req <= 1'b0;
                        control <= m_rdata & ~CONTROL_START;
                        state <= P_HALT_CLEAR;
                    end
                end
                P_HALT_CLEAR: begin
                    if (!s_req) write_word(scheduler_offset + 32'd4, control);
                    else if (m_done) begin
                        s_req <= 1'b0;
                        state <= P_HALT_STATUS;
                    end
                end
                P_HALT_STATUS: begin
                    if (!s_req) write_word(scheduler_offset + 32'd8, STATUS_DONE);
                    else if (m_done) begin
                        s_req <= 1'b0;
                        state <= P_POLL;
                    end
                end
                default: state <= P_ERROR;
            endcase
        end
    end
endmodule
`default_nettype wire
