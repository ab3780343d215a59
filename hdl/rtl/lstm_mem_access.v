// lstm_mem_access: the processor's one path to the external memory. It turns the kernels' byte,
// half-word and word accesses at byte addresses into 32-bit word transfers on the external port, and
// keeps the last word it read or wrote (one entry, write-through), so that the kernels' element-by-
// element walks over a vector read each word once.
//
// Requester side: hold req high with the operation; done is high for one cycle when it is complete
// (rdata valid in that cycle, zero-extended; both combinational, so a buffered read completes in the
// cycle it is asked for, a read from the memory in the cycle mem_rvalid arrives, a write in the cycle
// it is accepted); at that clock edge the requester either drops req or presents the next operation. size: 0 byte, 1 half-word (addr even), 2 word (addr a multiple of 4): an access never
// crosses a word (the kernels check alignment before they access). nocache forces a read from the
// memory (the scheduler's polling of CONTROL, which the host writes); invalidate empties the entry
// (at the start of a run, since the host may have written any word while the processor was idle).
//
// External port (docs/hardware.md): mem_valid with mem_we, mem_addr (word-aligned byte address),
// mem_wdata and mem_wstrb is accepted in a cycle where mem_ready is high; a read's data comes back with
// mem_rvalid in a later cycle. One transfer is outstanding at a time.
`default_nettype none
module lstm_mem_access (
    input  wire        clk,
    input  wire        rst,
    input  wire        invalidate,
    // requester
    input  wire        req,
    input  wire        we,
    input  wire [1:0]  size,
    input  wire        nocache,
    input  wire [31:0] addr,
    input  wire [31:0] wdata,
    output reg         done,
    output reg  [31:0] rdata,
    // external memory
    output reg         mem_valid,
    output reg         mem_we,
    output reg  [31:0] mem_addr,
    output reg  [31:0] mem_wdata,
    output reg  [3:0]  mem_wstrb,
    input  wire        mem_ready,
    input  wire        mem_rvalid,
    input  wire [31:0] mem_rdata
);
    localparam S_IDLE = 2'd0, S_ISSUE = 2'd1, S_WAIT = 2'd2;
    reg [1:0]  state;
    reg        cache_valid;
    reg [29:0] cache_word;
    reg [31:0] cache_data;
    reg [1:0]  lane;
    reg [1:0]  op_size;

    function [31:0] extract(input [31:0] word, input [1:0] at, input [1:0] sz);
        reg [31:0] shifted;
        begin
            shifted = word >> {at, 3'b000};
            case (sz)
                2'd0: extract = {24'd0, shifted[7:0]};
                2'd1: extract = {16'd0, shifted[15:0]};
                default: extract = word;
            endcase
        end
    endfunction

    function [3:0] strobes(input [1:0] at, input [1:0] sz);
        case (sz)
            2'd0: strobes = 4'b0001 << at;
            2'd1: strobes = 4'b0011 << at;
            default: strobes = 4'b1111;
        endcase
    endfunction

    function [31:0] merge(input [31:0] old, input [31:0] data, input [3:0] strb);
        integer k;
        begin
            for (k = 0; k < 4; k = k + 1) begin
                merge[8*k +: 8] = strb[k] ? data[8*k +: 8] : old[8*k +: 8];
            end
        end
    endfunction

    wire [31:0] lane_data = (size == 2'd0) ? {4{wdata[7:0]}} : (size == 2'd1) ? {2{wdata[15:0]}} : wdata;
    wire hit = cache_valid && cache_word == addr[31:2] && !nocache && !invalidate;
    wire hit_now = state == S_IDLE && req && !we && hit;

    always @(*) begin
        done = hit_now || (state == S_ISSUE && mem_ready && mem_we) || (state == S_WAIT && mem_rvalid);
        rdata = hit_now ? extract(cache_data, addr[1:0], size) : extract(mem_rdata, lane, op_size);
    end

    always @(posedge clk) begin
        if (rst) begin
            state <= S_IDLE;
            cache_valid <= 1'b0;
            mem_valid <= 1'b0;
        end else begin
            if (invalidate) begin
                cache_valid <= 1'b0;
            end
            case (state)
                S_IDLE: if (req && !hit_now) begin
                    lane <= addr[1:0];
                    op_size <= size;
                    mem_valid <= 1'b1;
                    mem_we <= we;
                    mem_addr <= {addr[31:2], 2'b00};
                    mem_wdata <= lane_data;
                    mem_wstrb <= we ? strobes(addr[1:0], size) : 4'b0000;
                    state <= S_ISSUE;
                end
                S_ISSUE: if (mem_ready) begin
                    mem_valid <= 1'b0;
                    if (mem_we) begin
                        if (cache_valid && cache_word == mem_addr[31:2]) begin
                            cache_data <= merge(cache_data, mem_wdata, mem_wstrb);
                        end
                        state <= S_IDLE;
                    end else begin
                        state <= S_WAIT;
                    end
                end
                S_WAIT: if (mem_rvalid) begin
                    cache_valid <= 1'b1;
                    cache_word <= mem_addr[31:2];
                    cache_data <= mem_rdata;
                    state <= S_IDLE;
                end
                default: state <= S_IDLE;
            endcase
        end
    end
endmodule
`default_nettype wire
