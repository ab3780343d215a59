// lstm_requant: the int8 datapath's requantization MBQM(x, M, s) of docs/isa.md section 4a, combinational.
//
//   left = max(s, 0);  right = max(-s, 0)
//   MBQM(x, M, s) = RDBPOT(SRDHM(sat32(x * 2^left), M), right)
//
// SRDHM is gemmlowp's SaturatingRoundingDoublingHighMul (the product's high half, rounded half away
// from zero by the nudge 2^30 or 1 - 2^30, then a division by 2^31 that truncates toward zero); RDBPOT
// is RoundingDivideByPOT (x / 2^e rounded to nearest, ties away from zero). The caller guarantees M in
// {0} or [2^30, 2^31) and s in [-31, 31] (the records are validated before use), so the one overflow
// of SRDHM (a = b = -2^31) cannot occur: M is never negative.
`default_nettype none
module lstm_requant (
    input  wire signed [31:0] x,
    input  wire        [31:0] mult,
    input  wire signed [31:0] shift,
    output wire signed [31:0] y
);
    wire [4:0] left  = (shift > 0) ? shift[4:0] : 5'd0;
    wire [4:0] right = (shift < 0) ? (~shift[4:0] + 5'd1) : 5'd0;

    // sat32(x * 2^left): x has 32 bits, the shift at most 31, so 64 bits hold it exactly
    wire signed [63:0] widened = {{32{x[31]}}, x};
    wire signed [63:0] shifted = widened <<< left;
    wire signed [31:0] sat = (shifted > 64'sh000000007FFFFFFF) ? 32'sh7FFFFFFF
                           : (shifted < -64'sh0000000080000000) ? 32'sh80000000
                           : shifted[31:0];

    // SRDHM(sat, M): |p| < 2^62, so 64 bits hold the product and the nudged sum
    wire signed [63:0] p = sat * $signed({32'd0, mult});
    wire signed [63:0] nudged = p + ((p >= 0) ? 64'sh0000000040000000 : -64'sd1073741823);
    // division by 2^31 truncating toward zero: a negative value is biased by 2^31 - 1 before the shift
    wire signed [63:0] biased = (nudged < 0) ? nudged + 64'sh000000007FFFFFFF : nudged;
    wire signed [63:0] high64 = biased >>> 31;
    wire signed [31:0] high = high64[31:0];

    // RDBPOT(high, right)
    wire [31:0] mask = (32'd1 << right) - 32'd1;
    wire [31:0] rem = high & mask;
    wire [31:0] thr = (mask >> 1) + {31'd0, high[31]};
    wire signed [31:0] quotient = high >>> right;
    assign y = quotient + ((rem > thr) ? 32'sd1 : 32'sd0);
endmodule
`default_nettype wire
