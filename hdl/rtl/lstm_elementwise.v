// lstm_elementwise: ADD, SUB, MUL, ACT, COPY and STATE_INIT of the int8 datapath (docs/isa.md
// section 4a), one element at a time.
//
// COPY and STATE_INIT move n bytes unchanged (STATE_INIT with FLAG_ZERO writes zeros); when dst lies
// after a inside a's bytes the copy runs from the last byte down, so every overlap gives the result of
// reading first. The computing opcodes read their 32-byte record at rec_addr (validated before any
// element is touched), then for each element i:
//
//   ADD, SUB: dst = sat(zd + MBQM(a - za, M1, s1) +/- MBQM(b - zb, M2, s2))
//   MUL:      dst = sat(zd + MBQM((a - za) (b - zb), M1, s1))
//   ACT NONE: dst = sat(zd + MBQM(a - za, M1, s1));  RELU: MBQM(max(a - za, 0), M1, s1)
//   ACT SIGMOID, TANH, LSTM_GATES (by i / aux): y = f(sat16(MBQM(a - za, M1, s1)));
//             an I16 dst: y; an I8 dst: sat8(zd + MBQM(y, M2, s2))
//
// Elements are read and written in ascending order, so a dst that overlaps a source is exact only
// when both start at the same byte and dst's elements are no wider; any other overlap is refused
// (E_OVERLAP: the compiler never emits one).
`default_nettype none
module lstm_elementwise (
    input  wire        clk,
    input  wire        rst,
    input  wire        start,
    input  wire [7:0]  opcode,
    input  wire [2:0]  act,
    input  wire [31:0] gate_rows,
    input  wire [31:0] count,
    input  wire [31:0] a_addr,
    input  wire [31:0] b_addr,
    input  wire [31:0] rec_addr,
    input  wire [31:0] dst_addr,
    input  wire        zero,
    input  wire [31:0] end_offset,
    output reg         done,
    output reg  [7:0]  error_code,
    // memory access unit
    output reg         m_req,
    output reg         m_we,
    output reg  [1:0]  m_size,
    output reg  [31:0] m_addr,
    output reg  [31:0] m_wdata,
    input  wire        m_done,
    input  wire [31:0] m_rdata,
    // shared activation unit
    output reg         a_start,
    output reg         a_tanh,
    output reg  [15:0] a_q,
    input  wire        a_done,
    input  wire [15:0] a_y
);
`include "lstm_errors.vh"
    localparam [7:0] OP_ADD = 8'h02, OP_MUL = 8'h03, OP_ACT = 8'h04, OP_COPY = 8'h05, OP_STATE_INIT = 8'h07,
                     OP_SUB = 8'h0A;
    localparam [2:0] ACT_NONE = 3'd0, ACT_SIGMOID = 3'd1, ACT_TANH = 3'd2, ACT_RELU = 3'd3, ACT_GATES = 3'd4;
    localparam [3:0] S_IDLE = 4'd0, S_COPY_READ = 4'd1, S_COPY_WRITE = 4'd2, S_RECORD = 4'd3, S_CHECK = 4'd4,
                     S_READ_A = 4'd5, S_READ_B = 4'd6, S_VALUE = 4'd7, S_ACT = 4'd8, S_OUT8 = 4'd9,
                     S_WRITE = 4'd10;
    reg [3:0] state;

    reg [7:0]  op;
    reg [2:0]  act_code;
    reg [31:0] n, aux, a_base, b_base, rec_base, d_base, i;
    reg        zero_mode, descending;
    reg [31:0] record [0:7];
    reg [2:0]  k;
    reg signed [31:0] va, vb, value;
    reg [31:0] gate_count, gate_index;

    // the record's fields
    wire [7:0] fa = record[0][7:0];
    wire [7:0] fb = record[0][15:8];
    wire [7:0] fd = record[0][23:16];
    wire signed [31:0] za = record[1];
    wire signed [31:0] zb = record[2];
    wire signed [31:0] zd = record[3];
    wire binary = op == OP_ADD || op == OP_SUB || op == OP_MUL;

    function zero_ok(input [7:0] format, input signed [31:0] z);
        zero_ok = format == 8'd1 ? z == 32'sd0 : (z >= -32'sd128 && z <= 32'sd127);
    endfunction
    function multiplier_ok(input [31:0] m, input signed [31:0] s);
        multiplier_ok = !m[31] && (m == 32'd0 || m[30]) && s >= -32'sd31 && s <= 32'sd31;
    endfunction
    wire record_ok = record[0][31:24] == 8'd0 && fa <= 8'd1 && fb <= 8'd1 && fd <= 8'd1
                     && zero_ok(fa, za) && zero_ok(fb, zb) && zero_ok(fd, zd)
                     && multiplier_ok(record[4], record[5]) && multiplier_ok(record[6], record[7]);

    // operand byte ranges with the record's formats
    wire [63:0] len_a = fa == 8'd1 ? {31'd0, n, 1'b0} : {32'd0, n};
    wire [63:0] len_b = fb == 8'd1 ? {31'd0, n, 1'b0} : {32'd0, n};
    wire [63:0] len_d = fd == 8'd1 ? {31'd0, n, 1'b0} : {32'd0, n};
    wire range_a_bad = fa == 8'd1 && (a_base[0] || {32'd0, a_base} + len_a > {32'd0, end_offset});
    wire range_b_bad = binary && fb == 8'd1 && (b_base[0] || {32'd0, b_base} + len_b > {32'd0, end_offset});
    wire range_d_bad = fd == 8'd1 && (d_base[0] || {32'd0, d_base} + len_d > {32'd0, end_offset});
    function overlap_bad(input [31:0] d, input [63:0] dl, input [31:0] s, input [63:0] sl, input [7:0] df,
                         input [7:0] sf);
        overlap_bad = dl != 64'd0 && sl != 64'd0 && {32'd0, d} < {32'd0, s} + sl && {32'd0, s} < {32'd0, d} + dl
                      && !(d == s && df <= sf);
    endfunction
    wire overlap = overlap_bad(d_base, len_d, a_base, len_a, fd, fa)
                   || (binary && overlap_bad(d_base, len_d, b_base, len_b, fd, fb));

    // the element's arithmetic: two requantizers
    wire table_act = op == OP_ACT && (act_code == ACT_SIGMOID || act_code == ACT_TANH || act_code == ACT_GATES);
    wire signed [31:0] x1 = op == OP_MUL ? va * vb
                          : (op == OP_ACT && act_code == ACT_RELU && va < 0) ? 32'sd0 : va;
    wire signed [31:0] x2 = table_act ? value : vb;
    wire signed [31:0] r1, r2;
    lstm_requant rq1 (.x(x1), .mult(record[4]), .shift(record[5]), .y(r1));
    wire [31:0] m2 = record[6];
    wire [31:0] s2 = record[7];
    lstm_requant rq2 (.x(x2), .mult(m2), .shift(s2), .y(r2));
    wire signed [33:0] zd34 = {{2{zd[31]}}, zd};
    wire signed [33:0] r1_34 = {{2{r1[31]}}, r1};
    wire signed [33:0] r2_34 = {{2{r2[31]}}, r2};
    wire signed [33:0] u = op == OP_ADD ? zd34 + r1_34 + r2_34
                         : op == OP_SUB ? zd34 + r1_34 - r2_34
                         : zd34 + r1_34;
    wire signed [31:0] q16 = (r1 > 32'sd32767) ? 32'sd32767 : (r1 < -32'sd32768) ? -32'sd32768 : r1;
    wire signed [33:0] u_out8 = zd34 + r2_34;
    function signed [31:0] saturate(input signed [33:0] v, input wide);
        if (wide) saturate = (v > 34'sd32767) ? 32'sd32767 : (v < -34'sd32768) ? -32'sd32768 : v[31:0];
        else saturate = (v > 34'sd127) ? 32'sd127 : (v < -34'sd128) ? -32'sd128 : v[31:0];
    endfunction
    wire use_tanh = act_code == ACT_TANH || (act_code == ACT_GATES && gate_index == 32'd2);

    // element addresses
    wire [31:0] a_elem = a_base + (fa == 8'd1 ? {i[30:0], 1'b0} : i);
    wire [31:0] b_elem = b_base + (fb == 8'd1 ? {i[30:0], 1'b0} : i);
    wire [31:0] d_elem = d_base + (fd == 8'd1 ? {i[30:0], 1'b0} : i);
    wire [31:0] a_next = a_elem + (fa == 8'd1 ? 32'd2 : 32'd1);
    wire [31:0] copy_index = descending ? n - 32'd1 - i : i;
    wire [31:0] copy_next = descending ? n - 32'd2 - i : i + 32'd1;

    function signed [31:0] element(input [31:0] raw, input [7:0] format);
        element = format == 8'd1 ? {{16{raw[15]}}, raw[15:0]} : {{24{raw[7]}}, raw[7:0]};
    endfunction

    task fail(input [7:0] code);
        begin
            error_code <= code;
            done <= 1'b1;
            state <= S_IDLE;
        end
    endtask

    task request(input we, input [31:0] at, input [1:0] sz, input [31:0] data);
        begin
            m_req <= 1'b1;
            m_we <= we;
            m_size <= sz;
            m_addr <= at;
            m_wdata <= data;
        end
    endtask

    always @(posedge clk) begin
        done <= 1'b0;
        a_start <= 1'b0;
        if (rst) begin
            state <= S_IDLE;
            m_req <= 1'b0;
            error_code <= E_NONE;
        end else begin
            case (state)
                S_IDLE: if (start) begin
                    op <= opcode;
                    act_code <= act;
                    aux <= gate_rows;
                    n <= count;
                    a_base <= a_addr;
                    b_base <= b_addr;
                    rec_base <= rec_addr;
                    d_base <= dst_addr;
                    zero_mode <= zero;
                    descending <= !zero && dst_addr > a_addr;
                    error_code <= E_NONE;
                    i <= 32'd0;
                    k <= 3'd0;
                    gate_count <= 32'd0;
                    gate_index <= 32'd0;
                    if (count == 32'd0 && (opcode == OP_COPY || opcode == OP_STATE_INIT)) begin
                        done <= 1'b1;
                    end else if (opcode == OP_COPY || opcode == OP_STATE_INIT) begin
                        state <= S_COPY_READ;
                    end else begin
                        request(1'b0, rec_addr, 2'd2, 32'd0);
                        state <= S_RECORD;
                    end
                end
                // each access is requested in the cycle the previous one completes
                S_COPY_READ: begin
                    if (zero_mode) begin
                        request(1'b1, d_base + copy_index, 2'd0, 32'd0);
                        state <= S_COPY_WRITE;
                    end else if (!m_req) request(1'b0, a_base + copy_index, 2'd0, 32'd0);
                    else if (m_done) begin
                        request(1'b1, d_base + copy_index, 2'd0, m_rdata);
                        state <= S_COPY_WRITE;
                    end
                end
                S_COPY_WRITE: if (m_done) begin
                    if (i + 32'd1 == n) begin
                        m_req <= 1'b0;
                        m_we <= 1'b0;
                        done <= 1'b1;
                        state <= S_IDLE;
                    end else begin
                        i <= i + 32'd1;
                        if (zero_mode) begin
                            m_req <= 1'b0;
                        end else begin
                            request(1'b0, a_base + copy_next, 2'd0, 32'd0);
                        end
                        state <= S_COPY_READ;
                    end
                end
                S_RECORD: if (m_done) begin
                    record[k] <= m_rdata;
                    if (k == 3'd7) begin
                        m_req <= 1'b0;
                        state <= S_CHECK;
                    end else begin
                        k <= k + 3'd1;
                        m_addr <= m_addr + 32'd4;
                    end
                end
                S_CHECK: begin
                    if (!record_ok) fail(E_RECORD_FIELD);
                    else if (range_a_bad || range_b_bad || range_d_bad) begin
                        // an I16 operand at an odd address, or its 2n bytes beyond EndOffset
                        if ((fa == 8'd1 && a_base[0]) || (binary && fb == 8'd1 && b_base[0]) || (fd == 8'd1 && d_base[0]))
                            fail(E_I16_ALIGN);
                        else fail(E_OPERAND_RANGE);
                    end
                    else if (overlap) fail(E_OVERLAP);
                    else if (n == 32'd0) begin
                        done <= 1'b1;
                        state <= S_IDLE;
                    end else state <= S_READ_A;
                end
                // each access is requested in the cycle the previous one completes
                S_READ_A: begin
                    if (!m_req) request(1'b0, a_elem, fa == 8'd1 ? 2'd1 : 2'd0, 32'd0);
                    else if (m_done) begin
                        va <= element(m_rdata, fa) - za;
                        if (binary) begin
                            request(1'b0, b_elem, fb == 8'd1 ? 2'd1 : 2'd0, 32'd0);
                            state <= S_READ_B;
                        end else begin
                            m_req <= 1'b0;
                            state <= S_VALUE;
                        end
                    end
                end
                S_READ_B: if (m_done) begin
                    m_req <= 1'b0;
                    vb <= element(m_rdata, fb) - zb;
                    state <= S_VALUE;
                end
                S_VALUE: begin
                    if (table_act) begin
                        a_start <= 1'b1;
                        a_tanh <= use_tanh;
                        a_q <= q16[15:0];
                        state <= S_ACT;
                    end else begin
                        request(1'b1, d_elem, fd == 8'd1 ? 2'd1 : 2'd0, saturate(u, fd == 8'd1));
                        state <= S_WRITE;
                    end
                end
                S_ACT: if (a_done) begin
                    value <= {{16{a_y[15]}}, a_y};
                    if (fd == 8'd1) begin
                        request(1'b1, d_elem, 2'd1, {{16{a_y[15]}}, a_y});
                        state <= S_WRITE;
                    end else begin
                        state <= S_OUT8;
                    end
                end
                S_OUT8: begin
                    request(1'b1, d_elem, 2'd0, saturate(u_out8, 1'b0));
                    state <= S_WRITE;
                end
                S_WRITE: if (m_done) begin
                    if (gate_count + 32'd1 == aux) begin
                        gate_count <= 32'd0;
                        gate_index <= gate_index + 32'd1;
                    end else begin
                        gate_count <= gate_count + 32'd1;
                    end
                    if (i + 32'd1 == n) begin
                        m_req <= 1'b0;
                        m_we <= 1'b0;
                        done <= 1'b1;
                        state <= S_IDLE;
                    end else begin
                        i <= i + 32'd1;
                        request(1'b0, a_next, fa == 8'd1 ? 2'd1 : 2'd0, 32'd0);
                        state <= S_READ_A;
                    end
                end
                default: state <= S_IDLE;
            endcase
        end
    end
endmodule
`default_nettype wire
