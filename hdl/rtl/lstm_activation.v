// lstm_activation: sigmoid or tanh of a Q3.12 int16, giving Q0.15, by the table interpolation of
// docs/isa.md section 4a (quant.Int16Activation):
//
//   u = q + 32768;  i = u >> 6;  r = u & 63
//   acc = T[i] * 64 + (T[i+1] - T[i]) * r
//   y = clamp((acc + 2^9) >>> 10, -32768, 32767)
//
// The tables are lstm_act_rom (1025 x 20 bits each). A request (start with q and the function) takes
// four cycles: the ROM is read at i, then at i + 1, then the interpolation is registered; done pulses
// with y valid in the same cycle.
`default_nettype none
module lstm_activation (
    input  wire               clk,
    input  wire               rst,
    input  wire               start,
    input  wire               use_tanh,
    input  wire signed [15:0] q,
    output reg                done,
    output reg  signed [15:0] y
);
    localparam S_IDLE = 2'd0, S_LOW = 2'd1, S_HIGH = 2'd2, S_OUT = 2'd3;
    reg [1:0] state;
    reg [9:0] index;
    reg [5:0] frac;
    reg       tanh_sel;
    reg signed [19:0] low;
    wire signed [19:0] rom_sigmoid, rom_tanh;
    wire [15:0] u_start = {~q[15], q[14:0]};
    wire [10:0] rom_addr = (state == S_IDLE) ? {1'b0, u_start[15:6]} : {1'b0, index} + 11'd1;

    lstm_act_rom rom (.clk(clk), .addr(rom_addr), .sigmoid(rom_sigmoid), .tanh(rom_tanh));

    wire signed [19:0] entry = tanh_sel ? rom_tanh : rom_sigmoid;
    wire signed [31:0] low32 = {{12{low[19]}}, low};
    wire signed [31:0] high32 = {{12{entry[19]}}, entry};
    wire signed [31:0] acc = (low32 <<< 6) + (high32 - low32) * $signed({26'd0, frac});
    wire signed [31:0] rounded = (acc + 32'sd512) >>> 10;
    wire signed [15:0] clamped = (rounded > 32'sd32767) ? 16'sh7FFF
                               : (rounded < -32'sd32768) ? 16'sh8000 : rounded[15:0];

    always @(posedge clk) begin
        done <= 1'b0;
        if (rst) begin
            state <= S_IDLE;
        end else begin
            case (state)
                S_IDLE: if (start) begin
                    index <= u_start[15:6];
                    frac <= u_start[5:0];
                    tanh_sel <= use_tanh;
                    state <= S_LOW;
                end
                S_LOW: begin
                    low <= tanh_sel ? rom_tanh : rom_sigmoid;
                    state <= S_HIGH;
                end
                S_HIGH: begin
                    y <= clamped;
                    done <= 1'b1;
                    state <= S_IDLE;
                end
                default: state <= S_IDLE;
            endcase
        end
    end
endmodule
`default_nettype wire
