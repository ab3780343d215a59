// lstm_fc_kernel: the FC instruction of the int8 datapath (docs/isa.md section 4a) on FC_THREADS
// parallel lanes. Rows are taken FC_THREADS at a time (a row group); lane l of a group computes row
// r0 + l. For each column c the kernel fetches x[c] (from its one-word x buffer) and, for every lane
// whose current weight word is not buffered yet, that word, then all lanes multiply-accumulate in one
// cycle:
//
//   acc_l = sum_c W[r*rs + c] * (x[c] - zx)           exact (48-bit accumulator: m < 2^31 columns)
//
// After the last column the group's rows are written back one by one through the requantizer and,
// for SIGMOID, TANH and LSTM_GATES, the shared activation unit:
//
//   v = MBQM(sat32(acc + b_r), M_r, s_r);  u = sat_dst((accumulate ? dst[r] : zd) + v);  dst[r] = act(u)
//
// The record (16 + 12 rows bytes at rec_addr) is read word by word: its header first (validated
// before anything is written), each row's bias, multiplier and shift at the row's write-back. A row
// group writes its results before the next group reads x and W, so a dst that overlaps x or W is
// refused (E_OVERLAP: the compiler never emits one; docs/isa.md defines it as read-all-first).
`default_nettype none
module lstm_fc_kernel #(
    parameter FC_THREADS = 4
) (
    input  wire        clk,
    input  wire        rst,
    input  wire        start,
    input  wire [31:0] rows,
    input  wire [31:0] cols,
    input  wire [31:0] row_stride,
    input  wire [31:0] w_addr,
    input  wire [63:0] w_len,
    input  wire [31:0] x_addr,
    input  wire [31:0] rec_addr,
    input  wire [31:0] dst_addr,
    input  wire        accumulate,
    input  wire        use_bias,
    input  wire [2:0]  act,
    input  wire [31:0] gate_rows,
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
    localparam P = FC_THREADS;
    localparam ACC_W = 48;
    localparam [2:0] ACT_NONE = 3'd0, ACT_SIGMOID = 3'd1, ACT_TANH = 3'd2, ACT_RELU = 3'd3, ACT_GATES = 3'd4;

    localparam [3:0] F_IDLE = 4'd0, F_HEADER = 4'd1, F_CHECK = 4'd2, F_GROUP = 4'd3, F_X = 4'd4,
                     F_LANES = 4'd5, F_RECORD = 4'd7, F_OLD = 4'd8, F_VALUE = 4'd9,
                     F_ACT = 4'd10, F_WRITE = 4'd11, F_NEXT = 4'd12;
    reg [3:0] state;

    // the instruction
    reg [31:0] n_rows, n_cols, rs, w_base, x_base, rec_base, d_base, aux;
    reg [63:0] wlen;
    reg        acc_mode, bias_mode;
    reg [2:0]  act_code;
    // the record header
    reg [31:0] header [0:3];
    reg [1:0]  k;
    reg        d16;
    reg signed [31:0] zx, zd;

    // row groups
    reg [31:0] r0, group_base, col;
    reg [31:0] group_rows;
    reg signed [ACC_W-1:0] acc [0:P-1];
    reg [31:0] lane_addr [0:P-1];
    reg [31:0] lane_word [0:P-1];
    reg [29:0] lane_word_at [0:P-1];
    reg [P-1:0] lane_valid;
    reg [31:0] x_word;
    reg [29:0] x_word_at;
    reg        x_valid;
    reg [31:0] fetch_lane;

    // write-back
    reg [31:0] wb_lane, wb_row_rec, wb_dst, gate_count, gate_index;
    reg signed [31:0] wb_bias, wb_old;
    reg [31:0] wb_mult, wb_shift;
    reg signed [31:0] wb_value;

    integer l;

    // -- combinational helpers ------------------------------------------------------------------
    wire [31:0] x_at = x_base + col;
    wire x_hit = x_valid && x_word_at == x_at[31:2];
    wire [7:0] x_byte = x_word >> {x_at[1:0], 3'b000};
    wire signed [9:0] xv = $signed({{2{x_byte[7]}}, x_byte}) - $signed(zx[9:0]);

    reg [31:0] miss_lane;
    reg        any_miss;
    always @(*) begin
        any_miss = 1'b0;
        miss_lane = 32'd0;
        for (l = P - 1; l >= 0; l = l - 1) begin
            if (l < group_rows && !(lane_valid[l] && lane_word_at[l] == lane_addr[l][31:2])) begin
                any_miss = 1'b1;
                miss_lane = l;
            end
        end
    end

    // the row's requantization: sat32(acc + bias), then MBQM
    wire signed [ACC_W:0] biased = {acc[wb_lane][ACC_W-1], acc[wb_lane]}
                                 + (bias_mode ? {{(ACC_W-31){wb_bias[31]}}, wb_bias} : {(ACC_W+1){1'b0}});
    wire signed [31:0] sat_acc = (biased > $signed({{(ACC_W-30){1'b0}}, 31'h7FFFFFFF})) ? 32'sh7FFFFFFF
                               : (biased < -$signed({{(ACC_W-31){1'b0}}, 32'h80000000})) ? 32'sh80000000
                               : biased[31:0];
    wire signed [31:0] requantized;
    lstm_requant rq (.x(sat_acc), .mult(wb_mult), .shift(wb_shift), .y(requantized));
    wire signed [33:0] u_sum = (acc_mode ? {{2{wb_old[31]}}, wb_old} : {{2{zd[31]}}, zd})
                             + {{2{requantized[31]}}, requantized};
    wire signed [31:0] u_sat = d16 ? ((u_sum > 34'sd32767) ? 32'sd32767 : (u_sum < -34'sd32768) ? -32'sd32768 : u_sum[31:0])
                                   : ((u_sum > 34'sd127) ? 32'sd127 : (u_sum < -34'sd128) ? -32'sd128 : u_sum[31:0]);
    wire table_act = act_code == ACT_SIGMOID || act_code == ACT_TANH || act_code == ACT_GATES;
    wire use_tanh = act_code == ACT_TANH || (act_code == ACT_GATES && gate_index == 32'd2);

    // record field checks
    wire signed [31:0] h1 = header[1];
    wire signed [31:0] h2 = header[2];
    wire header_ok = (header[0] & 32'hFF00FFFF) == 32'd0 && header[0][23:16] <= 8'd1
                     && h1 >= -32'sd128 && h1 <= 32'sd127 && header[3] == 32'd0
                     && (header[0][23:16] == 8'd1 ? h2 == 32'sd0 : (h2 >= -32'sd128 && h2 <= 32'sd127));
    wire signed [31:0] shift_s = wb_shift;
    wire multiplier_ok = !wb_mult[31] && (wb_mult == 32'd0 || wb_mult[30]) && shift_s >= -32'sd31 && shift_s <= 32'sd31;

    // operand checks after the header: an I16 dst and the overlaps
    wire hdr16 = header[0][23:16] == 8'd1;
    wire [63:0] d_len = hdr16 ? {n_rows, 1'b0} : {32'd0, n_rows};
    wire [63:0] d_end = {32'd0, d_base} + d_len;
    wire overlap_x = d_len != 0 && n_cols != 0 && {32'd0, d_base} < {32'd0, x_base} + {32'd0, n_cols}
                     && {32'd0, x_base} < d_end;
    wire overlap_w = d_len != 0 && wlen != 0 && {32'd0, d_base} < {32'd0, w_base} + wlen && {32'd0, w_base} < d_end;

    task fail(input [7:0] code);
        begin
            error_code <= code;
            done <= 1'b1;
            state <= F_IDLE;
        end
    endtask

    task request_read(input [31:0] at, input [1:0] sz);
        begin
            m_req <= 1'b1;
            m_we <= 1'b0;
            m_size <= sz;
            m_addr <= at;
        end
    endtask

    // all lanes multiply-accumulate column col (x and every lane's weight word buffered), then the next
    // column, or the write-back after the last
    task mac_column;
        begin
            for (l = 0; l < P; l = l + 1) begin
                if (l < group_rows) begin
                    acc[l] <= acc[l] + $signed(lane_byte(lane_word[l], lane_addr[l][1:0])) * xv;
                    lane_addr[l] <= lane_addr[l] + 32'd1;
                end
            end
            col <= col + 32'd1;
            state <= (col + 32'd1 == n_cols) ? F_RECORD : F_X;
            k <= 2'd0;
        end
    endtask

    always @(posedge clk) begin
        done <= 1'b0;
        a_start <= 1'b0;
        if (rst) begin
            state <= F_IDLE;
            m_req <= 1'b0;
            error_code <= E_NONE;
        end else begin
            case (state)
                F_IDLE: if (start) begin
                    n_rows <= rows;
                    n_cols <= cols;
                    rs <= row_stride;
                    w_base <= w_addr;
                    wlen <= w_len;
                    x_base <= x_addr;
                    rec_base <= rec_addr;
                    d_base <= dst_addr;
                    acc_mode <= accumulate;
                    bias_mode <= use_bias;
                    act_code <= act;
                    aux <= gate_rows;
                    error_code <= E_NONE;
                    k <= 2'd0;
                    request_read(rec_addr, 2'd2);
                    state <= F_HEADER;
                end
                F_HEADER: if (m_done) begin
                    header[k] <= m_rdata;
                    if (k == 2'd3) begin
                        m_req <= 1'b0;
                        state <= F_CHECK;
                    end else begin
                        k <= k + 2'd1;
                        m_addr <= m_addr + 32'd4;
                    end
                end
                F_CHECK: begin
                    zx <= h1;
                    zd <= h2;
                    d16 <= hdr16;
                    if (!header_ok) fail(E_RECORD_FIELD);
                    else if (table_act && !hdr16) fail(E_NEEDS_I16);
                    else if (hdr16 && d_base[0]) fail(E_I16_ALIGN);
                    else if (hdr16 && d_end > {32'd0, end_offset}) fail(E_OPERAND_RANGE);
                    else if (overlap_x || overlap_w) fail(E_OVERLAP);
                    else if (n_rows == 32'd0) begin
                        done <= 1'b1;
                        state <= F_IDLE;
                    end else begin
                        r0 <= 32'd0;
                        group_base <= w_base;
                        wb_row_rec <= rec_base + 32'd16;
                        wb_dst <= d_base;
                        gate_count <= 32'd0;
                        gate_index <= 32'd0;
                        state <= F_GROUP;
                    end
                end
                F_GROUP: begin
                    group_rows <= (n_rows - r0 < P) ? n_rows - r0 : P;
                    for (l = 0; l < P; l = l + 1) begin
                        acc[l] <= {ACC_W{1'b0}};
                        lane_addr[l] <= group_base + l * rs;
                    end
                    lane_valid <= {P{1'b0}};
                    x_valid <= 1'b0;
                    col <= 32'd0;
                    wb_lane <= 32'd0;
                    state <= (n_cols == 32'd0) ? F_RECORD : F_X;
                    k <= 2'd0;
                end
                F_X: begin
                    if (!m_req) begin
                        if (x_hit && !any_miss) mac_column;
                        else if (x_hit) state <= F_LANES;
                        else request_read({x_at[31:2], 2'b00}, 2'd2);
                    end else if (m_done) begin
                        m_req <= 1'b0;
                        x_word <= m_rdata;
                        x_word_at <= m_addr[31:2];
                        x_valid <= 1'b1;
                        state <= F_LANES;
                    end
                end
                F_LANES: begin
                    if (!m_req) begin
                        if (!any_miss) mac_column;
                        else begin
                            fetch_lane <= miss_lane;
                            request_read({lane_addr[miss_lane][31:2], 2'b00}, 2'd2);
                        end
                    end else if (m_done) begin
                        m_req <= 1'b0;
                        lane_word[fetch_lane] <= m_rdata;
                        lane_word_at[fetch_lane] <= m_addr[31:2];
                        lane_valid[fetch_lane] <= 1'b1;
                    end
                end
                F_RECORD: begin
                    // k = 0 bias (only when used), 1 multiplier, 2 shift
                    if (!m_req) begin
                        if (k == 2'd0 && !bias_mode) begin
                            wb_bias <= 32'sd0;
                            k <= 2'd1;
                        end else begin
                            request_read(wb_row_rec + {28'd0, k, 2'b00}, 2'd2);
                        end
                    end else if (m_done) begin
                        m_req <= 1'b0;
                        case (k)
                            2'd0: wb_bias <= m_rdata;
                            2'd1: wb_mult <= m_rdata;
                            default: wb_shift <= m_rdata;
                        endcase
                        if (k == 2'd2) state <= F_OLD;
                        else k <= k + 2'd1;
                    end
                end
                F_OLD: begin
                    if (!multiplier_ok) fail(E_RECORD_FIELD);
                    else if (!acc_mode) state <= F_VALUE;
                    else if (!m_req) request_read(wb_dst, d16 ? 2'd1 : 2'd0);
                    else if (m_done) begin
                        m_req <= 1'b0;
                        wb_old <= d16 ? {{16{m_rdata[15]}}, m_rdata[15:0]} : {{24{m_rdata[7]}}, m_rdata[7:0]};
                        state <= F_VALUE;
                    end
                end
                F_VALUE: begin
                    if (table_act) begin
                        a_start <= 1'b1;
                        a_tanh <= use_tanh;
                        a_q <= u_sat[15:0];
                        state <= F_ACT;
                    end else begin
                        wb_value <= (act_code == ACT_RELU && u_sat < zd) ? zd : u_sat;
                        state <= F_WRITE;
                    end
                end
                F_ACT: if (a_done) begin
                    wb_value <= {{16{a_y[15]}}, a_y};
                    state <= F_WRITE;
                end
                F_WRITE: begin
                    if (!m_req) begin
                        m_req <= 1'b1;
                        m_we <= 1'b1;
                        m_size <= d16 ? 2'd1 : 2'd0;
                        m_addr <= wb_dst;
                        m_wdata <= wb_value;
                    end else if (m_done) begin
                        m_req <= 1'b0;
                        m_we <= 1'b0;
                        state <= F_NEXT;
                    end
                end
                F_NEXT: begin
                    wb_row_rec <= wb_row_rec + 32'd12;
                    wb_dst <= wb_dst + (d16 ? 32'd2 : 32'd1);
                    if (gate_count + 32'd1 == aux) begin
                        gate_count <= 32'd0;
                        gate_index <= gate_index + 32'd1;
                    end else begin
                        gate_count <= gate_count + 32'd1;
                    end
                    k <= 2'd0;
                    if (wb_lane + 32'd1 < group_rows) begin
                        wb_lane <= wb_lane + 32'd1;
                        state <= F_RECORD;
                    end else if (r0 + P < n_rows) begin
                        r0 <= r0 + P;
                        group_base <= group_base + P * rs;
                        state <= F_GROUP;
                    end else begin
                        done <= 1'b1;
                        state <= F_IDLE;
                    end
                end
                default: state <= F_IDLE;
            endcase
        end
    end

    function signed [7:0] lane_byte(input [31:0] word, input [1:0] at);
        reg [31:0] shifted;
        begin
            shifted = word >> {at, 3'b000};
            lane_byte = shifted[7:0];
        end
    endfunction
endmodule
`default_nettype wire
