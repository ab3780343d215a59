// Verilator test bench of lstm_activation: prints sigmoid(q) for every int16 q from -32768 to 32767,
// then tanh(q) for the same, one decimal a line (131072 lines), each from a start/done handshake.
#include "Vlstm_activation.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>

namespace {
Vlstm_activation *top;

void tick() {
    top->clk = 1;
    top->eval();
    top->clk = 0;
    top->eval();
}
}  // namespace

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    top = new Vlstm_activation;
    top->rst = 1;
    top->start = 0;
    tick();
    tick();
    top->rst = 0;
    for (int f = 0; f < 2; f++) {
        for (int q = -32768; q <= 32767; q++) {
            top->use_tanh = f;
            top->q = (uint16_t)(int16_t)q;
            top->start = 1;
            tick();
            top->start = 0;
            int cycles = 0;
            while (!top->done) {
                tick();
                if (++cycles > 16) {
                    std::fprintf(stderr, "lstm_activation_tb: no done within 16 cycles\n");
                    return 2;
                }
            }
            std::printf("%d\n", (int16_t)top->y);
        }
    }
    top->final();
    delete top;
    return 0;
}
